/**
 * The code-quality analysers on small inline sources, on the host (no Docker): complexity, nesting, length,
 * duplication, size, secrets, LLM-call risks, ESLint with the judge's config and the strict type check.
 */
import { analyzeQuality } from '../../sandbox/quality/analyze';
import { findDuplicates } from '../../sandbox/quality/duplication';
import { measureFunctions } from '../../sandbox/quality/functions';
import { findLlmRisks } from '../../sandbox/quality/llm-risks';
import { findRegexRisks, scansQuadratically } from '../../sandbox/quality/regex-risks';
import { entropy, findSecrets } from '../../sandbox/quality/secrets';
import { measureFile } from '../../sandbox/quality/size';
import { selectSources } from '../../sandbox/quality/source-files';

const one = (text: string, file = 'src/a.ts') => selectSources({ [file]: text }).sources;

describe('functions', () => {
  test('cyclomatic complexity counts branches, loops, cases, catch, ternaries and short-circuits', () => {
    const [f] = measureFunctions(one(`
export function f(a: number, b?: string) {
  if (a > 1 && b) return 1;
  for (const x of [1, 2]) { if (x) continue; }
  switch (a) { case 1: break; case 2: break; default: break; }
  try { a++; } catch { a--; }
  return a ? (b ?? 'x') : 'y';
}`));
    // 1 + if + && + for + if + 2 cases + catch + ?: + ?? = 10
    expect(f).toMatchObject({ name: 'f', complexity: 10, line: 2 });
  });

  test('a nested function is measured on its own; else-if does not nest deeper', () => {
    const fns = measureFunctions(one(`
const outer = () => {
  const inner = function () { if (1) { if (2) { while (true) { break; } } } };
  if (a) x(); else if (b) y(); else if (c) z();
  return inner;
};`));
    expect(fns.map((f) => [f.name, f.complexity, f.maxNesting])).toEqual([['outer', 4, 1], ['inner', 4, 3]]);
  });

  test('length spans the first to the last line', () => {
    const [f] = measureFunctions(one('function g() {\n  return 1;\n}\n'));
    expect(f).toMatchObject({ name: 'g', line: 1, endLine: 3, lines: 3 });
  });
});

describe('duplication', () => {
  const block = `function sum(xs: number[]): number {
  let total = 0;
  for (const x of xs) { if (x > 0) { total += x * 2; } else { total -= x / 2; } }
  return total + xs.length * 3 - Math.max(...xs) + Math.min(...xs);
}
`;
  test('a repeated block across files is one duplicate with both places', () => {
    const { blocks, duplicatedLines } = findDuplicates([{ file: 'a.ts', text: block }, { file: 'b.ts', text: `// copy\n${block}` }], 30);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.occurrences).toEqual([{ file: 'a.ts', line: 1, endLine: 5 }, { file: 'b.ts', line: 2, endLine: 6 }]);
    expect(duplicatedLines).toBe(10);
  });

  test('distinct code has no duplicates', () => {
    expect(findDuplicates([{ file: 'a.ts', text: block }, { file: 'b.ts', text: 'export const x = 1;\n' }], 30).blocks).toEqual([]);
  });
});

test('size counts code, comment and blank lines', () => {
  expect(measureFile('a.ts', '// one\n/* two\n three */\nconst a = 1; // trailing\n\nexport { a };\n')).toEqual(
    { file: 'a.ts', lines: 7, linesOfCode: 2, commentLines: 3, blankLines: 2 });
});

describe('secrets', () => {
  test('an OpenAI-style key literal is a hard-coded secret; an env read is not', () => {
    const findings = findSecrets(one(`const a = 'sk-proj-abcdefghijklmnop1234';\nconst b = process.env.OPENAI_API_KEY;\n`)[0]!);
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['hard-coded-secret', 1]]);
  });

  test('a high-entropy string assigned to a key-like name is flagged; a label is not', () => {
    const findings = findSecrets(one(`const apiKey = 'Zx81kQm2Lp09vTr7Wc5n';\nconst token = 'upstream_unavailable';\nconst name = 'Zx81kQm2Lp09vTr7Wc5n';\n`)[0]!);
    expect(findings.map((f) => f.line)).toEqual([1]);
    expect(entropy('aaaa')).toBe(0);
  });

  test('echoing a caught LLM error message to the caller is flagged; logging it is not', () => {
    const findings = findSecrets(one(`
async function f(client: any, res: any) {
  try { await client.chat.completions.create({}); } catch (error) {
    console.error((error as Error).message);
    res.end(\`upstream error: \${(error as Error).message}\`);
  }
}`)[0]!);
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['echoes-upstream-error', 5]]);
  });
});

