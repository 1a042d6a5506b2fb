import { describe, test, expect } from '@judge/test';
import { countChatTokens, count, tokens, T, sys, user, assistant, call, calls, tool, type ChatMessage } from '../helpers/memory';

describe('counting', () => {
  test('plain messages: 3 per message, plus role and content, plus 3 priming the reply', async () => {
    const history: ChatMessage[] = [
      sys('You are a concise assistant for a bicycle repair shop.'),
      user('My rear brake squeaks when it rains. What should I check first?'),
      assistant('Check the pads for glazing and clean the rim with isopropyl alcohol.'),
      user('Thanks!'),
    ];
    const want = 3 + history.reduce((n, m) => n + 3 + 1 + T(m.content ?? ''), 0);
    expect(count(history)).toBe(want);
    expect(await countChatTokens(history)).toBe(want);
    expect(await countChatTokens([user('Thanks!')])).toBe(3 + 3 + 1 + T('Thanks!'));
  }, { weight: 1 });

  test('unicode, emoji sequences and line breaks are counted exactly', async () => {
    const texts = [
      'Família 👨‍👩‍👧‍👦 em Lisboa: 3 dias, €450 ≈ 480 $',
      '東京で一番おいしいラーメン屋はどこですか？🍜',
      'مرحبا! هل يمكنك مساعدتي في حجز فندق؟',
      'Thumbs up 👍🏽👍🏿, astronaut 🧑🏿‍🚀, flags 🏳️‍🌈🇨🇭, snowman ☃︎',
      'e\u0301 (combining) vs é, ﬁ ligature, ＦＵＬＬ width, Ω and ß',
      '  line one\n\n\tline two\r\nline three  ',
    ];
    const history: ChatMessage[] = [sys('Réponds en français. 🙂'), ...texts.map((t, i) => (i % 2 === 0 ? user(t) : assistant(t)))];
    expect(await countChatTokens(history)).toBe(count(history));
    for (const m of history) expect({ text: m.content, n: await countChatTokens([m]) }).toEqual({ text: m.content, n: 3 + tokens(m) });
  }, { weight: 3 });

  test('tool calls add each name and arguments; ids and tool_call_id are not counted', async () => {
    const history: ChatMessage[] = [
      sys('You can call tools.'),
      user('Weather in Zürich and in 東京?'),
      calls('Checking both.', ['call_Zu7qP0xYk3LmN9aBcDeFgHiJ', 'get_weather', { city: 'Zürich', unit: 'celsius' }], ['call_Tk8', 'get_weather', { city: '東京' }]),
      tool('call_Zu7qP0xYk3LmN9aBcDeFgHiJ', '{"temp":4,"sky":"fog 🌫️"}'),
      tool('call_Tk8', '{"temp":11,"sky":"clear"}'),
      call('call_x', 'lookup_order_status_by_reference_number', '{"ref": "A-77\\n\\"quoted\\""}'),
      tool('call_x', 'shipped'),
    ];
    const args = history[2]!.tool_calls!.map((tc) => tc.function.arguments);
    const want3 = 3 + 1 + T('Checking both.') + T('get_weather') + T(args[0]!) + T('get_weather') + T(args[1]!);
    expect(await countChatTokens([history[2]!])).toBe(3 + want3);
    expect(await countChatTokens([history[3]!])).toBe(3 + 3 + 1 + T('{"temp":4,"sky":"fog 🌫️"}'));
    expect(await countChatTokens(history)).toBe(count(history));
  }, { weight: 3 });

  test('null and empty contents count 0; an empty list counts 3', async () => {
    expect(await countChatTokens([])).toBe(3);
    expect(await countChatTokens([assistant(null)])).toBe(3 + 4);
    expect(await countChatTokens([user(''), assistant('')])).toBe(3 + 4 + 4);
    expect(await countChatTokens([call('c1', 'noop', '')])).toBe(3 + 4 + T('noop'));
  }, { weight: 1 });
});
