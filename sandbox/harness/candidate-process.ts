import { ChildProcess, fork } from 'node:child_process';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { OutputBuffer } from './output-buffer';

export interface CandidateOptions {
  entryPath: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  memoryMb: number;
  output: OutputBuffer;
  outputLimitBytes: number;
  /** When set (the harness runs as root in the container), the candidate runs under this uid and gid. */
  uid?: number;
  /** Runs before every start but the first: wipes what the previous process left (`candidate-hygiene.ts`). */
  beforeRespawn?: () => Promise<void>;
}

/** Exit code candidate-host.ts uses when the candidate wrote more than the output limit. */
const OUTPUT_LIMIT_EXIT = 153;

/** The candidate's side of the boundary as the test run uses it, whatever the language (Node or Python process). */
export interface Candidate {
  call(fn: string, args: unknown[]): Promise<unknown>;
  /** Starts the process if needed; rejects with a `load` CandidateError when the module fails to load. */
  start(): Promise<void>;
  kill(): void;
  readonly memoryExceeded: boolean;
  readonly outputExceeded: boolean;
}

/** Kills the candidate's whole process group (it runs detached, so whatever it forked goes too). */
export function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** An error from the candidate's side of the boundary, carrying the candidate's error name and message. */
export class CandidateError extends Error {
  constructor(name: string, message: string, readonly kind: 'threw' | 'exited' | 'load', readonly python?: PythonErrorDetail) {
    super(message);
    this.name = name;
  }
}

/** What a Python candidate's error says besides its JavaScript-equivalent name: for the messages candidates read. */
export interface PythonErrorDetail {
  /** The Python class name (`ValueError` where tests see `RangeError`). */
  pythonName: string;
  /** The traceback trimmed to the candidate's own frames, paths relative to the submission (may be empty). */
  traceback: string;
}

/** A reply on the call channel, as the candidate's side must send it; anything else is a protocol violation. */
export interface Reply {
  type?: 'ready';
  id?: number;
  ok: boolean;
  value?: unknown;
  error?: { name: string; message: string; pythonName?: string; traceback?: string };
}

/**
 * The candidate's process controls every byte it sends, so a reply is checked before it is used: a malformed one
 * becomes `undefined` (the caller stops the process), never an exception in the harness.
 */
export function asReply(raw: unknown): Reply | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.ok !== 'boolean' || (r.type !== undefined && r.type !== 'ready') || (r.id !== undefined && !Number.isSafeInteger(r.id))) return undefined;
  if (r.type === undefined && r.id === undefined) return undefined;
  if (r.ok) return r as unknown as Reply;
  const error = r.error as Record<string, unknown> | undefined;
  if (typeof error !== 'object' || error === null || typeof error.name !== 'string' || typeof error.message !== 'string') return undefined;
  return r as unknown as Reply;
}

/**
 * A new call's id: random, so the candidate's code cannot answer a call before it was made (a reply written for a
 * guessed later id would otherwise settle that call once it is sent); unique among the calls in flight.
 */
export function callId(pending: Map<number, unknown>): number {
  let id: number;
  do id = randomInt(1, 2 ** 48); while (pending.has(id));
  return id;
}

export const PROTOCOL_ERROR = 'The solution\'s process sent a malformed message on its call channel and was stopped.';

/** The live candidate processes, so a malformed message on a channel (an exception inside Node) reaches its owner. */
const live = new Set<CandidateProcess>();
let channelGuardInstalled = false;

/**
 * Node parses IPC messages inside its own stream handler: bytes that do not deserialise throw there, where no caller
 * can catch them. Such an error can only come from a candidate's channel, so it stops the candidate's process (its
 * pending calls fail with a clear message) instead of the harness. Any other uncaught error still ends the harness.
 */
function installChannelGuard(): void {
  if (channelGuardInstalled) return;
  channelGuardInstalled = true;
  process.on('uncaughtException', (error) => {
    const fromChannel = /child_process\/serialization|Unable to deserialize cloned data/.test(`${error.stack ?? ''} ${error.message}`);
    if (fromChannel && live.size > 0) {
      for (const candidate of live) candidate.stopForProtocolError();
      return;
    }
    process.stderr.write(`harness failure: ${error.stack ?? String(error)}\n`);
    process.exit(70);
  });
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  /** The process the call went to: when it dies, only its own calls fail. */
  child: ChildProcess;
}

/**
 * The candidate's code in its own Node process (spawned lazily, respawned after a kill), reached over an IPC
 * channel with structured-clone serialisation. Tracks how the process ended so the harness can tell
 * an out-of-memory death from a crash.
 */
export class CandidateProcess implements Candidate {
  private child?: ChildProcess;
  private ready?: Promise<void>;
  private pending = new Map<number, Pending>();
  private killedByHarness = new WeakSet<ChildProcess>();
  private started = 0;
  /** How each process ended, so a call that found it gone can say so. */
  private exits = new WeakMap<ChildProcess, string>();
  memoryExceeded = false;
  outputExceeded = false;

  constructor(private readonly options: CandidateOptions) {
    installChannelGuard();
  }

