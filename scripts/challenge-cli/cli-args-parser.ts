import { z } from 'zod';

export const FAMILIES = ['rag', 'data', 'endpoint'] as const;
export type Family = (typeof FAMILIES)[number];

/** A command line the CLI understands. */
export type CliCommand =
  | { command: 'init'; slug: string; family: Family; dir: string }
  | { command: 'test'; folder: string; runs: number };

/** A command line the CLI does not understand: print usage and exit 2. */
export class UsageError extends Error {}

export const USAGE = `Usage:
  npm run judge -- challenge init <slug> --family rag|data|endpoint [--dir challenges]
  npm run judge -- challenge test <folder> [--runs N]`;

const initSchema = z.object({
  positional: z.tuple([z.string()]),
  flags: z.object({ family: z.enum(FAMILIES), dir: z.string().min(1).default('challenges') }).strict(),
});
const testSchema = z.object({
  positional: z.tuple([z.string().min(1)]),
  flags: z.object({ runs: z.coerce.number().int().min(1).max(100).default(10) }).strict(),
});

/** Parses `challenge init …` / `challenge test …` (argv without node and the script); throws UsageError. */
export function parseCliArgs(argv: string[]): CliCommand {
  const [group, command, ...rest] = argv;
  if (group !== 'challenge' || (command !== 'init' && command !== 'test')) throw new UsageError(`unknown command: ${argv.slice(0, 2).join(' ') || '(none)'}`);
  const split = splitArgs(rest);
  const schema = command === 'init' ? initSchema : testSchema;
  const parsed = schema.safeParse(split);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${describePath(i.path)}: ${i.message}`);
    throw new UsageError(problems.join('; '));
  }
  if (command === 'init') {
    const { positional, flags } = parsed.data as z.infer<typeof initSchema>;
    return { command, slug: positional[0], family: flags.family, dir: flags.dir };
  }
  const { positional, flags } = parsed.data as z.infer<typeof testSchema>;
  return { command, folder: positional[0], runs: flags.runs };
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
