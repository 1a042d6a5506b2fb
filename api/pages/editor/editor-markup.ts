import type { Principal } from '../../../core/access/authenticate';
import { candidateWindow } from '../../../core/assessments/assessment-window';
import type { ChallengeRecord } from '../../../core/challenges/challenge-repository';
import { html, when, type SafeHtml } from '../html';

/** Where the editor's script is served (same origin, built by the set-up). */
export const EDITOR_SCRIPT = '/ui/assets/editor.js';

/** Each language's entry file and starter files, for the editor's tabs and "start again from the starter". */
function languagesData(c: ChallengeRecord): string {
  return JSON.stringify(Object.fromEntries(c.manifest.languages.map((lang) => [lang, {
    entry: c.manifest.entry[lang], starter: c.package.starter[lang] ?? {},
  }])));
}

/**
 * The candidate's editor, inside the submission form right after the language switcher. It is `hidden` until the
 * editor script starts (which also hides the plain file fields), so without JavaScript the form works as before.
 * Every value is escaped by `html` (the starter files travel in a data attribute, read with JSON.parse).
 */
export function editorMarkup(c: ChallengeRecord, principal: Principal | undefined): SafeHtml {
  const candidate = principal?.candidate;
  if (!candidate) return html``;
  const { deadline } = candidateWindow(candidate.assessment, candidate.invite);
  return html`<section id="editor-app" class="editor-app" hidden aria-labelledby="editor-h"
      data-slug="${c.slug}" data-languages="${languagesData(c)}" data-deadline="${deadline?.toISOString() ?? ''}">
    <h3 id="editor-h">Editor</h3>
    <div class="editor-toolbar">
      <p id="countdown" class="countdown">${deadline ? html`Deadline <time datetime="${deadline.toISOString()}">${when(deadline)}</time>` : 'No deadline.'}</p>
      <button type="button" id="restore-last" class="secondary">Restore my last submission</button>
      <button type="button" id="reset-starter" class="secondary">Start again from the starter</button>
      <button type="button" id="run-public">Run public tests</button>
    </div>
    <p id="time-announcer" class="visually-hidden" aria-live="assertive" aria-atomic="true"></p>
    <div id="file-tabs" class="file-tabs" role="tablist" aria-label="Files"></div>
    <div id="editor-host" class="editor-host" role="tabpanel" aria-labelledby="editor-h"></div>
    <p id="save-status" class="muted" aria-live="polite">Your work is saved on the server as you type.</p>
    <section id="practice" class="practice" aria-live="polite" aria-labelledby="practice-h" hidden>
      <h3 id="practice-h">Public tests (practice run, not graded)</h3>
      <p id="practice-status"></p>
      <div id="practice-result"></div>
    </section>
  </section>`;
}
