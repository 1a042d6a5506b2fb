import { describe, test, expect, llm } from '@judge/test';
import { start, chat, calls, eventually, user } from '../helpers/proxy';

const TIMEOUT = { error: { code: 'upstream_timeout' } };

describe('idle timeout', () => {
  test('a stream that stalls ends with upstream_timeout about 300 ms later and the upstream is closed', async () => {
    const marker = 'hvcase-stall';
    llm.script([{ match: { messages: marker }, respond: { stallAfterChunks: 2, stream: ['Once ', 'upon ', 'a ', 'time.'] } }]);
    const port = await start();
    const r = await chat(port, { messages: user(`Tell a story (${marker})`) });
    expect(r.gaveUp).toBe(false);
    expect(r.events).toEqual([{ delta: 'Once ' }, { delta: 'upon ' }, TIMEOUT]);
    const silence = r.at[2] - r.at[1];
    expect(silence).toBeGreaterThanOrEqual(250);
    expect(silence).toBeLessThan(900);
    expect(r.ended).toBe(true);
    expect(calls(marker)).toHaveLength(1);
    expect(await eventually(() => calls(marker)[0]?.clientClosed === true)).toBe(true);
  }, { weight: 3 });

  test('an upstream that never sends its headers times out too', async () => {
    const marker = 'hvcase-hang';
    llm.script([{ match: { messages: marker }, respond: { hang: true } }]);
    const port = await start();
    const r = await chat(port, { messages: user(`Tell a story (${marker})`) });
    expect(r.gaveUp).toBe(false);
    expect(r.events).toEqual([TIMEOUT]);
    expect(r.ms).toBeGreaterThanOrEqual(250);
    expect(r.ms).toBeLessThan(1200);
    expect(calls(marker)).toHaveLength(1);
    expect(await eventually(() => calls(marker)[0]?.clientClosed === true)).toBe(true);
  }, { weight: 2 });

  test('headers followed by no chunk at all time out', async () => {
    const marker = 'hvcase-stall-zero';
    llm.script([{ match: { messages: marker }, respond: { stallAfterChunks: 0, stream: ['Once ', 'upon.'] } }]);
    const port = await start();
    const r = await chat(port, { messages: user(`Tell a story (${marker})`) });
    expect(r.gaveUp).toBe(false);
    expect(r.events).toEqual([TIMEOUT]);
    expect(r.ms).toBeLessThan(1200);
  }, { weight: 1 });
});
