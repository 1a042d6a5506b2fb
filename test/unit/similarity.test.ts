import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CHALLENGES_DIR } from '../../core/challenges/load-bundled-challenges';
import { getConfig } from '../../core/platform/config';
import { compareCohort, comparePair, MIN_FINGERPRINTS, type CohortSolution } from '../../core/similarity/cohort-similarity';
import { fragments, scorePair } from '../../core/similarity/compare';
import { documentOf, fileFingerprints, givenHashes, K, kgramHashes, W, winnow } from '../../core/similarity/fingerprint';
import { finalSubmission, finalSubmissionsByChallenge } from '../../core/similarity/final-submission';
import { tokenizePython, tokenizeTypeScript } from '../../core/similarity/tokenize';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'similarity');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const kinds = (tokens: Array<{ kind: string }>) => tokens.map((t) => t.kind).join(' ');
const THRESHOLD = getConfig({}).SIMILARITY_THRESHOLD;

/** What candidates of a bundled challenge were given: its starters and public tests. */
function bundledGiven(slug: string): Set<number> {
  const files: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full, `${rel}${name}/`);
      else files[`${rel}${name}`] = readFileSync(full, 'utf8');
    }
  };
  walk(path.join(CHALLENGES_DIR, slug, 'starter'), 'starter/');
  walk(path.join(CHALLENGES_DIR, slug, 'tests', 'public'), 'tests/public/');
  return givenHashes(files);
}

const solution = (name: string, files: Record<string, string>): CohortSolution => ({ inviteId: name, name, submissionId: name, files });

describe('tokenising', () => {
  test('TypeScript: names, strings and numbers normalised; keywords and operators kept; comments dropped; lines', () => {
    const tokens = tokenizeTypeScript('// note\nconst total = items.length * 2; /* x */\nreturn `a${total + 1}b${ {k: 1}.k }c` + "s" + /re+/g.source;');
    expect(kinds(tokens)).toBe('const I = I . I * N ; return S I + N S { I : N } . I S + S + S . I ;');
    expect(tokens[0]!.line).toBe(2);
    expect(tokens.find((t) => t.kind === 'return')!.line).toBe(3);
    // a division is not a regular expression
    expect(kinds(tokenizeTypeScript('const r = a / b / c;'))).toBe('const I = I / I / I ;');
  });

  test('TypeScript: renaming every variable leaves the tokens unchanged', () => {
    const one = tokenizeTypeScript('function add(a: number, b: number) { const sum = a + b; return sum; }');
    const other = tokenizeTypeScript('function plus(x: number, y: number) {\n  const total = x + y;\n  return total;\n}');
    expect(kinds(one)).toBe(kinds(other));
  });

  test('Python: comments, prefixed and triple-quoted strings, numbers, keywords, longest operators, logical lines', () => {
    const source = 'def f(x, *, y=0x1F):  # comment\n    """Doc\n    string."""\n    z = f"{x}" + rb\'q\' ** 2.5e3\n'
      + '    return [x,\n            y] if x is not None else z // 1\n';
    const tokens = tokenizePython(source);
    expect(kinds(tokens)).toBe('def I ( I , * , I = N ) : NL S NL I = S + S ** N NL return [ I , I ] if I is not None else I // N NL');
    expect(tokens.find((t) => t.kind === 'return')!.line).toBe(5);
    expect(tokens.filter((t) => t.kind === 'S')[0]!.line).toBe(2); // the docstring starts on line 2 ...
    expect(tokens.find((t) => t.kind === '=' && t.line === 4)).toBeDefined(); // ... and ends on 3
    expect(kinds(tokenizePython("s = 'it\\'s'\nt = 1"))).toBe('I = S NL I = N NL');
  });
});

