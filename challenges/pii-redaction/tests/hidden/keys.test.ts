import { describe, test } from '@judge/test';
import { expectRedaction, expectUnchanged } from '../helpers/pii';

describe('api keys', () => {
  test('sk- keys need at least 20 characters after the prefix', async () => {
    await expectRedaction(['key=', ['api_key', 'sk-abcdefghijklmnopqrst'], ' (exactly 20)']);
    await expectUnchanged('key=sk-abcdefghijklmnopqrs (only 19) and sk-short');
    await expectRedaction(['{"key": "', ['api_key', 'sk-proj-Ab_Cd-Ef_Gh-Ij_Kl-Mn_Op-Qr'], '"}']);
    await expectRedaction(['OPENAI_API_KEY=', ['api_key', 'sk-svcacct-0123456789ABCDEFabcdef_-xyz'], '\n']);
  }, { weight: 2 });

  test('words that merely contain sk- are not keys', async () => {
    await expectUnchanged('see risk-assessment-quarterly-2024-final.pdf');
    await expectUnchanged('the task-force-alpha-bravo-charlie met at desk-1234567890123456789012');
    await expectUnchanged('ask-me-anything-about-the-new-release');
  }, { weight: 2 });

  test('bearer tokens: only the token is redacted, in any letter case', async () => {
    await expectRedaction(['authorization: bearer ', ['api_key', 'abcdefghijklmnopqrstuvwxyz012345'], '\r\n']);
    await expectRedaction(['BEARER\t', ['api_key', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a']]);
    await expectRedaction(['Use "Bearer  ', ['api_key', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'], '". Then retry.']);
    await expectRedaction(['The header was Bearer ', ['api_key', 'tok_live.0123456789-abcdefgh'], '.']);
    await expectUnchanged('Bearer short-token and Bearer of bad news, xBearer abcdefghijklmnopqrstuvwxyz');
  }, { weight: 2 });
});
