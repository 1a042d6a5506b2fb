import { z } from 'zod';
import { LANGUAGES, type Language } from '../../sandbox/harness/protocol';
import { UsageError, type ServerOptions } from './cli-types';

/** The assessment and invite commands of the CLI. */
export type StaffCommand =
  | { command: 'assessment create'; server: ServerOptions; body: Record<string, unknown> }
  | { command: 'assessment list'; server: ServerOptions }
  | { command: 'assessment close'; server: ServerOptions; id: string }
  | { command: 'invite add'; server: ServerOptions; assessmentId: string; csvFile?: string; one?: { name: string; email: string; externalId?: string } }
  | { command: 'invite list'; server: ServerOptions; assessmentId: string };

export const STAFF_USAGE = `  npm run judge -- assessment create --name NAME --challenges slug[,slug] [--duration MINUTES] [--opens ISO] [--closes ISO]
                                    [--languages typescript,javascript,python] [--callback URL]
  npm run judge -- assessment list
  npm run judge -- assessment close <assessment-id>
  npm run judge -- invite add <assessment-id> --csv FILE          (lines: name,email[,external_id]; - reads stdin)
  npm run judge -- invite add <assessment-id> --name NAME --email EMAIL [--external-id ID]
  npm run judge -- invite list <assessment-id>
  (each also takes --url URL and --token T)`;

const serverFlags = { url: z.url().optional(), token: z.string().min(1).optional() };
const list = (values: readonly string[] | undefined = undefined) => z.string().transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
  .refine((items) => items.length > 0 && (!values || items.every((i) => values.includes(i))), values ? `a comma list of ${values.join(', ')}` : 'a comma list');

const createFlags = z.object({
  ...serverFlags, name: z.string().min(1), challenges: list(), duration: z.coerce.number().int().positive().optional(),
  opens: z.iso.datetime({ offset: true }).optional(), closes: z.iso.datetime({ offset: true }).optional(), languages: list(LANGUAGES).optional(), callback: z.url().optional(),
}).strict();
const inviteFlags = z.object({ ...serverFlags, csv: z.string().min(1).optional(), name: z.string().min(1).optional(), email: z.string().min(1).optional(), 'external-id': z.string().min(1).optional() })
  .strict().refine((f) => (f.csv === undefined) !== (f.name === undefined && f.email === undefined), 'give --csv FILE, or --name and --email')
  .refine((f) => f.csv !== undefined || (f.name !== undefined && f.email !== undefined), 'give both --name and --email');

function parse<S extends z.ZodType>(schema: S, flags: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(flags);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.length ? `--${String(i.path[0])}` : 'flags'}: ${i.message}`).join('; '));
  return parsed.data;
}

function oneArgument(positional: string[], what: string, usage: string): string {
  if (positional.length !== 1) throw new UsageError(`${usage} takes ${what}; got ${positional.length ? positional.join(' ') : 'nothing'}`);
  return positional[0]!;
}

/** Parses `assessment …` and `invite …` (after the split into positional arguments and flags); throws UsageError. */
export function parseStaffCommand(group: string, command: string, split: { positional: string[]; flags: Record<string, string> }, serverOf: (f: { url?: string; token?: string }) => ServerOptions): StaffCommand {
  const { positional, flags } = split;
  const key = `${group} ${command}`;
  if (key === 'assessment create') {
    if (positional.length) throw new UsageError(`assessment create takes no arguments; got ${positional.join(' ')}`);
    const f = parse(createFlags, flags);
    const body = { name: f.name, challenges: f.challenges, durationMinutes: f.duration, opensAt: f.opens, closesAt: f.closes, languages: f.languages as Language[] | undefined, callbackUrl: f.callback };
    return { command: key, server: serverOf(f), body: Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) };
  }
  if (key === 'assessment list') return { command: key, server: serverOf(parse(z.object(serverFlags).strict(), flags)) };
  if (key === 'assessment close') return { command: key, server: serverOf(parse(z.object(serverFlags).strict(), flags)), id: oneArgument(positional, '<assessment-id>', key) };
  if (key === 'invite list') return { command: key, server: serverOf(parse(z.object(serverFlags).strict(), flags)), assessmentId: oneArgument(positional, '<assessment-id>', key) };
  if (key === 'invite add') {
    const f = parse(inviteFlags, flags);
    const one = f.name && f.email ? { name: f.name, email: f.email, ...(f['external-id'] ? { externalId: f['external-id'] } : {}) } : undefined;
    return { command: key, server: serverOf(f), assessmentId: oneArgument(positional, '<assessment-id>', key), csvFile: f.csv, one };
  }
  throw new UsageError(`unknown command: ${key}`);
}
