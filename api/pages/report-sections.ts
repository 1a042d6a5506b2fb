import type { ComparedFigureT, SubmissionReport } from '../../core/reports/submission-report';
import { lineAnchor } from './code-view';
import { html, num, usd, type SafeHtml } from './html';

type Quality = SubmissionReport['quality'];
type Usage = NonNullable<SubmissionReport['llmUsage']>;

/** Per-group scores (groups are the challenge's test files). */
export function groupsTable(groups: NonNullable<SubmissionReport['result']>['groups']): SafeHtml {
  return html`<div class="scroll"><table><caption>Score by group</caption>
    <thead><tr><th scope="col">Group</th><th scope="col">Visibility</th><th scope="col" class="num">Passed</th><th scope="col" class="num">Score</th></tr></thead>
    <tbody>${groups.map((g) => html`<tr><th scope="row">${g.name}</th><td>${g.visibility}</td>
      <td class="num">${g.passed} / ${g.total}</td><td class="num">${num(g.score, 1)} / ${num(g.maxScore, 1)}</td></tr>`)}</tbody></table></div>`;
}

function figure(label: string, value: string | number, flag = false): SafeHtml {
  return html`<div${flag ? html` class="flag"` : ''}><dt>${label}</dt><dd>${value}</dd></div>`;
}

