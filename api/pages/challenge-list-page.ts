import type { Response } from 'express';
import { listAssessments } from '../../lib/assessment-repository';
import { listPublishedChallenges } from '../../lib/challenge-repository';
import type { Db } from '../../lib/db';
import { principalOf } from '../auth-middleware';
import { html } from './html';
import { sendPage } from './layout';

/**
 * Staff's view of the challenges: the latest published version of each, and for an author the assessments that pin
 * it, with a link to every version and its publish gate.
 */
export async function challengeListPage(db: Db, res: Response): Promise<void> {
  const principal = principalOf(res);
  const [challenges, assessments] = await Promise.all([
    listPublishedChallenges(db),
    listAssessments(db, principal.role === 'author' ? principal.tokenId : undefined),
  ]);
  const usedBy = (slug: string) => assessments.filter((a) => a.challenges.some((c) => c.slug === slug));
  sendPage(res, {
    title: 'Challenges',
    principal,
    body: html`<div class="scroll"><table>
      <caption>Published challenges and ${principal.role === 'author' ? 'your' : 'the'} assessments that use them</caption>
      <thead><tr><th scope="col">Challenge</th><th scope="col">Family</th><th scope="col">Latest version and its gate</th><th scope="col">Languages</th><th scope="col">Assessments</th></tr></thead>
      <tbody>${challenges.map((c) => html`<tr>
        <th scope="row"><a href="/ui/challenges/${c.slug}">${c.title}</a><br><span class="muted">${c.slug}</span></th>
        <td>${c.family}</td><td><a href="/ui/challenges/${c.slug}/versions">v${c.version}: versions and gates</a></td><td>${c.manifest.languages.join(', ')}</td>
        <td>${usedBy(c.slug).map((a, i) => html`${i ? ', ' : ''}<a href="/ui/assessments/${a.id}">${a.name}</a>`)}</td></tr>`)}
      </tbody></table></div>`,
  });
}
