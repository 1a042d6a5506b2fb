/**
 * @module quality/run-quality
 * The harness's `quality` mode: analyses the payload's files (never runs them) in the payload's language and returns
 * one report.
 */
import { chownSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { QualityPayload, QualityReport } from '../harness/protocol';
import { analyzeQuality } from './analyze';
import { analyzePythonQuality } from './python-quality';

export function runQuality(payload: QualityPayload): QualityReport {
  const started = performance.now();
  dropPrivileges();
  try {
    const analysis = payload.language === 'python' ? analyzePythonQuality(payload.files) : analyzeQuality(payload.files);
    return { version: 1, mode: 'quality', analysis, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { version: 1, mode: 'quality', error: (error as Error).stack ?? String(error), durationMs: Math.round(performance.now() - started) };
  }
}

/**
 * In the container the harness starts as root; the analysis parses untrusted text and needs no privilege, so it runs
 * as the unprivileged candidate uid (defence in depth against a parser bug). Host-side runs keep their user.
 */
function dropPrivileges(): void {
  const uid = Number(process.env.JUDGE_CANDIDATE_UID);
  if (!(Number.isInteger(uid) && uid > 0 && process.getuid?.() === 0)) return;
  // The Python analysis writes the sources for ruff and mypy to a scratch folder: the uid's own, inside the tmpfs.
  const scratch = path.join(os.tmpdir(), 'quality');
  mkdirSync(scratch, { recursive: true, mode: 0o700 });
  chownSync(scratch, uid, uid);
  process.env.TMPDIR = scratch;
  process.setgroups?.([]);
  process.setgid!(uid);
  process.setuid!(uid);
}
