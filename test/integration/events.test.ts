/**
 * Live progress over server-sent events with a real worker: a stream opened while the submission waits sees
 * `queued` (with its queue position), heartbeats, then `running` and `finished` (the GET body), and is closed.
 */
import { startWorker, type RunningWorker } from '../../worker/start-worker';
import { createTestContext, bearer, http, silentLog, type TestContext } from '../helpers/test-context';
import { createAssessment, invite, readEvents, REFERENCE, submit, type SseEvent } from '../helpers/assessment-fixtures';

jest.setTimeout(120_000);

let ctx: TestContext;
let worker: RunningWorker | undefined;
beforeAll(async () => {
  ctx = await createTestContext({ config: { SSE_HEARTBEAT_MS: 300 } }); // no worker yet: submissions wait
});
afterAll(async () => {
  await worker?.close();
  await ctx.close();
});

/** Opens a stream and collects its events as they arrive. */
function follow(url: string, headers: Record<string, string>) {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const controller = new AbortController();
  const done = (async () => {
    const response = await fetch(url, { headers, signal: controller.signal });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        comments.push(...lines.filter((l) => l.startsWith(':')).map((l) => l.slice(1).trim()));
        const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
        const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
        if (event) events.push({ event, data: data && JSON.parse(data) });
      }
    }
    return response;
  })();
  return { events, comments, done, abort: () => controller.abort() };
}

async function until(check: () => boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('queued (with position) → running → finished, in order and complete, for the candidate who submitted', async () => {
  const assessment = await createAssessment(ctx, {});
  const { token } = await invite(ctx, assessment.id);
  const ahead = (await submit(ctx, ctx.adminToken)).json.id;
  const id = (await submit(ctx, token, REFERENCE)).json.id;
  const stream = follow(`${ctx.api.url}/v1/submissions/${id}/events`, bearer(token));

  await until(() => stream.events.length > 0 && stream.comments.includes('heartbeat'));
  expect(stream.events[0]).toEqual({ event: 'queued', data: { id, status: 'queued', position: 1 } });
  expect(ahead).toEqual(expect.any(String));

  worker = await startWorker({ db: ctx.db, docker: ctx.docker, config: ctx.config, log: silentLog });
  const response = await stream.done; // the server closes the stream after `finished`
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const names = stream.events.map((e) => e.event).filter((name, i, all) => name !== all[i - 1]);
  expect(names).toEqual(['queued', 'running', 'finished']);
  const running = stream.events.find((e) => e.event === 'running')!;
  expect(running.data).toEqual({ id, status: 'running', startedAt: expect.any(String) });
  const finished = stream.events.at(-1)!;
  const get = await http(ctx, 'GET', `/v1/submissions/${id}`, undefined, bearer(token));
  expect(finished.data).toEqual(get.json);
  expect(finished.data.verdict).toBe('accepted');
  expect(finished.data.hiddenSummary.total).toBeGreaterThan(0);
  expect(finished.data).not.toHaveProperty('output');
});

test('a stream opened after the fact replays every state, and staff get the full body', async () => {
  const id = (await submit(ctx, ctx.adminToken)).json.id;
  const { status, events } = await readEvents(`${ctx.api.url}/v1/submissions/${id}/events`, bearer(ctx.adminToken));
  expect(status).toBe(200);
  expect(events.map((e) => e.event).filter((name, i, all) => name !== all[i - 1])).toEqual(['queued', 'running', 'finished']);
  expect(events.at(-1)!.data).toHaveProperty('output');
  const again = await readEvents(`${ctx.api.url}/v1/submissions/${id}/events`, bearer(ctx.adminToken));
  expect(again.events.map((e) => e.event)).toEqual(['queued', 'running', 'finished']);
});

test('a client that goes away stops the server polling for it', async () => {
  await worker?.close();
  worker = undefined;
  const id = (await submit(ctx, ctx.adminToken)).json.id;
  let polls = 0;
  const query = ctx.db.query.bind(ctx.db);
  const countingQuery = (sql: unknown, ...rest: unknown[]): unknown => {
    if (typeof sql === 'string' && sql.startsWith('SELECT status, created_at') && rest[0] && (rest[0] as unknown[])[0] === id) polls += 1;
    return (query as (...args: unknown[]) => unknown)(sql, ...rest);
  };
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- pg's query has callback overloads; this spy only wraps the promise one
  jest.spyOn(ctx.db, 'query').mockImplementation(countingQuery as typeof ctx.db.query);
  try {
    const stream = follow(`${ctx.api.url}/v1/submissions/${id}/events`, bearer(ctx.adminToken));
    await until(() => polls >= 3);
    stream.abort();
    await stream.done.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 400));
    const after = polls;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(polls).toBe(after);
  } finally {
    jest.restoreAllMocks();
  }
});
