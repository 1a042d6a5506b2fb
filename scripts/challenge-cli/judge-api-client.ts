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

/** The error body every non-2xx answer of the API carries. */
interface ApiErrorBody {
  error?: { message?: string; code?: string; details?: unknown };
}

/**
 * Calls the API and returns the JSON body, typed `T` as the caller expects it (not checked); a non-2xx answer throws
 * `ApiError` with the API's code and details.
 */
export async function callApi<T = unknown>(server: ServerOptions, token: string, method: string, route: string, body?: { data: Buffer; type: string }): Promise<{ status: number; json: T }> {
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
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (json as ApiErrorBody | undefined)?.error;
    throw new ApiError(error?.message ?? `${method} ${route} answered ${response.status}`, error?.code, error?.details);
  }
  return { status: response.status, json: json as T };
}
