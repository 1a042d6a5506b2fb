/** The editor itself: one CodeMirror view, one state per file, a tab per file (roving focus with the arrow keys). */
import { basicSetup } from 'codemirror';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import { indentUnit } from '@codemirror/language';
import type { Files } from './server';

/**
 * Syntax highlighting and indentation by file extension, so every language the judge offers (TypeScript,
 * JavaScript, Python) and JSON files are coloured. Python indents by 4 spaces (PEP 8), the others by CodeMirror's 2.
 */
export function languageFor(path: string): Extension {
  if (/\.(ts|mts|cts|tsx)$/.test(path)) return javascript({ typescript: true, jsx: path.endsWith('x') });
  if (/\.(js|mjs|cjs|jsx|json)$/.test(path)) return javascript({ jsx: path.endsWith('x') });
  if (/\.pyi?$/.test(path)) return [python(), indentUnit.of('    ')];
  return [];
}

/**
 * The editor's look, inside its shadow root (pages.css does not reach there): height, fonts, a visible focus ring.
 * style-mod puts these and CodeMirror's own styles into constructable stylesheets adopted by the shadow root,
 * which the pages' CSP (`style-src 'self'`) does not govern; in the document itself it would add a <style> element,
 * which that CSP blocks.
 */
const LOOK = EditorView.theme({
  '&': { height: 'var(--editor-height, 28rem)', fontSize: '14px', backgroundColor: '#fff', color: '#1b1f24' },
  '&.cm-focused': { outline: '3px solid #ffbf47', outlineOffset: '2px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', lineHeight: '1.45' },
  '.cm-gutters': { backgroundColor: '#f4f6f8', color: '#4f5761', borderRight: '1px solid #c9d0d8' },
});

/**
 * Typing over a selection that spans lines is applied as one CodeMirror transaction. Left to the browser, Chromium's
 * contenteditable merges the lines' elements and writes an inline `style` attribute while doing so, which the CSP
 * blocks (and reports); CodeMirror redraws the lines from its state either way, so nothing else changes.
 */
const TYPE_OVER_LINES = EditorView.domEventHandlers({
  beforeinput(event, view) {
    const { doc, selection } = view.state;
    const spansLines = selection.ranges.some((r) => doc.lineAt(r.from).number !== doc.lineAt(r.to).number);
    if (event.inputType !== 'insertText' || !event.data || !spansLines) return false;
    event.preventDefault();
    view.dispatch(view.state.replaceSelection(event.data), { userEvent: 'input.type', scrollIntoView: true });
    return true;
  },
});

/** An open shadow root on `host` holding the editor, so its styles need no <style> element (see LOOK). */
function shadowMount(host: HTMLElement): { root: ShadowRoot; parent: HTMLElement } {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const parent = document.createElement('div');
  root.replaceChildren(parent);
  return { root, parent };
}

export class Workspace {
  private readonly view: EditorView;
  private states = new Map<string, EditorState>();
  private active = '';
  language = '';

  constructor(host: HTMLElement, private readonly tabs: HTMLElement, private readonly onEdit: () => void) {
    this.view = new EditorView({ ...shadowMount(host), state: EditorState.create({ doc: '' }) });
    tabs.addEventListener('keydown', (event) => this.onTabKey(event));
  }

  /** Shows `files` of `language`, the entry file first and selected. */
  load(language: string, files: Files, entry: string): void {
    this.language = language;
    const paths = Object.keys(files).sort((a, b) => (a === entry ? -1 : b === entry ? 1 : a.localeCompare(b)));
    this.states = new Map(paths.map((p) => [p, this.stateFor(p, files[p] ?? '')]));
    this.active = ''; // the shown state belongs to the files being replaced: keep none of it
    this.renderTabs();
    this.select(paths[0] ?? '');
  }

  /** Every file's current text. */
  files(): Files {
    const states = new Map(this.states);
    if (this.active) states.set(this.active, this.view.state);
    return Object.fromEntries([...states].map(([p, s]) => [p, s.doc.toString()]));
  }

  /** Focuses the code of the selected file. */
  focus(): void {
    this.view.focus();
  }

  private stateFor(path: string, doc: string): EditorState {
    return EditorState.create({
      doc,
      extensions: [
        basicSetup, LOOK, TYPE_OVER_LINES, languageFor(path),
        EditorView.contentAttributes.of({ 'aria-label': `Code of ${path}` }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) this.onEdit();
        }),
      ],
    });
  }

  private select(path: string): void {
    if (this.active && this.states.has(this.active)) this.states.set(this.active, this.view.state);
    this.active = path;
    const state = this.states.get(path);
    if (state) this.view.setState(state);
    for (const tab of Array.from(this.tabs.querySelectorAll<HTMLButtonElement>('[role="tab"]'))) {
      const selected = tab.dataset.path === path;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
  }

  private renderTabs(): void {
    this.tabs.replaceChildren(...[...this.states.keys()].map((path) => {
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', 'editor-host');
      tab.id = `tab-${path.replace(/[^\w-]/g, '_')}`;
      tab.dataset.path = path;
      tab.textContent = path;
      tab.addEventListener('click', () => this.select(path));
      return tab;
    }));
  }

  private onTabKey(event: KeyboardEvent): void {
    const tabs = Array.from(this.tabs.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
    const at = tabs.findIndex((t) => t.dataset.path === this.active);
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined || tabs.length === 0) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length]!;
    this.select(tab.dataset.path!);
    tab.focus();
  }
}
