import express, { type Router } from 'express';
import { versionParam } from '../core/challenges/challenge-package';
import { AppError } from '../core/platform/app-error';
import { listChallengeVersions } from '../core/challenges/challenge-repository';
import { gateRunSubmissions } from '../core/gate/gate-run-repository';
import { latestSettledGateRun } from '../core/gate/gate-runs';
import { publishVersion, requireChallengeVersion, rerunGate, type VersionRef } from '../core/authoring/publish-version';
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
  const versionOf = (params: Record<string, string | string[]>) => requireChallengeVersion(db, versionRef(params));

  addRoute(router, deps, ops.uploadChallenge, (req, _res, next) => {
    if (!req.is(ARCHIVE_TYPES)) throw new AppError(415, 'unsupported_media_type', `Send the package as a tar.gz or zip body (${ARCHIVE_TYPES.slice(0, 5).join(', ')}).`);
    next();
  }, rawArchive, async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const { record, created, gate } = await uploadChallenge(deps, body, principalOf(res));
    res.status(created ? 201 : 200).location(`/v1/challenges/${record.slug}/versions/${record.version}/gate`).json(uploadView(record, created, gate));
  });

  addRoute(router, deps, ops.listChallengeVersions, async (req, res) => {
    const slug = String(req.params.slug);
    const versions = await listChallengeVersions(db, slug);
    if (versions.length === 0) throw new AppError(404, 'challenge_not_found', `There is no challenge "${slug}".`);
    res.json({ slug, versions });
  });

  addRoute(router, deps, ops.startGate, async (req, res) => {
    const { challenge, gate } = await rerunGate(deps, versionRef(req.params), principalOf(res), deps.config.GATE_RUNS);
    res.status(202).location(`/v1/challenges/${challenge.slug}/versions/${challenge.version}/gate`).json(gateView(gate));
  });

  addRoute(router, deps, ops.getGate, async (req, res) => {
    const challenge = await versionOf(req.params);
    const gate = await latestSettledGateRun(db, challenge.id);
    if (!gate) throw new AppError(404, 'gate_not_found', `Version ${challenge.version} of "${challenge.slug}" has no gate run yet; POST to this URL to start one.`);
    res.json({ slug: challenge.slug, version: challenge.version, versionStatus: challenge.status, ...gateView(gate, await gateRunSubmissions(db, gate.id)) });
  });

  addRoute(router, deps, ops.publishChallengeVersion, async (req, res) => {
    res.json(await publishVersion(db, versionRef(req.params), principalOf(res)));
  });
}

/** The `:slug` and `:version` path parameters (an unparsable version is answered 404 by the lookup). */
function versionRef(params: Record<string, string | string[]>): VersionRef {
  return { slug: String(params.slug), version: versionParam(params.version) };
}
