/**
 * @module cli
 * Standalone mock: `npm run mock-llm -- --port 4010 [--host 127.0.0.1] [--scripts rules.json]`.
 * Enables the /_mock/* control API and prints the base URL on stdout.
 */
import { readFileSync } from 'node:fs';
import { startMockLlm } from './server';
import type { ScriptRule } from './types';

function arg(name: string): string | undefined {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1];
  const inline = argv.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const port = Number(arg('port') ?? process.env.MOCK_LLM_PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port: ${arg('port')}`);
  const host = arg('host') ?? process.env.MOCK_LLM_HOST ?? '127.0.0.1';
  const mock = await startMockLlm({ host, port, controlApi: true });
  const scripts = arg('scripts');
  if (scripts) mock.setScripts(JSON.parse(readFileSync(scripts, 'utf8')) as ScriptRule[]);
  process.stdout.write(`${mock.baseUrl}\n`);
  process.stderr.write('mock-llm: control API at /_mock/{scripts,journal,reset,usage}\n');
  const stop = (): void => {
    mock.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`mock-llm: ${(e as Error).message ?? e}\n`);
  process.exit(1);
});
