/**
 * @module docker-target
 * Which Docker Engine the judge talks to, read the way the docker CLI reads it: `DOCKER_HOST` (`unix:///path`, or
 * `tcp://host:port` with TLS from `DOCKER_TLS_VERIFY=1` and the ca.pem, cert.pem and key.pem in `DOCKER_CERT_PATH`),
 * else the local socket `DOCKER_SOCKET`. Pure but for the file reads it is given.
 */
import path from 'node:path';

/** A local socket, or a remote Engine over TCP with mutual TLS (the certificates' contents, read at start-up). */
export type DockerTarget =
  | { kind: 'socket'; socketPath: string }
  | { kind: 'tls'; host: string; port: number; ca: Buffer; cert: Buffer; key: Buffer; certPath: string };

export interface DockerEnv {
  DOCKER_HOST?: string;
  DOCKER_TLS_VERIFY?: string;
  DOCKER_CERT_PATH?: string;
  DOCKER_SOCKET: string;
}

/** A variable the target could not be made from, and why (becomes one line of the start-up error). */
export class DockerTargetError extends Error {
  constructor(readonly variable: keyof DockerEnv, message: string) {
    super(message);
  }
}

const CERT_FILES = ['ca.pem', 'cert.pem', 'key.pem'] as const;

/** `DOCKER_TLS_VERIFY`: `1`/`true` on; unset, empty, `0`/`false` off (the CLI would treat any non-empty value as on). */
function tlsVerifyOf(value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '1' || v === 'true') return true;
  if (v === '' || v === '0' || v === 'false') return false;
  throw new DockerTargetError('DOCKER_TLS_VERIFY', `must be 1 or 0 (got "${value}")`);
}

function readCerts(certPath: string, readFile: (file: string) => Buffer): { ca: Buffer; cert: Buffer; key: Buffer } {
  const read = (name: (typeof CERT_FILES)[number]) => {
    const file = path.join(certPath, name);
    try {
      return readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new DockerTargetError('DOCKER_CERT_PATH', `cannot read ${file} (${code}); DOCKER_TLS_VERIFY=1 needs ${CERT_FILES.join(', ')} there`);
    }
  };
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
}

/**
 * The Engine to use. `homeDir` is where the CLI looks for certificates when `DOCKER_CERT_PATH` is unset
 * (`~/.docker`). Throws a `DockerTargetError` naming the variable: `ssh://` and `npipe://` are refused, and so is TCP
 * without TLS (an open Engine port gives root on its host to anyone who reaches it).
 */
export function parseDockerTarget(env: DockerEnv, readFile: (file: string) => Buffer, homeDir: string): DockerTarget {
  const host = env.DOCKER_HOST?.trim();
  if (!host) return { kind: 'socket', socketPath: env.DOCKER_SOCKET };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(host)?.[1]?.toLowerCase();
  if (scheme === 'unix') {
    const socketPath = host.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw new DockerTargetError('DOCKER_HOST', `unix:// needs an absolute socket path (unix:///var/run/docker.sock), got "${host}"`);
    return { kind: 'socket', socketPath };
  }
  if (scheme === 'ssh') {
    throw new DockerTargetError('DOCKER_HOST', 'ssh:// is not supported: use tcp://host:2376 with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH, '
      + 'or forward the remote socket (ssh -nNT -L /run/remote-docker.sock:/var/run/docker.sock host) and set DOCKER_HOST=unix:///run/remote-docker.sock');
  }
  if (scheme !== 'tcp') throw new DockerTargetError('DOCKER_HOST', `must be unix:///path or tcp://host:port, got "${host}"`);
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new DockerTargetError('DOCKER_HOST', `not a valid tcp://host:port address: "${host}"`);
  }
  if (!url.hostname || (url.pathname !== '' && url.pathname !== '/') || url.search || url.username) {
    throw new DockerTargetError('DOCKER_HOST', `must be tcp://host:port with nothing after the port, got "${host}"`);
  }
  if (!tlsVerifyOf(env.DOCKER_TLS_VERIFY)) {
    throw new DockerTargetError('DOCKER_TLS_VERIFY', `DOCKER_HOST=${host} needs DOCKER_TLS_VERIFY=1 and client certificates: `
      + 'an Engine on TCP without TLS gives root on its host to anyone who can reach the port');
  }
  const certPath = env.DOCKER_CERT_PATH?.trim() || path.join(homeDir, '.docker');
  const target: DockerTarget = { kind: 'tls', host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port ? Number(url.port) : 2376, certPath, ...readCerts(certPath, readFile) };
  // a config written to a log or a response never carries the client key (nor the certificates)
  Object.defineProperty(target, 'toJSON', { enumerable: false, value: () => ({ kind: 'tls', host: target.host, port: target.port, certPath, certificates: '[redacted]' }) });
  return target;
}

/** Where the target is, for logs (never the keys). */
export function describeDockerTarget(target: DockerTarget): string {
  return target.kind === 'socket' ? `unix://${target.socketPath}` : `tcp://${target.host}:${target.port} (TLS, certificates from ${target.certPath})`;
}
