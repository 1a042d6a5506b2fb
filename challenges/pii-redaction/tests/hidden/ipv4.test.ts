import { describe, test } from '@judge/test';
import { expectRedaction, expectUnchanged } from '../helpers/pii';

describe('ipv4', () => {
  test('addresses with ports, CIDR suffixes and at the end of a sentence', async () => {
    await expectRedaction(['ip=', ['ipv4', '10.0.0.1'], ':8080 from ', ['ipv4', '192.168.0.0'], '/16']);
    await expectRedaction(['from ', ['ipv4', '0.0.0.0'], ' to ', ['ipv4', '255.255.255.255'], '.']);
    await expectRedaction(['[::ffff:', ['ipv4', '10.1.2.3'], '] and "', ['ipv4', '1.2.3.4'], '"']);
  }, { weight: 1 });

  test('version numbers and invalid octets are not addresses', async () => {
    await expectUnchanged('node 20.11.1, python 3.12, release 1.2.3');
    await expectUnchanged('v1.2.3.4 and 1.2.3.4.5 and build 4.0.0.1-beta');
    await expectUnchanged('10.0.0.256 and 999.1.1.1 and 192.168.01.1 and 1.300.2.1');
    await expectUnchanged('chrome 120.0.6099.109 on win 10.0.19045.1234');
  }, { weight: 2 });
});
