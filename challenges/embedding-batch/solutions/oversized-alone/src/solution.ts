import { encode } from 'gpt-tokenizer/encoding/cl100k_base';

export interface Doc {
  id: string;
  text: string;
}
export interface CheckpointEntry {
  text: string;
  vector: number[];
}
export interface Checkpoint {
  entries: CheckpointEntry[];
}
export interface EmbedOptions {
  maxBatchSize?: number;
  maxBatchTokens?: number;
  concurrency?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  checkpoint?: Checkpoint | null;
}
export type DocError =
  | { code: 'empty_text' }
  | { code: 'too_many_tokens'; tokens: number }
  | { code: 'request_failed'; status: number | null; attempts: number };
export type DocResult = { id: string; vector: number[] } | { id: string; error: DocError };
export interface EmbedResult {
  results: DocResult[];
  checkpoint: Checkpoint;
  stats: { embedded: number; reused: number; failed: number; requests: number };
}

const MODEL = 'text-embedding-3-small';
const DIMENSIONS = 64;

type Outcome = { vector: number[] } | { error: DocError };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function intOption(options: Record<string, unknown>, name: string, min: number, max: number, dflt: number): number {
  const v = options[name];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}`);
  }
  return v;
}

function countTokens(text: string): number {
  return encode(text, { disallowedSpecial: new Set() }).length;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long to wait after a retryable failure: retry-after-ms, then retry-after (seconds), then 50 ms. */
function retryDelayMs(headers: Headers | null): number {
  if (headers) {
    const ms = headers.get('retry-after-ms');
    if (ms !== null && ms.trim() !== '') {
      const n = Number(ms);
      if (Number.isFinite(n) && n >= 0) return n;
    }
    const s = headers.get('retry-after');
    if (s !== null && /^\d+$/.test(s.trim())) return Number(s.trim()) * 1000;
  }
  return 50;
}

type Attempt = { ok: true; vectors: number[][] } | { ok: false; status: number | null; retryable: boolean; headers: Headers | null };

async function sendOnce(texts: string[], timeoutMs: number): Promise<Attempt> {
  const base = (process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  try {
    const res = await fetch(`${base}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.OPENAI_API_KEY ?? ''}` },
      body: JSON.stringify({ model: MODEL, input: texts, dimensions: DIMENSIONS, encoding_format: 'float' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.status === 200) {
      const body = (await res.json()) as { data: { index: number; embedding: number[] }[] };
      const vectors: number[][] = new Array(texts.length);
      for (const item of body.data) vectors[item.index] = item.embedding;
      if (vectors.length !== texts.length || vectors.some((v) => !Array.isArray(v))) {
        return { ok: false, status: null, retryable: true, headers: null };
      }
      return { ok: true, vectors };
    }
    await res.arrayBuffer().catch(() => undefined);
    const retryable = res.status === 429 || (res.status >= 500 && res.status <= 599);
    return { ok: false, status: res.status, retryable, headers: res.headers };
  } catch {
    // Timed out (aborted) or the connection failed.
    return { ok: false, status: null, retryable: true, headers: null };
  }
}

export async function embedAll(docs: Doc[], options?: EmbedOptions): Promise<EmbedResult> {
  if (!Array.isArray(docs)) throw new RangeError('docs must be an array');
  const opts: Record<string, unknown> = isObject(options) ? options : {};
  if (options !== undefined && options !== null && !isObject(options)) throw new RangeError('options must be an object');
  const seen = new Set<string>();
  for (const d of docs as unknown[]) {
    if (!isObject(d) || typeof d.id !== 'string' || typeof d.text !== 'string') {
      throw new RangeError('every document needs a string id and text');
    }
    if (seen.has(d.id)) throw new RangeError(`duplicate id ${d.id}`);
    seen.add(d.id);
  }
  const maxBatchSize = intOption(opts, 'maxBatchSize', 1, 2048, 16);
  const maxBatchTokens = intOption(opts, 'maxBatchTokens', 1, Number.MAX_SAFE_INTEGER, 8000);
  const concurrency = intOption(opts, 'concurrency', 1, Number.MAX_SAFE_INTEGER, 4);
  const maxAttempts = intOption(opts, 'maxAttempts', 1, Number.MAX_SAFE_INTEGER, 3);
  const timeoutMs = intOption(opts, 'timeoutMs', 1, Number.MAX_SAFE_INTEGER, 10000);
  const cp = opts.checkpoint;
  const known = new Map<string, number[]>();
  const given: CheckpointEntry[] = [];
  if (cp !== undefined && cp !== null) {
    if (!isObject(cp) || !Array.isArray(cp.entries)) throw new RangeError('checkpoint.entries must be an array');
    for (const e of cp.entries as unknown[]) {
      if (!isObject(e) || typeof e.text !== 'string' || !Array.isArray(e.vector)) {
        throw new RangeError('a checkpoint entry needs a string text and an array vector');
      }
      given.push(e as unknown as CheckpointEntry);
      if (!known.has(e.text)) known.set(e.text, e.vector as number[]);
    }
  }

  // Classify every document; pending texts keep the order of their first document.
  type Plan = { kind: 'done'; outcome: Outcome; reused: boolean } | { kind: 'text'; text: string; first: boolean };
  const plans: Plan[] = [];
  const pending: { text: string; tokens: number }[] = [];
  const pendingSet = new Set<string>();
  for (const d of docs) {
    if (d.text === '') {
      plans.push({ kind: 'done', outcome: { error: { code: 'empty_text' } }, reused: false });
      continue;
    }
    // A document over the token limit goes into a batch of its own.
    const tokens = countTokens(d.text);
    const vector = known.get(d.text);
    if (vector !== undefined) {
      plans.push({ kind: 'done', outcome: { vector }, reused: true });
      continue;
    }
    if (pendingSet.has(d.text)) {
      plans.push({ kind: 'text', text: d.text, first: false });
      continue;
    }
    pendingSet.add(d.text);
    pending.push({ text: d.text, tokens });
    plans.push({ kind: 'text', text: d.text, first: true });
  }

  // Greedy packing by count and tokens.
  const batches: string[][] = [];
  let current: string[] = [];
  let currentTokens = 0;
  for (const p of pending) {
    if (current.length > 0 && (current.length + 1 > maxBatchSize || currentTokens + p.tokens > maxBatchTokens)) {
      batches.push(current);
      current = [];
      currentTokens = 0;
    }
    current.push(p.text);
    currentTokens += p.tokens;
  }
  if (current.length > 0) batches.push(current);

  // A pool of `concurrency` workers; each runs its batch's attempts to the end.
  const outcomes = new Map<string, Outcome>();
  const embeddedOrder: CheckpointEntry[] = [];
  let requests = 0;
  let next = 0;
  const runBatch = async (texts: string[]): Promise<void> => {
    let attempts = 0;
    for (;;) {
      attempts++;
      requests++;
      const r = await sendOnce(texts, timeoutMs);
      if (r.ok) {
        texts.forEach((t, i) => {
          outcomes.set(t, { vector: r.vectors[i] });
          embeddedOrder.push({ text: t, vector: r.vectors[i] });
        });
        return;
      }
      if (!r.retryable || attempts >= maxAttempts) {
        const error: DocError = { code: 'request_failed', status: r.status, attempts };
        for (const t of texts) outcomes.set(t, { error });
        return;
      }
      await sleep(retryDelayMs(r.headers));
    }
  };
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++];
      await runBatch(batch);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, () => worker()));

  const results: DocResult[] = [];
  const stats = { embedded: 0, reused: 0, failed: 0, requests };
  docs.forEach((d, i) => {
    const plan = plans[i];
    let outcome: Outcome;
    let reused = false;
    if (plan.kind === 'done') {
      outcome = plan.outcome;
      reused = plan.reused;
    } else {
      outcome = outcomes.get(plan.text) as Outcome;
      reused = !plan.first;
    }
    if ('error' in outcome) {
      stats.failed++;
      results.push({ id: d.id, error: { ...outcome.error } });
    } else {
      if (reused) stats.reused++;
      else stats.embedded++;
      results.push({ id: d.id, vector: outcome.vector });
    }
  });
  return { results, checkpoint: { entries: [...given, ...embeddedOrder] }, stats };
}
