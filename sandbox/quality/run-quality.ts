/**
 * @module quality/run-quality
 * The harness's `quality` mode: analyses the payload's files (never runs them) and returns one report.
 */
import type { QualityPayload, QualityReport } from '../harness/protocol';
import { analyzeQuality } from './analyze';

export function runQuality(payload: QualityPayload): QualityReport {
  const started = performance.now();
  try {
    const analysis = analyzeQuality(payload.files);
    return { version: 1, mode: 'quality', analysis, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { version: 1, mode: 'quality', error: (error as Error).stack ?? String(error), durationMs: Math.round(performance.now() - started) };
  }
}
