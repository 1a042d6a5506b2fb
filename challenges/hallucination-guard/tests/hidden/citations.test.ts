import { describe, test, expect } from '@judge/test';
import { answer, replyWith, kept, claim, unknownCitation, refusal, userMessage, chatRequests, messagesOf, KB, Q } from '../helpers/guard';

describe('citations', () => {
  test('a sentence citing one unsent id beside a good one is unsupported; only the unknown ids are listed, once each', async () => {
    replyWith('Refunds are paid within 14 days [p1][p9][p1][p9][P1]. Parcels ship from Rotterdam [p2].');
    expect(await answer(Q, KB)).toEqual(
      kept(['Parcels ship from Rotterdam [p2].'], ['p2'], [unknownCitation('Refunds are paid within 14 days [p1][p9][p1][p9][P1].', ['p9', 'P1'])]),
    );
  }, { weight: 3 });

  test('an unknown citation wins over unsupported claims; any bracketed word is a citation marker', async () => {
    replyWith('Refunds take 99 days in Oslo [p1][secret.md#0].');
    expect(await answer(Q, KB)).toEqual(refusal([unknownCitation('Refunds take 99 days in Oslo [p1][secret.md#0].', ['secret.md#0'])]));
    replyWith('Refunds are paid [sic] within 14 days [p1]. Parcels [ship] from Rotterdam [p 2].');
    expect(await answer(Q, KB)).toEqual(
      refusal([unknownCitation('Refunds are paid [sic] within 14 days [p1].', ['sic']), unknownCitation('Parcels [ship] from Rotterdam [p 2].', ['ship'])]),
    );
  }, { weight: 2 });

  test('a passage with blank text is not sent, and citing it is an unknown citation', async () => {
    const passages = [
      { id: 'empty', text: '  \n\t ' },
      { id: 'p1', text: KB[0]!.text },
      { id: 'none', text: '' },
    ];
    replyWith('Refunds are paid within 14 days [p1]. Nothing else applies [empty][none].');
    expect(await answer('How long do refunds take?', passages)).toEqual(
      kept(['Refunds are paid within 14 days [p1].'], ['p1'], [unknownCitation('Nothing else applies [empty][none].', ['empty', 'none'])]),
    );
    const chats = chatRequests();
    expect(chats).toHaveLength(1);
    expect(messagesOf(chats[0]!)[1]!.content).toBe(userMessage('How long do refunds take?', passages));
    expect(String(messagesOf(chats[0]!)[1]!.content)).not.toContain('[empty]');
  }, { weight: 2 });

  test('citations come only from kept sentences, in order of first appearance, each once', async () => {
    replyWith('Parcels ship from Rotterdam [p2]. Refunds take 14 days [p1][p2]. Refunds take 99 days [p1] [p3]. Annual plans: 30 days [p1]. Refunds take 14 days [p2].');
    const passages = [...KB, { id: 'p3', text: 'Refunds are never paid in cash.' }];
    expect(await answer(Q, passages)).toEqual(
      kept(['Parcels ship from Rotterdam [p2].', 'Refunds take 14 days [p1][p2].', 'Annual plans: 30 days [p1].'], ['p2', 'p1'], [
        claim('Refunds take 99 days [p1] [p3].', ['99']),
        claim('Refunds take 14 days [p2].', ['14']),
      ]),
    );
  }, { weight: 2 });

});
