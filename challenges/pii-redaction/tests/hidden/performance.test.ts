import { describe, test, expect } from '@judge/test';
import { type PiiType, type Result, redact, build } from '../helpers/pii';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum;
}

/** A 16-digit number whose Luhn check passes (valid) or fails (invalid). */
function sixteenDigits(next: () => number, valid: boolean): string {
  let body = '4';
  while (body.length < 15) body += String(Math.floor(next() * 10));
  for (let d = 0; d < 10; d++) {
    const ok = luhnSum(body + d) % 10 === 0;
    if (ok === valid) return body + d;
  }
  throw new Error('unreachable');
}

/** A small summary of the first difference, so that a wrong answer on a huge input fails fast with a short message. */
function firstDifference(got: Result, expected: Result): unknown {
  let i = 0;
  while (i < got.text.length && got.text[i] === expected.text[i]) i++;
  if (i < got.text.length || got.text.length !== expected.text.length) {
    return { textDiffersAt: i, got: got.text.slice(Math.max(0, i - 40), i + 40), expected: expected.text.slice(Math.max(0, i - 40), i + 40) };
  }
  const n = Math.max(got.found.length, expected.found.length);
  for (let k = 0; k < n; k++) {
    const a = got.found[k];
    const b = expected.found[k];
    if (!a || !b || a.type !== b.type || a.start !== b.start || a.end !== b.end || Object.keys(a).length !== 3) {
      return { foundDiffersAt: k, got: a, expected: b };
    }
  }
  return null;
}

async function expectSame(input: string, expected: Result): Promise<void> {
  const got = await redact(input);
  expect(firstDifference(got, expected)).toBeNull();
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

describe('performance', () => {
  test('a 500 KB log with thousands of matches is redacted quickly and exactly', async () => {
    const next = rng(20240115);
    const int = (n: number) => Math.floor(next() * n);
    const word = (n: number) => Array.from({ length: n }, () => ALNUM[int(ALNUM.length)]).join('');
    const parts: Array<string | [PiiType, string]> = [];
    let size = 0;
    for (let i = 0; size < 500_000; i++) {
      const ts = `2024-01-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:07Z`;
      const line: Array<string | [PiiType, string]> = [];
      switch (i % 6) {
        case 0:
          line.push(`${ts} INFO login user=`, ['email', `user${i}.${word(5)}@example.com`], ' ip=', ['ipv4', `10.${int(256)}.${int(256)}.${int(256)}`], ` latency_ms=${int(999)}\n`);
          break;
        case 1: {
          const card = sixteenDigits(next, true);
          const shown = i % 4 === 1 ? card.replace(/(\d{4})(?=\d)/g, '$1 ') : i % 4 === 3 ? card.replace(/(\d{4})(?=\d)/g, '$1-') : card;
          line.push(`${ts} WARN payment declined card=`, ['card', shown], ` order=${sixteenDigits(next, false)} v1.${int(20)}.${int(20)}\n`);
          break;
        }
        case 2:
          line.push(`${ts} DEBUG Authorization: Bearer `, ['api_key', word(32)], '\n');
          break;
        case 3:
          line.push(`${ts} INFO callback requested phone=`, ['phone', `+1 (${100 + int(900)}) ${100 + int(900)}-${1000 + int(9000)}`], ` ticket=${1000000 + int(9000000)}\n`);
          break;
        case 4:
          line.push(`${ts} INFO key rotated, new key `, ['api_key', `sk-${word(24)}`], ` for team ${word(6)} 🚀\n`);
          break;
        default:
          line.push(`${ts} INFO reply sent to "`, ['email', `${word(4)}_${i}@mail.example.co.uk`], `" about invoice ${sixteenDigits(next, false)}, build 2.${int(10)}.${int(10)}.${int(300) + 256}\n`);
      }
      for (const p of line) size += typeof p === 'string' ? p.length : p[1].length;
      parts.push(...line);
    }
    const { input, expected } = build(parts);
    const started = Date.now();
    await expectSame(input, expected);
    expect(Date.now() - started).toBeLessThan(2500); // room for a loaded 1-CPU sandbox; a quadratic scan takes far longer
  }, { weight: 2, timeoutMs: 4000 });

  test('long runs of letters, digits and dots do not slow it down', async () => {
    const started = Date.now();
    const b64 = Array.from({ length: 200_000 }, (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[(i * 7919) % 64]).join('');
    const unchanged = (text: string) => expectSame(text, { text, found: [] });
    await unchanged(`<img src="data:image/png;base64,${b64}=="> attached`);
    await unchanged('a'.repeat(300_000));
    await unchanged('7'.repeat(300_000));
    await unchanged('1 '.repeat(150_000));
    await unchanged('1.'.repeat(150_000));
    await unchanged(`${'x'.repeat(60)}@`.repeat(5_000));
    await unchanged(`x@${'a.'.repeat(100_000)}b`);
    const key = `sk-${'a'.repeat(300_000)}`;
    await expectSame(key, { text: '[API_KEY]', found: [{ type: 'api_key', start: 0, end: key.length }] });
    const token = `${'b.'.repeat(150_000)}c`;
    await expectSame(`Bearer ${token}`, { text: 'Bearer [API_KEY]', found: [{ type: 'api_key', start: 7, end: 7 + token.length }] });
    expect(Date.now() - started).toBeLessThan(5000);
  }, { weight: 1, timeoutMs: 6000 });
});
