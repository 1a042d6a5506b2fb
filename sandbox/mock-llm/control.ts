/**
 * @module control
 * Optional HTTP control API (standalone CLI only): PUT /_mock/scripts, GET /_mock/journal,
 * POST /_mock/reset, GET /_mock/usage. Never enabled for in-process use, so candidate code
 * cannot read or change scripts and journal.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from './errors';
import { readBody } from './http-util';
import type { JournalEntry, ScriptRule, UsageSummary } from './types';

/** What the control API may do. */
export interface ControlTarget {
  setScripts(rules: ScriptRule[]): void;
  reset(): void;
  journal(): JournalEntry[];
  usage(): UsageSummary;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function badRequest(res: ServerResponse, message: string): void {
  reply(res, 400, errorBody(message, 'invalid_request_error', null, null));
}

/** Handle one /_mock/* request. */
export async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, target: ControlTarget): Promise<void> {
  const route = `${req.method} ${path}`;
  const raw = await readBody(req);
  if (route === 'PUT /_mock/scripts') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw?.toString('utf8') ?? '');
    } catch {
      return badRequest(res, 'Body must be JSON: an array of script rules or { "rules": [...] }.');
    }
    const rules = Array.isArray(parsed) ? parsed : (parsed as { rules?: unknown })?.rules;
    try {
      target.setScripts(rules as ScriptRule[]);
    } catch (e) {
      return badRequest(res, (e as Error).message);
    }
    return reply(res, 200, { ok: true, rules: (rules as unknown[]).length });
  }
  if (route === 'GET /_mock/journal') return reply(res, 200, target.journal());
  if (route === 'GET /_mock/usage') return reply(res, 200, target.usage());
  if (route === 'POST /_mock/reset') {
    target.reset();
    return reply(res, 200, { ok: true });
  }
  reply(res, 404, errorBody(`Invalid URL (${route})`, 'invalid_request_error', null, null));
}
