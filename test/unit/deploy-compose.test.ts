/**
 * The compose files parse, pass only variables the config reads, and give each role what it must have and nothing
 * more (no registry here: `docker compose config` cannot run, so this reads the YAML itself).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../../core/platform/config';

interface Service {
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
}
/** js-yaml 3 (installed with jest, untyped; merge keys `<<` as compose reads them). */
const { load } = createRequire(__filename)('js-yaml') as { load: (text: string) => unknown };
const ROOT = path.join(__dirname, '..', '..');
const servicesOf = (file: string) => (load(readFileSync(path.join(ROOT, file), 'utf8')) as { services: Record<string, Service> }).services;
const FILES = ['docker-compose.yml', 'deploy/compose.api.yml', 'deploy/compose.worker.yml'];
/** Read by the set-up script, not the config. */
const SETUP_VARIABLES = ['SANDBOX_BUILD'];
const DB_SERVICES = ['postgres', 'redis'];

test.each(FILES)('%s: every variable is one the config reads, every command a file of the repository', (file) => {
  for (const [name, service] of Object.entries(servicesOf(file))) {
    if (DB_SERVICES.includes(name)) continue;
    for (const variable of Object.keys(service.environment ?? {})) expect([name, variable, [...CONFIG_VARIABLES, ...SETUP_VARIABLES].includes(variable)]).toEqual([name, variable, true]);
    const script = service.command?.find((part) => part.endsWith('.ts'));
    expect([name, script && existsSync(path.join(ROOT, script))]).toEqual([name, true]);
    for (const [dependency] of Object.entries(service.depends_on ?? {})) expect(Object.keys(servicesOf(file))).toContain(dependency);
  }
});

test('the API host: PostgreSQL and Redis elsewhere, only the API port open to all, the metrics port on a chosen address', () => {
  const services = servicesOf('deploy/compose.api.yml');
  expect(Object.keys(services).sort()).toEqual(['api', 'setup']);
  expect(services.api!.environment).toMatchObject({ DATABASE_URL: expect.stringContaining('${DATABASE_URL:?'), REDIS_URL: expect.stringContaining('${REDIS_URL:?') });
  expect(services.api!.ports).toEqual(['${API_BIND:-0.0.0.0}:3000:3000', '${METRICS_BIND:-127.0.0.1}:9464:9464']);
  expect(services.setup!.ports).toBeUndefined();
});

test('a worker host: its own socket or a remote Engine with read-only certificates, sized from the host, no admin token', () => {
  const services = servicesOf('deploy/compose.worker.yml');
  for (const service of Object.values(services)) {
    expect(service.environment).not.toHaveProperty('JUDGE_ADMIN_TOKEN');
    expect(service.environment).toMatchObject({ WORKER_CONCURRENCY: '${WORKER_CONCURRENCY:-}' });
    expect((service.ports ?? []).every((p) => p.startsWith('${METRICS_BIND:-127.0.0.1}:'))).toBe(true);
  }
  expect(services['worker-local']).toMatchObject({ profiles: ['local-engine'], volumes: ['/var/run/docker.sock:/var/run/docker.sock'] });
  for (const name of ['worker-remote', 'setup-remote']) {
    expect(services[name]!.environment).toMatchObject({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' });
    expect(services[name]!.volumes).toEqual(['${DOCKER_CERT_DIR:-/etc/ai-judge/docker-certs}:/certs:ro']);
  }
  // compose itself would read DOCKER_HOST from the shell or the env file as the Engine to deploy onto
  expect(services['worker-remote']!.environment!.DOCKER_HOST).toMatch(/^\$\{JUDGE_DOCKER_HOST:-/);
  for (const file of FILES) expect([file, readFileSync(path.join(ROOT, file), 'utf8').includes('${DOCKER_HOST')]).toEqual([file, false]);
  expect(services['setup-local']!.command).toEqual(['npx', 'tsx', 'scripts/setup.ts', '--image-only']);
});

test.each([['deploy/api.env.example', 'deploy/compose.api.yml'], ['deploy/worker.env.example', 'deploy/compose.worker.yml']])('%s names only what %s reads', (example, file) => {
  const compose = readFileSync(path.join(ROOT, file), 'utf8');
  const names = readFileSync(path.join(ROOT, example), 'utf8').split('\n').filter((line) => /^[A-Z_]+=/.test(line)).map((line) => line.split('=')[0]!);
  expect(names.length).toBeGreaterThan(3);
  for (const name of names.filter((n) => n !== 'COMPOSE_PROFILES')) expect([name, compose.includes(`\${${name}:`)]).toEqual([name, true]);
});
