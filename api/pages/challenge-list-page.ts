import type { Response } from 'express';
import { listAssessments } from '../../core/assessments/assessment-repository';
import { listChallengeSlugs } from '../../core/challenges/challenge-owner-repository';
import { listChallengeVersions } from '../../core/challenges/challenge-repository';
import type { Db } from '../../core/platform/db';
import { principalOf } from '../auth-middleware';
import { html } from './html';
import { sendPage } from './layout';
import { languageList } from './language-label';

function gateStatus(status: string | undefined) {
  if (!status) return html`<span class="muted">not run</span>`;
  return html`<span class="badge ${status === 'passed' ? 'good' : status === 'failed' ? 'bad' : 'warn'}">${status}</span>`;
}

/**
 * Staff's view of the challenges: every slug (drafts included) with its newest and its published version, whose it is,
 * the newest version's publish gate, and for an author the assessments of theirs that pin it.
 */
export async function challengeListPage(db: Db, res: Response): Promise<void> {
  const principal = principalOf(res);
  const [challenges, assessments] = await Promise.all([
    listChallengeSlugs(db),
    listAssessments(db, principal.role === 'author' ? principal.tokenId : undefined),
  ]);
  const versions = new Map(await Promise.all(challenges.map(async (c) => [c.slug, await listChallengeVersions(db, c.slug)] as const)));
  const usedBy = (slug: string) => assessments.filter((a) => a.challenges.some((c) => c.slug === slug));
  const owner = (token: string | null) => (token === null ? 'admins' : token === principal.tokenId ? 'you' : 'another author');
  sendPage(res, {
    title: 'Challenges',
    principal,
    body: html`${principal.role === 'grader' ? '' : html`<p><a href="/ui/challenges/upload" id="upload-link">Upload a challenge package</a></p>`}
      <div class="scroll"><table>
      <caption>Every challenge, drafts included, and ${principal.role === 'author' ? 'your' : 'the'} assessments that use them</caption>
      <thead><tr><th scope="col">Challenge</th><th scope="col">Family</th><th scope="col">Versions</th><th scope="col">Newest version's gate</th><th scope="col">Languages</th><th scope="col">Owner</th><th scope="col">Assessments</th></tr></thead>
      <tbody>${challenges.map((c) => html`<tr>
        <th scope="row">${c.publishedVersion === null ? c.title : html`<a href="/ui/challenges/${c.slug}">${c.title}</a>`}<br><span class="muted">${c.slug}</span></th>
        <td>${c.family}</td><td><a href="/ui/challenges/${c.slug}/versions">Versions and gates<span class="visually-hidden"> of ${c.slug}</span> (${versions.get(c.slug)?.length ?? 0})</a>;
          v${c.latestVersion} ${c.latestStatus}${c.publishedVersion !== null && c.publishedVersion !== c.latestVersion ? html`, v${c.publishedVersion} published` : ''}</td>
        <td>${gateStatus(versions.get(c.slug)?.[0]?.gate?.status)}</td><td>${languageList(c.languages)}</td><td>${owner(c.ownerToken)}</td>
        <td>${usedBy(c.slug).map((a, i) => html`${i ? ', ' : ''}<a href="/ui/assessments/${a.id}">${a.name}</a>`)}</td></tr>`)}
      </tbody></table></div>`,
  });
}
