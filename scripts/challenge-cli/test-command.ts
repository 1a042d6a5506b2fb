import type Docker from 'dockerode';
import type { ChallengePackage } from '../../core/challenges/challenge-package';
import { getConfig, type Config } from '../../core/platform/config';
import { createDocker } from '../../sandbox/docker-client';
import { verifyChallenge, type GateRow } from '../../core/gate/verify-challenge';

/** The outcome of the publish gate on one folder. */
export interface GateOutcome {
  pkg: ChallengePackage;
  rows: GateRow[];
  ok: boolean;
}

/** Runs the publish gate (reference accepted `runs` times, known-bads exactly as expected) on any challenge folder. */
export async function testChallenge(folder: string, runs: number, deps?: { docker: Docker; config: Config }): Promise<GateOutcome> {
  const { pkg, rows } = await verifyChallenge(deps ?? { docker: createDocker(getConfig().docker), config: getConfig() }, folder, runs);
  return { pkg, rows, ok: rows.every((r) => r.ok) };
}