describe('fingerprinting', () => {
  test('winnowing selects a minimum in every window and records each once', () => {
    const hashes = [77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98];
    const picked = winnow(hashes, 4);
    expect(picked).toEqual([...new Set(picked)].sort((a, b) => a - b));
    for (let start = 0; start + 4 <= hashes.length; start += 1) {
      const window = hashes.slice(start, start + 4);
      expect(picked.some((i) => i >= start && i < start + 4 && hashes[i] === Math.min(...window))).toBe(true);
    }
    expect(picked.map((i) => hashes[i])).toEqual([17, 17, 8, 39, 17]); // the paper's example, robust winnowing
  });

  test('fingerprints carry the lines of their k-gram; a short file has none', () => {
    const tokens = tokenizeTypeScript(Array.from({ length: 12 }, (_, i) => `const v${i} = f(${i});`).join('\n'));
    const prints = fileFingerprints('a.ts', tokens);
    expect(prints.length).toBeGreaterThan(0);
    for (const p of prints) {
      expect(p.startLine).toBe(tokens[p.index]!.line);
      expect(p.endLine).toBe(tokens[p.index + K - 1]!.line);
    }
    expect(kgramHashes(tokenizeTypeScript('const a = 1;'))).toEqual([]);
  });

  test('fingerprints found in the starter or the public tests are not the candidate\'s', () => {
    const starter = 'export function fitContext(messages: Message[], options: Options): Message[] {\n  throw new Error("not implemented");\n}\n'
      + 'export class ContextOverflowError extends Error { constructor(message: string) { super(message); this.name = "ContextOverflowError"; } }\n';
    const given = givenHashes({ 'starter/typescript/src/solution.ts': starter });
    const own = (body: string) => starter.replace('throw new Error("not implemented");', body);
    const a = own('return messages.filter((m) => m.role !== "tool").slice(-options.limit);');
    const b = own('let kept = 0; for (const m of messages) { kept += 1; if (kept > 3) break; } return messages;');
    const unfiltered = scorePair(documentOf({ 'src/solution.ts': a }), documentOf({ 'src/solution.ts': b }));
    const filtered = scorePair(documentOf({ 'src/solution.ts': a }, given), documentOf({ 'src/solution.ts': b }, given));
    expect(unfiltered.score).toBeGreaterThan(0.3);
    expect(filtered.shared).toBe(0);
    // the starter on its own leaves nothing to compare
    expect(documentOf({ 'src/solution.ts': starter }, given).hashes.length).toBe(0);
  });
});