/** Quality: headline numbers on top, then lint rules, functions, duplicates and every finding linked to its line. */
export function qualitySection(q: Quality, files: SubmissionReport['files']): SafeHtml {
  if (q.status === 'pending') return html`<p>The code-quality analysis is still running; reload in a moment.</p>`;
  if (q.status === 'failed' || !q.analysis) return html`<p class="error">The code-quality analysis could not run: ${q.error ?? 'unknown error'}.</p>`;
  const a = q.analysis;
  const h = a.headline;
  const fileIndex = (path: string) => files.findIndex((f) => f.path === path);
  const worst = [...a.functions].sort((x, y) => y.complexity - x.complexity).slice(0, 5);
  return html`<dl class="headline">
      ${figure('Secrets', h.secrets, h.secrets > 0)}${figure('LLM-call risks', h.llmCallRisks, h.llmCallRisks > 0)}
      ${figure('Lint errors', h.lintErrors, h.lintErrors > 0)}${figure('Lint warnings', h.lintWarnings)}${figure('Type errors', h.typeErrors, h.typeErrors > 0)}
      ${figure('Max complexity', h.maxComplexity, h.maxComplexity > 10)}${figure('Longest function', `${h.maxFunctionLines} lines`)}
      ${figure('Max nesting', h.maxNesting, h.maxNesting > 4)}${figure('Duplication', `${num(h.duplicationPercent, 1)}%`)}
      ${figure('Size', `${h.files} files, ${h.linesOfCode} LOC`)}${figure('Comments', `${num(h.commentRatio * 100)}%`)}
    </dl>
    <p class="muted">Analysed in ${num(q.durationMs)} ms with the judge's own configuration (${Object.entries(a.tools).map(([k, v]) => `${k} ${v}`).join(', ')}).
      ${a.ignoredFiles.length ? `Ignored: ${a.ignoredFiles.join(', ')}.` : ''}</p>
    ${a.challengeRules?.length ? html`<p>This challenge's settings for the analysis:</p><ul class="challenge-rules">${a.challengeRules.map((r) => html`<li><code>${r.rule}</code>
      ${r.level === 'off' ? 'off' : `as ${r.level}`}: ${r.reason} <span class="muted">(${r.matched} finding${r.matched === 1 ? '' : 's'} ${r.level === 'off' ? 'not counted' : 're-levelled'})</span></li>`)}</ul>` : ''}
    ${a.unavailable?.length ? html`<p class="error">${a.unavailable.map((u) => `${u.section === 'types' ? 'Type check' : 'Lint'} unavailable (${u.tool}: ${u.reason}); its figures above are missing, not zero.`).join(' ')}</p>` : ''}
    <h3>Findings</h3>
    ${a.findings.length === 0 ? html`<p>No findings.</p>` : html`<ul class="findings">${a.findings.map((f) => {
      const i = fileIndex(f.file);
      const where = `${f.file}:${f.line}`;
      return html`<li><strong>${f.severity}</strong> ${f.kind} · ${i >= 0 ? html`<a href="#${lineAnchor(i, f.line)}">${where}</a>` : where} · ${f.message} <span class="muted">(${f.rule})</span></li>`;
    })}</ul>`}
    ${a.lintByRule.length ? html`<div class="scroll"><table><caption>Lint findings by rule</caption>
      <thead><tr><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col" class="num">Count</th></tr></thead>
      <tbody>${a.lintByRule.map((r) => html`<tr><th scope="row">${r.rule}</th><td>${r.severity}</td><td class="num">${r.count}</td></tr>`)}</tbody></table></div>` : ''}
    ${worst.length ? html`<div class="scroll"><table><caption>Functions by cyclomatic complexity (top ${worst.length})</caption>
      <thead><tr><th scope="col">Function</th><th scope="col">Where</th><th scope="col" class="num">Complexity</th><th scope="col" class="num">Lines</th><th scope="col" class="num">Nesting</th></tr></thead>
      <tbody>${worst.map((f) => html`<tr><th scope="row">${f.name}</th><td>${f.file}:${f.line}</td><td class="num">${f.complexity}</td><td class="num">${f.lines}</td><td class="num">${f.maxNesting}</td></tr>`)}</tbody></table></div>` : ''}
    ${a.duplicates.length ? html`<h3>Duplicated blocks</h3><ul>${a.duplicates.map((d) => html`<li>${d.lines} lines (${d.tokens} tokens) at ${d.occurrences.map((o) => `${o.file}:${o.line}–${o.endLine}`).join(', ')}</li>`)}</ul>` : ''}`;
}

function compared(label: string, f: ComparedFigureT, format: (n: number) => string): SafeHtml {
  return html`<tr><th scope="row">${label}</th><td class="num">${format(f.value)}</td><td class="num">${f.reference === null ? '—' : format(f.reference)}</td>
    <td>${f.label ?? '—'}</td></tr>`;
}

/** LLM usage beside the reference's figures, then retries, error handling and the cache. */
export function usageSection(u: Usage | null): SafeHtml {
  if (!u) return html`<p>This run made no LLM usage summary (it did not finish its tests, or the challenge calls no model).</p>`;
  const c = u.compared;
  const int = (n: number) => num(n);
  return html`<div class="scroll"><table><caption>LLM usage against the reference solution${u.reference ? ` (${u.reference.runs} run${u.reference.runs === 1 ? '' : 's'})` : ' (no reference figures recorded yet)'}</caption>
    <thead><tr><th scope="col">Figure</th><th scope="col" class="num">This submission</th><th scope="col" class="num">Reference</th><th scope="col">Compared</th></tr></thead>
    <tbody>${compared('Calls', c.calls, int)}${compared('Total tokens', c.totalTokens, int)}${compared('Prompt tokens', c.promptTokens, int)}
      ${compared('Completion tokens', c.completionTokens, int)}${compared('Tokens per test', c.tokensPerTest, int)}${compared('Retries', c.retries, int)}
      ${compared('Errors returned', c.errors, int)}${compared('Mean latency (ms)', c.latencyMeanMs, int)}${compared('Cost per call', c.costPerCallUsd, usd)}
      ${compared('Cost per test', c.costPerTestUsd, usd)}${compared('Total cost', c.costUsd, usd)}</tbody></table></div>
    <p><strong>Retries</strong> (the same request sent again after a 429, 5xx, timeout or broken answer): ${u.retries.total}${Object.keys(u.retries.triggers).length ? `, after ${Object.entries(u.retries.triggers).map(([k, n]) => `${k} ×${n}`).join(', ')}` : ''}.
      ${u.retries.repeatsAfterClientError ? html`<strong>Repeated after a 4xx:</strong> ${u.retries.repeatsAfterClientError} (a request the model refused, sent again unchanged). ` : ''}
      ${u.totals.cachedTokens ? html`<strong>Cached prompt tokens:</strong> ${num(u.totals.cachedTokens)} (priced at the cached-input rate). ` : ''}</p>
    <p><strong>Upstream failures handled:</strong> ${u.errors.handled} (${u.errors.returned} failed requests). ${u.errors.note}</p>
    ${u.errors.unhandledTests.length ? html`<ul class="unhandled">${u.errors.unhandledTests.map((t) => html`<li>${t}</li>`)}</ul>` : ''}
    ${u.cache ? html`<p><strong>Cache:</strong> ${u.cache.note}</p>` : ''}`;
}
