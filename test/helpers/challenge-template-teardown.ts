/** jest globalTeardown: drops the run's challenge template (see challenge-template.ts). */
import { dropChallengeTemplate } from './challenge-template';

export default async function tearDownChallengeTemplate(): Promise<void> {
  await dropChallengeTemplate();
}
