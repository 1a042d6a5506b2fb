/** The worker sizes what is not set from the Docker Engine's host (`docker info`), else keeps this machine's figures. */
import type Docker from 'dockerode';
import pino from 'pino';
import { Writable } from 'node:stream';
import { getConfig } from '../../core/platform/config';
import { createDocker } from '../../sandbox/docker-client';
import { sizeFromEngine } from '../../worker/engine-sizing';

function capturingLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { log: pino({ level: 'info' }, stream), lines };
}

const engine = (info: () => Promise<unknown>) => ({ info }) as unknown as Docker;
const thisMachine = { cores: 2, memoryMb: 8_192 };

test('unset figures come from the Engine host, and the chosen figures are logged', async () => {
  const { log, lines } = capturingLog();
  const sized = await sizeFromEngine(engine(async () => ({ NCPU: 12, MemTotal: 32 * 1024 ** 3 })), getConfig({}, thisMachine), log);
  expect(sized.WORKER_CONCURRENCY).toBe(12);
  expect(sized.SANDBOX_POOL_SIZE).toBe(8);
  expect(lines.find((l) => l.msg === 'worker sizing')).toMatchObject({
    concurrency: 12, concurrencyFrom: 'host', poolSize: 8, poolSizeFrom: 'host',
    host: { cores: 12, memoryMb: 32_768, from: 'docker engine' }, engine: 'unix:///var/run/docker.sock', limitedBy: 'cores',
  });
});

test('an Engine that does not answer leaves this machine\'s figures', async () => {
  const { log, lines } = capturingLog();
  const sized = await sizeFromEngine(createDocker('/tmp/ai-judge-no-such-docker.sock'), getConfig({}, thisMachine), log);
  expect(sized).toMatchObject({ WORKER_CONCURRENCY: 2, SANDBOX_POOL_SIZE: 2 });
  expect(lines.find((l) => l.msg === 'worker sizing')).toMatchObject({ host: { cores: 2, memoryMb: 8_192, from: 'this machine' } });
});

test('explicit settings are kept and the Engine is not asked', async () => {
  const { log } = capturingLog();
  const info = jest.fn(async () => ({ NCPU: 64, MemTotal: 256 * 1024 ** 3 }));
  const sized = await sizeFromEngine(engine(info), getConfig({ WORKER_CONCURRENCY: '2', SANDBOX_POOL_SIZE: '1' }, thisMachine), log);
  expect(sized).toMatchObject({ WORKER_CONCURRENCY: 2, SANDBOX_POOL_SIZE: 1 });
  expect(info).not.toHaveBeenCalled();
});