describe('LLM-call risks', () => {
  const rules = (text: string) => findLlmRisks(one(text)[0]!).map((f) => f.rule);
  test('a client without timeout and maxRetries', () => {
    expect(rules(`import OpenAI from 'openai';\nconst c = new OpenAI();\n`)).toEqual(['llm-client-no-timeout', 'llm-client-default-retries']);
  });
  test('per-request signals count as a timeout; explicit options pass', () => {
    expect(rules(`const c = new OpenAI({ maxRetries: 0 });\nc.chat.completions.create({}, { signal: s });\n`)).toEqual([]);
    expect(rules(`const c = new OpenAI({ maxRetries: 1, timeout: 500 });\n`).filter((r) => r.startsWith('llm-client-'))).toEqual([]);
  });
  test('fetch to the model API without a signal, and an endless retry loop', () => {
    expect(rules(`fetch(process.env.OPENAI_BASE_URL + '/chat/completions', { method: 'POST' });\n`)).toEqual(['llm-fetch-no-abort']);
    expect(rules(`async function f(c: any) { while (true) { try { return await c.chat.completions.create({}); } catch {} } }`))
      .toEqual(['llm-unbounded-retry', 'retry-after-ignored', 'retries-client-errors']);
    expect(rules(`async function f(c: any) { for (let attempt = 1; ; attempt++) { try { return await c.x.create({}); } catch (e: any) { if (attempt >= 3 || e.status === 400) throw 1; await sleep(+e.headers.get('retry-after-ms')); } } }`)).toEqual([]);
  });
});

