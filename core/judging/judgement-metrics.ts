import type { Db } from '../platform/db';
import type { Metrics } from '../platform/metrics';
import { getJudgementFacts } from '../submissions/submission-repository';
import type { VerdictHook } from './verdict-hooks';

/** A verdict hook that counts the stored verdict and observes its run time (`judge_judgements_total`, `judge_judge_duration_seconds`). */
export function judgementMetricsHook(db: Db, metrics: Metrics): VerdictHook {
  return async (submission) => {
    const facts = await getJudgementFacts(db, submission.id);
    if (!facts) return;
    metrics.judgements.inc({ challenge: facts.slug, language: facts.language, verdict: facts.verdict, purpose: facts.purpose });
    if (facts.durationMs !== null && facts.verdict !== 'internal_error') {
      metrics.judgeSeconds.observe({ challenge: facts.slug, language: facts.language }, facts.durationMs / 1000);
    }
  };
}
