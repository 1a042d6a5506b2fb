/**
 * @module challenge-rules
 * A challenge's own settings for the code-quality analysis (`quality.rules` in its manifest): a rule turned off or
 * re-levelled, with the reason graders read. Applied to the analysis before it is stored, so every view of it (the
 * report, the lists, the comparison) counts the same findings.
 */
import { z } from 'zod';
import { countByRule } from '../../sandbox/quality/assemble';
import type { AppliedRule, FindingSeverity, QualityAnalysisV1, QualityFinding } from '../../sandbox/quality/types';

export const qualityRulesSchema = z.object({
  rules: z.record(
    z.string().regex(/^[A-Za-z0-9@/_:.-]{1,100}$/, 'a rule id as the report names it: an ESLint or ruff rule, TS2322, mypy:arg-type, llm-client-no-timeout, ...'),
    z.object({
      level: z.enum(['off', 'error', 'warning', 'info']),
      reason: z.string().min(1).max(300),
    }).strict(),
  ),
}).strict();

export type QualityRules = z.infer<typeof qualityRulesSchema>;


/**
 * The analysis with the challenge's settings applied: findings of an `off` rule removed, others given the setting's
 * severity; the headline's counts that come from findings (lint errors and warnings, type errors, secrets, LLM-call
 * risks) and the per-rule lint table recomputed; `challengeRules` says what each setting did.
 */
export function applyChallengeRules(analysis: QualityAnalysisV1, settings: QualityRules | undefined): QualityAnalysisV1 {
  if (!settings || Object.keys(settings.rules).length === 0) return analysis;
  const applied: AppliedRule[] = Object.entries(settings.rules).map(([rule, s]) => ({ rule, level: s.level, reason: s.reason, matched: 0 }));
  const byRule = new Map(applied.map((a) => [a.rule, a]));
  const findings: QualityFinding[] = [];
  for (const f of analysis.findings) {
    const setting = byRule.get(f.rule);
    if (setting) setting.matched++;
    if (setting?.level === 'off') continue;
    findings.push(setting ? { ...f, severity: setting.level as FindingSeverity } : f);
  }
  const of = (kind: QualityFinding['kind']) => findings.filter((f) => f.kind === kind);
  const lint = of('lint');
  return {
    ...analysis,
    findings,
    lintByRule: countByRule(lint),
    headline: {
      ...analysis.headline,
      lintErrors: lint.filter((f) => f.severity === 'error').length,
      lintWarnings: lint.filter((f) => f.severity !== 'error').length,
      typeErrors: of('type').filter((f) => f.severity !== 'info').length,
      secrets: of('secret').filter((f) => f.severity !== 'info').length,
      llmCallRisks: of('llm-risk').filter((f) => f.severity !== 'info').length,
    },
    challengeRules: applied,
  };
}
