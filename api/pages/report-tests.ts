import type { SubmissionReport } from '../../core/reports/submission-report';
import { html, num, type SafeHtml } from './html';

type Report = NonNullable<SubmissionReport['result']>;
type Test = Report['tests'][number];

/**
 * A failure message in monospace, its expectation lines marked: `Expected:`/`- ` lines as what the test wanted,
 * `Received:`/`+ ` lines as what the solution gave (jest's diff wording), the rest as it is.
 */
export function diffBlock(message: string): SafeHtml {
  const lines = message.split('\n').map((line) => {
    if (/^\s*(Expected\b|- )/.test(line)) return html`<span class="want">${line}</span>`;
    if (/^\s*(Received\b|\+ )/.test(line)) return html`<span class="got">${line}</span>`;
    return html`${line}`;
  });
  return html`<pre class="diff">${lines.map((l, i) => html`${i ? '\n' : ''}${l}`)}</pre>`;
}

function where(t: Test): SafeHtml {
  return html`<span class="muted">${t.group} · ${t.visibility} · weight ${num(t.weight, t.weight % 1 ? 1 : 0)} · ${num(t.durationMs)} ms</span>`;
}

/**
 * Every test, the failing ones first, each on one line that opens to its expected/received message; the passing ones
 * folded into one table with their groups and weights. A 200-test partial submission stays a page, not 16,000 px.
 */
export function reportTestsSection(result: Report): SafeHtml {
  const failing = result.tests.filter((t) => t.status !== 'pass');
  const passing = result.tests.filter((t) => t.status === 'pass');
  const weight = (ts: Test[]) => ts.reduce((sum, t) => sum + t.weight, 0);
  return html`<p>${passing.length} of ${result.tests.length} tests pass; the failing ones weigh ${num(weight(failing), 1)} of ${num(weight(result.tests), 1)}.</p>
    ${failing.length ? html`<h3>Failing (${failing.length})</h3><ul class="failing">${failing.map((t) => html`<li><details>
      <summary><span class="badge bad">${t.status}</span> <strong>${t.name}</strong> ${where(t)}</summary>${diffBlock(t.message)}</details></li>`)}</ul>` : ''}
    ${passing.length ? html`<details class="passing"><summary>Passing (${passing.length})</summary><div class="scroll"><table class="tests">
      <caption>Passing tests with their groups and weights</caption>
      <thead><tr><th scope="col">Test</th><th scope="col">Group</th><th scope="col">Visibility</th><th scope="col" class="num">Weight</th><th scope="col" class="num">ms</th></tr></thead>
      <tbody>${passing.map((t) => html`<tr><th scope="row">${t.name}</th><td>${t.group}</td><td>${t.visibility}</td><td class="num">${num(t.weight, t.weight % 1 ? 1 : 0)}</td><td class="num">${num(t.durationMs)}</td></tr>`)}</tbody>
    </table></div></details>` : ''}`;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * The first screen's headlines: code quality and LLM usage in one line each, linking to their sections (of the report
 * page at `reportHref`; by default this page's own).
 */
export function headlines(report: SubmissionReport, reportHref = ''): SafeHtml {
  const q = report.quality.analysis?.headline;
  const u = report.llmUsage;
  const quality = report.quality.status === 'pending' ? 'still running'
    : !q ? 'could not run'
      : `${count(report.quality.analysis!.findings.length, 'finding')}: ${count(q.secrets, 'secret')}, ${count(q.llmCallRisks, 'LLM-call risk')}, ${count(q.lintErrors, 'lint error')}, ${count(q.typeErrors, 'type error')}; max complexity ${q.maxComplexity}`;
  const vs = (label: string | null) => (label ? ` (${label})` : '');
  const usage = !u ? 'no summary for this run'
    : `${count(u.compared.calls.value, 'call')}${vs(u.compared.calls.label)}, ${count(u.compared.totalTokens.value, 'token')}${vs(u.compared.totalTokens.label)}, ${count(u.retries.total, 'retry').replace('retrys', 'retries')}, upstream failures handled: ${u.errors.handled}`;
  return html`<dl class="headline wide">
    <div><dt><a href="${reportHref}#quality-h">Code quality</a></dt><dd>${quality}</dd></div>
    <div><dt><a href="${reportHref}#llm-h">LLM usage</a></dt><dd>${usage}</dd></div></dl>`;
}
