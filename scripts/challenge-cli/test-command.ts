import type Docker from 'dockerode';
import type { ChallengePackage } from '../../lib/challenge-package';
import { getConfig, type Config } from '../../lib/config';
import { createDocker } from '../../sandbox/docker-client';
import { verifyChallenge, type GateRow } from '../../worker/verify-challenge';

/** The outcome of the publish gate on one folder. */
export interface GateOutcome {
  pkg: ChallengePackage;
  rows: GateRow[];
  ok: boolean;
}

/** Runs the publish gate (reference accepted `runs` times, known-bads exactly as expected) on any challenge folder. */
export async function testChallenge(folder: string, runs: number, deps?: { docker: Docker; config: Config }): Promise<GateOutcome> {
  const { pkg, rows } = await verifyChallenge(deps ?? { docker: createDocker(), config: getConfig() }, folder, runs);
  return { pkg, rows, ok: rows.every((r) => r.ok) };
}