describe('LLM-call patterns', () => {
  const rules = (text: string) => findLlmRisks(one(text)[0]!).map((f) => f.rule).filter((r) => !r.startsWith('llm-client-'));

  test('user or document text in the system message is flagged; labels and constants are not', () => {
    expect(rules(`const m = (text: string) => [{ role: 'system', content: \`Classify:\\n\${text}\` }, { role: 'user', content: 'Go.' }];`))
      .toEqual(['user-input-in-system-prompt']);
    expect(rules(`function m(q: string, context: Array<{ line: string }>) {
  const system = \`\${SYSTEM_PROMPT}\\n\${context.map((c) => c.line).join('\\n')}\`;
  return [{ role: 'system', content: system }, { role: 'user', content: q }];
}`)).toEqual(['user-input-in-system-prompt']);
    expect(rules(`const f = (system: any, summary: any) => ({ role: 'system', content: \`\${system.content}\\n\${summary.content}\` });`))
      .toEqual(['user-input-in-system-prompt']);
    expect(rules(`await generateText({ model, system: 'Answer: ' + question, prompt: 'x' });`)).toEqual(['user-input-in-system-prompt']);
    // what the references do: the labels, the system message's own content, constants
    expect(rules(`function m(text: string, labels: string[]) {
  const system = ['Route tickets.', \`Labels: \${labels.map((l) => JSON.stringify(l)).join(', ')}\`].join('\\n');
  return [{ role: 'system', content: system }, { role: 'user', content: text }];
}`)).toEqual([]);
    expect(rules(`const lines: string[] = [];\nfor (const p of passages) lines.push(\`[\${p.id}] \${escape(p.text)}\`);
const system = \`\${SYSTEM_PROMPT}\\n<passages>\\n\${lines.join('\\n')}\\n</passages>\`;\nconst m = [{ role: 'system', content: system }];`))
      .toEqual(['user-input-in-system-prompt']);
    expect(rules(`const content = \`Labels: \${labels.join(', ')}\`;\nconst m = [{ role: 'system', content }];`)).toEqual([]);
    expect(rules(`const q = collapse(question);\nconst m = [{ role: 'system', content: \`Answer \${q}\` }];`)).toEqual(['user-input-in-system-prompt']);
    expect(rules(`const a = [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'system', content: 'fixed' }, { role: 'system', content: req.labels.join() }];`)).toEqual([]);
  });

  const loop = (client: string, handler: string) => `const client = new OpenAI(${client});
async function ask(messages: any[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce(messages);
    } catch (error: any) {
${handler}
      await sleep(50 * attempt);
    }
  }
}
async function attemptOnce(messages: any[]) { return client.chat.completions.create({ model: 'm', messages }, { signal: s }); }`;
  const good = `      if (attempt >= 3 || !RETRYABLE.has(error.status)) throw error;\n      const wait = error.headers?.get('retry-after-ms');`;

  test('an own retry loop: on top of SDK retries, without retry-after, without a status check', () => {
    expect(rules(loop('{ maxRetries: 0, timeout: 1000 }', good))).toEqual([]);
    expect(rules(loop('{ timeout: 1000 }', good))).toEqual(['llm-stacked-retries']);
    expect(rules(loop('{ maxRetries: 0 }', '      if (attempt >= 3 || !RETRYABLE.has(error.status)) throw error;'))).toEqual(['retry-after-ignored']);
    expect(rules(loop('{ maxRetries: 0 }', `      if (attempt >= 3) throw error; // retry-after: never sent here`))).toEqual(['retries-client-errors']);
    // a wrapper that takes the call as a callback
    expect(rules(`const c = new OpenAI();
async function withRetries<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try { return await call(); } catch (error) { if (attempt >= 3) throw error; }
  }
}
await withRetries(() => c.embeddings.create({ model: 'e', input: ['a'] }));`)).toEqual(['llm-stacked-retries', 'retry-after-ignored', 'retries-client-errors']);
    // a catch that marks every error retryable, whoever retries later
    expect(rules(`async function once(c: any) { try { return await c.embeddings.create({}); } catch (e) { const retryable = true; return { retryable }; } }`))
      .toEqual(['retries-client-errors']);
    expect(rules(`async function once(c: any) { try { return await c.embeddings.create({}); } catch (e: any) { const retryable = e.status === 429; return { retryable }; } }`))
      .toEqual([]);
    // a loop whose catch always leaves is not a retry loop, nor is one working on an item each round, nor one that validates
    expect(rules(`for (const t of texts) { try { await c.chat.completions.create({}); } catch (e) { throw new Error('x'); } }`)).toEqual([]);
    expect(rules(`for (const t of texts) { try { await c.chat.completions.create({ messages: [t] }); } catch (e) { failed.push(t); } }`)).toEqual([]);
    expect(rules(`for (let i = 0; i < rows.length; i++) { try { schema.parse(rows[i]); out.push(JSON.parse(x)); } catch (e) { errors.push(i); } }`)).toEqual([]);
  });

  test('one embeddings request per item inside a loop; batches are not', () => {
    expect(rules(`const v = await Promise.all(texts.map(async (input) => (await c.embeddings.create({ model: 'e', input })).data[0].embedding));`))
      .toEqual(['llm-call-per-item']);
    expect(rules(`for (const t of texts) { const r = await c.embeddings.create({ model: 'e', input: t }); out.push(r.data[0]!.embedding); }`))
      .toEqual(['llm-call-per-item']);
    expect(rules(`const v = await Promise.all(batches.map(async (input) => { const r = await c.embeddings.create({ model: 'e', input }); return r.data.map((d) => d.embedding); }));`))
      .toEqual([]);
    expect(rules(`const q = (await c.embeddings.create({ model: 'e', input: [question] })).data[0].embedding;`)).toEqual([]);
  });

  test('the SDK timeout as the only bound of a request', () => {
    expect(rules(`const c = new OpenAI({ maxRetries: 0, timeout: 300 });\nawait c.chat.completions.create({ model: 'm', messages });`)).toEqual(['llm-timeout-headers-only']);
    expect(rules(`const c = new OpenAI({ maxRetries: 0, timeout: 300 });\nawait c.chat.completions.create({ model: 'm', messages }, { signal: AbortSignal.timeout(300) });`)).toEqual([]);
  });
});

