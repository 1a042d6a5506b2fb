import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { refusalOfAddress, refusalOfUrl, type EgressAllowList } from './egress-policy';

/** A delivery the egress policy refused (not retried: the URL will not change between attempts). */
export class EgressRefusedError extends Error {
  override name = 'EgressRefusedError';
}

/** Resolves a host name to every address it has (`dns.lookup` with `all: true`; tests give their own). */
export type Resolver = (hostname: string, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const systemResolver: Resolver = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

/** The answer of a webhook POST: only the status matters (the body is discarded). */
export interface PostAnswer {
  statusCode: number;
}

/**
 * A `lookup` for the socket that resolves the name and refuses the connection when any address it resolves to is
 * refused, so the address checked is the address connected to (no window for DNS rebinding).
 */
function guardedLookup(allow: EgressAllowList, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const refused = allow.hosts.has(hostname.toLowerCase()) ? undefined
        : addresses.map((a) => ({ a, rule: refusalOfAddress(a.address, allow) })).find((r) => r.rule);
      if (refused) return callback(new EgressRefusedError(`${refused.rule} address ${refused.a.address} (${hostname} resolves to it)`), '', 0);
      if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/**
 * POSTs `body` to `url` under the egress policy (checked on the URL, then on every resolved address), with no
 * redirects followed and the whole exchange bounded by `timeoutMs`.
 */
export function postWebhook(url: string, body: string, headers: Record<string, string>, options: { allow: EgressAllowList; timeoutMs: number; resolve?: Resolver }): Promise<PostAnswer> {
  const target = new URL(url);
  const refused = refusalOfUrl(target, options.allow);
  if (refused) return Promise.reject(new EgressRefusedError(refused));
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise<PostAnswer>((resolve, reject) => {
    const request = transport.request(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      lookup: guardedLookup(options.allow, options.resolve ?? systemResolver),
      signal: AbortSignal.timeout(options.timeoutMs),
    }, (response) => {
      response.resume();
      response.on('end', () => resolve({ statusCode: response.statusCode ?? 0 }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}
