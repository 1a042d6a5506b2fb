/**
 * The egress policy at delivery: every address a name resolves to is checked on the socket that connects, and
 * redirects are never followed. A resolver stands in for DNS so no query leaves the machine.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseEgressAllowList } from '../../core/webhooks/egress-policy';
import { EgressRefusedError, postWebhook, type Resolver } from '../../core/webhooks/webhook-post';

let server: Server;
let port: number;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/redirect') res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    else res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const resolvesTo = (...addresses: string[]): Resolver => (_host, callback) =>
  callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

test('a public name that resolves to loopback is refused before any connection', async () => {
  const before = hits.length;
  const sent = postWebhook(`http://hooks.example.com:${port}/hook`, '{}', {}, { allow: parseEgressAllowList(''), timeoutMs: 2_000, resolve: resolvesTo('127.0.0.1') });
  await expect(sent).rejects.toThrow(EgressRefusedError);
  await expect(sent).rejects.toThrow(/loopback address 127\.0\.0\.1 \(hooks\.example\.com resolves to it\)/);
  expect(hits.length).toBe(before);
});

test('one refused address among several refuses the name', async () => {
  const sent = postWebhook(`http://hooks.example.com:${port}/hook`, '{}', {}, { allow: parseEgressAllowList('127.0.0.1'), timeoutMs: 2_000, resolve: resolvesTo('127.0.0.1', '10.0.0.7') });
  await expect(sent).rejects.toThrow(/private address 10\.0\.0\.7/);
});

test('an allowed range delivers, and a redirect is answered, never followed', async () => {
  const allow = parseEgressAllowList('127.0.0.1');
  const options = { allow, timeoutMs: 2_000, resolve: resolvesTo('127.0.0.1') };
  await expect(postWebhook(`http://hooks.example.com:${port}/hook`, '{"a":1}', {}, options)).resolves.toEqual({ statusCode: 204 });
  await expect(postWebhook(`http://hooks.example.com:${port}/redirect`, '{}', {}, options)).resolves.toEqual({ statusCode: 307 });
  expect(hits.slice(-2)).toEqual(['/hook', '/redirect']);
});

test('an address literal is refused without a lookup', async () => {
  const resolve: Resolver = () => { throw new Error('looked up'); };
  await expect(postWebhook(`http://127.0.0.1:${port}/hook`, '{}', {}, { allow: parseEgressAllowList(''), timeoutMs: 2_000, resolve })).rejects.toThrow(/^loopback address 127\.0\.0\.1$/);
});
