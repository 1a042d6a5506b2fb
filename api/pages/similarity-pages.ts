import type { Request, Response, Router } from 'express';
import { STAFF } from '../../core/access/access-policy';
import { readableAssessment } from '../../core/assessments/manage-assessments';
import { uuidSchema } from '../../core/assessments/assessment-schema';
import { AppError } from '../../core/platform/app-error';
import { assessmentSimilarity, pairSimilarity, SIMILARITY_NOTE, type ChallengeSimilarity } from '../../core/similarity/assessment-similarity';
import type { SimilarPair } from '../../core/similarity/cohort-similarity';
import type { Fragment } from '../../core/similarity/compare';
import { principalOf } from '../auth-middleware';
import type { ApiDeps } from '../api-deps';
import { highlightLines } from './highlight';
import { html, type SafeHtml } from './html';
import { sendPage } from './layout';
import { requirePageRole } from './page-session';

/** Other (unflagged) pairs a challenge's section lists at most; the JSON has up to 50. */
const OTHERS_SHOWN = 20;
/** Fragment colours in pages.css (`frag-c0` …); the number beside each line says the same without colour. */
const COLOURS = 6;

const percent = (x: number) => `${Math.round(x * 100)}%`;

function note(): SafeHtml {
  return html`<p class="review-note" role="note"><strong>For human review; not a verdict.</strong> ${SIMILARITY_NOTE.replace(/^For human review; not a verdict\. /, '')}</p>`;
}

function pairLink(assessmentId: string, slug: string, pair: SimilarPair): string {
  return `/ui/assessments/${assessmentId}/similarity/${slug}?a=${pair.a.submissionId}&b=${pair.b.submissionId}`;
}

function pairTable(assessmentId: string, c: ChallengeSimilarity, pairs: SimilarPair[], caption: string, id: string): SafeHtml {
  return html`<div class="scroll"><table id="${id}">
    <caption>${caption}</caption>
    <thead><tr><th scope="col">Candidate A</th><th scope="col">Candidate B</th><th scope="col" class="num">Score</th>
      <th scope="col" class="num">Jaccard</th><th scope="col" class="num">Fragments</th><th scope="col">Side by side</th></tr></thead>
    <tbody>${pairs.map((p) => html`<tr${p.flagged ? html` class="flagged"` : ''}>
      <th scope="row">${p.a.name}</th><td>${p.b.name}</td>
      <td class="num">${percent(p.score)}${p.flagged ? html` <span class="badge warn">review</span>` : ''}</td>
      <td class="num">${percent(p.jaccard)}</td><td class="num">${p.fragments.length}</td>
      <td><a href="${pairLink(assessmentId, c.slug, p)}">Compare<span class="visually-hidden"> ${p.a.name} and ${p.b.name}, ${c.slug}</span></a></td></tr>`)}
    </tbody></table></div>`;
}

function challengeSection(assessmentId: string, c: ChallengeSimilarity): SafeHtml {
  const flagged = c.pairs.filter((p) => p.flagged);
  const others = c.pairs.filter((p) => !p.flagged).slice(0, OTHERS_SHOWN);
  const id = `sim-${c.slug}`;
  return html`<section aria-labelledby="${id}-h" class="similarity"><h2 id="${id}-h">${c.title} <span class="muted">(${c.slug} v${c.version})</span></h2>
    <p>${c.candidates} candidate${c.candidates === 1 ? '' : 's'} with a finished submission (each one's latest), ${c.pairsCompared} pair${c.pairsCompared === 1 ? '' : 's'} compared;
      a pair is flagged from a score of ${percent(c.threshold)}.</p>
    ${flagged.length ? pairTable(assessmentId, c, flagged, `Flagged for review: ${c.flaggedPairs} pair${c.flaggedPairs === 1 ? '' : 's'} at or above ${percent(c.threshold)}${c.flaggedPairs > flagged.length ? ` (the highest ${flagged.length} shown)` : ''}`, `${id}-flagged`)
      : html`<p>No pair reaches ${percent(c.threshold)}.</p>`}
    ${others.length ? pairTable(assessmentId, c, others, `The most similar other pairs (${others.length})`, `${id}-others`) : ''}</section>`;
}

