import type { z } from 'zod';
import { AppError } from '../core/platform/app-error';

/** Parses untrusted input with a zod schema; failures become a 400 `validation_failed` listing every issue. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const summary = issues.slice(0, 3).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new AppError(400, 'validation_failed', `The ${what} is invalid: ${summary}`, issues);
}
