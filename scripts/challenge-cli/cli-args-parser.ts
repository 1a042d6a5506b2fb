import { z } from 'zod';

export const FAMILIES = ['rag', 'data', 'endpoint'] as const;
export type Family = (typeof FAMILIES)[number];

/** A command line the CLI understands. */
export type CliCommand =
  | { command: 'init'; slug: string; family: Family; dir: string }
  | { command: 'test'; folder: string; runs: number }
  | { command: 'push'; folder: string; server: ServerOptions; waitSeconds: number }
  | { command: 'publish'; slug: string; version: number; server: ServerOptions };

/** Where the judge's API is and the token to call it with (`--token`, else JUDGE_TOKEN, else .build/admin-token). */
export interface ServerOptions {
  url: string;
  token?: string;
}

/** A command line the CLI does not understand: print usage and exit 2. */
export class UsageError extends Error {}

export const USAGE = `Usage:
  npm run judge -- challenge init <slug> --family rag|data|endpoint [--dir challenges]
  npm run judge -- challenge test <folder> [--runs N]
  npm run judge -- challenge push <folder> [--url http://127.0.0.1:3000] [--token T] [--wait SECONDS]
  npm run judge -- challenge publish <slug> <version> [--url http://127.0.0.1:3000] [--token T]`;

const initSchema = z.object({
  positional: z.tuple([z.string()]),
  flags: z.object({ family: z.enum(FAMILIES), dir: z.string().min(1).default('challenges') }).strict(),
});
const testSchema = z.object({
  positional: z.tuple([z.string().min(1)]),
  flags: z.object({ runs: z.coerce.number().int().min(1).max(100).default(10) }).strict(),
});

const serverFlags = { url: z.url().default('http://127.0.0.1:3000'), token: z.string().min(1).optional() };
const pushSchema = z.object({
  positional: z.tuple([z.string().min(1)]),
  flags: z.object({ ...serverFlags, wait: z.coerce.number().int().min(0).max(3_600).default(600) }).strict(),
});
const publishSchema = z.object({
  positional: z.tuple([z.string().min(1), z.coerce.number().int().positive()]),
  flags: z.object(serverFlags).strict(),
});
const SCHEMAS = { init: initSchema, test: testSchema, push: pushSchema, publish: publishSchema } as const;

/** Parses `challenge init|test|push|publish …` (argv without node and the script); throws UsageError. */
export function parseCliArgs(argv: string[]): CliCommand {
  const [group, command, ...rest] = argv;
  if (group !== 'challenge' || !command || !Object.hasOwn(SCHEMAS, command)) throw new UsageError(`unknown command: ${argv.slice(0, 2).join(' ') || '(none)'}`);
  const split = splitArgs(rest);
  const schema = SCHEMAS[command as keyof typeof SCHEMAS];
  const parsed = schema.safeParse(split);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${describePath(i.path)}: ${i.message}`);
    throw new UsageError(problems.join('; '));
  }
  if (command === 'init') {
    const { positional, flags } = parsed.data as z.infer<typeof initSchema>;
    return { command, slug: positional[0], family: flags.family, dir: flags.dir };
  }
  if (command === 'push') {
    const { positional, flags } = parsed.data as z.infer<typeof pushSchema>;
    return { command, folder: positional[0], server: { url: flags.url, token: flags.token }, waitSeconds: flags.wait };
  }
  if (command === 'publish') {
    const { positional, flags } = parsed.data as z.infer<typeof publishSchema>;
    return { command, slug: positional[0], version: positional[1], server: { url: flags.url, token: flags.token } };
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
