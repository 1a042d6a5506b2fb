/** `challenge init --languages`: which starters, solutions and manifest entries each choice of languages gets. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { missingReferences } from '../../core/challenges/challenge-solutions';
import { packageWithSolutions } from '../../core/challenges/package-with-solutions';
import { readTree } from '../../core/platform/read-tree';
import { FAMILIES } from '../../scripts/challenge-cli/cli-args-parser';
import { initChallenge, InitError, languageBlocks } from '../../scripts/challenge-cli/init-command';
import type { Language } from '../../sandbox/harness/protocol';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cli-init-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const solutionsOf = (files: string[]) => [...new Set(files.filter((f) => f.startsWith('solutions/')).map((f) => f.split('/')[1]!))];

describe.each(FAMILIES.map((f) => [f]))('%s', (family) => {
  test('TypeScript and Python: both starters, the TypeScript reference and reference-python, known-bads of both', async () => {
    const { folder, files } = await initChallenge({ slug: `${family}-tp`, family, dir, languages: ['typescript', 'python'] });
    expect(files.filter((f) => f.startsWith('starter/')).sort()).toEqual(['starter/python/src/solution.py', 'starter/typescript/src/solution.ts']);
    expect(solutionsOf(files)).toEqual(expect.arrayContaining(['reference', 'reference-python']));
    expect(JSON.parse(await readFile(path.join(folder, 'solutions/reference-python/expected.json'), 'utf8'))).toEqual({ language: 'python', verdict: 'accepted' });
    const manifest = JSON.parse(await readFile(path.join(folder, 'challenge.json'), 'utf8'));
    expect(manifest).toMatchObject({ languages: ['typescript', 'python'], entry: { typescript: 'src/solution.ts', python: 'src/solution.py' } });
    expect(manifest.entry).not.toHaveProperty('javascript');
    const statement = await readFile(path.join(folder, 'statement.md'), 'utf8');
    expect(statement).toContain('Python 3.11');
    expect(statement).not.toMatch(/\{\{|JavaScript \(`src\/solution\.js`\)/);
  });

  test('Python alone: the Python reference is the reference, no TypeScript or JavaScript file is written', async () => {
    const { folder, files } = await initChallenge({ slug: `${family}-py`, family, dir, languages: ['python'] });
    expect(files.filter((f) => /\.(ts|js)$/.test(f) && !f.startsWith('tests/'))).toEqual([]);
    expect(JSON.parse(await readFile(path.join(folder, 'solutions/reference/expected.json'), 'utf8'))).toEqual({ language: 'python', verdict: 'accepted' });
    expect(solutionsOf(files)).not.toContain('reference-python');
    for (const name of solutionsOf(files)) {
      expect(JSON.parse(await readFile(path.join(folder, 'solutions', name, 'expected.json'), 'utf8')).language).toBe('python');
    }
    const statement = await readFile(path.join(folder, 'statement.md'), 'utf8');
    expect(statement).not.toMatch(/Node\.js|```ts/);
  });

  test('the default is TypeScript and JavaScript, without any Python file, with the JavaScript reference beside the TypeScript one', async () => {
    const { folder, files } = await initChallenge({ slug: `${family}-default`, family, dir });
    expect(files.filter((f) => f.endsWith('.py'))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['starter/typescript/src/solution.ts', 'starter/javascript/src/solution.js', 'solutions/reference/src/solution.ts', 'solutions/reference-javascript/src/solution.js']));
    expect(JSON.parse(await readFile(path.join(folder, 'solutions/reference-javascript/expected.json'), 'utf8'))).toEqual({ language: 'javascript', verdict: 'accepted' });
    expect(await readFile(path.join(folder, 'solutions/reference-javascript/src/solution.js'), 'utf8')).toMatch(/^module\.exports = \{ \w+ \};$/m);
  });

  test('TypeScript and Python: no JavaScript reference', async () => {
    const { files } = await initChallenge({ slug: `${family}-tp-nojs`, family, dir, languages: ['typescript', 'python'] });
    expect(solutionsOf(files)).not.toContain('reference-javascript');
    expect(files.filter((f) => f.endsWith('.js'))).toEqual([]);
  });

  test('JavaScript alone: the JavaScript reference is the reference, no TypeScript or Python file is written', async () => {
    const { folder, files } = await initChallenge({ slug: `${family}-js`, family, dir, languages: ['javascript'] });
    expect(files.filter((f) => /\.(ts|py)$/.test(f) && !f.startsWith('tests/'))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['starter/javascript/src/solution.js', 'solutions/reference/src/solution.js']));
    expect(solutionsOf(files)).toEqual(['reference']);
    expect(JSON.parse(await readFile(path.join(folder, 'solutions/reference/expected.json'), 'utf8'))).toEqual({ language: 'javascript', verdict: 'accepted' });
    expect(JSON.parse(await readFile(path.join(folder, 'challenge.json'), 'utf8'))).toMatchObject({ languages: ['javascript'], entry: { javascript: 'src/solution.js' } });
  });

  test('JavaScript and Python: the JavaScript reference is the reference, the Python one reference-python', async () => {
    const { folder, files } = await initChallenge({ slug: `${family}-jp`, family, dir, languages: ['javascript', 'python'] });
    expect(files.filter((f) => f.endsWith('.ts') && !f.startsWith('tests/'))).toEqual([]);
    expect(solutionsOf(files)).toEqual(expect.arrayContaining(['reference', 'reference-python']));
    expect(solutionsOf(files)).not.toContain('reference-javascript');
    expect(JSON.parse(await readFile(path.join(folder, 'solutions/reference/expected.json'), 'utf8'))).toEqual({ language: 'javascript', verdict: 'accepted' });
    expect(JSON.parse(await readFile(path.join(folder, 'solutions/reference-python/expected.json'), 'utf8'))).toEqual({ language: 'python', verdict: 'accepted' });
  });

  test.each([[['typescript', 'javascript']], [['javascript']], [['javascript', 'python']], [['typescript', 'javascript', 'python']], [['python']]] as Language[][][])('%j: an upload of the scaffold lacks no reference', async (languages) => {
    const { folder } = await initChallenge({ slug: `${family}-${languages.join('-')}-refs`, family, dir, languages });
    const { pkg, solutions } = packageWithSolutions(await readTree(folder), { requireReference: true, evaluateTests: false });
    expect(missingReferences(pkg.manifest, solutions)).toEqual([]);
  });
});

test('an empty list of languages is refused', async () => {
  await expect(initChallenge({ slug: 'no-languages', family: 'data', dir, languages: [] })).rejects.toBeInstanceOf(InitError);
});

test('language blocks keep the lines of a scaffolded language and drop the others', () => {
  const text = 'a\n{{#python}}\npy\n{{/python}}\n{{#typescript,javascript}}\nnode\n{{/typescript,javascript}}\nb\n';
  const keep = (languages: Language[]) => languageBlocks(text, languages);
  expect(keep(['python'])).toBe('a\npy\nb\n');
  expect(keep(['javascript'])).toBe('a\nnode\nb\n');
  expect(keep(['typescript', 'python'])).toBe('a\npy\nnode\nb\n');
});
