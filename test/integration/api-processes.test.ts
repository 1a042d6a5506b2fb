import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

// api/main.ts as docker-compose runs it, with API_PROCESSES=2: both processes serve the one port, and SIGTERM stops all.
test('API_PROCESSES runs several API processes on one port and SIGTERM stops them all', async () => {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, API_PROCESSES: '2', PORT: String(port), LOG_LEVEL: 'silent', JUDGE_ADMIN_TOKEN: `t-${randomBytes(16).toString('hex')}` },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 30_000;
    while (!(await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false))) {
      if (Date.now() > deadline) throw new Error('the API did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`http://127.0.0.1:${port}/v1/challenges`).then((r) => r.status)));
    expect(answers.filter((s) => s !== 200)).toEqual([]);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect(await fetch(`http://127.0.0.1:${port}/healthz`).then(() => 'answered', () => 'refused')).toBe('refused');
}, 60_000);
