import type { QueueEstimate } from '../../core/submissions/queue-estimate';
import type { TestOutcome } from '../../core/results/verdicts';
import { html, num, type SafeHtml } from './html';

const VERDICT_TEXT: Record<string, string> = {
  accepted: 'Accepted', partial: 'Partially correct', wrong_answer: 'Wrong answer', compile_error: 'Compile error',
  runtime_error: 'Runtime error', time_limit: 'Time limit exceeded', memory_limit: 'Memory limit exceeded',
  output_limit: 'Output limit exceeded', internal_error: 'Internal error',
};

/** A submission's state in words: the verdict once finished. */
export function statusText(status: string, verdict: string | null | undefined): string {
  if (status === 'finished') return VERDICT_TEXT[verdict ?? ''] ?? verdict ?? 'Finished';
  return status === 'running' ? 'Running' : 'Queued';
}

/** A verdict as a badge: text first, colour only as a second cue. */
export function verdictBadge(verdict: string | null | undefined): SafeHtml {
  const cls = verdict === 'accepted' ? 'good' : verdict === 'partial' ? 'warn' : 'bad';
  return html`<span class="badge ${cls}">${statusText('finished', verdict)}</span>`;
}

/** The live progress box: the client script follows `data-events` over SSE and reloads the page when finished. */
export function progressBox(id: string, status: string, queue?: QueueEstimate): SafeHtml {
  const text = status === 'running'
    ? 'Running: your tests are being judged.'
    : `Queued${queue ? `: position ${queue.position + 1}, about ${Math.max(1, Math.round(queue.estimatedWaitMs / 1000))} s to wait` : ''}.`;
  return html`<section id="progress" class="progress" aria-live="polite" data-events="/v1/submissions/${id}/events" data-status="${status}" data-position="${queue?.position ?? ''}">
    <h2>Progress</h2><p id="progress-text">${text}</p>
    <noscript><p>Reload this page to see the result.</p></noscript></section>`;
}

/** A table of test outcomes (the caller decides which tests may be listed). */
export function testsTable(caption: string, tests: ReadonlyArray<Pick<TestOutcome, 'name' | 'status' | 'message' | 'durationMs'> & { visibility?: string }>, options: { visibility?: boolean } = {}): SafeHtml {
  if (tests.length === 0) return html`<p>No ${caption.toLowerCase()}.</p>`;
  return html`<div class="scroll"><table class="tests">
    <caption>${caption}</caption>
    <thead><tr><th scope="col">Test</th>${options.visibility ? html`<th scope="col">Visibility</th>` : ''}<th scope="col">Status</th><th scope="col">Message</th><th scope="col" class="num">ms</th></tr></thead>
    <tbody>${tests.map((t) => html`<tr>
      <th scope="row">${t.name}</th>
      ${options.visibility ? html`<td>${t.visibility}</td>` : ''}
      <td><span class="badge ${t.status === 'pass' ? 'good' : 'bad'}">${t.status}</span></td>
      <td class="msg">${t.message}</td><td class="num">${num(t.durationMs)}</td></tr>`)}
    </tbody></table></div>`;
}

/** The headline of a finished result: verdict, score, message and time. */
export function resultSummary(r: { verdict: string; score: number; maxScore: number; message: string; durationMs: number }): SafeHtml {
  return html`<dl class="summary">
    <div><dt>Verdict</dt><dd>${verdictBadge(r.verdict)}</dd></div>
    <div><dt>Score</dt><dd>${num(r.score, 1)} / ${num(r.maxScore, 1)}</dd></div>
    <div><dt>Time</dt><dd>${num(r.durationMs)} ms</dd></div>
  </dl>${r.message ? html`<p class="message">${r.message}</p>` : ''}`;
}
