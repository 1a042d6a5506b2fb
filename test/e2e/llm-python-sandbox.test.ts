/**
 * The real Python clients inside the sandbox: a Python solution using the openai SDK (chat with a retried 429,
 * streaming, tools, embeddings, the Responses API) and langchain-openai (ChatOpenAI, OpenAIEmbeddings with tiktoken's
 * encodings from the image, no network) against the harness's mock LLM, judged by tests that script the mock and read
 * its journal (test/fixtures/llm-python-probe).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readChallengePackage } from '../../core/challenges/challenge-package';
import { getConfig } from '../../core/platform/config';
import { judgeFiles } from '../../core/judging/judge-files';
import { createDocker } from '../../sandbox/docker-client';

jest.setTimeout(120_000);

test('a Python solution using openai and langchain-openai against the in-sandbox mock is accepted', async () => {
  const config = getConfig();
  const pkg = await readChallengePackage(path.join(__dirname, '..', 'fixtures', 'llm-python-probe'));
  const code = await readFile(path.join(__dirname, '..', 'fixtures', 'llm-python-solution.py'), 'utf8');
  const result = await judgeFiles({ docker: createDocker(config.docker), config }, { manifest: pkg.manifest, tests: pkg.tests, plan: pkg.plan }, 'python',
    { 'src/solution.py': code }, { 'ai-judge.llm-python': '1' });
  expect({ verdict: result.verdict, failed: result.tests.filter((t) => t.status !== 'pass').map((t) => `${t.name}: ${t.message}`), output: result.output?.slice(0, 2000) })
    .toEqual({ verdict: 'accepted', failed: [], output: expect.anything() });
  expect(result.llmUsage).toMatchObject({ retries: 1 });
});
