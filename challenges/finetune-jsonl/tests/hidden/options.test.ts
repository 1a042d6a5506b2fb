import { describe, test, expect } from '@judge/test';
import { type Options, toFineTuneJsonl, lineOf, chat, codes } from '../helpers/jsonl';

async function expectRangeError(rows: unknown, options: unknown): Promise<void> {
  await expect(toFineTuneJsonl(rows as unknown[], options as Options)).rejects.toMatchObject({ name: 'RangeError' });
}

describe('options', () => {
  test('invalid validationFraction throws a RangeError', async () => {
    for (const validationFraction of [NaN, -0.1, 1.0001, Infinity, '0.2', null, undefined]) {
      await expectRangeError([chat('a', 'b')], { validationFraction, seed: 's' });
    }
  }, { weight: 1 });

  test('invalid seed, maxTokens or rows throw a RangeError', async () => {
    for (const seed of [undefined, null, 42]) await expectRangeError([], { validationFraction: 0.1, seed });
    for (const maxTokens of [0, -5, 1.5, NaN, '100', null]) await expectRangeError([], { validationFraction: 0.1, seed: 's', maxTokens });
    for (const rows of [null, 'rows', { 0: chat('a', 'b') }]) await expectRangeError(rows, { validationFraction: 0.1, seed: 's' });
    // Options are checked before rows, so invalid options throw even with broken rows.
    await expectRangeError([null, 'x'], { validationFraction: 2, seed: 's' });
  }, { weight: 1 });

  test('boundary options are accepted', async () => {
    const rows = [chat('a', 'b')];
    const line = `${lineOf(rows[0]!.messages)}\n`;
    expect(await toFineTuneJsonl(rows, { validationFraction: 0, seed: '', maxTokens: undefined })).toEqual({ train: line, validation: '', errors: [] });
    expect(await toFineTuneJsonl(rows, { validationFraction: 1, seed: 's', maxTokens: 2 })).toEqual({ train: '', validation: line, errors: [] });
    expect(codes((await toFineTuneJsonl(rows, { validationFraction: 1, seed: 's', maxTokens: 1 })).errors)).toEqual([{ row: 0, code: 'too_many_tokens' }]);
  }, { weight: 1 });
});