/** An assessment's similarity: per challenge the flagged pairs, then the most similar others, each linked side by side. */
async function similarityPage(deps: ApiDeps, req: Request, res: Response): Promise<void> {
  const principal = principalOf(res);
  const id = uuidSchema.safeParse(req.params.id);
  const assessment = await readableAssessment(deps.db, principal, id.success ? id.data : undefined);
  const result = await assessmentSimilarity(deps.db, assessment, deps.config.SIMILARITY_THRESHOLD);
  sendPage(res, {
    title: `Similarity: ${assessment.name}`,
    principal,
    body: html`<p><a href="/ui/assessments/${assessment.id}">Submissions</a> · <a href="/ui/assessments/${assessment.id}/invites">Candidates and invites</a></p>
      ${note()}
      <p class="muted">Each candidate's latest finished submission of a challenge is compared with every other's: the code is cut
        into tokens with names, strings and numbers made alike (so renaming does not hide a copy), fingerprinted with
        winnowing (as MOSS does), and what the starter files and public tests already hold is left out. The score is the
        share of the smaller solution's fingerprints the other has too; Jaccard is the share of both.</p>
      ${result.challenges.map((c) => challengeSection(assessment.id, c))}`,
  });
}

/**
 * Per line of each file: the fragment it is shown in (of those covering it, the one that started last, so where
 * fragments overlap each one's first line has its colour) and the fragments starting on it.
 */
function lineMarks(fragments: Fragment[], side: 'a' | 'b') {
  const shownIn = new Map<string, Map<number, { n: number; from: number }>>();
  const starting = new Map<string, Map<number, number[]>>();
  fragments.forEach((f, i) => {
    const span = f[side];
    const cover = shownIn.get(span.file) ?? shownIn.set(span.file, new Map()).get(span.file)!;
    for (let line = span.startLine; line <= span.endLine; line += 1) {
      const current = cover.get(line);
      if (!current || span.startLine > current.from) cover.set(line, { n: i + 1, from: span.startLine });
    }
    const start = starting.get(span.file) ?? starting.set(span.file, new Map()).get(span.file)!;
    start.set(span.startLine, [...(start.get(span.startLine) ?? []), i + 1]);
  });
  return { shownIn, starting };
}

/** One solution's files, one row per line, lines of a fragment coloured and numbered; each fragment's first line links across. */
function solutionColumn(side: 'a' | 'b', who: SimilarPair['a'], other: SimilarPair['a'], files: Record<string, string>, fragments: Fragment[]): SafeHtml {
  const { shownIn, starting } = lineMarks(fragments, side);
  const across = side === 'a' ? 'b' : 'a';
  return html`<section aria-labelledby="side-${side}-h" class="side"><h2 id="side-${side}-h">${side.toUpperCase()}: ${who.name}</h2>
    <p class="muted"><a href="/ui/submissions/${who.submissionId}">Report of this submission</a></p>
    ${Object.keys(files).sort().map((path) => {
      const lines = highlightLines(files[path]!, path);
      const cover = shownIn.get(path);
      const start = starting.get(path);
      return html`<div class="scroll"><table class="code-table sim-code">
        <caption><code>${path}</code> (${lines.length} lines${cover ? `, ${cover.size} in fragments` : ''})</caption>
        <thead class="visually-hidden"><tr><th scope="col">Line</th><th scope="col">Fragment</th><th scope="col">Code</th></tr></thead>
        <tbody>${lines.map((code, i) => {
          const first = cover?.get(i + 1)?.n;
          const starts = start?.get(i + 1) ?? [];
          const marks = starts.length
            ? starts.map((n) => html`<a id="${side}-frag-${n}" href="#${across}-frag-${n}" class="frag-link frag-c${(n - 1) % COLOURS}">${n}<span class="visually-hidden">: fragment ${n} starts here; go to it in ${other.name}'s solution</span></a>`)
            : first ? html`<span class="frag-num">${first}</span>` : '';
          return html`<tr${first ? html` class="frag frag-c${(first - 1) % COLOURS}"` : ''}><th scope="row">${i + 1}</th><td class="frag-mark">${marks}</td><td><code>${code}</code></td></tr>`;
        })}</tbody></table></div>`;
    })}</section>`;
}