  async call(fn: string, args: unknown[]): Promise<unknown> {
    await this.start();
    const id = callId(this.pending);
    const child = this.child!;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, child });
      child.send({ id, fn, args }, (error) => {
        if (!error) return;
        // A closed pipe means the process is ending even while `connected` is still true: wait for its exit.
        const channelGone = !child.connected || ['EPIPE', 'ECONNRESET', 'ERR_IPC_CHANNEL_CLOSED'].includes((error as NodeJS.ErrnoException).code ?? '');
        if (!channelGone) {
          this.settle(id, new CandidateError('SerializationError', `Arguments cannot be sent to the solution: ${error.message}`, 'threw'));
          return;
        }
        // The process ended after an earlier test returned, before its exit was seen: say that, once it is.
        void this.exitOf(child).then((why) => this.settle(id, new CandidateError('ProcessExited', `The solution's process ${why} during an earlier test.`, 'exited')));
      });
    });
  }

  /** Stops the process after a malformed message on its channel; its pending calls fail saying so. */
  stopForProtocolError(): void {
    const child = this.child;
    if (!child) return;
    for (const [id, entry] of [...this.pending]) if (entry.child === child) this.settle(id, new CandidateError('ProtocolError', PROTOCOL_ERROR, 'exited'));
    this.kill();
  }

  private exitOf(child: ChildProcess): Promise<string> {
    const known = this.exits.get(child);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve('exited'), 2_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(this.exits.get(child) ?? 'exited');
      });
    });
  }

  /** Starts the process if needed; rejects with a `load` CandidateError when the module throws on import. */
  start(): Promise<void> {
    if (!this.ready) this.ready = this.spawn();
    return this.ready;
  }

  kill(): void {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.killedByHarness.add(this.child);
      killGroup(this.child);
    }
    this.child = undefined;
    this.ready = undefined;
  }

  private async spawn(): Promise<void> {
    if (this.started++ > 0 && this.options.beforeRespawn) {
      // A replacement that might find what its predecessor left must not start at all.
      await this.options.beforeRespawn().catch(() => {
        throw new CandidateError('Error', 'the files of its previous process could not be removed before it was started again', 'load');
      });
    }
    return this.fork();
  }

  private fork(): Promise<void> {
    // Under tsx (host-side runs and tests) the harness is TypeScript; in the image it is compiled JavaScript.
    const fromSource = __filename.endsWith('.ts');
    const child = fork(path.join(__dirname, fromSource ? 'candidate-host.ts' : 'candidate-host.js'), [this.options.entryPath, String(this.options.outputLimitBytes)], {
      cwd: this.options.cwd,
      env: this.options.env,
      execArgv: [...(fromSource ? ['--import', pathToFileURL(require.resolve('tsx')).href] : []), `--max-old-space-size=${this.options.memoryMb}`, '--enable-source-maps'],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group, so a kill reaches whatever it forked too.
      detached: true,
      ...(this.options.uid !== undefined ? { uid: this.options.uid, gid: this.options.uid } : {}),
    });
    this.child = child;
    live.add(this);
    child.stdout!.on('data', (c: Buffer) => this.options.output.write(c));
    child.stderr!.on('data', (c: Buffer) => {
      if (/JavaScript heap out of memory|Reached heap limit/.test(c.toString())) this.memoryExceeded = true;
      this.options.output.write(c);
    });
    return new Promise((resolve, reject) => {
      child.on('message', (raw: unknown) => {
        const message = asReply(raw);
        if (!message) {
          if (!ready) reject(new CandidateError('ProtocolError', PROTOCOL_ERROR, 'load'));
          this.stopForProtocolError();
          return;
        }
        if (message.type === 'ready') {
          ready = true;
          if (message.ok) resolve();
          else reject(new CandidateError(message.error!.name, message.error!.message, 'load'));
          return;
        }
        if (message.id === undefined) return;
        this.settle(message.id, message.ok ? undefined : new CandidateError(message.error!.name, message.error!.message, 'threw'), message.value);
      });
      let ready = false;
      child.on('exit', (code, signal) => {
        if (signal === 'SIGKILL' && !this.killedByHarness.has(child)) this.memoryExceeded = true; // the kernel's OOM killer
        if (code === OUTPUT_LIMIT_EXIT) this.outputExceeded = true;
        const why = code === OUTPUT_LIMIT_EXIT ? 'was stopped: it wrote more than the output limit' : `exited (${signal ?? `code ${code}`})`;
        this.exits.set(child, why);
        if (this.child === child || this.child === undefined) live.delete(this);
        const error = new CandidateError('ProcessExited', `The solution's process ${why}.`, 'exited');
        // Exiting before the module finished loading (e.g. process.exit at import) is a load failure.
        if (!ready && code !== OUTPUT_LIMIT_EXIT && !this.memoryExceeded) reject(new CandidateError('ProcessExited', `the process ${why} while loading`, 'load'));
        else reject(error);
        // A process killed after a timeout may report its exit after its replacement took the next test's call.
        for (const [id, entry] of [...this.pending]) if (entry.child === child) this.settle(id, error);
        if (this.child === child) {
          this.child = undefined;
          this.ready = undefined;
        }
      });
    });
  }

  private settle(id: number, error: Error | undefined, value?: unknown): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    if (error) entry.reject(error);
    else entry.resolve(value);
  }
}
