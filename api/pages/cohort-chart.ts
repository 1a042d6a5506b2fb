import { html, num, type SafeHtml } from './html';
import type { SubmissionFigures } from '../../core/reports/submission-figures';

const W = 420;
const H = 170;
const PAD = { left: 36, right: 12, top: 12, bottom: 34 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;

function svg(label: string, description: string, body: SafeHtml): SafeHtml {
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${label}">
    <title>${label}</title><desc>${description}</desc>
    <line class="axis" x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${PAD.left + plotW}" y2="${PAD.top + plotH}"/>
    ${body}</svg>`;
}

/** Share of the cohort strictly below `value`, in words. */
function standing(values: number[], value: number, what: string, higherIsBetter: boolean): string {
  const below = values.filter((v) => v < value).length;
  const above = values.filter((v) => v > value).length;
  const better = higherIsBetter ? below : above;
  return `${what}: better than ${better} of the other ${values.length - 1} submission${values.length === 2 ? '' : 's'}.`;
}

/** Histogram of scores (percent of the maximum, 10 bins); the candidate's bin is marked. */
export function scoreChart(cohort: SubmissionFigures[], mine: SubmissionFigures): SafeHtml {
  const pct = (f: SubmissionFigures) => (f.score !== null && f.maxScore ? (100 * f.score) / f.maxScore : null);
  const values = cohort.map(pct).filter((v): v is number => v !== null);
  const minePct = pct(mine);
  const bins = Array.from({ length: 10 }, () => 0);
  for (const v of values) bins[Math.min(9, Math.floor(v / 10))]! += 1;
  const mineBin = minePct === null ? -1 : Math.min(9, Math.floor(minePct / 10));
  const top = Math.max(1, ...bins);
  const bw = plotW / 10;
  const description = minePct === null ? 'This submission has no score.' : standing(values, minePct, `Score ${num(minePct)}%`, true);
  return html`<figure><figcaption>Score distribution (${values.length} finished submissions)</figcaption>
    ${svg('Score distribution of the cohort', description, html`${bins.map((n, i) => {
      const h = (plotH * n) / top;
      return html`<rect class="bar${i === mineBin ? ' mine' : ''}" x="${PAD.left + i * bw + 2}" y="${PAD.top + plotH - h}" width="${bw - 4}" height="${h}"><title>${i * 10}–${i * 10 + 10}%: ${n}</title></rect>`;
    })}${[0, 50, 100].map((t) => html`<text x="${PAD.left + (plotW * t) / 100}" y="${H - 14}" text-anchor="${t === 100 ? 'end' : t === 0 ? 'start' : 'middle'}">${t}%</text>`)}
    <text x="4" y="${PAD.top + 10}">${top}</text>`)}
    <p>${description}${mineBin >= 0 ? ' Its bar is the highlighted one.' : ''}</p></figure>`;
}

/**
 * Dot strip of the tokens each submission's run used in all its LLM requests (what the cost follows); the
 * candidate's dot is larger and highlighted. Calls are named beside it: fewer tokens over more calls is not cheaper
 * per answer, and tokens per request alone would rank one-request-per-item first.
 */
export function tokensChart(cohort: SubmissionFigures[], mine: SubmissionFigures): SafeHtml {
  const values = cohort.map((f) => f.totalTokens).filter((v): v is number => v !== null);
  if (values.length === 0 || mine.totalTokens === null || mine.calls === 0) return html`<p>No LLM requests to compare.</p>`;
  const max = Math.max(...values) * 1.05 || 1;
  const x = (v: number) => PAD.left + (plotW * v) / max;
  const description = standing(values, mine.totalTokens, `${num(mine.totalTokens)} tokens in ${num(mine.calls)} requests`, false);
  const others = cohort.filter((f) => f.totalTokens !== null && f.id !== mine.id);
  return html`<figure><figcaption>LLM tokens used by the whole run (${values.length} submissions)</figcaption>
    ${svg('Tokens used across the cohort', description, html`${others.map((f, i) => html`<circle class="dot" cx="${x(f.totalTokens!)}" cy="${PAD.top + plotH / 2 + ((i % 5) - 2) * 8}" r="4"><title>${num(f.totalTokens)} tokens, ${num(f.calls)} requests</title></circle>`)}
      <circle class="dot mine" cx="${x(mine.totalTokens)}" cy="${PAD.top + plotH / 2}" r="7"><title>This submission: ${num(mine.totalTokens)} tokens, ${num(mine.calls)} requests</title></circle>
      <text x="${PAD.left}" y="${H - 14}" text-anchor="start">0</text><text x="${PAD.left + plotW}" y="${H - 14}" text-anchor="end">${num(max)}</text>`)}
    <p>${description} Fewer is cheaper; the highlighted dot is this submission.</p></figure>`;
}
