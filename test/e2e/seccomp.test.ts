/**
 * The syscalls Node cannot reach, proven with a static C probe run as the candidate's uid in a container built with
 * the judge's own configuration (seccomp profile, dropped capabilities, no-new-privileges).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Duplex } from 'node:stream';
import { containerConfig, CANDIDATE_UID } from '../../sandbox/container-config';
import { createDemuxer } from '../../sandbox/demux';
import { createDocker } from '../../sandbox/docker-client';
import { getConfig } from '../../core/platform/config';
import { seccompProfileJson } from '../../sandbox/seccomp-profile';

const run = promisify(execFile);
const docker = createDocker(getConfig().docker);
const IMAGE = 'ai-judge-syscall-probe:test';
const EPERM = 1;
const ENOSYS = 38;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'syscall-probe-'));
  await run('gcc', ['-static', '-O1', '-o', path.join(dir, 'probe'), path.join(__dirname, '..', 'fixtures', 'syscall-probe.c')])
    .catch((error) => { throw new Error(`gcc (with static glibc) is needed to build the syscall probe: ${error.message}`); });
  await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY probe /probe\n');
  const stream = await docker.buildImage({ context: dir, src: ['Dockerfile', 'probe'] }, { t: IMAGE });
  await new Promise((resolve, reject) => docker.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve(null))));
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await docker.getImage(IMAGE).remove().catch(() => undefined);
});

async function probe(user: string): Promise<Map<string, { result: number; errno: number }>> {
  const config = containerConfig(IMAGE, { memoryMb: 64, cpus: 1, pids: 32, tmpfsMb: 8 }, { 'ai-judge.test': 'seccomp' });
  const container = await docker.createContainer({ ...config, User: user, Cmd: ['/probe'], OpenStdin: false, StdinOnce: false, AttachStdin: false });
  try {
    const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as unknown as Duplex;
    let out = '';
    stream.pipe(createDemuxer((_which, data) => { out += data.toString(); }));
    const ended = new Promise((resolve) => stream.on('end', resolve));
    await container.start();
    await container.wait();
    await Promise.race([ended, new Promise((r) => setTimeout(r, 1000))]);
    return new Map(out.trim().split('\n').map((line) => {
      const [name, result, errno] = line.split(' ');
      return [name!, { result: Number(result), errno: Number(errno) }];
    }));
  } finally {
    await container.remove({ force: true });
  }
}

test('as the candidate: io_uring, vsock, namespaces, mount, ptrace, setuid, keyrings, bpf, userfaultfd, perf, System V IPC and message queues are refused', async () => {
  const seen = await probe(`${CANDIDATE_UID}:${CANDIDATE_UID}`);
  for (const name of ['io_uring_setup', 'socket_vsock', 'unshare_user', 'unshare_net', 'clone_newuser', 'mount', 'ptrace_traceme', 'setuid_root', 'keyctl', 'bpf', 'userfaultfd', 'perf_event_open', 'chroot', 'shmget', 'msgget', 'mq_open']) {
    const got = seen.get(name);
    expect({ name, result: got?.result, refused: got !== undefined && [EPERM, ENOSYS].includes(got.errno) }).toEqual({ name, result: -1, refused: true });
  }
});

test('even as the container\'s root (the harness), io_uring, vsock and new namespaces are refused', async () => {
  const seen = await probe('0:0');
  for (const name of ['io_uring_setup', 'socket_vsock', 'unshare_user', 'clone_newuser', 'mount', 'ptrace_traceme', 'keyctl', 'bpf']) {
    expect({ name, result: seen.get(name)?.result }).toEqual({ name, result: -1 });
  }
});

test('the profile is valid JSON that denies io_uring and AF_VSOCK', () => {
  const profile = JSON.parse(seccompProfileJson());
  const names = profile.syscalls.flatMap((s: { names: string[] }) => s.names);
  expect(names).toEqual(expect.arrayContaining(['io_uring_setup', 'io_uring_enter', 'io_uring_register', 'socket', 'unshare', 'clone3']));
});
