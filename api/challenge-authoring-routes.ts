import express, { type Router } from 'express';
import { AppError } from '../core/platform/app-error';
import { assertMayAuthor } from '../core/challenges/challenge-owner-repository';
import { findAnyChallengeVersion, listChallengeVersions, publishChallengeVersion, type ChallengeRecord } from '../core/challenges/challenge-repository';
import { gateRunSubmissions, latestGateRun } from '../core/gate/gate-run-repository';
import { settleGateRun, startGateRun } from '../core/gate/gate-runs';
import { principalOf } from './auth-middleware';
import { OPERATIONS as ops, addRoute } from './operations';
import { gateView, uploadView } from '../core/authoring/authoring-view';
import type { ApiDeps } from './api-deps';
import { uploadChallenge } from '../core/authoring/upload-challenge';

/** The media types an upload may be sent as; the format itself is recognised from its first bytes. */
export const ARCHIVE_TYPES = ['application/gzip', 'application/x-gzip', 'application/x-tar+gzip', 'application/x-compressed-tar', 'application/zip', 'application/x-zip-compressed', 'application/octet-stream'];

/** Uploading packages, their versions, the publish gate and publishing. */
export function addChallengeAuthoringRoutes(router: Router, deps: ApiDeps): void {
  const { db } = deps;
  const rawArchive = express.raw({ type: () => true, limit: deps.config.UPLOAD_MAX_BYTES });
  const versionOf = async (params: Record<string, string | string[]>): Promise<ChallengeRecord> => {
    const version = Number(params.version);
    const challenge = Number.isSafeInteger(version) && version > 0 ? await findAnyChallengeVersion(db, String(params.slug), version) : undefined;
    if (!challenge) throw new AppError(404, 'challenge_not_found', `There is no version ${params.version} of challenge "${params.slug}".`);
    return challenge;
  };

  addRoute(router, deps, ops.uploadChallenge, (req, _res, next) => {
    if (!req.is(ARCHIVE_TYPES)) throw new AppError(415, 'unsupported_media_type', `Send the package as a tar.gz or zip body (${ARCHIVE_TYPES.slice(0, 5).join(', ')}).`);
    next();
  }, rawArchive, async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const { record, created, gate } = await uploadChallenge(deps, body, principalOf(res));
    res.status(created ? 201 : 200).location(`/v1/challenges/${record.slug}/versions/${record.version}/gate`).json(uploadView(record, created, gate));
  });

  addRoute(router, deps, ops.listChallengeVersions, async (req, res) => {
    const versions = await listChallengeVersions(db, String(req.params.slug));
    if (versions.length === 0) throw new AppError(404, 'challenge_not_found', `There is no challenge "${req.params.slug}".`);
    res.json({ slug: req.params.slug, versions });
  });

  addRoute(router, deps, ops.startGate, async (req, res) => {
    const challenge = await versionOf(req.params);
    await assertMayAuthor(db, challenge.slug, principalOf(res));
    const gate = await startGateRun(deps, challenge, deps.config.GATE_RUNS, principalOf(res).tokenId);
    res.status(202).location(`/v1/challenges/${challenge.slug}/versions/${challenge.version}/gate`).json(gateView(gate));
  });

  addRoute(router, deps, ops.getGate, async (req, res) => {
    const challenge = await versionOf(req.params);
    const latest = await latestGateRun(db, challenge.id);
    if (!latest) throw new AppError(404, 'gate_not_found', `Version ${challenge.version} of "${challenge.slug}" has no gate run yet; POST to this URL to start one.`);
    const gate = (await settleGateRun(db, latest.id))!;
    res.json({ slug: challenge.slug, version: challenge.version, versionStatus: challenge.status, ...gateView(gate, await gateRunSubmissions(db, gate.id)) });
  });

  addRoute(router, deps, ops.publishChallengeVersion, async (req, res) => {
    const challenge = await versionOf(req.params);
    await assertMayAuthor(db, challenge.slug, principalOf(res));
    if (challenge.status === 'retired') throw new AppError(409, 'challenge_retired', `Version ${challenge.version} of "${challenge.slug}" is retired.`);
    if (challenge.status === 'draft') {
      const latest = await latestGateRun(db, challenge.id);
      const gate = latest && (await settleGateRun(db, latest.id));
      if (gate?.status !== 'passed') {
        throw new AppError(409, 'gate_not_passed', `Version ${challenge.version} of "${challenge.slug}" has not passed the publish gate (latest gate: ${gate?.status ?? 'none'}).`, { gate: gate ? gateView(gate) : null });
      }
      await publishChallengeVersion(db, challenge.id);
    }
    res.json({ slug: challenge.slug, version: challenge.version, status: 'published' });
  });
}
