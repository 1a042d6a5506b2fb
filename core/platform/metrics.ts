import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The judge's Prometheus metrics, one set per process (`npm start` shares one between its API and worker). The API
 * serves them at `/metrics` (admins) and, with `METRICS_PORT`, on a loopback port of their own.
 */
export interface Metrics {
  registry: Registry;
  apiRequests: Counter<'route' | 'method' | 'status'>;
  apiRequestSeconds: Histogram<'route' | 'method'>;
  judgements: Counter<'challenge' | 'language' | 'verdict' | 'purpose'>;
  judgeSeconds: Histogram<'challenge' | 'language'>;
  webhookDeliveries: Counter<'outcome'>;
  qualityAnalyses: Counter<'outcome'>;
}

/** A fresh registry with the process's default metrics and the judge's own. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'judge_process_' });
  const registers = [registry];
  return {
    registry,
    apiRequests: new Counter({ name: 'judge_api_requests_total', help: 'HTTP requests answered, by route template, method and status', labelNames: ['route', 'method', 'status'], registers }),
    apiRequestSeconds: new Histogram({
      name: 'judge_api_request_duration_seconds', help: 'Time to answer an HTTP request', labelNames: ['route', 'method'], registers,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    }),
    judgements: new Counter({ name: 'judge_judgements_total', help: 'Final verdicts stored, by challenge, language, verdict and purpose', labelNames: ['challenge', 'language', 'verdict', 'purpose'], registers }),
    judgeSeconds: new Histogram({
      name: 'judge_judge_duration_seconds', help: 'Sandbox run time of a judgement (start of the run to its report)', labelNames: ['challenge', 'language'], registers,
      buckets: [0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60],
    }),
    webhookDeliveries: new Counter({ name: 'judge_webhook_deliveries_total', help: 'Webhook delivery attempts, by outcome', labelNames: ['outcome'], registers }),
    qualityAnalyses: new Counter({ name: 'judge_quality_analyses_total', help: 'Code-quality analyses finished, by outcome', labelNames: ['outcome'], registers }),
  };
}

/**
 * Queue depth by state and the age of the oldest waiting job, read from Redis when Prometheus scrapes (BullMQ keeps
 * them there, so every API process reports the same figures).
 */
export function observeQueues(metrics: Metrics, queues: Queue[]): void {
  const registers = [metrics.registry];
  new Gauge({
    name: 'judge_queue_jobs', help: 'Jobs in a queue, by state', labelNames: ['queue', 'state'], registers,
    async collect() {
      for (const queue of queues) {
        const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
        for (const [state, count] of Object.entries(counts)) this.set({ queue: queue.name, state }, count);
      }
    },
  });
  new Gauge({
    name: 'judge_queue_oldest_waiting_seconds', help: 'Age of the oldest job waiting in a queue (0 when none waits)', labelNames: ['queue'], registers,
    async collect() {
      for (const queue of queues) {
        const [oldest] = await queue.getJobs(['waiting', 'prioritized'], 0, 0, true);
        this.set({ queue: queue.name }, oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0);
      }
    },
  });
}

/** The warm pool's size as a gauge, read when Prometheus scrapes. */
export function observeSandboxPool(metrics: Metrics, idle: () => number, target: number): void {
  const registers = [metrics.registry];
  new Gauge({ name: 'judge_sandbox_pool_idle', help: 'Started sandbox containers waiting in this worker\'s warm pool', registers, collect() {
    this.set(idle());
  } });
  new Gauge({ name: 'judge_sandbox_pool_target', help: 'How many containers the warm pool keeps started', registers }).set(target);
}

/**
 * Serves the metrics at `GET /metrics` on a port of their own (`METRICS_PORT`, bound to `METRICS_HOST`, loopback by
 * default), without a token: for a scraper on a private network. Anything else is 404.
 */
export function serveMetrics(metrics: Metrics, host: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${error.message}\n`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve({
      url: `http://${host}:${(server.address() as AddressInfo).port}/metrics`,
      close: () => new Promise<void>((done) => server.close(() => done())),
    }));
  });
}
