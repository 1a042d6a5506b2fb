/**
 * The Python quality analysis in the sandbox image's `quality` mode, through the worker's own entry point
 * (`runQualityInSandbox`): the hardened one-shot container, the analysis as the unprivileged candidate uid, the tools
 * under /sandbox/python, and the candidate's hostile tool configuration ignored.
 */
import { getConfig } from '../../core/platform/config';
import { runQualityInSandbox } from '../../core/quality/run-quality';
import { createDocker } from '../../sandbox/docker-client';

const config = getConfig();
const docker = createDocker(config.docker);

const SOLUTION = `import os

from openai import OpenAI

client = OpenAI(api_key="sk-proj-abcdefghijklmnop1234")


def chunk_text(text: str, size: int) -> list[str]:
    count: int = "zero"
    return [text[i:i + size] for i in range(0, len(text), size)]
`;

test('a Python submission is analysed in the container with the judge\'s configuration only', async () => {
  const outcome = await runQualityInSandbox({ docker, config }, {
    'src/solution.py': SOLUTION,
    'pyproject.toml': '[tool.mypy]\nplugins = ["src.solution"]\nignore_errors = true\n[tool.ruff]\nexclude = ["src"]\n',
    'mypy.ini': '[mypy]\nplugins = src.solution\n',
  }, { 'ai-judge.test': 'python-quality' }, 'python');
  if (outcome.status !== 'done') throw new Error(outcome.error);
  const a = outcome.analysis;
  process.stdout.write(`python quality analysis in the container: ${outcome.durationMs} ms\n`);
  expect(a.language).toBe('python');
  expect(a.unavailable).toBeUndefined();
  expect(a.findings.map((f) => [f.kind, f.rule, f.line])).toEqual([
    ['lint', 'F401', 1], ['llm-risk', 'llm-client-no-timeout', 5], ['secret', 'hard-coded-secret', 5],
    ['lint', 'F841', 9], ['type', 'mypy:assignment', 9]]);
  expect(a.tools).toMatchObject({ python: '3.11.2', ruff: expect.stringMatching(/^\d/), mypy: expect.stringMatching(/^\d/) });
  expect(a.ignoredFiles).toEqual(['mypy.ini', 'pyproject.toml']);
}, 120_000);
