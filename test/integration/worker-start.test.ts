/** A worker starts while Docker is unreachable (dockerd restarting): its runs are retried later, it does not exit. */
import { createDocker } from '../../sandbox/docker-client';
import { startWorker } from '../../worker/start-worker';
import { createTestContext, silentLog, type TestContext } from '../helpers/test-context';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

test('startWorker resolves when the Docker socket is missing', async () => {
  const docker = createDocker('/tmp/ai-judge-no-such-docker.sock');
  const worker = await startWorker({ db: ctx.db, docker, config: { ...ctx.config, SANDBOX_POOL_SIZE: 0 }, log: silentLog });
  await worker.close();
});
