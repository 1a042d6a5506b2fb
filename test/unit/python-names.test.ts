import { snakeCase } from '../../sandbox/harness/python-candidate-process';

test('the names tests call map camelCase to snake_case for Python', () => {
  expect(['chunkText', 'start', 'parseHTTPReply', 'toJSON', 'rank2Docs', 'already_snake', 'HTMLToText'].map(snakeCase))
    .toEqual(['chunk_text', 'start', 'parse_http_reply', 'to_json', 'rank2_docs', 'already_snake', 'html_to_text']);
});
