import { describe, test, expect, llm } from '@judge/test';
import { answer, KB, Q } from '../helpers/guard';

const typeError = { name: 'TypeError' };

describe('validation', () => {
  test('a question that is not a string, or blank, throws a TypeError before any request', async () => {
    for (const question of [42, null, ['How?'], '', ' \n\t\u00a0\u3000 ']) {
      await expect(answer(question, KB)).rejects.toMatchObject(typeError);
    }
    await expect(answer('   ', [])).rejects.toMatchObject(typeError);
    expect(llm.journal()).toHaveLength(0);
  }, { weight: 2 });

  test('malformed passages throw a TypeError before any request', async () => {
    const bad: unknown[] = [
      'p1: refunds',
      { id: 'p1', text: 'Refunds.' },
      [{ id: 'p1' }],
      [{ text: 'Refunds.' }],
      [{ id: 7, text: 'Refunds.' }],
      [{ id: 'p1', text: 14 }],
      [null],
      [{ id: '', text: 'Refunds.' }],
      [{ id: 'p 1', text: 'Refunds.' }],
      [{ id: 'p\u00a01', text: 'Refunds.' }],
      [{ id: 'p[1]', text: 'Refunds.' }],
      [{ id: 'p1', text: 'Refunds.' }, { id: 'p2', text: '' }, { id: 'p1', text: 'Other.' }],
    ];
    for (const passages of bad) await expect(answer(Q, passages)).rejects.toMatchObject(typeError);
    expect(llm.journal()).toHaveLength(0);
  }, { weight: 2 });

  test('a strict that is not a boolean, or options that are not an object, throw a TypeError; null options and unknown keys are fine', async () => {
    for (const options of [{ strict: 1 }, { strict: 'yes' }, { strict: null }, 'strict', 5]) {
      await expect(answer(Q, KB, options)).rejects.toMatchObject(typeError);
    }
    expect(llm.journal()).toHaveLength(0);
    llm.script([{ respond: { reply: 'Refunds are paid within 14 days [p1].' } }]);
    const expected = { answer: 'Refunds are paid within 14 days [p1].', citations: ['p1'], refused: false, unsupported: [] };
    expect(await answer(Q, KB, null)).toEqual(expected);
    expect(await answer(Q, KB, { topK: 3 })).toEqual(expected);
  }, { weight: 2 });

});
