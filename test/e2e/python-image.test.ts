/**
 * The sandbox image's Python, run as the candidate's uid with the judge's own container hardening (no network,
 * read-only root, no capabilities, seccomp): every locked package imports, tiktoken encodes offline, the quality tools
 * start, the byte code is all there, and nothing the image trimmed from the standard library is needed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { getConfig } from '../../core/platform/config';
import { CANDIDATE_UID, containerConfig } from '../../sandbox/container-config';
import { createDemuxer } from '../../sandbox/demux';
import { createDocker } from '../../sandbox/docker-client';

const config = getConfig();
const docker = createDocker(config.docker);
const SITE = '/sandbox/python/site-packages';
const TOOLS = '/sandbox/python/tools';
const TRIMMED = ['tkinter', 'idlelib', 'turtledemo', 'ensurepip', 'lib2to3', 'pydoc_data', 'test'];

interface Run { code: number; stdout: string; stderr: string }

async function runInImage(cmd: string[], env: string[] = []): Promise<Run> {
  const base = containerConfig(config.SANDBOX_IMAGE, { memoryMb: 768, cpus: 1, pids: 64, tmpfsMb: 16 }, { 'ai-judge.test': 'python-image' }, 'none');
  const container = await docker.createContainer({
    ...base, User: `${CANDIDATE_UID}:${CANDIDATE_UID}`, Cmd: cmd, Env: ['HOME=/tmp', ...env],
    OpenStdin: false, StdinOnce: false, AttachStdin: false,
  });
  try {
    const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as unknown as Duplex;
    const out = { stdout: '', stderr: '' };
    stream.pipe(createDemuxer((which, data) => { out[which === 'stderr' ? 'stderr' : 'stdout'] += data.toString(); }));
    const ended = new Promise((resolve) => stream.on('end', resolve));
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    await Promise.race([ended, new Promise((r) => setTimeout(r, 2000))]);
    return { code: StatusCode, ...out };
  } finally {
    await container.remove({ force: true });
  }
}

/** Runs Python code the way the host program will: `-S -E`, the candidate packages put on sys.path by hand. */
async function python(code: string, env: string[] = []): Promise<unknown> {
  const result = await runInImage(['/usr/bin/python3', '-S', '-E', '-c', `import sys, json\nsys.path.insert(0, ${JSON.stringify(SITE)})\n${code}`], env);
  if (result.code !== 0) throw new Error(`python exited ${result.code}: ${result.stderr.slice(-3000)}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

async function lockedNames(lock: string): Promise<string[]> {
  const text = await readFile(path.join(__dirname, '..', '..', 'sandbox', 'python', lock), 'utf8');
  return [...text.matchAll(/^([A-Za-z0-9._-]+)==/gm)].map((m) => m[1]!.toLowerCase().replace(/[-_.]+/g, '-')).sort();
}

// Every installed distribution, its top-level modules (from RECORD), and what importing each does.
const IMPORT_ALL = `
import os, importlib, traceback
dists, failures = {}, {}
for entry in sorted(os.listdir(${JSON.stringify(SITE)})):
    if not entry.endswith('.dist-info'):
        continue
    name = entry[:-len('.dist-info')].rsplit('-', 1)[0].lower().replace('_', '-').replace('.', '-')
    tops = set()
    for line in open(os.path.join(${JSON.stringify(SITE)}, entry, 'RECORD')):
        first = line.split(',')[0].split('/')[0]
        if first.endswith('.dist-info') or first in ('bin', '..', '__pycache__') or first.endswith('.libs'):
            continue
        if first.endswith('.py') or first.endswith('.so'):
            first = first.split('.')[0]
        elif '.' in first:
            continue
        tops.add(first)
    dists[name] = sorted(tops)
    for top in sorted(tops):
        try:
            importlib.import_module(top)
        except BaseException as e:
            failures[top] = ''.join(traceback.format_exception_only(e)).strip()
print(json.dumps({'dists': dists, 'failures': failures}))
`;

test('every locked package is installed and each of its modules imports as the candidate, with the network off', async () => {
  const seen = (await python(IMPORT_ALL)) as { dists: Record<string, string[]>; failures: Record<string, string> };
  expect(Object.keys(seen.dists).sort()).toEqual(await lockedNames('requirements.lock'));
  expect(seen.failures).toEqual({});
}, 120_000);

test('tiktoken encodes with every bundled encoding and no network', async () => {
  const seen = await python(`
import tiktoken
names = ['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base']
print(json.dumps({n: tiktoken.get_encoding(n).encode('hello world') for n in names} | {'model': tiktoken.encoding_for_model('gpt-4o').name}))
`, ['TIKTOKEN_CACHE_DIR=/sandbox/python/tiktoken-cache']);
  expect(seen).toEqual({ o200k_base: [24912, 2375], cl100k_base: [15339, 1917], p50k_base: [31373, 995], r50k_base: [31373, 995], model: 'o200k_base' });
}, 60_000);

test('the quality tools start from the tools folder: ruff and python3 -m mypy', async () => {
  const ruff = await runInImage([`${TOOLS}/bin/ruff`, '--version']);
  expect(ruff).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ruff \d+\.\d+/) });
  const mypy = await runInImage(['/usr/bin/python3', '-m', 'mypy', '--version'], [`PYTHONPATH=${TOOLS}`]);
  expect(mypy).toMatchObject({ code: 0, stdout: expect.stringMatching(/^mypy \d+\.\d+/) });
}, 60_000);

test('the interpreter starts bare, every module has its byte code, and no .pth file waits for the site module', async () => {
  const seen = await python(`
import os, importlib.util
missing, pth = [], []
for root in ['/usr/lib/python3.11', ${JSON.stringify(SITE)}, ${JSON.stringify(TOOLS)}]:
    for folder, dirs, files in os.walk(root):
        pth += [f for f in files if f.endswith('.pth')]
        missing += [os.path.join(folder, f) for f in files if f.endswith('.py') and not os.path.exists(importlib.util.cache_from_source(os.path.join(folder, f)))]
print(json.dumps({'version': sys.version.split()[0], 'executable': sys.executable, 'missing': missing[:20], 'pth': pth}))
`);
  expect(seen).toEqual({ version: expect.stringMatching(/^3\.11\./), executable: '/usr/bin/python3', missing: [], pth: [] });
}, 60_000);

test('no installed package imports what the image trimmed from the standard library', async () => {
  const seen = await python(`
import os, re
pattern = re.compile(r'^\\s*(?:import|from)\\s+(${TRIMMED.join('|')})(?:[\\s.,]|$)', re.M)
users = {}
for folder, dirs, files in os.walk(${JSON.stringify(SITE)}):
    for f in files:
        if f.endswith('.py'):
            path = os.path.join(folder, f)
            found = set(pattern.findall(open(path, encoding='utf-8', errors='replace').read()))
            if found:
                users[os.path.relpath(path, ${JSON.stringify(SITE)})] = sorted(found)
print(json.dumps({'present': [m for m in ${JSON.stringify(TRIMMED)} if importlib.util.find_spec(m) is not None], 'users': users}))
`.replace('import os, re', 'import os, re, importlib.util'));
  expect(seen).toEqual({ present: [], users: {} });
}, 60_000);
