import path from 'node:path';
import type { z } from 'zod';
import type { authoringSchemas } from '../../api/openapi-authoring-schemas';
import { packTarGz } from '../../core/authoring/archive/pack-tar';
import type { GateRowView } from '../../core/gate/gate-row';
import { readTree } from '../../core/platform/read-tree';
import type { ServerOptions } from './cli-args-parser';
import { gateTableRows } from './gate-table-printer';
import { ApiError, callApi, resolveToken } from './judge-api-client';

type Log = Pick<Console, 'log' | 'table'>;
type ChallengeUpload = z.infer<typeof authoringSchemas.ChallengeUpload>;
type GateRun = z.infer<typeof authoringSchemas.GateRun>;

/**
 * Packs a challenge folder as a tar.gz in memory, uploads it (`POST /v1/challenges`), prints the version, then
 * waits up to `waitSeconds` for its publish gate and prints the gate table. Resolves to whether the gate passed.
 */
export async function pushChallenge(folder: string, server: ServerOptions, waitSeconds: number, log: Log = console, pollMs = 1_000): Promise<{ passed: boolean; slug?: string; version?: number }> {
  const files = await readTree(folder);
  if (!files['challenge.json']) throw new ApiError(`${folder} has no challenge.json; is it a challenge folder?`);
  const top = path.basename(path.resolve(folder));
  const archive = packTarGz(Object.entries(files).map(([file, content]) => ({ path: `${top}/${file}`, content })));
  const token = await resolveToken(server);
  const { json: uploaded } = await callApi<ChallengeUpload>(server, token, 'POST', '/v1/challenges', { data: archive, type: 'application/gzip' });
  log.log(`${uploaded.created ? 'Uploaded' : 'Unchanged:'} ${uploaded.slug} version ${uploaded.version} (${uploaded.status}, ${Object.keys(files).length} files, ${archive.length} bytes)`);
  if (!uploaded.gate) {
    log.log(`No gate run yet; start one: POST ${uploaded.links.gate}`);
    return { passed: false };
  }
  const deadline = Date.now() + waitSeconds * 1_000;
  let gate = uploaded.gate;
  log.log(`Publish gate ${gate.id}: ${gate.runs} reference runs and each known-bad once, through the judge's queue…`);
  while (gate.status === 'running' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, pollMs));
    gate = (await callApi<GateRun>(server, token, 'GET', uploaded.links.gate)).json;
  }
  if (gate.status === 'running') {
    log.log(`The gate is still running (${gate.progress?.finished ?? '?'}/${gate.progress?.total ?? '?'} runs); read it later: GET ${uploaded.links.gate}`);
    return { passed: false };
  }
  log.log(`${gate.status === 'passed' ? 'PASS' : 'FAIL'} ${uploaded.slug} version ${uploaded.version}`);
  log.table(gateTableRows(gate.report as GateRowView[]));
  log.log(gate.status === 'passed'
    ? `Publish it: npm run judge -- challenge publish ${uploaded.slug} ${uploaded.version}`
    : 'The version stays a draft; fix the package and push again.');
  return { passed: gate.status === 'passed', slug: uploaded.slug, version: uploaded.version };
}

/** Publishes a version whose gate passed (`POST …/publish`); the API refuses (409 gate_not_passed) otherwise. */
export async function publishChallenge(slug: string, version: number, server: ServerOptions, log: Pick<Console, 'log'> = console): Promise<void> {
  const token = await resolveToken(server);
  await callApi(server, token, 'POST', `/v1/challenges/${encodeURIComponent(slug)}/versions/${version}/publish`);
  log.log(`Published ${slug} version ${version}: new assessments and staff submissions now get it; existing assessments keep their pinned version.`);
}

/** One line per version of a challenge: its number, status and latest gate (`GET …/versions`). */
export async function listVersions(slug: string, server: ServerOptions, log: Pick<Console, 'log' | 'table'> = console): Promise<void> {
  const token = await resolveToken(server);
  const { json } = await callApi<{ versions: Array<{ version: number; status: string; createdAt: string; gate?: { status?: string } | null }> }>(
    server, token, 'GET', `/v1/challenges/${encodeURIComponent(slug)}/versions`);
  log.table(json.versions.map((v) => ({ version: v.version, status: v.status, gate: v.gate?.status ?? 'none', created: v.createdAt })));
}