const span = (s: Fragment['a']) => `${s.file} ${s.startLine === s.endLine ? `line ${s.startLine}` : `lines ${s.startLine}–${s.endLine}`}`;

/** Two final solutions side by side with their matching fragments, the same number and colour on both sides. */
async function similarityPairPage(deps: ApiDeps, req: Request, res: Response): Promise<void> {
  const principal = principalOf(res);
  const id = uuidSchema.safeParse(req.params.id);
  const assessment = await readableAssessment(deps.db, principal, id.success ? id.data : undefined);
  const [a, b] = [req.query.a, req.query.b].map((v) => uuidSchema.safeParse(v));
  if (!a!.success || !b!.success) throw new AppError(404, 'submission_not_found', 'Name two submissions: ?a=<submission id>&b=<submission id>.');
  const slug = String(req.params.slug);
  const { challenge, pair, files } = await pairSimilarity(deps.db, assessment, slug, [a!.data, b!.data], deps.config.SIMILARITY_THRESHOLD);
  const threshold = deps.config.SIMILARITY_THRESHOLD;
  sendPage(res, {
    title: `${pair.a.name} and ${pair.b.name}: ${challenge.title}`,
    principal,
    body: html`<p><a href="/ui/assessments/${assessment.id}/similarity">Similarity: ${assessment.name}</a></p>
      ${note()}
      <dl class="summary">
        <div><dt>Score</dt><dd>${percent(pair.score)}</dd></div><div><dt>Jaccard</dt><dd>${percent(pair.jaccard)}</dd></div>
        <div${pair.flagged ? html` class="flag"` : ''}><dt>Flagged at ${percent(threshold)}</dt><dd>${pair.flagged ? 'Yes: for review' : 'No'}</dd></div>
        <div><dt>Matching fragments</dt><dd>${pair.fragments.length}</dd></div>
      </dl>
      ${pair.fragments.length ? html`<div class="scroll"><table id="fragments">
        <caption>Matching fragments (in A's order; each links to its place on both sides)</caption>
        <thead><tr><th scope="col">Fragment</th><th scope="col">In A: ${pair.a.name}</th><th scope="col">In B: ${pair.b.name}</th></tr></thead>
        <tbody>${pair.fragments.map((f, i) => html`<tr class="frag frag-c${i % COLOURS}"><th scope="row">${i + 1}</th>
          <td><a href="#a-frag-${i + 1}">${span(f.a)}</a></td><td><a href="#b-frag-${i + 1}">${span(f.b)}</a></td></tr>`)}</tbody>
      </table></div>` : html`<p>The two solutions share no fragment beyond the starter and the public tests.</p>`}
      <div class="side-by-side">${solutionColumn('a', pair.a, pair.b, files[0], pair.fragments)}${solutionColumn('b', pair.b, pair.a, files[1], pair.fragments)}</div>`,
  });
}

/** `/ui/assessments/:id/similarity` and its side-by-side view, for the staff who may read the assessment. */
export function addSimilarityPages(router: Router, deps: ApiDeps): void {
  const staff = requirePageRole(deps, STAFF);
  router.get('/assessments/:id/similarity', staff, (req, res) => similarityPage(deps, req, res));
  router.get('/assessments/:id/similarity/:slug', staff, (req, res) => similarityPairPage(deps, req, res));
}
