import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ServerOptions } from './cli-args-parser';

/** The bootstrap token file `npm start` writes. */
export const ADMIN_TOKEN_FILE = path.join(__dirname, '..', '..', '.build', 'admin-token');

/** A refusal from the judge's API (or no token): printed with its code, exit 1. */
export class ApiError extends Error {
  constructor(message: string, readonly code?: string, readonly details?: unknown) {
    super(message);
  }
}

/** `--token`, else JUDGE_TOKEN, else the bootstrap admin token `npm start` keeps in .build/admin-token. */
export async function resolveToken(server: ServerOptions, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const token = server.token ?? env.JUDGE_TOKEN ?? (await readFile(ADMIN_TOKEN_FILE, 'utf8').then((t) => t.trim(), () => ''));
  if (!token) throw new ApiError(`no token: pass --token, set JUDGE_TOKEN, or start the judge once (npm start writes ${ADMIN_TOKEN_FILE})`);
  return token;
}

/** Calls the API and returns the JSON body; a non-2xx answer throws `ApiError` with the API's code and details. */
export async function callApi(server: ServerOptions, token: string, method: string, route: string, body?: { data: Buffer; type: string }): Promise<{ status: number; json: any }> {
  let response: Response;
  try {
    response = await fetch(new URL(route, server.url), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': body.type } : {}) },
      ...(body ? { body: body.data } : {}),
    });
  } catch (error) {
    throw new ApiError(`cannot reach the judge at ${server.url}: ${(error as Error).message} (is it running? npm start)`);
  }
  const json: any = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(json?.error?.message ?? `${method} ${route} answered ${response.status}`, json?.error?.code, json?.error?.details);
  return { status: response.status, json };
}
