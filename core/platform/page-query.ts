import { z } from 'zod';
import { AppError } from './app-error';

/** The most items one page of a list may hold. */
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 100;

/** The query parameters every paginated list takes: `limit`, `cursor` (from `nextCursor`) and `fields`. */
export const pageQueryShape = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE)
    .meta({ description: `Items per page (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).` }),
  cursor: z.string().min(1).max(300).optional()
    .meta({ description: 'The `nextCursor` of the previous page; absent for the first page.' }),
  fields: z.string().min(1).max(500).optional()
    .meta({ description: 'Comma-separated top-level fields to return (e.g. `id,verdict,score`); `id` is always returned.' }),
};

/** Where a page starts: the sort key (a timestamp as PostgreSQL prints it, exact to the microsecond) and the id. */
export interface PageCursor { at: string; id: string }

/** A row as a paginated query returns it: its own columns plus `pageAt` (`created_at::text`), the sort key. */
export type PagedRow<T> = T & { pageAt: string };

/** The cursor of a page query, or undefined; 400 `validation_failed` when it is not one this API gave. */
export function decodeCursor(raw: string | undefined): PageCursor | undefined {
  if (raw === undefined) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at)) && id.length <= 64) return { at, id };
  } catch {
    // falls through to the error
  }
  throw new AppError(400, 'validation_failed', 'The query string is invalid: cursor: not a cursor this API returned (use nextCursor as given)', [{ path: 'cursor', message: 'not a cursor this API returned' }]);
}

/**
 * The SQL that starts a page after `cursor` for rows ordered by (`column`, `idColumn`) in `direction`, with its
 * parameters numbered from `firstParam`; an empty clause for the first page.
 */
export function afterCursor(cursor: PageCursor | undefined, columns: { at: string; id: string }, direction: 'asc' | 'desc', firstParam: number): { sql: string; params: unknown[] } {
  if (!cursor) return { sql: '', params: [] };
  const op = direction === 'desc' ? '<' : '>';
  return { sql: ` AND (${columns.at}, ${columns.id}::text) ${op} ($${firstParam}::timestamptz, $${firstParam + 1}::text)`, params: [cursor.at, cursor.id] };
}

/** A page from `limit + 1` fetched rows: the items (without `pageAt`) and the cursor of the next page, or null. */
export function pageOf<T extends { id: unknown }>(rows: Array<PagedRow<T>>, limit: number): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  const items = kept.map(({ pageAt: _at, ...item }) => item as unknown as T);
  return { items, nextCursor: more && last ? Buffer.from(JSON.stringify([last.pageAt, String(last.id)])).toString('base64url') : null };
}

/**
 * Keeps only the requested top-level fields of each item (`id` always); 400 `validation_failed` naming any field
 * the list does not have.
 */
export function pickFields<T extends Record<string, unknown>>(items: T[], fields: string | undefined, allowed: readonly string[]): Array<Partial<T>> {
  if (fields === undefined) return items;
  const wanted = [...new Set(['id', ...fields.split(',').map((f) => f.trim()).filter(Boolean)])];
  const unknown = wanted.filter((f) => !allowed.includes(f));
  if (unknown.length) {
    throw new AppError(400, 'validation_failed', `The query string is invalid: fields: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a field' : 'are not fields'} of this list (fields: ${allowed.join(', ')})`,
      [{ path: 'fields', message: `unknown: ${unknown.join(', ')}` }]);
  }
  return items.map((item) => Object.fromEntries(wanted.filter((f) => f in item).map((f) => [f, item[f]])) as Partial<T>);
}
