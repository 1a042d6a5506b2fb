/** The names a challenge's tests call, and what each language's module defines for them. */
import { readChallengePackage } from '../../core/challenges/challenge-package';
import { calledNames, namesFor, snakeCase } from '../../core/challenges/language-names';
import { CHALLENGES_DIR } from '../../core/challenges/load-bundled-challenges';
import path from 'node:path';

test('camelCase becomes snake_case; one-word names stay', () => {
  expect(['chunkText', 'toFineTuneJsonl', 'start', 'parseHTTPResponse', 'v2Thing'].map(snakeCase))
    .toEqual(['chunk_text', 'to_fine_tune_jsonl', 'start', 'parse_http_response', 'v2_thing']);
});

test('the called names come from the TypeScript and JavaScript starters\' exported functions, not their types or constants', () => {
  const starter = {
    typescript: { 'src/solution.ts': 'export interface X {}\nexport const LIMIT = 3;\nexport async function chunkText() {}\nexport function* walkTree() {}\n' },
    javascript: { 'src/solution.js': 'module.exports = { chunkText, scoreDocs: score };\n' },
  };
  const manifest = { languages: ['typescript', 'python'], entry: {} } as never;
  expect(calledNames(manifest, starter)).toEqual(['chunkText', 'walkTree', 'scoreDocs']);
  expect(namesFor(manifest, 'python', ['chunkText'])).toEqual({ chunkText: 'chunk_text' });
  expect(namesFor(manifest, 'javascript', ['chunkText'])).toEqual({ chunkText: 'chunkText' });
});

test('a manifest\'s exports.python wins over snake_case', () => {
  const manifest = { languages: ['python'], entry: {}, exports: { python: { chunkText: 'split_text' } } } as never;
  expect(namesFor(manifest, 'python', calledNames(manifest, {}))).toEqual({ chunkText: 'split_text' });
});

test.each([
  ['rag-chunking', ['chunk']], ['pii-redaction', ['redact']], ['rag-grounded-answer', ['answer']],
  ['finetune-jsonl', ['toFineTuneJsonl']], ['classify-endpoint', ['start']], ['stream-proxy', ['start']],
  ['conversation-memory', ['countChatTokens', 'fitContext', 'ContextOverflowError']], ['invoice-extraction', ['extractInvoice', 'CURRENCIES']],
  ['hallucination-guard', ['answer']], ['tool-agent', ['start']], ['semantic-cache', ['start']], ['embedding-batch', ['embedAll']],
])('the bundled %s: its tests call %j', async (slug, names) => {
  const pkg = await readChallengePackage(path.join(CHALLENGES_DIR, slug));
  expect(calledNames(pkg.manifest, pkg.starter)).toEqual(names);
});