describe('scoring', () => {
  const reference = readFileSync(path.join(CHALLENGES_DIR, 'classify-endpoint', 'solutions', 'reference', 'src', 'solution.ts'), 'utf8');

  test('identical code scores 1; reordered functions still match; a solution inside a larger one scores 1 with a lower Jaccard', () => {
    const one = documentOf({ 'src/solution.ts': reference });
    expect(scorePair(one, one)).toMatchObject({ score: 1, jaccard: 1 });
    const parts = reference.split(/\n(?=(?:export )?(?:async )?function )/);
    const reordered = documentOf({ 'src/solution.ts': [parts[0], ...parts.slice(1).reverse()].join('\n') });
    expect(scorePair(one, reordered).score).toBeGreaterThan(0.9);
    const half = documentOf({ 'src/solution.ts': parts.slice(0, Math.ceil(parts.length / 2)).join('\n') });
    const contained = scorePair(one, half);
    expect(contained.score).toBe(1);
    expect(contained.jaccard).toBeLessThan(0.8);
  });

  test('the same code split over two files matches across them', () => {
    const parts = reference.split(/\n(?=async function classify)/);
    expect(parts).toHaveLength(2);
    const split = documentOf({ 'src/solution.ts': parts[0]!, 'src/classify.ts': parts[1]! });
    const s = scorePair(documentOf({ 'src/solution.ts': reference }), split);
    expect(s.score).toBeGreaterThan(0.95);
    const files = new Set(fragments(documentOf({ 'src/solution.ts': reference }), split).map((f) => f.b.file));
    expect(files).toEqual(new Set(['src/solution.ts', 'src/classify.ts']));
  });

  test('a planted copy (every name renamed, functions reordered) is flagged, its fragments found where they moved', () => {
    const planted = fixture('classify-endpoint-planted.ts.txt');
    const pair = comparePair(solution('original', { 'src/solution.ts': reference }), solution('copy', { 'src/solution.ts': planted }), bundledGiven('classify-endpoint'), THRESHOLD);
    expect(pair.flagged).toBe(true);
    expect(pair.score).toBeGreaterThan(0.9);
    // readBody is near the top of the original and near the end of the copy; one fragment covers it on both sides
    const line = (text: string, pattern: RegExp) => text.split('\n').findIndex((l) => pattern.test(l)) + 1;
    const inOriginal = line(reference, /^function readBody\(/);
    const inCopy = line(planted, /^function \w+\(\w+: http\.IncomingMessage\): Promise<string>/);
    expect(Math.abs(inOriginal - inCopy)).toBeGreaterThan(40);
    expect(pair.fragments.some((f) => f.a.startLine <= inOriginal + 2 && f.a.endLine >= inOriginal + 8
      && f.b.startLine <= inCopy + 2 && f.b.endLine >= inCopy + 8)).toBe(true);
    for (const f of pair.fragments) {
      expect(f.a.startLine).toBeLessThanOrEqual(f.a.endLine);
      expect(f.b.startLine).toBeLessThanOrEqual(f.b.endLine);
    }
  });

  test('a planted Python copy (names renamed, top-level definitions reversed) is flagged', () => {
    const original = fixture('conversation-memory-reference.py.txt');
    const blocks = original.split(/\n(?=(?:def|class|async def) )/);
    const keep = new Set(['self', 'print', 'len', 'str', 'int', 'dict', 'list', 'isinstance', 'range', 'sum', 'min', 'max']);
    const names = new Map<string, string>();
    const rename = (text: string) => text.replace(/(?<![.\w'"])([a-z_][a-z0-9_]*)\b(?!['"])/g, (name: string) => {
      if (keep.has(name) || /^(?:def|class|return|if|elif|else|for|in|not|and|or|is|None|import|from|as|try|except|raise|with|while|break|continue|pass|lambda|yield|async|await|global)$/.test(name)) return name;
      if (!names.has(name)) names.set(name, `n${names.size}`);
      return names.get(name)!;
    });
    const copy = rename([blocks[0], ...blocks.slice(1).reverse()].join('\n'));
    expect(names.size).toBeGreaterThan(20);
    const pair = comparePair(solution('original', { 'src/solution.py': original }), solution('copy', { 'src/solution.py': copy }), bundledGiven('conversation-memory'), THRESHOLD);
    expect(pair.flagged).toBe(true);
    expect(pair.score).toBeGreaterThan(0.85);
  });

  test('two independent TypeScript solutions of semantic-cache are not flagged', () => {
    const given = givenHashes({
      'starter/typescript/src/solution.ts': fixture('semantic-cache-starter.ts.txt'),
      'tests/public/examples.test.ts': fixture('semantic-cache-public-test.ts.txt'),
    });
    const pair = comparePair(solution('blind', { 'src/solution.ts': fixture('semantic-cache-blind.ts.txt') }),
      solution('reference', { 'src/solution.ts': fixture('semantic-cache-reference.ts.txt') }), given, THRESHOLD);
    expect(pair.flagged).toBe(false);
    expect(pair.score).toBeLessThan(THRESHOLD * 0.6);
  });

  test('two independent Python solutions of conversation-memory are not flagged', () => {
    const pair = comparePair(solution('blind', { 'src/solution.py': fixture('conversation-memory-blind.py.txt') }),
      solution('reference', { 'src/solution.py': fixture('conversation-memory-reference.py.txt') }), bundledGiven('conversation-memory'), THRESHOLD);
    expect(pair.flagged).toBe(false);
    expect(pair.score).toBeLessThan(THRESHOLD * 0.8);
  });

  test('a cohort: the copied pair flagged first, independent ones below, languages compared within their family', () => {
    const cohort = [
      solution('ana', { 'src/solution.ts': fixture('semantic-cache-blind.ts.txt') }),
      solution('ben', { 'src/solution.ts': fixture('semantic-cache-reference.ts.txt') }),
      solution('cy', { 'src/solution.ts': fixture('semantic-cache-blind.ts.txt').replace(/\bentry\b/g, 'item').replace(/\bkey\b/g, 'k2') }),
      solution('dee', { 'src/solution.py': fixture('conversation-memory-blind.py.txt') }),
      solution('eve', { 'src/solution.ts': 'export const x = 1;' }),
    ];
    const { pairsCompared, pairs } = compareCohort(cohort, new Set(), THRESHOLD);
    expect(pairsCompared).toBe(6); // dee (Python) is compared with nobody
    expect(pairs[0]).toMatchObject({ a: { name: 'ana' }, b: { name: 'cy' }, flagged: true, score: 1 });
    expect(pairs.filter((p) => p.flagged)).toHaveLength(1);
    expect(pairs.map((p) => p.score)).toEqual([...pairs.map((p) => p.score)].sort((x, y) => y - x));
    expect(pairs.every((p) => p.a.name !== 'eve' && p.b.name !== 'eve')).toBe(true); // nothing shared: not listed
  });

  test('tiny solutions are never flagged, however alike', () => {
    const tiny = 'export function f(a: number[]) { return a.map((x) => x * 2).filter((x) => x > 3); }';
    const pair = comparePair(solution('a', { 'src/solution.ts': tiny }), solution('b', { 'src/solution.ts': tiny }), new Set(), THRESHOLD);
    expect(pair.score).toBe(1);
    expect(documentOf({ 'src/solution.ts': tiny }).hashes.length).toBeLessThan(MIN_FINGERPRINTS);
    expect(pair.flagged).toBe(false);
  });

  test('every run of W + K - 1 equal tokens is found', () => {
    const shared = Array.from({ length: W + K - 1 }, (_, i) => (i % 3 === 0 ? 'x' : i % 3 === 1 ? '+' : '1')).join(' ');
    const a = documentOf({ 'a.ts': `while (true) { if (a) { ${shared} } }` });
    const b = documentOf({ 'b.ts': `switch (k) { case 2: ${shared} }` });
    expect(scorePair(a, b).shared).toBeGreaterThan(0);
  });
});

test('a candidate\'s final submission is their latest finished one, or with the assessment\'s "best" their highest score (ties: the later)', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
  const row = (id: string, inviteId: string, slug: string, status: string, minute: number, score: number | null = 1) => ({ id, inviteId, slug, status, score, createdAt: at(minute) });
  const rows = [
    row('a1', 'ana', 'x', 'finished', 1, 10), row('a2', 'ana', 'x', 'finished', 5, 2), row('a3', 'ana', 'x', 'queued', 9, null),
    row('b1', 'ben', 'x', 'running', 3, null), row('a4', 'ana', 'y', 'finished', 2),
  ];
  expect(finalSubmission(rows.filter((r) => r.inviteId === 'ana' && r.slug === 'x'))?.id).toBe('a2');
  const chosen = finalSubmissionsByChallenge(rows);
  expect(chosen.get('x')!.map((r) => r.id)).toEqual(['a2']);
  expect(chosen.get('y')!.map((r) => r.id)).toEqual(['a4']);
  expect(finalSubmission(rows.filter((r) => r.inviteId === 'ana' && r.slug === 'x'), 'best')?.id).toBe('a1');
  const tied = [row('t1', 'ana', 'x', 'finished', 1, 4), row('t2', 'ana', 'x', 'finished', 2, 4), row('t3', 'ana', 'x', 'finished', 3, 3)];
  expect(finalSubmission(tied, 'best')?.id).toBe('t2');
  expect(finalSubmissionsByChallenge(rows, 'best').get('x')!.map((r) => r.id)).toEqual(['a1']);
});
