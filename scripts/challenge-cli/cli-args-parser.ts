import { z } from 'zod';
import { LANGUAGES, type Language } from '../../sandbox/harness/protocol';
import { parseStaffCommand, STAFF_USAGE, type StaffCommand } from './staff-args-parser';
import { UsageError, type ServerOptions } from './cli-types';

export const FAMILIES = ['rag', 'data', 'endpoint'] as const;
export type Family = (typeof FAMILIES)[number];
/** The languages `challenge init` scaffolds without `--language`/`--languages`. */
export const DEFAULT_LANGUAGES: Language[] = ['typescript', 'javascript'];

/** A command line the CLI understands. */
export type CliCommand =
  | { command: 'init'; slug: string; family: Family; dir: string; languages: Language[] }
  | { command: 'test'; folder: string; runs: number }
  | { command: 'push'; folder: string; server: ServerOptions; waitSeconds: number; publish: boolean }
  | { command: 'versions'; slug: string; server: ServerOptions }
  | { command: 'help' }
  | { command: 'publish'; slug: string; version: number; server: ServerOptions }
  | StaffCommand;

export { UsageError, type ServerOptions };

export const USAGE = `Usage:
  npm run judge -- challenge init <slug> --family rag|data|endpoint [--languages typescript,javascript,python] [--dir challenges]
  npm run judge -- challenge test <folder> [--runs N]
  npm run judge -- challenge push <folder> [--url URL] [--token T] [--wait SECONDS] [--publish]
  npm run judge -- challenge publish <slug> <version> [--url URL] [--token T]
  npm run judge -- challenge versions <slug> [--url URL] [--token T]
${STAFF_USAGE}
  npm run judge -- --help
The server is --url, else JUDGE_URL, else http://127.0.0.1:3000; the token --token, else JUDGE_TOKEN, else the
bootstrap admin token npm start keeps in .build/admin-token. init scaffolds typescript,javascript unless
--languages (or --language) names others: e.g. --language python, or --languages typescript,python.`;

/** What each command takes as arguments, for messages naming what is missing. */
const ARGUMENTS: Record<string, string> = { init: '<slug>', test: '<folder>', push: '<folder>', publish: '<slug> <version>', versions: '<slug>' };

/** `typescript,python` → ['typescript', 'python'] (each once, in the order given). */
const languageList = z.string().transform((s) => [...new Set(s.split(',').map((l) => l.trim()).filter(Boolean))])
  .pipe(z.array(z.enum(LANGUAGES, { error: `each of ${LANGUAGES.join(', ')}` })).min(1, 'at least one language'));
const initSchema = z.object({
  positional: z.tuple([z.string()]),
  flags: z.object({
    family: z.enum(FAMILIES), dir: z.string().min(1).default('challenges'), language: languageList.optional(), languages: languageList.optional(),
  }).strict().refine((f) => !(f.language && f.languages), { message: 'give --language or --languages, not both', path: ['languages'] }),
});
const testSchema = z.object({
  positional: z.tuple([z.string().min(1)]),
  flags: z.object({ runs: z.coerce.number().int().min(1).max(100).default(10) }).strict(),
});

const serverFlags = { url: z.url().optional(), token: z.string().min(1).optional() };
const pushSchema = z.object({
  positional: z.tuple([z.string().min(1)]),
  flags: z.object({ ...serverFlags, wait: z.coerce.number().int().min(0).max(3_600).default(600), publish: z.enum(['true', 'false']).optional() }).strict(),
});
const versionsSchema = z.object({ positional: z.tuple([z.string().min(1)]), flags: z.object(serverFlags).strict() });
const publishSchema = z.object({
  positional: z.tuple([z.string().min(1), z.coerce.number().int().positive()]),
  flags: z.object(serverFlags).strict(),
});
const SCHEMAS = { init: initSchema, test: testSchema, push: pushSchema, publish: publishSchema, versions: versionsSchema } as const;

/** The server a command talks to: the flag, else JUDGE_URL, else the judge on this machine. */
function serverOf(flags: { url?: string; token?: string }, env: NodeJS.ProcessEnv = process.env): ServerOptions {
  return { url: flags.url ?? env.JUDGE_URL ?? 'http://127.0.0.1:3000', token: flags.token };
}

/** Parses `challenge init|test|push|publish …` (argv without node and the script); throws UsageError. */
export function parseCliArgs(argv: string[]): CliCommand {
  if (argv.some((a) => a === '--help' || a === '-h') || argv[0] === 'help') return { command: 'help' };
  const [group, command, ...rest] = argv;
  if ((group === 'assessment' || group === 'invite') && command) return parseStaffCommand(group, command, splitArgs(rest), (f) => serverOf(f));
  if (group !== 'challenge' || !command || !Object.hasOwn(SCHEMAS, command)) throw new UsageError(`unknown command: ${argv.slice(0, 2).join(' ') || '(none)'}`);
  const split = splitArgs(rest.map((a) => (a === '--publish' ? '--publish=true' : a)));
  const wanted = ARGUMENTS[command]!.split(' ').length;
  if (split.positional.length !== wanted) {
    throw new UsageError(`challenge ${command} takes ${ARGUMENTS[command]}; got ${split.positional.length ? split.positional.join(' ') : 'nothing'}`);
  }
  const schema = SCHEMAS[command as keyof typeof SCHEMAS];
  const parsed = schema.safeParse(split);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${describePath(i.path)}: ${i.message}`);
    throw new UsageError(problems.join('; '));
  }
  if (command === 'init') {
    const { positional, flags } = parsed.data as z.infer<typeof initSchema>;
    return { command, slug: positional[0], family: flags.family, dir: flags.dir, languages: flags.languages ?? flags.language ?? DEFAULT_LANGUAGES };
  }
  if (command === 'push') {
    const { positional, flags } = parsed.data as z.infer<typeof pushSchema>;
    return { command, folder: positional[0], server: serverOf(flags), waitSeconds: flags.wait, publish: flags.publish === 'true' };
  }
  if (command === 'publish') {
    const { positional, flags } = parsed.data as z.infer<typeof publishSchema>;
    return { command, slug: positional[0], version: positional[1], server: serverOf(flags) };
  }
  if (command === 'versions') {
    const { positional, flags } = parsed.data as z.infer<typeof versionsSchema>;
    return { command, slug: positional[0], server: serverOf(flags) };
  }
  const { positional, flags } = parsed.data as z.infer<typeof testSchema>;
  return { command: 'test', folder: positional[0], runs: flags.runs };
}

function splitArgs(args: string[]): { positional: string[]; flags: Record<string, string> } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    flags[name] = value;
  }
  return { positional, flags };
}

function describePath(path: PropertyKey[]): string {
  if (path[0] === 'flags') return path.length > 1 ? `--${String(path[1])}` : 'flags';
  return 'arguments';
}
