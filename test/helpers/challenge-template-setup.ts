/** jest globalSetup: loads the bundled challenges once for the whole run (see challenge-template.ts). */
import { getConfig } from '../../core/platform/config';
import { createChallengeTemplate } from './challenge-template';

export default async function setUpChallengeTemplate(): Promise<void> {
  await createChallengeTemplate(getConfig().DATABASE_URL);
}
