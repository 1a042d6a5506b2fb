import type { Queue } from 'bullmq';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { AppError } from '../platform/app-error';
import { ArchiveError } from './archive/archive-error';
import { readArchive } from './archive/read-archive';
import { claimChallengeSlug, type Author } from '../challenges/challenge-owner-repository';
import { saveChallengeVersion, type ChallengeRecord } from '../challenges/challenge-repository';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import { latestGateRun, type GateRunRecord } from '../gate/gate-run-repository';
import { startGateRun } from '../gate/gate-runs';
import { packageWithSolutions } from '../challenges/package-with-solutions';
import { PackageError, type PackageIssue } from '../challenges/package-issues';
import { collectPlanInSandbox } from '../challenges/sandboxed-test-plan';
import type { JudgeJob } from '../submissions/submission-queue';

type UploadDeps = { db: Db; queue: Queue<JudgeJob>; docker: Docker; config: Config; log: Logger };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Accepts an uploaded package archive: unpacks it in memory under the upload caps, validates the package and its
 * solutions (every problem at once: 400 `invalid_package`), collects the test plan in a sandbox, checks the uploader may
 * author the slug (403 `challenge_not_yours`), stores it as the slug's next `draft` version and queues
 * its publish gate. The same content as the latest version answers that version (`created: false`). Nothing is
 * stored when anything is refused.
 */
export async function uploadChallenge(deps: UploadDeps, body: Buffer, uploader: Author): Promise<{ record: ChallengeRecord; created: boolean; gate: GateRunRecord | undefined }> {
  const { config } = deps;
  let archive: Map<string, Buffer>;
  try {
    archive = await readArchive(body, {
      maxUnpackedBytes: config.UPLOAD_MAX_UNPACKED_BYTES, maxFiles: config.UPLOAD_MAX_FILES, maxFileBytes: config.UPLOAD_MAX_FILE_BYTES,
    });
  } catch (error) {
    if (error instanceof ArchiveError) throw new AppError(error.status, error.code, error.message, error.entry === undefined ? undefined : { entry: error.entry });
    throw error;
  }
  const issues: PackageIssue[] = [];
  const files: Record<string, string> = {};
  for (const [path, data] of archive) {
    try {
      files[path] = utf8.decode(data);
    } catch {
      issues.push({ path, problem: 'is not UTF-8 text', expected: 'text files only (a package holds no binaries)' });
    }
  }
  let parsed;
  try {
    parsed = packageWithSolutions(files, { requireReference: true, evaluateTests: false });
    if (issues.length) throw new PackageError(issues);
    // The test files' top level is the uploader's code: it runs in a sandbox, never on this host.
    const planned = await collectPlanInSandbox(deps, parsed.pkg.tests);
    const testFiles = { path: 'tests', expected: 'test files that load and declare tests with @judge/test' };
    if ('error' in planned) throw new PackageError([{ ...testFiles, problem: `loading the tests failed: ${planned.error}` }]);
    if (planned.plan.length === 0) throw new PackageError([{ ...testFiles, problem: 'the test files declare no tests' }]);
    parsed.pkg.plan = planned.plan;
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    const all = [...issues, ...error.issues.filter((i) => !issues.includes(i))];
    throw new AppError(400, 'invalid_package', `The package has ${all.length} problem${all.length === 1 ? '' : 's'}; see details.issues.`, { issues: all });
  }
  await claimChallengeSlug(deps.db, parsed.pkg.manifest.slug, uploader);
  const { record, created } = await saveChallengeVersion(deps.db, parsed.pkg, { status: 'draft', solutions: parsed.solutions });
  const gate = created ? await startGateRun(deps, record, { runs: config.GATE_RUNS, createdBy: uploader.tokenId }) : await latestGateRun(deps.db, record.id);
  deps.log.info({ challenge: record.slug, version: record.version, created }, 'challenge package uploaded');
  return { record, created, gate };
}
