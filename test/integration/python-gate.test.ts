/**
 * A challenge that declares Python, through the API, the queue, a worker and the real sandbox: the upload needs a
 * Python reference, the gate judges it (and a Python known-bad) before the version can be published, and a candidate's
 * `language: "python"` submission is accepted; a Python submission holding TypeScript is refused at intake.
 */
import path from 'node:path';
import { readTree } from '../../core/platform/read-tree';
import { tarOf, upload, waitForGate } from '../helpers/challenge-packages';
import { PYTHON_PROBE_REFERENCE } from '../helpers/python-probe';
import { createTestContext, http, waitForVerdict, type TestContext } from '../helpers/test-context';

let ctx: TestContext;
let probe: Record<string, string>;
const RUNS = 2;
const PYTHON_EXPECTED = JSON.stringify({ language: 'python', verdict: 'accepted' });

beforeAll(async () => {
  ctx = await createTestContext({ worker: true, config: { GATE_RUNS: RUNS } });
  probe = await readTree(path.join(__dirname, '..', 'fixtures', 'python-probe'));
});
afterAll(async () => ctx.close());

function manifestWith(changes: Record<string, unknown>): string {
  return JSON.stringify({ ...JSON.parse(probe['challenge.json']!), ...changes });
}

test('a package that lists python but has no Python reference is refused, naming solutions/reference-python', async () => {
  const files = {
    ...probe,
    'challenge.json': manifestWith({ slug: 'py-no-reference', languages: ['typescript', 'python'], entry: { typescript: 'src/solution.ts', python: 'src/solution.py' } }),
    'starter/typescript/src/solution.ts': 'export function add(a: number, b: number): number { return a + b; }\n',
    'solutions/reference/expected.json': JSON.stringify({ language: 'typescript', verdict: 'accepted' }),
    'solutions/reference/src/solution.ts': 'export function add(a: number, b: number): number { return a + b; }\n',
  };
  const res = await upload(ctx, tarOf(files));
  expect(res.status).toBe(400);
  expect(res.json.error.details.issues).toContainEqual(expect.objectContaining({ path: 'solutions/reference-python', problem: 'missing' }));
});

test('the gate judges the Python reference and a Python known-bad; once published, a python submission is accepted', async () => {
  const files = {
    ...probe,
    'challenge.json': manifestWith({ slug: 'py-probe-api' }),
    'solutions/reference/expected.json': PYTHON_EXPECTED,
    'solutions/reference/src/solution.py': PYTHON_PROBE_REFERENCE,
    'solutions/lower-case/expected.json': JSON.stringify({ language: 'python', verdict: 'partial', failing: ['shouts hidden case 1', 'shouts hidden case 2', 'shouts hidden case 3'] }),
    'solutions/lower-case/src/solution.py': `${PYTHON_PROBE_REFERENCE}\ndef shout(x):\n    return x.lower()\n`,
  };
  expect((await upload(ctx, tarOf(files))).status).toBe(201);
  const gate = await waitForGate(ctx, 'py-probe-api', 1);
  expect(gate.report.map((r: any) => [r.solution, r.verdict, r.runs, r.ok])).toEqual([
    ['reference', 'accepted', `${RUNS}/${RUNS}`, true],
    ['lower-case', 'partial', '1/1', true],
  ]);
  expect(gate.status).toBe('passed');
  expect((await http(ctx, 'POST', '/v1/challenges/py-probe-api/versions/1/publish')).status).toBe(200);

  const submitted = await http(ctx, 'POST', '/v1/submissions', { challenge: 'py-probe-api', language: 'python', files: { 'src/solution.py': PYTHON_PROBE_REFERENCE, 'data/notes.json': '{}' } });
  expect(submitted.status).toBe(202);
  const result = await waitForVerdict(ctx, submitted.json.id, 120_000);
  expect({ verdict: result.verdict, score: result.score }).toEqual({ verdict: 'accepted', score: result.maxScore });

  const mixed = await http(ctx, 'POST', '/v1/submissions', { challenge: 'py-probe-api', language: 'python', files: { 'src/solution.py': PYTHON_PROBE_REFERENCE, 'src/helper.ts': 'export {}' } });
  expect({ status: mixed.status, code: mixed.json.error.code }).toEqual({ status: 422, code: 'unsupported_language' });
}, 300_000);
