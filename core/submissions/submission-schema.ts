import path from 'node:path';
import { z } from 'zod';
import { LANGUAGES } from '../../sandbox/harness/protocol';
import type { Config } from '../platform/config';

const SAFE_PATH = /^[A-Za-z0-9._@+-]+(\/[A-Za-z0-9._@+-]+)*$/;

/** A relative POSIX path inside the submission: no absolute paths, no `..`, no NUL, no backslashes, no empty segments. */
export const filePathSchema = z.string().min(1).max(200).superRefine((value, ctx) => {
  if (value.includes('\0')) ctx.addIssue({ code: 'custom', message: 'must not contain NUL bytes' });
  else if (value.startsWith('/')) ctx.addIssue({ code: 'custom', message: 'must be relative, not absolute' });
  else if (value.split('/').some((s) => s === '..' || s === '.')) ctx.addIssue({ code: 'custom', message: 'must not contain "." or ".." segments' });
  else if (!SAFE_PATH.test(value) || path.posix.normalize(value) !== value) {
    ctx.addIssue({ code: 'custom', message: 'may use letters, digits, "._@+-" and "/" between non-empty segments' });
  }
});

/** Pairs of (path, a folder of it that is also a file's path): such a map cannot be written to a file system. */
export function fileFolderClashes(paths: string[]): Array<[file: string, folder: string]> {
  const all = new Set(paths);
  return paths.flatMap((file) => {
    const segments = file.split('/');
    return segments.slice(1).map((_, i) => segments.slice(0, i + 1).join('/')).filter((folder) => all.has(folder)).map((folder) => [file, folder] as [string, string]);
  });
}

/** The body of `POST /v1/submissions`, with the file-map bounds taken from the configuration. */
export function submissionBodySchema(config: Config) {
  return z.object({
    challenge: z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'a challenge slug'),
    language: z.enum(LANGUAGES),
    files: z.record(filePathSchema, z.string().max(config.MAX_FILE_BYTES, `each file must be at most ${config.MAX_FILE_BYTES} characters`)
      .refine((s) => !s.includes('\0'), 'file contents must not contain NUL bytes')
      .refine((s) => (s as string & { isWellFormed(): boolean }).isWellFormed(), 'file contents must be valid Unicode (no lone surrogates)'))
      .superRefine((files, ctx) => {
        const count = Object.keys(files).length;
        if (count === 0) ctx.addIssue({ code: 'custom', message: 'at least one file is required' });
        if (count > config.MAX_FILES) ctx.addIssue({ code: 'custom', message: `at most ${config.MAX_FILES} files are allowed (got ${count})` });
        const total = Object.values(files).reduce((sum, s) => sum + Buffer.byteLength(s), 0);
        if (total > config.MAX_TOTAL_FILE_BYTES) ctx.addIssue({ code: 'custom', message: `files may total at most ${config.MAX_TOTAL_FILE_BYTES} bytes (got ${total})` });
        for (const [file, folder] of fileFolderClashes(Object.keys(files))) {
          ctx.addIssue({ code: 'custom', path: [file], message: `"${folder}" is both a file and a folder of "${file}"` });
        }
      }),
  }).strict();
}

export type SubmissionBody = z.infer<ReturnType<typeof submissionBodySchema>>;

/**
 * `POST /v1/submissions?wait=…`: `true` waits up to `SUBMIT_WAIT_MAX_SECONDS` for the verdict, a number of seconds
 * waits that long (capped); absent or `false` answers at once.
 */
export function submitQuerySchema(config: Pick<Config, 'SUBMIT_WAIT_MAX_SECONDS'>) {
  return z.object({
    wait: z.union([z.enum(['true', 'false']), z.coerce.number().int().min(0).max(config.SUBMIT_WAIT_MAX_SECONDS)]).optional()
      .meta({ description: `Wait for the verdict: true (up to ${config.SUBMIT_WAIT_MAX_SECONDS} s) or a number of seconds; 200 with the result when it came in time, else 202` }),
  }).strict().transform(({ wait }) => ({ waitSeconds: wait === 'true' ? config.SUBMIT_WAIT_MAX_SECONDS : wait === 'false' || wait === undefined ? 0 : wait }));
}

export const submissionIdSchema = z.uuid();
