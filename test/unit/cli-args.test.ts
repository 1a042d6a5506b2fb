import { parseCliArgs, UsageError } from '../../scripts/challenge-cli/cli-args-parser';
import { runCli } from '../../scripts/challenge-cli/run-cli';

const quiet = { log: jest.fn(), error: jest.fn(), table: jest.fn() };

test('--help, -h and help print the usage and succeed, whatever else is on the line', async () => {
  for (const argv of [['--help'], ['-h'], ['help'], ['challenge', 'push', '--help']]) {
    expect(parseCliArgs(argv)).toEqual({ command: 'help' });
  }
  const out = { ...quiet, log: jest.fn() };
  expect(await runCli(['--help'], out)).toBe(0);
  expect(out.log.mock.calls[0]![0]).toContain('challenge versions <slug>');
});

test('a missing argument is named in words, not as a schema error', () => {
  expect(() => parseCliArgs(['challenge', 'init'])).toThrow(new UsageError('challenge init takes <slug>; got nothing'));
  expect(() => parseCliArgs(['challenge', 'publish', 'x'])).toThrow(new UsageError('challenge publish takes <slug> <version>; got x'));
});

test('the server is --url, else JUDGE_URL, else loopback; push takes --publish', () => {
  const before = process.env.JUDGE_URL;
  try {
    delete process.env.JUDGE_URL;
    expect(parseCliArgs(['challenge', 'versions', 'rag-chunking'])).toEqual({ command: 'versions', slug: 'rag-chunking', server: { url: 'http://127.0.0.1:3000', token: undefined } });
    process.env.JUDGE_URL = 'http://judge.internal:8080';
    expect(parseCliArgs(['challenge', 'push', 'challenges/x', '--publish'])).toMatchObject({ server: { url: 'http://judge.internal:8080' }, publish: true, waitSeconds: 600 });
    expect(parseCliArgs(['challenge', 'push', 'challenges/x', '--url', 'http://other:1'])).toMatchObject({ server: { url: 'http://other:1' }, publish: false });
  } finally {
    if (before === undefined) delete process.env.JUDGE_URL;
    else process.env.JUDGE_URL = before;
  }
});

test('init scaffolds TypeScript and JavaScript unless --language or --languages names others', () => {
  expect(parseCliArgs(['challenge', 'init', 'x-task', '--family', 'data'])).toMatchObject({ languages: ['typescript', 'javascript'] });
  expect(parseCliArgs(['challenge', 'init', 'x-task', '--family', 'data', '--language', 'python'])).toMatchObject({ languages: ['python'] });
  expect(parseCliArgs(['challenge', 'init', 'x-task', '--family', 'rag', '--languages=typescript, python,typescript'])).toMatchObject({ languages: ['typescript', 'python'] });
  for (const flags of [['--languages', 'typescript,cobol'], ['--language', ','], ['--language', 'python', '--languages', 'typescript']]) {
    expect(() => parseCliArgs(['challenge', 'init', 'x-task', '--family', 'data', ...flags])).toThrow(UsageError);
  }
  expect(() => parseCliArgs(['challenge', 'init', 'x-task', '--family', 'data', '--languages', 'cobol'])).toThrow(/--languages: each of typescript, javascript, python/);
});
