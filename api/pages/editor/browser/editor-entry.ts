/**
 * The candidate editor (bundled by esbuild into /ui/assets/editor.js): CodeMirror with a tab per file, the form's
 * language switcher swapping to that language's own draft or starter, autosave to the server, the last submission
 * restorable, a countdown to the deadline, and "Run public tests". Without this script the form works as before.
 */
import { announcementFor, countdownText } from './countdown';
import { followRun, renderRun } from './practice-view';
import { loadDraft, loadLatestSubmission, saveDraft, startPracticeRun, type Files } from './server';
import { Workspace } from './workspace';

/** How long typing must pause before the draft is saved. */
const AUTOSAVE_MS = 800;
/** Path and content rows of the plain form (api/pages/challenge-page.ts: FILE_ROWS). */
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

interface Language { entry: string; starter: Files }

class EditorApp {
  private readonly languages: Record<string, Language>;
  private readonly slug: string;
  private readonly workspace: Workspace;
  private saveTimer: number | undefined;
  private opening = 0;

  constructor(private readonly app: HTMLElement, private readonly form: HTMLFormElement, private readonly select: HTMLSelectElement) {
    this.slug = app.dataset.slug!;
    this.languages = JSON.parse(app.dataset.languages ?? '{}') as Record<string, Language>;
    this.workspace = new Workspace(byId('editor-host'), byId('file-tabs'), () => this.scheduleSave());
  }

  async start(): Promise<void> {
    this.app.hidden = false;
    this.form.classList.add('enhanced');
    this.select.addEventListener('change', () => void this.switchTo(this.select.value));
    byId('restore-last').addEventListener('click', () => void this.restoreLast());
    byId('reset-starter').addEventListener('click', () => this.resetToStarter());
    byId('run-public').addEventListener('click', () => void this.runPublicTests());
    this.form.addEventListener('submit', (event) => this.fillForm(event));
    window.addEventListener('pagehide', () => void this.saveNow(true)); // typing, then leaving within the debounce
    startCountdown(this.app.dataset.deadline);
    await this.open(this.select.value);
  }

  /** Loads `language`'s draft from the server, or its starter. */
  private async open(language: string): Promise<void> {
    const ticket = (this.opening += 1);
    const draft = await loadDraft(this.slug, language).catch(() => undefined);
    if (ticket !== this.opening) return; // another language was chosen meanwhile
    const files = draft?.status === 200 && draft.body.files ? draft.body.files : this.languages[language]?.starter ?? {};
    this.workspace.load(language, files, this.languages[language]?.entry ?? '');
    status(draft?.body.updatedAt ? `Draft restored (saved ${new Date(draft.body.updatedAt).toLocaleTimeString()}).` : 'Starting from the starter files.');
  }

  private async switchTo(language: string): Promise<void> {
    await this.saveNow();
    await this.open(language);
  }

  private scheduleSave(): void {
    window.clearTimeout(this.saveTimer);
    status('Unsaved changes…');
    this.saveTimer = window.setTimeout(() => void this.saveNow(), AUTOSAVE_MS);
  }

  private async saveNow(leaving = false): Promise<void> {
    if (this.saveTimer === undefined) return;
    window.clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const answer = await saveDraft(this.slug, this.workspace.language, this.workspace.files(), leaving).catch(() => undefined);
    status(answer?.status === 200 ? `Saved at ${new Date(answer.body.updatedAt).toLocaleTimeString()}.`
      : `Not saved: ${answer?.body.error?.message ?? 'the judge could not be reached'}`);
  }

  private async restoreLast(): Promise<void> {
    const answer = await loadLatestSubmission(this.slug).catch(() => undefined);
    if (answer?.status !== 200) return status(answer?.body.error?.message ?? 'Your last submission could not be loaded.');
    await this.saveNow();
    this.select.value = answer.body.language;
    this.opening += 1;
    this.workspace.load(answer.body.language, answer.body.files, this.languages[answer.body.language]?.entry ?? '');
    this.scheduleSave();
    status(`Restored your submission of ${new Date(answer.body.createdAt).toLocaleString()}.`);
  }

  private resetToStarter(): void {
    const language = this.workspace.language;
    this.workspace.load(language, this.languages[language]?.starter ?? {}, this.languages[language]?.entry ?? '');
    this.scheduleSave();
  }

  /** One practice run at a time: the button is disabled until its result is in (or it was refused). */
  private async runPublicTests(): Promise<void> {
    const button = byId<HTMLButtonElement>('run-public');
    const line = byId('practice-status');
    byId('practice').hidden = false;
    button.disabled = true;
    line.textContent = 'Starting a practice run…';
    const answer = await startPracticeRun(this.slug, this.workspace.language, this.workspace.files()).catch(() => undefined);
    if (answer?.status !== 202) {
      line.textContent = `The practice run was refused: ${answer?.body.error?.message ?? 'the judge could not be reached'}`;
      button.disabled = false;
      return;
    }
    followRun(answer.body.id, line, (run) => {
      if (run) renderRun(byId('practice-result'), run);
      button.disabled = timeIsUp;
    });
  }

  /** Before the form posts: the editor's files go into the plain path/content fields, the entry file first. */
  private fillForm(event: SubmitEvent): void {
    const files = Object.entries(this.workspace.files());
    const rows = this.form.querySelectorAll<HTMLInputElement>('input[id^="path"]');
    if (files.length > rows.length) {
      event.preventDefault();
      status(`The form takes at most ${rows.length} files; this editor holds ${files.length}.`);
      return;
    }
    rows.forEach((row, i) => {
      row.value = files[i]?.[0] ?? '';
      byId<HTMLTextAreaElement>(`content${row.id.slice(4)}`).value = files[i]?.[1] ?? '';
    });
  }
}

/** Set once the deadline has passed: the practice button stays disabled. */
let timeIsUp = false;

function status(text: string): void {
  byId('save-status').textContent = text;
}

/** The visible countdown, updated every second, with the 10- and 1-minute warnings spoken (aria-live). */
function startCountdown(deadline: string | undefined): void {
  const end = deadline ? Date.parse(deadline) : NaN;
  if (Number.isNaN(end)) return;
  const shown = byId('countdown');
  const announcer = byId('time-announcer');
  let previous: number | null = null;
  const tick = () => {
    const left = end - Date.now();
    shown.textContent = countdownText(left);
    shown.classList.toggle('urgent', left <= 10 * 60_000);
    const say = announcementFor(previous, left);
    if (say) announcer.textContent = say;
    if (left <= 0) {
      timeIsUp = true;
      byId<HTMLButtonElement>('run-public').disabled = true;
      window.clearInterval(timer);
    }
    previous = left;
  };
  const timer = window.setInterval(tick, 1000);
  tick();
}

document.addEventListener('DOMContentLoaded', () => {
  const app = document.getElementById('editor-app');
  const form = document.getElementById('submit-form') as HTMLFormElement | null;
  const select = document.getElementById('language') as HTMLSelectElement | null;
  if (app && form && select) void new EditorApp(app, form, select).start();
});
