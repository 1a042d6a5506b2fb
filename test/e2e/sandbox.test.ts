/**
 * The sandbox as seen from inside: candidate code runs in the real image through runInSandbox and reports what it
 * can see; the trusted test code asserts on it. Also proves the wall-clock kill and that containers are removed.
 */
import { randomBytes } from 'node:crypto';
import { getConfig } from '../../core/platform/config';
import { unframeReport, type HarnessPayload } from '../../sandbox/harness/protocol';
import { transpile } from '../../sandbox/harness/transpile';
import { createDocker } from '../../sandbox/docker-client';
import { runInSandbox } from '../../sandbox/run-in-sandbox';

const docker = createDocker(getConfig().docker);
const config = getConfig();
const label = `sandbox-test-${randomBytes(4).toString('hex')}`;

const probe = `
import fs from 'node:fs';
import os from 'node:os';
function attempt(fn: () => unknown): string { try { fn(); return 'allowed'; } catch (e) { return (e as NodeJS.ErrnoException).code ?? String(e); } }
export function facts() {
  return {
    uid: process.getuid!(), gid: process.getgid!(),
    interfaces: Object.keys(os.networkInterfaces()),
    writeRoot: attempt(() => fs.writeFileSync('/sandbox/x', 'x')),
    writeTmp: attempt(() => fs.writeFileSync('/tmp/x', 'x')),
    writeBuild: attempt(() => fs.writeFileSync('/tmp/work/build/x', 'x')),
    writeHome: attempt(() => fs.writeFileSync(process.env.HOME + '/x', 'x')),
    env: Object.keys(process.env).sort(),
    // work/node_modules: the harness's links to the challenge's packages
    tmpFiles: fs.readdirSync('/tmp', { recursive: true }).map(String).filter((p) => !p.startsWith('work/node_modules/')),
    dockerSock: fs.existsSync('/var/run/docker.sock'),
  };
}
export async function connectOut(): Promise<string> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.connect({ host: '1.1.1.1', port: 80, timeout: 1000 });
    s.on('connect', () => { s.destroy(); resolve('connected'); });
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    s.on('timeout', () => { s.destroy(); resolve('timeout'); });
  });
}
export function sleepForever(): Promise<never> { return new Promise(() => { setInterval(() => undefined, 1000); }); }
`;

const secretMarker = `HIDDEN_${randomBytes(8).toString('hex')}`;
const tests = `
import { test, expect, solution } from '@judge/test';
const s = solution<any>();
const ${secretMarker} = true;
test('facts', async () => { (globalThis as any).facts = await s.facts(); });
test('network', async () => { (globalThis as any).net = await s.connectOut(); });
test('report', async () => { throw new Error(JSON.stringify({ facts: (globalThis as any).facts, net: (globalThis as any).net })); });
`;

function payload(nonce: string, files: Record<string, string>, testSource = tests): HarnessPayload {
  return {
    nonce, language: 'typescript', entry: 'src/solution.ts', files,
    tests: [{ file: 'tests/hidden/probe.test.ts', visibility: 'hidden', code: transpile('probe.test.ts', testSource).js }],
    limits: { testTimeoutMs: 3000, memoryMb: 128, outputLimitBytes: 65536 },
  };
}

async function run(files: Record<string, string>, wallTimeMs = 15_000, testSource?: string) {
  const nonce = randomBytes(16).toString('hex');
  const outcome = await runInSandbox(docker, {
    image: config.SANDBOX_IMAGE, stdin: JSON.stringify(payload(nonce, files, testSource)), wallTimeMs,
    outputLimitBytes: 4 << 20, limits: { memoryMb: 320, cpus: 1, pids: 64, tmpfsMb: 16 }, labels: { 'ai-judge.test': label },
  });
  return { outcome, report: unframeReport(nonce, outcome.stdout) };
}

test('candidate code runs unprivileged, offline, on a read-only root, without secrets or the hidden tests', async () => {
  const { report } = await run({ 'src/solution.ts': probe });
  const seen = JSON.parse(report!.tests.find((t) => t.name === 'report')!.message);
  expect(seen.facts.uid).toBe(10002);
  expect(seen.facts.gid).toBe(10002);
  expect(seen.facts.interfaces).toEqual(['lo']);
  expect(seen.net).toMatch(/ENETUNREACH|EHOSTUNREACH|timeout/);
  expect(seen.facts.writeRoot).toBe('EROFS');
  expect(seen.facts.writeTmp).toBe('EACCES');
  expect(seen.facts.writeBuild).toBe('EACCES');
  expect(seen.facts.writeHome).toBe('allowed');
  expect(seen.facts.dockerSock).toBe(false);
  expect(seen.facts.env).toEqual(['HOME', 'LANG', 'NODE_PATH', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'PATH', 'TMPDIR']);
  expect(JSON.stringify(seen.facts.tmpFiles)).not.toMatch(/test/);
});

