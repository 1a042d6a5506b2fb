import path from 'node:path';
import { homedir } from 'node:os';
import { getConfig } from '../../core/platform/config';
import { createDocker } from '../../sandbox/docker-client';

/** A host the sizing reads instead of this machine, so the defaults do not depend on where the tests run. */
const host = { cores: 2, memoryMb: 8_192 };

test('defaults apply when nothing is set', () => {
  const config = getConfig({}, host);
  expect(config.PORT).toBe(3000);
  expect(config.WORKER_CONCURRENCY).toBe(2);
  expect(config.SANDBOX_POOL_SIZE).toBe(2);
  expect(config.SANDBOX_OUTPUT_LIMIT_BYTES).toBe(1_048_576);
  expect(config.docker).toEqual({ kind: 'socket', socketPath: '/var/run/docker.sock' });
});

test('PORT overrides the port', () => {
  expect(getConfig({ PORT: '4100' }, host).PORT).toBe(4100);
});

test('limits above their hard caps fail at start-up naming each variable', () => {
  expect(() => getConfig({ MAX_WALL_TIME_MS: '999999999', WORKER_CONCURRENCY: 'lots' }, host)).toThrow(
    /Invalid environment variables:\n\s+WORKER_CONCURRENCY: .*\n\s+MAX_WALL_TIME_MS: /,
  );
  expect(() => getConfig({ WORKER_CONCURRENCY: '17' }, host)).toThrow(/WORKER_CONCURRENCY: /);
  expect(() => getConfig({ SANDBOX_POOL_SIZE: '17' }, host)).toThrow(/SANDBOX_POOL_SIZE: /);
});

describe('worker sizing', () => {
  test('unset: concurrency and pool come from the host, and say so', () => {
    const config = getConfig({}, { cores: 32, memoryMb: 65_536 });
    expect(config.WORKER_CONCURRENCY).toBe(16); // the hard cap
    expect(config.SANDBOX_POOL_SIZE).toBe(8);
    expect(config.sizing).toMatchObject({ concurrency: 'host', poolSize: 'host', figures: { host: { cores: 32, memoryMb: 65_536 } } });
  });

  test('explicit settings are kept as they are, whatever the host', () => {
    const config = getConfig({ WORKER_CONCURRENCY: '3', SANDBOX_POOL_SIZE: '0' }, { cores: 64, memoryMb: 262_144 });
    expect(config.WORKER_CONCURRENCY).toBe(3);
    expect(config.SANDBOX_POOL_SIZE).toBe(0);
    expect(config.sizing).toMatchObject({ concurrency: 'WORKER_CONCURRENCY', poolSize: 'SANDBOX_POOL_SIZE' });
  });

  test('a set concurrency sizes the unset pool; an empty value counts as unset', () => {
    const config = getConfig({ WORKER_CONCURRENCY: '5', SANDBOX_POOL_SIZE: '' }, { cores: 2, memoryMb: 4_096 });
    expect(config.WORKER_CONCURRENCY).toBe(5);
    expect(config.SANDBOX_POOL_SIZE).toBe(5);
  });

  test('the per-judgement memory defaults to MAX_MEMORY_MB and the reserve can be set', () => {
    // 8 GiB − 1 GiB reserve − 1 GiB analysis = 6 GiB: 6 judgements of 1 GiB, 12 of 512 MiB (then 8 cores bind)
    expect(getConfig({}, { cores: 8, memoryMb: 8_192 }).WORKER_CONCURRENCY).toBe(6);
    expect(getConfig({ MAX_MEMORY_MB: '512' }, { cores: 8, memoryMb: 8_192 }).WORKER_CONCURRENCY).toBe(8);
    expect(getConfig({ WORKER_MEMORY_RESERVE_MB: '4096' }, { cores: 8, memoryMb: 8_192 }).WORKER_CONCURRENCY).toBe(3);
    expect(getConfig({ WORKER_JUDGEMENT_MEMORY_MB: '2048', QUALITY_ENABLED: 'false' }, { cores: 8, memoryMb: 8_192 }).WORKER_CONCURRENCY).toBe(3);
  });
});

