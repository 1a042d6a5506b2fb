/** A practice run followed live (server-sent events) and its public tests shown; every value set as text. */

interface TestRow { name: string; status: string; message: string; durationMs: number }
interface RunView { verdict?: string; score?: number; maxScore?: number; message?: string; tests?: TestRow[] }

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

/** The public tests of a finished run as a table (caption, header scopes), with a one-line summary above. */
export function renderRun(box: HTMLElement, run: RunView): void {
  const tests = run.tests ?? [];
  const passed = tests.filter((t) => t.status === 'pass').length;
  const summary = el('p', `${passed} of ${tests.length} public tests passed.${run.message ? ` ${run.message}` : ''}`, { id: 'practice-summary' });
  const table = el('table', undefined, { class: 'tests' });
  table.append(el('caption', 'Public tests of the practice run'));
  const head = el('tr');
  for (const h of ['Test', 'Status', 'Message', 'ms']) head.append(el('th', h, { scope: 'col' }));
  const thead = el('thead');
  thead.append(head);
  table.append(thead);
  const body = el('tbody');
  for (const t of tests) {
    const row = el('tr');
    row.append(el('th', t.name, { scope: 'row' }));
    const status = el('td');
    status.append(el('span', t.status, { class: `badge ${t.status === 'pass' ? 'good' : 'bad'}` }));
    row.append(status, el('td', t.message, { class: 'msg' }), el('td', String(Math.round(t.durationMs)), { class: 'num' }));
    body.append(row);
  }
  table.append(body);
  const scroll = el('div', undefined, { class: 'scroll' });
  scroll.append(table);
  box.replaceChildren(summary, scroll);
}

/** Follows a run over `/v1/submissions/:id/events` (the cookie authenticates the stream) until it finishes or fails. */
export function followRun(id: string, status: HTMLElement, onDone: (run: RunView | undefined) => void): void {
  const source = new EventSource(`/v1/submissions/${encodeURIComponent(id)}/events`);
  source.addEventListener('queued', () => {
    status.textContent = 'Practice run queued…';
  });
  source.addEventListener('running', () => {
    status.textContent = 'Running the public tests…';
  });
  source.addEventListener('finished', (event) => {
    source.close();
    status.textContent = 'Practice run finished (not graded, not a submission).';
    onDone(JSON.parse((event as MessageEvent<string>).data) as RunView);
  });
  source.addEventListener('error', () => {
    if (source.readyState !== EventSource.CLOSED) return; // the browser reconnects on its own
    status.textContent = 'The live progress stopped; run the tests again.';
    onDone(undefined);
  });
}