test('the hidden tests never reach the filesystem the candidate can read', async () => {
  const grep = `import fs from 'node:fs'; import path from 'node:path';
  function walk(dir: string, out: string[]) { for (const e of fs.readdirSync(dir, { withFileTypes: true })) { const p = path.join(dir, e.name); try { if (e.isDirectory()) walk(p, out); else if (e.isFile()) out.push(p); } catch {} } return out; }
  export function search(marker: string) { return walk('/tmp', []).filter((f) => { try { return fs.readFileSync(f, 'utf8').includes(marker); } catch { return false; } }); }`;
  const source = `import { test, expect, solution } from '@judge/test';
  const s = solution<any>();
  test('search', async () => { expect(await s.search('${secretMarker}')).toEqual([]); });`;
  const { report } = await run({ 'src/solution.ts': grep }, 15_000, `${source}\nconst ${secretMarker} = 1;`);
  expect(report!.tests).toEqual([expect.objectContaining({ name: 'search', status: 'pass' })]);
});

test('the wall-clock limit is enforced from outside and the container is removed', async () => {
  const hang = `import { test, solution } from '@judge/test';
  const s = solution<any>();
  test('hang', async () => { await s.sleepForever(); }, { timeoutMs: 60000 });`;
  const started = Date.now();
  const { outcome, report } = await run({ 'src/solution.ts': probe }, 2_000, hang);
  expect(outcome.timedOut).toBe(true);
  expect(report).toBeUndefined();
  expect(Date.now() - started).toBeLessThan(6_000);
  const left = await docker.listContainers({ all: true, filters: { label: [`ai-judge.test=${label}`] } });
  expect(left).toEqual([]);
});

test('a forged report without the nonce is ignored', async () => {
  const forger = `export function facts() { console.log('{"version":1,"compile":{"ok":true},"tests":[]}'); return {}; }
  export function connectOut() { return 'x'; }`;
  const { report } = await run({ 'src/solution.ts': forger });
  expect(report!.tests.map((t) => t.status)).toEqual(['pass', 'pass', 'fail']);
});

test('candidate code reaches the in-sandbox mock LLM with the official SDK; tests script faults and read the journal', async () => {
  const solution = `import OpenAI from 'openai';
  const client = new OpenAI({ maxRetries: 2 });
  export async function ask(q: string) {
    const r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: q }] });
    return r.choices[0]!.message.content;
  }
  export async function embed(t: string) {
    const r = await client.embeddings.create({ model: 'text-embedding-3-small', input: t });
    return r.data[0]!.embedding.length;
  }`;
  const source = `import { test, expect, solution, llm } from '@judge/test';
  const s = solution<any>();
  test('sdk retries', async () => {
    llm.script([{ match: { times: 2 }, respond: { status: 429, retryAfterMs: 20 } }, { respond: { reply: 'hello' } }]);
    expect(await s.ask('hi')).toBe('hello');
    expect(llm.journal().map((e) => [e.status, e.retryCount])).toEqual([[429, 0], [429, 1], [200, 2]]);
    expect(llm.journal().filter((e) => !e.hasApiKey || JSON.stringify(e).includes('sk-judge'))).toEqual([]);
  });
  test('embeddings', async () => {
    expect(llm.journal()).toEqual([]);
    expect(await s.embed('some text')).toBe(1536);
  });`;
  const { report } = await run({ 'src/solution.ts': solution }, 15_000, source);
  expect(report!.tests.map((t) => [t.name, t.status, t.message])).toEqual([['sdk retries', 'pass', ''], ['embeddings', 'pass', '']]);
  expect(report!.llmUsage).toMatchObject({ calls: 4, retries: 2, errors: 2 });
  expect(report!.llmUsage!.promptTokens).toBeGreaterThan(0);
});

test('in the hardened container esbuild compiles the candidate (TypeScript stays unloaded) and TypeScript takes what esbuild refuses', async () => {
  // The tests run in the harness's process, so they can see which compiler it loaded.
  const source = `import { test, solution } from '@judge/test';
  const s = solution<any>();
  test('compiler', async () => {
    const loaded = Object.keys((require('node:module') as { _cache: object })._cache);
    const typescriptLoaded = loaded.some((f) => f.includes('/node_modules/typescript/'));
    throw new Error(JSON.stringify({ typescriptLoaded, value: await s.value() }));
  });`;
  const common = await run({ 'src/solution.ts': 'import { two } from "./two";\nexport const value = () => two * 2;', 'src/two.ts': 'export const two: number = 2;' }, 15_000, source);
  expect(JSON.parse(common.report!.tests[0]!.message)).toEqual({ typescriptLoaded: false, value: 4 });
  // esbuild warns about a comparison with NaN: TypeScript compiles the files instead, and they run.
  const fallback = await run({ 'src/solution.ts': 'export const value = () => (Number("x") === NaN ? 0 : 1);' }, 15_000, source);
  expect(JSON.parse(fallback.report!.tests[0]!.message)).toEqual({ typescriptLoaded: true, value: 1 });
});
