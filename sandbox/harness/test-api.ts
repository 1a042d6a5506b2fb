/**
 * `@judge/test`: the module challenge tests import. Tests run in the trusted harness process; `solution()` calls
 * the candidate's exports in another process, so every call is asynchronous and arguments/results are structured clones.
 */
import { expect } from 'expect';
import { cosine, embedText, type JournalEntry, type MockLlm, type ScriptRule, type UsageSummary } from '../mock-llm';
import type { Language } from './protocol';

export { expect };

/**
 * The language being judged (set by the harness for each run), so a test can state per-language rules, e.g. offsets
 * in UTF-16 units for TypeScript/JavaScript and in code points for Python. Test names must not depend on it.
 */
export let language: Language = 'typescript';

/** Harness-side: sets `language` before the tests load. */
export function setLanguage(value: Language): void {
  language = value;
}

export interface TestOptions {
  /** Points this test is worth (default 1). */
  weight?: number;
  /** Overrides the challenge's per-test timeout. */
  timeoutMs?: number;
}

export type TestFn = () => unknown;

export interface RegisteredTest {
  name: string;
  fn: TestFn;
  weight: number;
  timeoutMs?: number;
}

/** Every function of T, made asynchronous. */
export type Remote<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

export type RemoteCall = (fn: string, args: unknown[]) => Promise<unknown>;

const describeStack: string[] = [];
let registered: RegisteredTest[] = [];
let remoteCall: RemoteCall = async () => {
  throw new Error('solution() can only be called while tests run');
};

/** Groups tests; the group names prefix each test's full name, joined with " > ". */
export function describe(name: string, body: () => void): void {
  describeStack.push(name);
  try {
    body();
  } finally {
    describeStack.pop();
  }
}

/** Declares a test. */
export function test(name: string, fn: TestFn, options: TestOptions = {}): void {
  const weight = options.weight ?? 1;
  if (!(Number.isFinite(weight) && weight >= 0)) throw new Error(`Test "${name}": weight must be a number >= 0`);
  registered.push({ name: [...describeStack, name].join(' > '), fn, weight, timeoutMs: options.timeoutMs });
}

export const it = test;

/** A proxy for the candidate's module: `const { chunk } = solution<Api>()`. */
export function solution<T>(): Remote<T> {
  return new Proxy({} as Remote<T>, {
    get(_target, key) {
      if (typeof key !== 'string' || key === 'then') return undefined;
      return (...args: unknown[]) => remoteCall(key, args);
    },
  });
}

/**
 * The mock LLM the candidate's code talks to (its `OPENAI_BASE_URL`). Scripts and the journal are reset before every
 * test, so each test scripts what the "model" does and then reads exactly what the candidate sent.
 */
export const llm = {
  /** Ordered rules; the first matching one answers (see docs/mock-llm.md). */
  script(rules: ScriptRule[]): void {
    currentMock().setScripts(rules);
  },
  /** Every request the candidate made during this test, oldest first, without credentials. */
  journal(): JournalEntry[] {
    return currentMock().journal();
  },
  /** Calls, tokens, retries, errors, latency and estimated cost during this test. */
  usage(): UsageSummary {
    return currentMock().usage();
  },
  /**
   * The vector the mock's `/v1/embeddings` returns for `text`, computed in-process so the test's own lookups never
   * appear in the candidate's journal or usage.
   */
  embed(text: string, dimensions?: number): number[] {
    return Array.from(embedText(text, dimensions));
  },
  /** Cosine similarity of two vectors (the mock's vectors are L2-normalised, so this is their dot product). */
  cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
    return cosine(a, b);
  },
  /** The base URL (`http://127.0.0.1:PORT/v1`), for tests that call the mock themselves (e.g. to embed a query). */
  get baseUrl(): string {
    return currentMock().baseUrl;
  },
};

let mock: MockLlm | undefined;
function currentMock(): MockLlm {
  if (!mock) throw new Error('llm is only available while tests run');
  return mock;
}

/** Harness-side: the mock LLM that `llm` talks to. */
export function setMockLlm(instance: MockLlm | undefined): void {
  mock = instance;
}

/** Harness-side: resets the registry before loading a test file and returns what it registered. */
export function collect(load: () => void): RegisteredTest[] {
  registered = [];
  describeStack.length = 0;
  load();
  const tests = registered;
  registered = [];
  return tests;
}

/** Harness-side: routes `solution()` calls to the candidate process. */
export function setRemoteCall(call: RemoteCall): void {
  remoteCall = call;
}