describe('the Docker Engine (DOCKER_HOST, as the docker CLI reads it)', () => {
  const certs: Record<string, string> = { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' };
  const readFile = (file: string): Buffer => {
    if (!(file in certs)) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
    return Buffer.from(certs[file]!);
  };
  const docker = (env: NodeJS.ProcessEnv) => getConfig(env, host, readFile).docker;

  test('unset: DOCKER_SOCKET, as before', () => {
    expect(docker({ DOCKER_SOCKET: '/run/user/1000/docker.sock' })).toEqual({ kind: 'socket', socketPath: '/run/user/1000/docker.sock' });
    expect(docker({ DOCKER_HOST: '' })).toEqual({ kind: 'socket', socketPath: '/var/run/docker.sock' });
  });

  test('unix:///path is a socket, and wins over DOCKER_SOCKET', () => {
    expect(docker({ DOCKER_HOST: 'unix:///srv/docker.sock', DOCKER_SOCKET: '/var/run/docker.sock' })).toEqual({ kind: 'socket', socketPath: '/srv/docker.sock' });
    expect(() => docker({ DOCKER_HOST: 'unix://relative.sock' })).toThrow(/DOCKER_HOST: unix:\/\/ needs an absolute socket path/);
  });

  test('tcp:// with DOCKER_TLS_VERIFY=1 reads ca.pem, cert.pem and key.pem from DOCKER_CERT_PATH', () => {
    const target = docker({ DOCKER_HOST: 'tcp://engine-3.internal:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' });
    expect(target).toEqual({
      kind: 'tls', host: 'engine-3.internal', port: 2376, certPath: '/certs', ca: Buffer.from('CA'), cert: Buffer.from('CERT'), key: Buffer.from('KEY'),
    });
    expect(docker({ DOCKER_HOST: 'tcp://10.0.0.7', DOCKER_TLS_VERIFY: 'true', DOCKER_CERT_PATH: '/certs' })).toMatchObject({ host: '10.0.0.7', port: 2376 });
    expect(docker({ DOCKER_HOST: 'tcp://[fd00::7]:2400', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' })).toMatchObject({ host: 'fd00::7', port: 2400 });
  });

  test('a bad Engine setting is named beside the other bad variables', () => {
    expect(() => getConfig({ WORKER_CONCURRENCY: '0', DOCKER_HOST: 'ssh://engine' }, host, readFile)).toThrow(
      /Invalid environment variables:\n\s+WORKER_CONCURRENCY: .*\n\s+DOCKER_HOST: ssh:\/\/ is not supported/,
    );
  });

  test('the key and certificates never reach a log or a JSON body', () => {
    const config = getConfig({ DOCKER_HOST: 'tcp://engine:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, host, readFile);
    const written = JSON.stringify(config);
    expect(written).not.toMatch(/Buffer|"data":\[/);
    expect(JSON.parse(written).docker).toEqual({ kind: 'tls', host: 'engine', port: 2376, certPath: '/certs', certificates: '[redacted]' });
  });

  test('missing or unreadable certificates stop the start naming the file', () => {
    expect(() => docker({ DOCKER_HOST: 'tcp://engine:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nowhere' })).toThrow(
      /Invalid environment variables:\n\s+DOCKER_CERT_PATH: cannot read \/nowhere\/ca\.pem \(ENOENT\); DOCKER_TLS_VERIFY=1 needs ca\.pem, cert\.pem, key\.pem there/,
    );
    delete certs['/certs/key.pem'];
    try {
      expect(() => docker({ DOCKER_HOST: 'tcp://engine:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' })).toThrow(/cannot read \/certs\/key\.pem/);
    } finally {
      certs['/certs/key.pem'] = 'KEY';
    }
  });

  test('DOCKER_CERT_PATH defaults to ~/.docker, as the CLI', () => {
    expect(() => docker({ DOCKER_HOST: 'tcp://engine:2376', DOCKER_TLS_VERIFY: '1' })).toThrow(new RegExp(`cannot read ${path.join(homedir(), '.docker', 'ca.pem')}`));
  });

  test('TCP without TLS, ssh:// and other schemes are refused with a clear message', () => {
    expect(() => docker({ DOCKER_HOST: 'tcp://engine:2375' })).toThrow(/DOCKER_TLS_VERIFY: DOCKER_HOST=tcp:\/\/engine:2375 needs DOCKER_TLS_VERIFY=1/);
    expect(() => docker({ DOCKER_HOST: 'tcp://engine:2375', DOCKER_TLS_VERIFY: 'yes' })).toThrow(/DOCKER_TLS_VERIFY: must be 1 or 0/);
    expect(() => docker({ DOCKER_HOST: 'ssh://judge@engine-3' })).toThrow(/DOCKER_HOST: ssh:\/\/ is not supported: use tcp:\/\/host:2376 .* or forward the remote socket/);
    expect(() => docker({ DOCKER_HOST: 'npipe:////./pipe/docker_engine' })).toThrow(/DOCKER_HOST: must be unix:\/\/\/path or tcp:\/\/host:port/);
    expect(() => docker({ DOCKER_HOST: 'engine-3:2376' })).toThrow(/DOCKER_HOST: must be unix:\/\/\/path or tcp:\/\/host:port/);
    expect(() => docker({ DOCKER_HOST: 'tcp://engine:2376/v1.45', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' })).toThrow(/nothing after the port/);
  });

  test('createDocker connects over https with the certificates, or on the socket', () => {
    const remote = createDocker(docker({ DOCKER_HOST: 'tcp://engine-3.internal:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }));
    expect(remote.modem).toMatchObject({ protocol: 'https', host: 'engine-3.internal', port: 2376, ca: Buffer.from('CA'), cert: Buffer.from('CERT'), key: Buffer.from('KEY') });
    expect(createDocker(docker({ DOCKER_HOST: 'unix:///srv/docker.sock' })).modem).toMatchObject({ socketPath: '/srv/docker.sock' });
    expect(createDocker('/var/run/docker.sock').modem).toMatchObject({ socketPath: '/var/run/docker.sock' });
  });
});
