/**
 * Mock LLM benchmark: `npx tsx test/bench/mock-llm-bench.ts`.
 * Sequential latency (median, p95) per call through the official SDK on 127.0.0.1, then throughput
 * with a fixed number of concurrent callers. Bounded: a few thousand requests in total.
 */
import OpenAI from 'openai';
import { startMockLlm } from '../../sandbox/mock-llm';

const SEQUENTIAL = 400;
const WARMUP = 50;
const CONCURRENCY = 16;
const THROUGHPUT_TOTAL = 2000;

const CONTEXT = Array.from({ length: 8 }, (_, i) => `[doc-${i}#0] Section ${i} explains policy number ${i} for enterprise customers. It applies to invoices and refunds in region ${i}.`).join('\n');
const MESSAGES = [
  { role: 'system' as const, content: `Answer from the passages and cite ids.\n${CONTEXT}\n` },
  { role: 'user' as const, content: 'Which section explains refunds for enterprise customers in region 3?' },
];
const PASSAGE = 'Refunds for enterprise customers are processed within fourteen days after the invoice is credited by the billing team.';

interface Row {
  name: string;
  n: number;
  median: number;
  p95: number;
  rps: number;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function measure(name: string, call: () => Promise<unknown>): Promise<Row> {
  for (let i = 0; i < WARMUP; i++) await call();
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t = performance.now();
    await call();
    times.push(performance.now() - t);
  }
  const elapsed = performance.now() - started;
  times.sort((a, b) => a - b);
  return { name, n: SEQUENTIAL, median: quantile(times, 0.5), p95: quantile(times, 0.95), rps: (SEQUENTIAL / elapsed) * 1000 };
}

async function throughput(name: string, call: () => Promise<unknown>): Promise<Row> {
  let next = 0;
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < THROUGHPUT_TOTAL) {
        const t = performance.now();
        await call();
        times.push(performance.now() - t);
      }
    }),
  );
  const elapsed = performance.now() - started;
  times.sort((a, b) => a - b);
  return { name: `${name} (x${CONCURRENCY} concurrent)`, n: THROUGHPUT_TOTAL, median: quantile(times, 0.5), p95: quantile(times, 0.95), rps: (THROUGHPUT_TOTAL / elapsed) * 1000 };
}

async function main(): Promise<void> {
  const mock = await startMockLlm({ host: '127.0.0.1', port: 0 });
  const client = new OpenAI({ baseURL: mock.baseUrl, apiKey: 'bench-key', maxRetries: 0 });
  const chat = () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES });
  const stream = async () => {
    const s = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES, stream: true, stream_options: { include_usage: true } });
    for await (const _ of s) void _;
  };
  const embed = () => client.embeddings.create({ model: 'text-embedding-3-small', input: PASSAGE });
  const embedBatch = () => client.embeddings.create({ model: 'text-embedding-3-small', input: Array.from({ length: 16 }, (_, i) => `${PASSAGE} ${i}`) });
  const rows: Row[] = [];
  try {
    rows.push(await measure('chat (non-stream)', chat));
    rows.push(await measure('chat (stream)', stream));
    rows.push(await measure('embeddings (1 input, 1536 d, base64)', embed));
    rows.push(await measure('embeddings (16 inputs, base64)', embedBatch));
    mock.reset();
    rows.push(await throughput('chat (non-stream)', chat));
    rows.push(await throughput('embeddings (1 input)', embed));
  } finally {
    await mock.close();
  }
  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (v: number, d = 2) => v.toFixed(d).padStart(9);
  console.log(`${pad('operation', 44)}${'n'.padStart(6)}${'median ms'.padStart(11)}${'p95 ms'.padStart(9)}${'req/s'.padStart(9)}`);
  for (const r of rows) console.log(`${pad(r.name, 44)}${String(r.n).padStart(6)}${num(r.median)}  ${num(r.p95).trimStart().padStart(7)}${num(r.rps, 0)}`);
  console.log(`node ${process.version}, ${process.platform}/${process.arch}, client: openai SDK, server: in-process mock on 127.0.0.1`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
