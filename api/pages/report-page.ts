import type { Response } from 'express';
import { getSubmissionScope, listAssessmentSubmissions } from '../../core/assessments/assessment-repository';
import type { Db } from '../../core/platform/db';
import { getInvite } from '../../core/assessments/invite-repository';
import { submissionNotFound } from '../../core/access/access-policy';
import { principalOf } from '../auth-middleware';
import { buildSubmissionReport } from '../../core/reports/build-report';
import { loadFigures } from '../../core/reports/submission-figures';
import { scoreChart, tokensChart } from './cohort-chart';
import { codeView, outputView } from './code-view';
import { html, when, type SafeHtml } from './html';
import { sendPage } from './layout';
import { groupsTable, qualitySection, usageSection } from './report-sections';
import { progressBox, resultSummary } from './result-view';
import { headlines, reportTestsSection } from './report-tests';
import { readableSubmission } from './submission-page';
import { languageLabel } from './language-label';

/** The candidate against the other submissions of the same challenge in the same assessment. */
async function cohortSection(db: Db, submissionId: string, slug: string): Promise<SafeHtml> {
  const scope = await getSubmissionScope(db, submissionId);
  if (!scope?.assessmentId) return html`<p>Staff submissions have no cohort.</p>`;
  const rows = (await listAssessmentSubmissions(db, scope.assessmentId)).filter((r) => r.challenge.slug === slug && r.status === 'finished');
  const figures = [...(await loadFigures(db, rows)).values()];
  const mine = figures.find((f) => f.id === submissionId);
  if (!mine) return html`<p>Not finished yet.</p>`;
  return html`<div class="charts">${scoreChart(figures, mine)}${tokensChart(figures, mine)}</div>`;
}

function section(id: string, title: string, body: SafeHtml): SafeHtml {
  return html`<section aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${body}</section>`;
}

/**
 * Staff's report of a submission (the JSON of `GET /v1/submissions/:id/report` as a page). The first screen: verdict,
 * score, the quality and LLM-usage headlines and the score by group; then every test (failing ones folded to a line
 * each), code quality, LLM usage against the reference, the cohort, the code with findings beside its lines and the
 * captured output.
 */
export async function reportPage(db: Db, res: Response, rawId: unknown): Promise<void> {
  const { submission, challenge } = await readableSubmission(db, res, rawId);
  const report = await buildSubmissionReport(db, submission.id, 'staff');
  if (!report) throw submissionNotFound();
  const invite = submission.inviteId ? await getInvite(db, submission.inviteId) : undefined;
  const r = report.result;
  const findings = report.quality.analysis?.findings ?? [];
  sendPage(res, {
    title: `Report: ${invite?.name ?? 'staff submission'}, ${challenge.title}`,
    principal: principalOf(res),
    body: html`
      <p class="muted">${challenge.slug} v${challenge.version} · ${languageLabel(report.submission.language)} · submitted ${when(report.submission.createdAt)}
        · finished ${when(report.submission.finishedAt)} · <a href="/v1/submissions/${submission.id}/report">JSON</a></p>
      <nav aria-label="Report sections" class="toc"><a href="#verdict-h">Verdict</a> · <a href="#tests-h">Tests</a> · <a href="#quality-h">Quality</a>
        · <a href="#llm-h">LLM usage</a> · <a href="#cohort-h">Cohort</a> · <a href="#code-h">Code</a> · <a href="#output-h">Output</a></nav>
      ${r ? html`
        ${section('verdict-h', 'Verdict', html`${resultSummary(r)}${headlines(report)}${groupsTable(r.groups)}`)}
        ${section('tests-h', 'Tests', reportTestsSection(r))}
        ${section('quality-h', 'Code quality', qualitySection(report.quality, report.files))}
        ${section('llm-h', 'LLM usage', usageSection(report.llmUsage))}
        ${section('cohort-h', 'Against the cohort', await cohortSection(db, submission.id, challenge.slug))}`
      : progressBox(submission.id, submission.status)}
      ${section('code-h', 'Code', codeView(report.files, findings))}
      ${r ? section('output-h', 'Captured output', outputView(report.output)) : ''}`,
  });
}
