import { serialize } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { missingPackageMessage } from './candidate-modules';
import { refuseOutsidePackages } from './package-policy';

/**
 * Runs in the candidate's process: loads the compiled entry module and answers calls from the harness over the
 * IPC channel. Nothing in this process is trusted; the harness computes every verdict from what it receives.
 */
interface CallMessage {
  id: number;
  fn: string;
  args: unknown[];
}

/** The package a "Cannot find module 'x'" names, when it is a bare package name (not a relative or absolute path). */
function missingPackage(error: Error): string | undefined {
  if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' && (error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  const specifier = /Cannot find (?:module|package) '([^']+)'/.exec(error.message)?.[1];
  if (!specifier || specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function describeError(error: unknown): { name: string; message: string; stack?: string } {
  const missing = error instanceof Error ? missingPackage(error) : undefined;
  // One clear line, without the require stack (the judge's own paths)
  if (missing) return { name: 'Error', message: missingPackageMessage(missing, process.env.NODE_PATH ?? '') };
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'NonError', message: `A non-Error value was thrown: ${String(error)}` };
}

/** Larger results are refused here rather than flooding the harness's memory. */
const MAX_RESULT_BYTES = 16 * 1024 * 1024;

function reply(message: unknown): void {
  try {
    if (serialize(message).length > MAX_RESULT_BYTES) throw new Error(`it is larger than ${MAX_RESULT_BYTES} bytes`);
    process.send?.(message);
  } catch (error) {
    const id = (message as { id?: number }).id;
    process.send?.({ id, ok: false, error: { name: 'SerializationError', message: `The result cannot be sent to the tests: ${(error as Error).message}` } });
  }
}

/** Exit code meaning "wrote more than the output limit"; the harness turns it into `output_limit`. */
const OUTPUT_LIMIT_EXIT = 153;
const outputLimit = Number(process.argv[3] ?? Number.POSITIVE_INFINITY);
let written = 0;
// Writes to a pipe are queued in this process while a synchronous loop runs, so a flood would end as an out-of-memory
// crash before the harness saw the bytes. Counting here names it correctly; bypassing this only trades it for a
// memory or output limit enforced from outside.
for (const stream of [process.stdout, process.stderr]) {
  const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    written += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (written > outputLimit) process.exit(OUTPUT_LIMIT_EXIT);
    return original(chunk, ...rest);
  }) as typeof stream.write;
}

/**
 * A process's first HTTP request pays for loading and compiling the HTTP client (about 300 ms on one CPU). When the
 * solution uses the OpenAI SDK, the AI SDK or LangChain, pay it before the first test rather than inside a test's
 * timeout.
 */
async function warmUpHttpClient(): Promise<void> {
  const usesSdk = Object.keys(require.cache).some((file) => /\/node_modules\/(openai|ai|@ai-sdk\/openai|@langchain\/openai)\//.test(file));
  if (!usesSdk || !process.env.OPENAI_BASE_URL) return;
  await fetch(`${process.env.OPENAI_BASE_URL}/models`, { headers: { authorization: 'Bearer warm-up' } })
    .then((res) => res.arrayBuffer(), () => undefined);
}

// A real import(): the harness is compiled to CommonJS, where TypeScript would turn `import()` into require.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a fixed body, no candidate text
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;

/** The candidate's entry: an ES module (`.mjs`: top-level await, import.meta) through import(), else require. */
async function loadEntry(entry: string): Promise<Record<string, unknown>> {
  if (entry.endsWith('.mjs')) return importModule(pathToFileURL(entry).href);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the candidate's module, a path given at run time
  return require(entry) as Record<string, unknown>;
}

let exportsObject: Record<string, unknown> = {};
void (async () => {
  try {
    if (process.env.NODE_PATH) refuseOutsidePackages(process.env.NODE_PATH);
    const loaded = await loadEntry(process.argv[2]!);
    const fallback = (loaded.default ?? {}) as Record<string, unknown>;
    exportsObject = { ...fallback, ...loaded };
  } catch (error) {
    reply({ type: 'ready', ok: false, error: describeError(error) });
    return;
  }
  await warmUpHttpClient();
  reply({ type: 'ready', ok: true });
})();

/** Calls the solution's function a message names and replies with its result or error. */
async function answerCall(message: CallMessage): Promise<void> {
  const fn = exportsObject[message.fn];
  if (typeof fn !== 'function') {
    reply({ id: message.id, ok: false, error: { name: 'TypeError', message: `The solution does not export a function named "${message.fn}"` } });
    return;
  }
  try {
    const value = await (fn as (...a: unknown[]) => unknown)(...message.args);
    reply({ id: message.id, ok: true, value });
  } catch (error) {
    reply({ id: message.id, ok: false, error: describeError(error) });
  }
}

process.on('message', (message: CallMessage) => void answerCall(message));
