import { describe, test, expect, language } from '@judge/test';
import { type ErrorCode, type Options, toFineTuneJsonl, lineOf, chat, codes } from '../helpers/jsonl';

const OPTS: Options = { validationFraction: 0, seed: 'validation-tests' };
const USER = { role: 'user', content: 'Hi' };
const ASSISTANT = { role: 'assistant', content: 'Hello!' };

async function errorCodes(rows: unknown[]): Promise<Array<{ row: number; code: ErrorCode }>> {
  return codes((await toFineTuneJsonl(rows, OPTS)).errors);
}

const each = (code: ErrorCode, n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ row: from + i, code }));

describe('validation', () => {
  test('data_type: rows that are not objects', async () => {
    const got = await toFineTuneJsonl([null, [], 'text', 42, true, chat('a', 'b')], OPTS);
    expect(codes(got.errors)).toEqual(each('data_type', 5));
    expect(got.train).toBe(`${lineOf(chat('a', 'b').messages)}\n`);
  }, { weight: 2 });

  test('missing_messages_list: absent, not an array, or empty', async () => {
    expect(await errorCodes([
      {}, { messages: null }, { messages: 'hi' }, { messages: { 0: USER, 1: ASSISTANT } }, { messages: [] }, { message: [USER, ASSISTANT] },
    ])).toEqual(each('missing_messages_list', 6));
  }, { weight: 1 });

  test('message_missing_key: a message that is not an object or lacks role or content', async () => {
    expect(await errorCodes([
      { messages: [null, ASSISTANT] },
      { messages: ['Hi', ASSISTANT] },
      { messages: [[USER], ASSISTANT] },
      { messages: [{ content: 'Hi' }, ASSISTANT] },
      { messages: [{ role: 'user' }, ASSISTANT] },
      { messages: [USER, { role: 'assistant', text: 'typo in the key' }] },
    ])).toEqual(each('message_missing_key', 6));
  }, { weight: 1 });

  test('message_unrecognized_key: keys other than role, content, name and weight', async () => {
    expect(await errorCodes([
      { messages: [USER, { ...ASSISTANT, tool_calls: [] }] },
      { messages: [USER, { ...ASSISTANT, function_call: { name: 'f', arguments: '{}' } }] },
      { messages: [{ ...USER, id: 'msg_1' }, ASSISTANT] },
      { messages: [{ ...USER, Content: 'dup' }, ASSISTANT] },
    ])).toEqual(each('message_unrecognized_key', 4));
  }, { weight: 1 });

  test('unrecognized_role: only system, user and assistant, case-sensitive', async () => {
    const roles: unknown[] = ['User', 'ASSISTANT', 'tool', 'function', 'developer', ' user', '', 42, null];
    const got = await toFineTuneJsonl(roles.map((role) => ({ messages: [{ role, content: 'x' }, ASSISTANT] })), OPTS);
    expect(codes(got.errors)).toEqual(each('unrecognized_role', roles.length));
    expect(got.train).toBe('');
  }, { weight: 2 });

  test('missing_content: not a string, empty or whitespace only', async () => {
    const contents: unknown[] = [null, undefined, 42, ['Hi'], { type: 'text', text: 'Hi' }, '', '   \n\t', '\u00a0\u3000\u2028'];
    // Arguments reach Python as JSON, which has no undefined: there the key is absent, so the message lacks a key.
    const expected = contents.map((content, row) => ({ row, code: content === undefined && language === 'python' ? 'message_missing_key' : 'missing_content' }));
    expect(await errorCodes(contents.map((content) => ({ messages: [{ role: 'user', content }, ASSISTANT] })))).toEqual(expected);
    expect(await errorCodes([{ messages: [USER, { role: 'assistant', content: ' ' }] }])).toEqual(each('missing_content', 1));
  }, { weight: 2 });

  test('invalid_weight: 0 or 1, and only on assistant messages', async () => {
    const bad = [
      { messages: [{ ...USER, weight: 1 }, ASSISTANT] },
      { messages: [{ role: 'system', content: 's', weight: 0 }, USER, ASSISTANT] },
      ...[2, 0.5, '1', true, null, -1].map((weight) => ({ messages: [USER, { ...ASSISTANT, weight }] })),
    ];
    expect(await errorCodes(bad)).toEqual(each('invalid_weight', bad.length));
    const good = { messages: [USER, { role: 'assistant', content: 'draft', weight: 0 }, USER, { role: 'assistant', content: 'final', weight: 1 }] };
    const got = await toFineTuneJsonl([good], OPTS);
    expect(got).toEqual({
      train: '{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"draft","weight":0},{"role":"user","content":"Hi"},{"role":"assistant","content":"final","weight":1}]}\n',
      validation: '',
      errors: [],
    });
  }, { weight: 1 });

  test('example_missing_assistant_message: at least one assistant message', async () => {
    expect(await errorCodes([
      { messages: [{ role: 'system', content: 'Be brief.' }, USER] },
      { messages: [USER] },
      { messages: [{ role: 'system', content: 'Be brief.' }] },
      { messages: [USER, USER, USER] },
    ])).toEqual(each('example_missing_assistant_message', 4));
    expect(await errorCodes([{ messages: [ASSISTANT] }, { messages: [ASSISTANT, USER] }])).toEqual([]);
  }, { weight: 2 });

  test('the first problem decides the code of a row', async () => {
    expect(await errorCodes([
      { messages: [{ role: 'tool', content: 'x' }, { role: 'assistant' }] },            // message 0 first
      { messages: [{ role: 'tool', content: 'x', extra: 1 }, ASSISTANT] },              // unknown key before role
      { messages: [{ role: 'tool', content: '  ' }, ASSISTANT] },                       // role before content
      { messages: [{ role: 'user', content: '', weight: 7 }, ASSISTANT] },              // content before weight
      { messages: [USER, { role: 'user', content: null }] },                            // message check before assistant check
      { messages: [{ role: 'user' }, { role: 'assistant', content: 'x', tool_calls: [] }] }, // missing key in message 0
      { messages: 'not a list', metadata: null },                                       // messages before anything else
    ])).toEqual([
      { row: 0, code: 'unrecognized_role' },
      { row: 1, code: 'message_unrecognized_key' },
      { row: 2, code: 'unrecognized_role' },
      { row: 3, code: 'missing_content' },
      { row: 4, code: 'missing_content' },
      { row: 5, code: 'message_missing_key' },
      { row: 6, code: 'missing_messages_list' },
    ]);
  }, { weight: 2 });

  test('every row ends up in exactly one place and errors are ordered by row', async () => {
    const rows: unknown[] = [];
    const expectedErrors: Array<{ row: number; code: ErrorCode }> = [];
    const valid: string[] = [];
    const broken: Array<[unknown, ErrorCode]> = [
      [null, 'data_type'],
      [{ messages: [] }, 'missing_messages_list'],
      [{ messages: [{ role: 'user' }, ASSISTANT] }, 'message_missing_key'],
      [{ messages: [{ role: 'bot', content: 'x' }, ASSISTANT] }, 'unrecognized_role'],
      [{ messages: [USER] }, 'example_missing_assistant_message'],
      [{ messages: [USER, { role: 'assistant', content: '' }] }, 'missing_content'],
    ];
    for (let i = 0; i < 60; i++) {
      if (i % 4 === 3) {
        const [row, code] = broken[(i >> 2) % broken.length]!;
        expectedErrors.push({ row: i, code });
        rows.push(row);
      } else {
        const row = chat(`question ${i}`, `answer ${i}`);
        valid.push(lineOf(row.messages));
        rows.push(row);
      }
    }
    const got = await toFineTuneJsonl(rows, { validationFraction: 0.3, seed: 'bookkeeping' });
    expect(codes(got.errors)).toEqual(expectedErrors);
    const trainLines = got.train.split('\n').slice(0, -1);
    const validationLines = got.validation.split('\n').slice(0, -1);
    expect(trainLines.length + validationLines.length + got.errors.length).toBe(rows.length);
    expect([...trainLines, ...validationLines].sort()).toEqual([...valid].sort());
  }, { weight: 2 });
});
