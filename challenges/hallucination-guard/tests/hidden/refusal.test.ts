import { describe, test, expect, llm } from '@judge/test';
import { answer, replyWith, kept, claim, noCitation, refusal, chatRequests, REFUSAL, KB, Q } from '../helpers/guard';

describe('refusal', () => {
  test('no sentence supported: the refusal lists every unsupported sentence', async () => {
    replyWith('Refunds take 99 days [p1]. Ask Oslo [p2]. I am not sure.');
    expect(await answer(Q, KB)).toEqual(
      refusal([claim('Refunds take 99 days [p1].', ['99']), claim('Ask Oslo [p2].', ['Oslo']), noCitation('I am not sure.')]),
    );
  }, { weight: 2 });

  test('an empty reply or the refusal sentence (after normalisation) is the refusal with nothing unsupported', async () => {
    replyWith(' \n\t ');
    expect(await answer(Q, KB)).toEqual(refusal());
    replyWith('');
    expect(await answer(Q, KB)).toEqual(refusal());
    expect(chatRequests()).toHaveLength(2);
    replyWith("\n  I don't know based on\nthe   provided passages.  ");
    expect(await answer(Q, KB)).toEqual(refusal());
    // The mock's own refusal is not the statement's: it has no citation, so nothing is supported.
    llm.script([]);
    expect(await answer('What is the office dress code?', KB)).toEqual(refusal([noCitation("I don't know based on the provided context.")]));
  }, { weight: 2 });

  test('the default reply of the model is checked like any other', async () => {
    expect(await answer('How many days until refunds are paid?', KB)).toEqual(kept(['Refunds are paid within 14 days of the request. [p1]'], ['p1']));
  }, { weight: 1 });

  test('strict: a fully supported reply is returned as usual; false behaves as absent', async () => {
    const reply = 'Refunds are paid within 14 days [p1]. Parcels ship from Rotterdam [p2].';
    replyWith(reply);
    const expected = kept(['Refunds are paid within 14 days [p1].', 'Parcels ship from Rotterdam [p2].'], ['p1', 'p2']);
    expect(await answer(Q, KB, { strict: true })).toEqual(expected);
    replyWith(`${reply} Refunds are also paid in Oslo [p1].`);
    const withBad = kept(['Refunds are paid within 14 days [p1].', 'Parcels ship from Rotterdam [p2].'], ['p1', 'p2'], [
      claim('Refunds are also paid in Oslo [p1].', ['Oslo']),
    ]);
    expect(await answer(Q, KB, { strict: false })).toEqual(withBad);
    expect(await answer(Q, KB, {})).toEqual(withBad);
    expect(await answer(Q, KB, { strict: true })).toEqual(refusal([claim('Refunds are also paid in Oslo [p1].', ['Oslo'])]));
  }, { weight: 2 });

  test('no passage with text: the refusal without any request', async () => {
    expect(await answer(Q, [])).toEqual(refusal());
    expect(await answer(Q, [{ id: 'a', text: '' }, { id: 'b', text: ' \n\u3000\t' }])).toEqual(refusal());
    expect(await answer(Q, [{ id: 'a', text: '   ' }], { strict: true })).toEqual(refusal());
    expect(llm.journal()).toHaveLength(0);
    expect(REFUSAL).toBe("I don't know based on the provided passages.");
  }, { weight: 2 });
});
