import { describe, test, expect } from '@judge/test';
import { type Msg, toFineTuneJsonl, lineOf, splitX, chat } from '../helpers/jsonl';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dataset(n: number): Array<{ messages: Msg[] }> {
  return Array.from({ length: n }, (_, i) => chat(`How do I reset password #${i}?`, `Open settings, step ${i % 7}.`, i % 3 === 0 ? 'You are support.' : undefined));
}

function shuffled<T>(items: T[], seed: number): T[] {
  const next = rng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The expected files, computed with the statement's rule. */
function expectedSplit(rows: Array<{ messages: Msg[] }>, seed: string, fraction: number): { train: string; validation: string } {
  let train = '';
  let validation = '';
  for (const r of rows) {
    const line = lineOf(r.messages);
    if (splitX(seed, line) < fraction) validation += `${line}\n`;
    else train += `${line}\n`;
  }
  return { train, validation };
}

describe('split', () => {
  test('the split follows the SHA-256 rule exactly', async () => {
    const rows = dataset(300);
    const expected = expectedSplit(rows, 'exp-42', 0.2);
    expect(expected.validation.split('\n').length - 1).toBeGreaterThan(30);
    expect(await toFineTuneJsonl(rows, { validationFraction: 0.2, seed: 'exp-42' })).toEqual({ ...expected, errors: [] });
  }, { weight: 3 });

  test('the split of a row does not depend on its position or on other rows', async () => {
    const rows = dataset(200);
    const base = await toFineTuneJsonl(rows, { validationFraction: 0.25, seed: 'stable' });
    const mixed: unknown[] = [];
    for (const [i, r] of shuffled(rows, 7).entries()) {
      if (i % 10 === 0) mixed.push({ messages: [{ role: 'user', content: 'orphan' }] });
      mixed.push(r);
    }
    const again = await toFineTuneJsonl(mixed, { validationFraction: 0.25, seed: 'stable' });
    const lines = (s: string) => s.split('\n').slice(0, -1).sort();
    expect(lines(again.validation)).toEqual(lines(base.validation));
    expect(lines(again.train)).toEqual(lines(base.train));
    const subset = await toFineTuneJsonl(rows.slice(50, 80), { validationFraction: 0.25, seed: 'stable' });
    expect(subset).toEqual({ ...expectedSplit(rows.slice(50, 80), 'stable', 0.25), errors: [] });
  }, { weight: 2 });

  test('the seed changes the split, and the order of the input is kept in each file', async () => {
    const rows = shuffled(dataset(120), 99);
    for (const seed of ['a', 'b', '', 'シード 🌱']) {
      expect(await toFineTuneJsonl(rows, { validationFraction: 0.5, seed })).toEqual({ ...expectedSplit(rows, seed, 0.5), errors: [] });
    }
    const a = expectedSplit(rows, 'a', 0.5);
    const b = expectedSplit(rows, 'b', 0.5);
    expect(a.validation).not.toBe(b.validation);
  }, { weight: 1 });

  test('fractions 0 and 1, and identical rows land on the same side', async () => {
    const rows = dataset(50);
    const all = rows.map((r) => `${lineOf(r.messages)}\n`).join('');
    expect(await toFineTuneJsonl(rows, { validationFraction: 0, seed: 'x' })).toEqual({ train: all, validation: '', errors: [] });
    expect(await toFineTuneJsonl(rows, { validationFraction: 1, seed: 'x' })).toEqual({ train: '', validation: all, errors: [] });
    const twins = [{ id: 1, ...rows[0]! }, { id: 2, ...rows[0]! }, { id: 3, ...rows[1]! }, { id: 4, ...rows[1]! }];
    const got = await toFineTuneJsonl(twins, { validationFraction: 0.5, seed: 'twins' });
    expect(got).toEqual({ ...expectedSplit([rows[0]!, rows[0]!, rows[1]!, rows[1]!], 'twins', 0.5), errors: [] });
  }, { weight: 1 });
});