test('gpt-tokenizer calls that throw on special-token text; with options or other libraries they do not', () => {
  const rules = (text: string, file?: string) => findLlmRisks(one(text, file)[0]!).map((f) => f.rule);
  expect(rules(`import { encode, countTokens as count } from 'gpt-tokenizer';\nencode(a); count(b);\nencode(c, { disallowedSpecial: new Set() });`))
    .toEqual(['tokenizer-special-tokens', 'tokenizer-special-tokens']);
  expect(rules(`const { countTokens } = require('gpt-tokenizer');\nconst t = require('gpt-tokenizer/model/gpt-4o');\ncountTokens(x); t.encode(y);`, 'src/a.js'))
    .toEqual(['tokenizer-special-tokens', 'tokenizer-special-tokens']);
  expect(rules(`import { encode } from './my-tokenizer';\nencode(a); new TextEncoder().encode(b);`)).toEqual([]);
});

describe('regexes', () => {
  const rules = (text: string) => findRegexRisks(one(text)[0]!).map((f) => f.rule);
  test('a searched regex that starts with an unbounded repetition and needs more after it', () => {
    expect(rules(`const re = /[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,}/g;`)).toEqual(['regex-quadratic-scan']);
    expect(rules(`const re = /\\w+=\\d/g;`)).toEqual(['regex-quadratic-scan']);
    expect(scansQuadratically('[a-z]{2,}x')).toBe(true);
  });
  test('anchored, sticky, bounded, literal-first or whole-run regexes are not', () => {
    expect(rules(`const a = /\\S+/g, b = /[a-z]+(?:\\.[a-z]+)*\\.[a-z]{2,}/y, c = /sk-[A-Za-z0-9_-]*/g, d = /(?<!\\d)\\d{1,3}(?:\\.\\d{1,3}){3}(?!\\d)/g, e = /[a-z]+@x/;`)).toEqual([]);
    expect(scansQuadratically('[a-z]{1,64}@x')).toBe(false);
    // runs of punctuation are not ordinary text
    expect(scansQuadratically('[.!?]+(?: ?\\[[^[\\] ]+\\])*(?= |$)')).toBe(false);
    expect(scansQuadratically('\\d(?:[ -]?\\d)*')).toBe(false);
  });
});

describe('the whole analysis', () => {
  test('a type error is a type finding, lint uses the judge config, candidate config files are ignored', () => {
    const a = analyzeQuality({
      'src/a.ts': '/* eslint-disable */\nconst n: number = "x";\nvar unused = 1;\nexport { n };\n',
      'eslint.config.js': 'module.exports = [{ rules: { "no-var": "off" } }];',
      'tsconfig.json': '{ "compilerOptions": { "strict": false } }',
    });
    expect(a.findings.filter((f) => f.kind === 'type').map((f) => [f.rule, f.file, f.line])).toEqual([['TS2322', 'src/a.ts', 2]]);
    expect(a.findings).toContainEqual(expect.objectContaining({ kind: 'lint', rule: 'no-var', line: 3 }));
    expect(a.ignoredFiles).toEqual(['eslint.config.js', 'tsconfig.json']);
    expect(a.headline).toMatchObject({ typeErrors: 1, files: 1, secrets: 0 });
    expect(a.headline.lintErrors).toBeGreaterThanOrEqual(1);
  });

  test('imports of openai, express and zod type-check against the runtime declarations', () => {
    const a = analyzeQuality({ 'src/a.ts': `import OpenAI from 'openai';\nimport express from 'express';\nimport { z } from 'zod';\n`
      + `export const c = new OpenAI({ timeout: 1000, maxRetries: 1 });\nexport const app = express();\nexport const s = z.string();\n` });
    expect(a.findings.filter((f) => f.kind === 'type')).toEqual([]);
  });

  test('subpath imports resolve through the package\'s exports map; a package that is not installed does not', () => {
    const a = analyzeQuality({ 'src/a.ts': `import { encode } from 'gpt-tokenizer/encoding/cl100k_base';\nimport { x } from 'not-installed';\n`
      + `export const n: number = encode('hi', { disallowedSpecial: new Set() }).length + Number(x);\n` });
    expect(a.findings.filter((f) => f.kind === 'type').map((f) => [f.rule, f.line])).toEqual([['TS2307', 2]]);
  });
});
