/**
 * @module reports/test-groups
 * A result's tests grouped by the test file that declares them (the challenge's plan knows each test's file).
 * Files, not describe blocks: every test has exactly one file, and authors already split files by concern.
 */
import type { Visibility } from '../../sandbox/harness/protocol';
import type { PlannedTest, TestOutcome } from '../results/verdicts';

export interface GroupedTest extends TestOutcome {
  group: string;
}

export interface TestGroup {
  name: string;
  visibility: Visibility;
  passed: number;
  total: number;
  score: number;
  maxScore: number;
}

export function groupTests(plan: PlannedTest[], tests: TestOutcome[]): { tests: GroupedTest[]; groups: TestGroup[] } {
  const fileOf = new Map(plan.map((p) => [p.name, p.file]));
  const grouped = tests.map((t) => ({ ...t, group: fileOf.get(t.name) ?? '(unknown file)' }));
  const groups = new Map<string, TestGroup>();
  for (const t of grouped) {
    const g = groups.get(t.group) ?? { name: t.group, visibility: t.visibility, passed: 0, total: 0, score: 0, maxScore: 0 };
    g.total++;
    g.maxScore += t.weight;
    if (t.status === 'pass') {
      g.passed++;
      g.score += t.weight;
    }
    groups.set(t.group, g);
  }
  return { tests: grouped, groups: [...groups.values()] };
}
