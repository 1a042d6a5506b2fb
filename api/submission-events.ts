import type { Queue } from 'bullmq';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { getChallengeById } from '../core/challenges/challenge-repository';
import type { Config } from '../core/platform/config';
import type { Db } from '../core/platform/db';
import type { JudgeJob } from '../core/submissions/submission-queue';
import { getSubmission, getSubmissionStatus } from '../core/submissions/submission-repository';
import type { Viewer } from '../core/access/access-policy';
import { submissionView } from '../core/submissions/submission-view';
import { queueEstimate } from '../core/submissions/queue-estimate';

const POLL_MS = 200;
const POSITION_EVERY_MS = 1_000;
/** A stream is closed after this long; clients reconnect (every state is replayed). */
const MAX_STREAM_MS = 30 * 60_000;

/**
 * Streams a submission's progress as server-sent events, polling PostgreSQL (survives restarts of any process):
 * `queued` (with `position`, the submissions ahead), `running`, then `finished` with the same body as GET, and closes.
 * States reached before the client connected are replayed in order, so every stream is complete. A comment line is
 * sent when the stream has been quiet for `SSE_HEARTBEAT_MS`; polling stops when the client goes away.
 */
export async function streamSubmissionEvents(deps: { db: Db; queue: Queue<JudgeJob>; config: Config; log: Logger }, req: Request, res: Response, id: string, viewer: Viewer): Promise<void> {
  const stream = openEventStream(req, res, deps.config.SSE_HEARTBEAT_MS);
  const { send } = stream;
  let sent: 'none' | 'queued' | 'running' = 'none';
  let position: number | undefined;
  let positionAt = 0;
  const deadline = Date.now() + MAX_STREAM_MS;
  try {
    stream.write(': connected\n\n');
    while (stream.isOpen() && Date.now() < deadline) {
      const state = await getSubmissionStatus(deps.db, id);
      if (!state) break;
      if (state.status === 'queued' && Date.now() - positionAt >= POSITION_EVERY_MS) {
        positionAt = Date.now();
        const now = await queueEstimate(deps.db, { id, createdAt: state.createdAt }).then((q) => q.position, () => undefined);
        if (sent === 'queued' && now !== position) send('queued', { id, status: 'queued', ...(now !== undefined ? { position: now } : {}) });
        position = now;
      }
      if (sent === 'none') {
        send('queued', { id, status: 'queued', ...(state.status === 'queued' && position !== undefined ? { position } : {}) });
        sent = 'queued';
      }
      if (state.status !== 'queued' && sent === 'queued') {
        send('running', { id, status: 'running', startedAt: state.startedAt });
        sent = 'running';
      }
      if (state.status === 'finished') {
        const submission = (await getSubmission(deps.db, id))!;
        const challenge = await getChallengeById(deps.db, submission.challengeId);
        send('finished', submissionView(submission, challenge ?? { slug: 'unknown', version: 0 }, viewer));
        break;
      }
      stream.heartbeatIfQuiet();
      await stream.sleep(POLL_MS);
    }
  } catch (error) {
    deps.log.warn({ err: error, submissionId: id }, 'event stream failed');
    if (stream.isOpen()) send('error', { code: 'stream_failed', message: 'The event stream failed; reconnect to resume.' });
  } finally {
    stream.end();
  }
}

/**
 * Starts a server-sent-event response: writes, named events, heartbeats after `heartbeatMs` of silence, a sleep the
 * client's going away (or the API stopping) cuts short, and the end.
 */
function openEventStream(req: Request, res: Response, heartbeatMs: number) {
  res.status(200).set({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' });
  res.flushHeaders();
  let open = true;
  let wake: (() => void) | undefined;
  const stop = () => {
    open = false;
    wake?.();
  };
  req.on('close', stop);
  // A stopping API ends its streams at once (clients reconnect and every state is replayed) instead of waiting for them.
  const streams = openStreamsOf(res);
  streams.add(stop);
  let lastWrite = Date.now();
  const write = (chunk: string) => {
    res.write(chunk);
    lastWrite = Date.now();
  };
  return {
    isOpen: () => open,
    write,
    send: (event: string, data: unknown) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    heartbeatIfQuiet: () => {
      if (Date.now() - lastWrite >= heartbeatMs) write(': heartbeat\n\n');
    },
    sleep: (ms: number) => new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, ms).unref();
    }),
    end: () => {
      streams.delete(stop);
      res.end();
    },
  };
}

/** The stoppers of the event streams open on this app (`closeEventStreams` runs them when the API stops). */
function openStreamsOf(res: Response): Set<() => void> {
  const locals = res.app.locals as { openStreams?: Set<() => void> };
  locals.openStreams ??= new Set();
  return locals.openStreams;
}

/** Ends every open event stream of `app` (they finish their current write and close). */
export function closeEventStreams(app: { locals: Record<string, unknown> }): void {
  for (const stop of (app.locals.openStreams as Set<() => void> | undefined) ?? []) stop();
}
