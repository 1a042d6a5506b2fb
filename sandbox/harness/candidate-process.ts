import { ChildProcess, fork } from 'node:child_process';
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
}

/** Exit code candidate-host.ts uses when the candidate wrote more than the output limit. */
const OUTPUT_LIMIT_EXIT = 153;

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** An error from the candidate's side of the boundary, carrying the candidate's error name and message. */
export class CandidateError extends Error {
  constructor(name: string, message: string, readonly kind: 'threw' | 'exited' | 'load') {
    super(message);
    this.name = name;
  }
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
export class CandidateProcess {
  private child?: ChildProcess;
  private ready?: Promise<void>;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private killedByHarness = new WeakSet<ChildProcess>();
  memoryExceeded = false;
  outputExceeded = false;

  constructor(private readonly options: CandidateOptions) {}

  async call(fn: string, args: unknown[]): Promise<unknown> {
    await this.start();
    const id = this.nextId++;
    const child = this.child!;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, child });
      child.send({ id, fn, args }, (error) => {
        if (error) this.settle(id, new CandidateError('SerializationError', `Arguments cannot be sent to the solution: ${error.message}`, 'threw'));
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

  private spawn(): Promise<void> {
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
    child.stdout!.on('data', (c: Buffer) => this.options.output.write(c));
    child.stderr!.on('data', (c: Buffer) => {
      if (/JavaScript heap out of memory|Reached heap limit/.test(c.toString())) this.memoryExceeded = true;
      this.options.output.write(c);
    });
    return new Promise((resolve, reject) => {
      child.on('message', (message: { type?: string; id?: number; ok: boolean; value?: unknown; error?: { name: string; message: string } }) => {
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
