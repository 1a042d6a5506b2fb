import type { TestContext } from './test-context';

/** What a page request answered: status, where it redirects (303), and the HTML. */
export interface PageAnswer {
  status: number;
  location: string | null;
  text: string;
}

/**
 * A request to a `/ui` page as a signed-in browser would send it: the token in the page cookie and (unless
 * `origin: null`) the judge's own `Origin`. Redirects are not followed, so a test sees the 303 and its target.
 */
export async function pageRequest(ctx: TestContext, method: string, path: string, options: {
  token?: string | null; body?: RequestInit['body']; contentType?: string; origin?: string | null;
} = {}): Promise<PageAnswer> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? ctx.adminToken : options.token;
  if (token) headers.cookie = `judge_token=${encodeURIComponent(token)}`;
  const origin = options.origin === undefined ? ctx.api.url : options.origin;
  if (origin && method !== 'GET') headers.origin = origin;
  if (options.contentType) headers['content-type'] = options.contentType;
  const response = await fetch(`${ctx.api.url}${path}`, { method, headers, body: options.body, redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location'), text: await response.text() };
}

/** A multipart form body with one file field, as the upload page's form sends it. */
export function uploadForm(archive: Buffer, fileName = 'package.tar.gz', field = 'package'): FormData {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(archive)], { type: 'application/gzip' }), fileName);
  return form;
}

/** Form fields as `application/x-www-form-urlencoded`. */
export function formBody(fields: Record<string, string>): { body: string; contentType: string } {
  return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
}
