import { openSync } from 'node:fs';
import { spawn } from 'node:child_process';
import type Docker from 'dockerode';
import { canInstallPackages, findProgram, installPackages, waitFor } from './apt-packages';

/** Where a dockerd started by the set-up writes its log. */
export const DOCKERD_LOG = '/var/log/ai-judge-dockerd.log';

/** Reaches the Docker Engine; as root on Debian, installs `docker.io` when dockerd is missing and starts dockerd. */
export async function ensureDocker(docker: Docker, log: (line: string) => void): Promise<void> {
  if (await docker.ping().then(() => true, () => false)) return;
  if (!findProgram('dockerd')) {
    if (!canInstallPackages()) throw new Error('The Docker Engine is not running and dockerd is not installed. Install Docker (Debian: apt-get install docker.io) and start it.');
    await installPackages(['docker.io'], log);
  }
  if (process.getuid?.() !== 0) throw new Error('The Docker Engine is not running. Start it (sudo dockerd) and run this again.');
  log(`Docker: starting dockerd (log: ${DOCKERD_LOG})`);
  const logFd = openSync(DOCKERD_LOG, 'a');
  spawn(findProgram('dockerd')!, [], { detached: true, stdio: ['ignore', logFd, logFd] }).unref();
  await waitFor(`The Docker Engine (see ${DOCKERD_LOG})`, () => docker.ping(), 60_000);
}

/** Reaches a remote Engine (DOCKER_HOST=tcp://…): nothing to install or start here, so it only says what failed. */
export async function ensureRemoteDocker(docker: Docker, where: string): Promise<void> {
  await docker.ping().catch((error: unknown) => {
    throw new Error(`The Docker Engine at ${where} does not answer: ${(error as Error).message}. Check DOCKER_HOST, the certificates in DOCKER_CERT_PATH and that port on its host.`);
  });
}
