/** The candidates' package catalogue as the judge reads it (names and locked versions), and a manifest's narrowed list. */
import { allowedPackages, candidateCatalogue, unknownPackages } from '../../core/challenges/candidate-catalogue';
import { harnessPayload } from '../../core/judging/judge-files';
import { getConfig } from '../../core/platform/config';
import { manifestSchema, type Manifest } from '../../core/challenges/challenge-package';

const manifest = (packages?: Manifest['packages']): Manifest => manifestSchema.parse({
  slug: 'narrow', title: 't', family: 'data', summary: 's', languages: ['typescript', 'javascript', 'python'],
  entry: { typescript: 'src/solution.ts', javascript: 'src/solution.js', python: 'src/solution.py' }, ...(packages ? { packages } : {}),
});

test('the catalogue has every package the issue names, each with its locked version', () => {
  const { node, python } = candidateCatalogue();
  expect(node.map((p) => p.name)).toEqual(['openai', 'ai', '@ai-sdk/openai', '@langchain/openai', '@langchain/core', 'langchain', 'zod', 'express', 'hono', 'fastify', 'axios', 'p-retry', 'p-limit', 'gpt-tokenizer']);
  expect(python.map((p) => p.name)).toEqual(expect.arrayContaining(['openai', 'httpx', 'pydantic', 'numpy', 'fastapi', 'tiktoken', 'langchain-openai', 'langchain-core']));
  for (const p of [...node, ...python]) expect([p.name, p.version]).toEqual([p.name, expect.stringMatching(/^\d+\.\d+(\.\d+)?/)]);
});

test('a manifest narrows each runtime on its own; TypeScript and JavaScript share node\'s list', () => {
  const narrowed = manifest({ node: ['zod', 'openai'], python: ['Pydantic'] });
  expect(allowedPackages(narrowed.packages, 'typescript').map((p) => p.name)).toEqual(['openai', 'zod']);
  expect(allowedPackages(narrowed.packages, 'javascript').map((p) => p.name)).toEqual(['openai', 'zod']);
  expect(allowedPackages(narrowed.packages, 'python').map((p) => p.name)).toEqual(['pydantic']);
  expect(allowedPackages(manifest({ node: [] }).packages, 'python')).toEqual(candidateCatalogue().python);
});

test('names outside the catalogue are reported per runtime (PyPI names compare in normal form)', () => {
  expect(unknownPackages({ node: ['openai', 'eslint', 'left-pad'], python: ['LangChain_OpenAI', 'torch'] }))
    .toEqual([{ runtime: 'node', name: 'eslint' }, { runtime: 'node', name: 'left-pad' }, { runtime: 'python', name: 'torch' }]);
});

test('the harness payload carries the list only when the manifest narrows that runtime', () => {
  const challenge = (m: Manifest) => ({ manifest: m, tests: [], plan: [] });
  expect(harnessPayload(getConfig(), challenge(manifest({ node: ['openai'] })), 'javascript', {}, 'n').packages).toEqual(['openai']);
  expect(harnessPayload(getConfig(), challenge(manifest({ node: ['openai'] })), 'python', {}, 'n')).not.toHaveProperty('packages');
  expect(harnessPayload(getConfig(), challenge(manifest()), 'typescript', {}, 'n')).not.toHaveProperty('packages');
});
