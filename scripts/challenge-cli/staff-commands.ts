import { readFile } from 'node:fs/promises';
import { parseInviteCsv } from '../../core/assessments/invite-csv';
import { ApiError, callApi, resolveToken } from './judge-api-client';
import type { StaffCommand } from './staff-args-parser';

type Log = Pick<Console, 'log' | 'error' | 'table'>;
const json = (body: unknown) => ({ data: Buffer.from(JSON.stringify(body)), type: 'application/json' });

/** Every item of a paginated list, following `nextCursor`. */
async function allPages<T>(call: (route: string) => Promise<{ json: Record<string, unknown> }>, route: string, key: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page = (await call(`${route}${route.includes('?') ? '&' : '?'}limit=500${cursor ? `&cursor=${cursor}` : ''}`)).json;
    items.push(...(page[key] as T[]));
    cursor = page.nextCursor as string | null;
  } while (cursor);
  return items;
}

/** A CSV field, quoted when it needs to be. */
const csvField = (value: string | null | undefined) => {
  const text = value ?? '';
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

async function inviteBodies(command: Extract<StaffCommand, { command: 'invite add' }>): Promise<unknown[]> {
  if (command.one) return [command.one];
  const text = command.csvFile === '-' ? await readStdin() : await readFile(command.csvFile!, 'utf8');
  const { invites, errors } = parseInviteCsv(text);
  if (errors.length) throw new ApiError(`nothing was sent; fix these lines:\n${errors.map((e) => `  line ${e.line}: ${e.message}`).join('\n')}`);
  return invites;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs an assessment or invite command; throws ApiError on a refusal. */
export async function runStaffCommand(command: StaffCommand, log: Log): Promise<void> {
  const token = await resolveToken(command.server);
  const call = <T = Record<string, unknown>>(method: string, route: string, body?: unknown) => callApi<T>(command.server, token, method, route, body === undefined ? undefined : json(body));
  if (command.command === 'assessment create') {
    const { json: a } = await call<{ id: string; name: string; webhookSecret?: string }>('POST', '/v1/assessments', command.body);
    log.log(`Created assessment ${a.id} (${a.name})`);
    if (a.webhookSecret) log.log(`Webhook secret (shown once): ${a.webhookSecret}`);
  } else if (command.command === 'assessment list') {
    const rows = await allPages<Record<string, unknown>>((r) => call('GET', r), '/v1/assessments?fields=name,challenges,closesAt,durationMinutes', 'assessments');
    log.table(rows.map((a) => ({ id: a.id, name: a.name, challenges: (a.challenges as Array<{ slug: string }>).map((c) => c.slug).join(', '), closesAt: a.closesAt ?? '', minutes: a.durationMinutes ?? '' })));
  } else if (command.command === 'assessment close') {
    const { json: a } = await call<{ id: string; closesAt: string }>('POST', `/v1/assessments/${encodeURIComponent(command.id)}/close`);
    log.log(`Closed assessment ${a.id} at ${a.closesAt}`);
  } else if (command.command === 'invite add') {
    const { json: created } = await call<{ invites: Array<Record<string, unknown>> }>('POST', `/v1/assessments/${encodeURIComponent(command.assessmentId)}/invites/bulk`, { invites: await inviteBodies(command) });
    // CSV on stdout, so it can be saved: the tokens are shown this once
    log.log('name,email,external_id,invite_id,token');
    for (const i of created.invites) log.log([i.name, i.email, i.externalId, i.id, i.token].map((v) => csvField(v as string | null | undefined)).join(','));
  } else {
    const rows = await allPages<Record<string, unknown>>((r) => call('GET', r), `/v1/assessments/${encodeURIComponent(command.assessmentId)}/invites?fields=name,email,externalId,status,startedAt,finishedAt`, 'invites');
    log.table(rows.map(({ id, name, email, externalId, status, startedAt, finishedAt }) => ({ id, name, email, externalId: externalId ?? '', status, startedAt: startedAt ?? '', finishedAt: finishedAt ?? '' })));
  }
}
