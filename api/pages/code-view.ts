import type { SubmissionReport } from '../../core/reports/submission-report';
import { highlightLines } from './highlight';
import { html, type SafeHtml } from './html';

type Finding = NonNullable<SubmissionReport['quality']['analysis']>['findings'][number];

/** The anchor of a line of a file in the report (findings link to it). */
export function lineAnchor(fileIndex: number, line: number): string {
  return `f${fileIndex}-L${line}`;
}

/** Output shown on the page at most; the judge has already capped what it stored. */
const OUTPUT_PAGE_CHARS = 20_000;

/**
 * The candidate's files, highlighted, one table row per line with the line number as its header and the findings of
 * that line beside it (each line has an anchor the findings list links to).
 */
export function codeView(files: SubmissionReport['files'], findings: Finding[]): SafeHtml {
  return html`${files.map((file, fi) => {
    const byLine = new Map<number, Finding[]>();
    for (const f of findings.filter((f) => f.file === file.path)) byLine.set(f.line, [...(byLine.get(f.line) ?? []), f]);
    return html`<div class="scroll"><table class="code-table">
      <caption><code>${file.path}</code> (${file.lines} lines${byLine.size ? `, ${[...byLine.values()].flat().length} findings` : ''})</caption>
      <thead class="visually-hidden"><tr><th scope="col">Line</th><th scope="col">Code</th><th scope="col">Findings</th></tr></thead>
      <tbody>${highlightLines(file.text, file.path).map((code, i) => {
        const notes = byLine.get(i + 1);
        return html`<tr id="${lineAnchor(fi, i + 1)}"${notes ? html` class="has-note"` : ''}><th scope="row">${i + 1}</th><td><code>${code}</code></td>
          <td class="note">${notes ? notes.map((n) => html`<div>${n.severity}: ${n.message} <span class="muted">(${n.rule})</span></div>`) : ''}</td></tr>`;
      })}</tbody></table></div>`;
  })}`;
}

/** The captured output, capped again for the page and clearly marked when anything was cut. */
export function outputView(output: SubmissionReport['output']): SafeHtml {
  if (!output) return html`<p>No output was captured.</p>`;
  const cut = output.text.length > OUTPUT_PAGE_CHARS;
  const truncated = output.truncated || cut;
  return html`${truncated ? html`<p class="truncated">Truncated: ${output.truncated ? 'the judge stopped capturing output at its limit' : ''}${output.truncated && cut ? '; ' : ''}${cut ? `this page shows the first ${OUTPUT_PAGE_CHARS} characters` : ''}.</p>` : ''}
    ${output.text ? html`<pre class="code output" tabindex="0" aria-label="Captured output"><code>${cut ? output.text.slice(0, OUTPUT_PAGE_CHARS) : output.text}</code></pre>${truncated ? html`<p class="truncated">[output truncated]</p>` : ''}` : html`<p>The candidate's code printed nothing.</p>`}`;
}
