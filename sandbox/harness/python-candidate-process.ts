import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { asReply, callId, type Candidate, CandidateError, type CandidateOptions, killGroup, PROTOCOL_ERROR, type Reply } from './candidate-process';
import { pythonRuntime } from './python-runtime';

export interface PythonCandidateOptions extends CandidateOptions {
  /** The submission's folder: tracebacks name files relative to it. */
  root: string;
  /** The Python name of each function tests call (the manifest's `exports.python`); others map camelCase → snake_case. */
  exportNames?: Record<string, string>;
}

/** Exit codes of `python/judge_host.py`. */
const MEMORY_EXIT = 152;
const PROTOCOL_EXIT = 151;
/** A reply line longer than this (results are capped at 16 MB inside) is a protocol violation. */
const MAX_REPLY_LINE = 20 * 1024 * 1024;

/** `chunkText` → `chunk_text`, `parseHTTPReply` → `parse_http_reply`, `start` → `start`. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  child: ChildProcess;
}

function errorOf(reply: Reply, kind: 'threw' | 'load'): CandidateError {
  const error = reply.error!;
  const python = typeof error.pythonName === 'string' ? { pythonName: error.pythonName, traceback: typeof error.traceback === 'string' ? error.traceback : '' } : undefined;
  return new CandidateError(error.name, error.message, kind, python);
}

/** Calls each complete line of a stream; more than `max` bytes without a newline calls `onOverflow` instead. */
function onLines(stream: Readable, max: number, onLine: (line: string) => void, onOverflow: () => void): void {
  let buffered: Buffer[] = [];
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      const line = Buffer.concat([...buffered, chunk.subarray(start, nl)]).toString('utf8');
      buffered = [];
      size = 0;
      start = nl + 1;
      onLine(line);
    }
    if (start < chunk.length) {
      buffered.push(chunk.subarray(start));
      size += chunk.length - start;
      if (size > max) {
        stream.destroy();
        onOverflow();
      }
    }
  });
}

/**
 * A Python candidate: `python/judge_host.py` in its own process (own group, the candidate's uid), spawned lazily
 * and respawned after a kill, reached over JSON lines on two pipes (fd 3 calls, fd 4 replies). The same surface,
 * hygiene and limits as the Node `CandidateProcess`.
 */
export class PythonCandidateProcess implements Candidate {
  private child?: ChildProcess;
  private ready?: Promise<void>;
  private pending = new Map<number, Pending>();
  private killedByHarness = new WeakSet<ChildProcess>();
  private started = 0;
  private exits = new WeakMap<ChildProcess, string>();
  memoryExceeded = false;
  outputExceeded = false;

  constructor(private readonly options: PythonCandidateOptions) {}

  async call(fn: string, args: unknown[]): Promise<unknown> {
    await this.start();
    const id = callId(this.pending);
    const child = this.child;
    if (!child) throw new CandidateError('ProcessExited', 'The solution\'s process exited during an earlier test.', 'exited');
    let line: string;
    try {
      line = `${JSON.stringify({ id, fn: this.options.exportNames?.[fn] ?? snakeCase(fn), args })}\n`;
    } catch (error) {
      throw new CandidateError('SerializationError', `Arguments cannot be sent to the solution: ${(error as Error).message}`, 'threw');
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, child });
      (child.stdio[3] as Writable).write(line, (error) => {
        if (!error) return;
        void this.exitOf(child).then((why) => this.settle(id, new CandidateError('ProcessExited', `The solution's process ${why} during an earlier test.`, 'exited')));
      });
    });
  }

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

  private stopForProtocolError(child: ChildProcess): void {
    for (const [id, entry] of [...this.pending]) if (entry.child === child) this.settle(id, new CandidateError('ProtocolError', PROTOCOL_ERROR, 'exited'));
    if (this.child === child) this.kill();
    else killGroup(child);
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

  private async spawn(): Promise<void> {
    if (this.started++ > 0 && this.options.beforeRespawn) {
      await this.options.beforeRespawn().catch(() => {
        throw new CandidateError('Error', 'the files of its previous process could not be removed before it was started again', 'load');
      });
    }
    return this.launch();
  }

  private launch(): Promise<void> {
    const runtime = pythonRuntime();
    const host = path.join(__dirname, 'python', 'judge_host.py');
    const { entryPath, root, memoryMb, uid } = this.options;
    // -S: no site (the host puts site-packages on sys.path itself); -B: no bytecode written; -u: output unbuffered,
    // so what the solution printed before a kill is seen. -E is not used: the environment is built from nothing
    // and carries PYTHONHASHSEED=0, which makes set and dict-of-set orders (and so verdicts) reproducible.
    const child = spawn(runtime.executable, ['-S', '-B', '-u', host, entryPath, root, runtime.sitePackages, String(memoryMb)], {
      cwd: this.options.cwd,
      env: this.options.env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
      detached: true,
      ...(uid !== undefined ? { uid, gid: uid } : {}),
    });
    this.child = child;
    child.stdout!.on('data', (c: Buffer) => this.options.output.write(c));
    child.stderr!.on('data', (c: Buffer) => this.options.output.write(c));
    (child.stdio[3] as Writable).on('error', () => undefined);
    return new Promise((resolve, reject) => this.watch(child, resolve, reject));
  }

  private watch(child: ChildProcess, resolve: () => void, reject: (error: Error) => void): void {
    let ready = false;
    const protocolError = () => {
      if (!ready) reject(new CandidateError('ProtocolError', PROTOCOL_ERROR, 'load'));
      this.stopForProtocolError(child);
    };
    onLines(child.stdio[4] as Readable, MAX_REPLY_LINE, (line) => {
      let message: Reply | undefined;
      try {
        message = asReply(JSON.parse(line));
      } catch {
        message = undefined;
      }
      if (!message || (message.type === 'ready') === ready) return protocolError();
      if (message.type === 'ready') {
        ready = true;
        if (message.ok) resolve();
        else reject(errorOf(message, 'load'));
        return;
      }
      // Only this process's own calls: ids it was never sent (or a predecessor's) are ignored.
      if (this.pending.get(message.id!)?.child !== child) return;
      this.settle(message.id!, message.ok ? undefined : errorOf(message, 'threw'), message.value);
    }, protocolError);
    child.on('error', (error) => reject(new CandidateError('Error', `the Python interpreter could not be started: ${error.message}`, 'load')));
    child.on('exit', (code, signal) => this.exited(child, code, signal, ready, reject));
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null, ready: boolean, reject: (error: Error) => void): void {
    // MemoryError inside (judge_host exits 152), or the kernel's OOM killer (a SIGKILL the harness did not send).
    if (code === MEMORY_EXIT || (signal === 'SIGKILL' && !this.killedByHarness.has(child))) this.memoryExceeded = true;
    const why = code === MEMORY_EXIT ? 'ran out of memory' : code === PROTOCOL_EXIT ? 'was stopped: its call channel was tampered with' : `exited (${signal ?? `code ${code}`})`;
    this.exits.set(child, why);
    const error = new CandidateError('ProcessExited', `The solution's process ${why}.`, 'exited');
    if (!ready && !this.memoryExceeded) reject(new CandidateError('ProcessExited', `the process ${why} while loading`, 'load'));
    else reject(error);
    for (const [id, entry] of [...this.pending]) if (entry.child === child) this.settle(id, error);
    if (this.child === child) {
      this.child = undefined;
      this.ready = undefined;
    }
  }

  private settle(id: number, error: Error | undefined, value?: unknown): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    if (error) entry.reject(error);
    else entry.resolve(value);
  }
}
