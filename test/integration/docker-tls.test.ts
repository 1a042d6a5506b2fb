/**
 * DOCKER_HOST=tcp://… with TLS end to end: the certificates the config read reach dockerode, which verifies the
 * Engine's certificate and presents its own (a stand-in Engine answering /_ping, requiring a client certificate).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { getConfig } from '../../core/platform/config';
import { createDocker } from '../../sandbox/docker-client';

let dir: string;
let server: Server;
let port: number;
const seen: string[] = [];

/** A CA, the Engine's certificate for 127.0.0.1 and a client certificate, as Docker's TLS guide makes them. */
function makeCertificates(into: string): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: into, stdio: 'ignore' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=test-ca');
  for (const [name, subject, ext] of [['server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1'], ['client', '/CN=worker', 'extendedKeyUsage=clientAuth']] as const) {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', subject);
    writeFileSync(path.join(into, `${name}.ext`), `${ext}\n`);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', `${name}-cert.pem`, '-days', '1', '-extfile', `${name}.ext`);
  }
  // DOCKER_CERT_PATH holds the client's pair under the CLI's names
  writeFileSync(path.join(into, 'cert.pem'), readFileSync(path.join(into, 'client-cert.pem')));
  writeFileSync(path.join(into, 'key.pem'), readFileSync(path.join(into, 'client-key.pem')));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'docker-tls-'));
  makeCertificates(dir);
  const read = (file: string) => readFileSync(path.join(dir, file));
  server = createServer({ key: read('server-key.pem'), cert: read('server-cert.pem'), ca: read('ca.pem'), requestCert: true, rejectUnauthorized: true }, (req, res) => {
    seen.push(String((req.socket as TLSSocket).getPeerCertificate().subject?.CN));
    res.writeHead(req.url?.endsWith('/_ping') ? 200 : 404, { 'content-type': 'text/plain' }).end('OK');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the worker reaches a TLS Engine with its client certificate and checks the Engine\'s', async () => {
  const config = getConfig({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir });
  await expect(createDocker(config.docker).ping()).resolves.toBeTruthy();
  expect(seen).toEqual(['worker']);
});

test('an Engine whose certificate the CA did not sign is refused', async () => {
  const other = mkdtempSync(path.join(os.tmpdir(), 'docker-tls-other-'));
  try {
    makeCertificates(other);
    const config = getConfig({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: other });
    await expect(createDocker(config.docker).ping()).rejects.toThrow();
    expect(seen).toEqual(['worker']);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});
