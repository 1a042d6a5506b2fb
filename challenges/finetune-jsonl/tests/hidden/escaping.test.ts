import { describe, test, expect } from '@judge/test';
import { type Options, type Msg, toFineTuneJsonl, lineOf, chat } from '../helpers/jsonl';

const OPTS: Options = { validationFraction: 0, seed: 'escaping' };

/** Line boundaries of Python's str.splitlines(). */
const PY_LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

async function exportOne(row: { messages: Msg[] }): Promise<string> {
  const got = await toFineTuneJsonl([row], OPTS);
  expect(got.errors).toEqual([]);
  expect(got.validation).toBe('');
  return got.train;
}

describe('escaping', () => {
  test('quotes, backslashes, newlines and control characters round-trip', async () => {
    const row = chat(
      'He said "hi" \\ then C:\\Users\\me\\file.txt\r\nline two\ttabbed',
      'Controls: \u0000 \u0001 \b \f \u001f \u007f and {"json": [1, 2]} and </script>',
      '  leading and trailing spaces are content too  ',
    );
    const out = await exportOne(row);
    expect(out).toBe(`${lineOf(row.messages)}\n`);
    expect(JSON.parse(out)).toEqual(row);
  }, { weight: 2 });

  test('U+2028, U+2029 and U+0085 are escaped so that no tool splits the line', async () => {
    const row = chat('para one\u2028para two\u2029para three', 'next\u0085line \u2028\u2028 done');
    const out = await exportOne(row);
    expect(out).toBe('{"messages":[{"role":"user","content":"para one\\u2028para two\\u2029para three"},{"role":"assistant","content":"next\\u0085line \\u2028\\u2028 done"}]}\n');
    expect(out.split(PY_LINE_BREAK)).toHaveLength(2);
    expect(JSON.parse(out)).toEqual(row);
  }, { weight: 3 });

  test('emoji, CJK, combining marks and lone surrogates', async () => {
    const row = chat('東京の天気は？ 🦀 \u{1F469}\u200D\u{1F469}\u200D\u{1F467}', 'cafe\u0301 — 晴れです。 broken: \ud800 and \udc00x');
    const out = await exportOne(row);
    expect(out).toBe(`${lineOf(row.messages)}\n`);
    expect(out).toContain('\\ud800');
    expect(out).toContain('\\udc00x');
    expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
    expect(JSON.parse(out)).toEqual(row);
  }, { weight: 1 });

  test('no byte-order mark, no carriage return, no blank line, a final newline', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => chat(`q${i}\r\n`, `a${i}\r`));
    const got = await toFineTuneJsonl(rows, { validationFraction: 0.5, seed: 'bom' });
    for (const file of [got.train, got.validation]) {
      expect(file.length).toBeGreaterThan(0);
      expect(file.charCodeAt(0)).not.toBe(0xfeff);
      expect(file).not.toContain('\r');
      expect(file).not.toContain('\n\n');
      expect(file.endsWith('}\n')).toBe(true);
      for (const line of file.slice(0, -1).split('\n')) expect(line.startsWith('{"messages":[')).toBe(true);
    }
  }, { weight: 2 });

  test('only role, content, name and weight are written, in that order', async () => {
    const row = {
      id: 'conv-7',
      metadata: { source: 'zendesk', tags: ['refund'] },
      messages: [
        { content: 'You are helpful.', role: 'system' },
        { name: 'alice', content: 'Refund please', role: 'user' },
        { weight: 1, content: 'Done.', name: 'agent_7', role: 'assistant' },
      ],
    };
    const out = await exportOne(row as { messages: Msg[] });
    expect(out).toBe('{"messages":[{"role":"system","content":"You are helpful."},{"role":"user","content":"Refund please","name":"alice"},{"role":"assistant","content":"Done.","name":"agent_7","weight":1}]}\n');
  }, { weight: 1 });
});
