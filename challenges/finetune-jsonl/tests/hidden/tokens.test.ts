import { describe, test, expect } from '@judge/test';
import { type Msg, toFineTuneJsonl, lineOf, chat, codes } from '../helpers/jsonl';
import { encode } from 'gpt-tokenizer';

const tokens = (row: { messages: Msg[] }) =>
  row.messages.reduce((sum, m) => sum + encode(m.content, { disallowedSpecial: new Set() }).length, 0);

describe('tokens', () => {
  test('maxTokens is compared with the gpt-tokenizer count summed over all messages', async () => {
    const rows = [
      chat('Wie setze ich mein Passwort zurück? 🔑', 'Öffnen Sie die Einstellungen → Sicherheit.', 'Du bist ein hilfsbereiter Assistent.'),
      chat('東京から大阪までの新幹線は何分かかりますか？', '約2時間30分です。'),
      chat('hello world', 'hi'),
    ];
    for (const row of rows) {
      const t = tokens(row);
      const line = `${lineOf(row.messages)}\n`;
      expect(await toFineTuneJsonl([row], { validationFraction: 0, seed: 't', maxTokens: t })).toEqual({ train: line, validation: '', errors: [] });
      const over = await toFineTuneJsonl([row], { validationFraction: 0, seed: 't', maxTokens: t - 1 });
      expect({ maxTokens: t - 1, train: over.train, errors: codes(over.errors) }).toEqual({ maxTokens: t - 1, train: '', errors: [{ row: 0, code: 'too_many_tokens' }] });
    }
  }, { weight: 2 });

  test('special-token text such as <|endoftext|> counts as ordinary text', async () => {
    const row = chat('What does <|endoftext|> mean in a prompt?', 'It marks <|im_start|>the end<|im_end|> of a document.');
    const t = tokens(row);
    const got = await toFineTuneJsonl([row, chat('x', 'y')], { validationFraction: 0, seed: 't', maxTokens: t });
    expect(got).toEqual({ train: `${lineOf(row.messages)}\n${lineOf(chat('x', 'y').messages)}\n`, validation: '', errors: [] });
    const over = await toFineTuneJsonl([row], { validationFraction: 0, seed: 't', maxTokens: t - 1 });
    expect(codes(over.errors)).toEqual([{ row: 0, code: 'too_many_tokens' }]);
  }, { weight: 1 });

  test('too_many_tokens comes after the other checks, and no limit means no length check', async () => {
    const long = chat('word '.repeat(20_000), 'ok');
    expect(await toFineTuneJsonl([long], { validationFraction: 0, seed: 't' })).toEqual({ train: `${lineOf(long.messages)}\n`, validation: '', errors: [] });
    const got = await toFineTuneJsonl([long, { messages: [{ role: 'user', content: 'word '.repeat(100) }] }], { validationFraction: 0, seed: 't', maxTokens: 10 });
    expect(codes(got.errors)).toEqual([{ row: 0, code: 'too_many_tokens' }, { row: 1, code: 'example_missing_assistant_message' }]);
  }, { weight: 1 });
});
