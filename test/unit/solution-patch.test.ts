/**
 * Known-bad solutions kept as `reference.patch`: the diff round-trips, applies only exactly, and every bundled
 * patched solution is in sync with its reference (the check CI relies on; `npm run challenges:patches -- check`).
 */
import { parseSolutions } from '../../core/challenges/challenge-solutions';
import { applyPatch, makePatch, PATCH_FILE, patchProblem } from '../../core/challenges/solution-patch';
import { bundledFolders, checkPatches } from '../../scripts/solution-patches';

const lines = (n: number, tag = 'line') => Array.from({ length: n }, (_, i) => `${tag} ${i}`);
const text = (ls: string[]) => `${ls.join('\n')}\n`;

describe('makePatch and applyPatch', () => {
  test('round-trip edits at the start, middle and end, near and far apart', () => {
    const ref = lines(60);
    const edited = [...ref];
    edited.splice(0, 1, 'first changed');
    edited.splice(20, 2);
    edited.splice(24, 0, 'inserted a', 'inserted b');
    edited.splice(edited.length - 1, 1, 'last changed', 'appended');
    const reference = { 'src/solution.ts': text(ref), 'src/other.ts': 'same\n' };
    const solution = { 'src/solution.ts': text(edited), 'src/other.ts': 'same\n' };
    const patch = makePatch(reference, solution);
    expect(patch.startsWith('--- a/src/solution.ts\n+++ b/src/solution.ts\n@@ -1,4 +1,4 @@\n-line 0\n+first changed\n')).toBe(true);
    expect(patch).not.toContain('other.ts');
    expect(applyPatch(reference, patch)).toEqual(solution);
    expect(makePatch(reference, reference)).toBe('');
  });

  test('a patch that no longer fits the reference throws instead of guessing', () => {
    const reference = { 'a.ts': text(lines(20)) };
    const patch = makePatch(reference, { 'a.ts': text(lines(20).map((l) => (l === 'line 10' ? 'changed' : l))) });
    expect(() => applyPatch({ 'a.ts': text(lines(20).map((l) => (l === 'line 9' ? 'moved on' : l))) }, patch)).toThrow(/does not fit the reference at line 10/);
    expect(() => applyPatch({ 'b.ts': 'x\n' }, patch)).toThrow(/the reference has no a\.ts/);
  });

  test('only files the reference has can be patched', () => {
    expect(() => makePatch({ 'a.ts': 'x\n' }, { 'a.ts': 'x\n', 'b.ts': 'y\n' })).toThrow(/the reference has no b\.ts/);
  });
});

describe('a package with a patched solution', () => {
  const manifest = { languages: ['typescript'], entry: { typescript: 'src/solution.ts' } } as never;
  const reference = text(lines(30));
  const bad = text(lines(30).map((l) => (l === 'line 15' ? 'the bug' : l)));
  const files = (solution: string, patchFrom = bad) => ({
    'solutions/reference/expected.json': '{"language":"typescript","verdict":"accepted"}',
    'solutions/reference/src/solution.ts': reference,
    'solutions/bad/expected.json': '{"language":"typescript","verdict":"wrong_answer","failing":["x"]}',
    'solutions/bad/src/solution.ts': solution,
    [`solutions/bad/${PATCH_FILE}`]: makePatch({ 'src/solution.ts': reference }, { 'src/solution.ts': patchFrom }),
  });

  test('in sync: no issue, and the patch is not one of the files judged', () => {
    const { solutions, issues } = parseSolutions(files(bad), manifest, { requireReference: true });
    expect(issues).toEqual([]);
    expect(Object.keys(solutions.bad!.files)).toEqual(['src/solution.ts']);
  });

  test('out of sync: an issue naming the patch', () => {
    expect(patchProblem(files(`${bad}// edited by hand\n`), 'bad')).toBe('out of sync with the files it generates (src/solution.ts differ)');
    const { issues } = parseSolutions(files(`${bad}// edited by hand\n`), manifest, { requireReference: true });
    expect(issues.map((i) => i.path)).toEqual([`solutions/bad/${PATCH_FILE}`]);
  });
});

test('every bundled patched solution is in sync with its reference', async () => {
  expect(bundledFolders().length).toBeGreaterThan(0);
  expect(await checkPatches(bundledFolders())).toEqual([]);
});
