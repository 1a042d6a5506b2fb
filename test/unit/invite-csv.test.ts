/** The CSV box of the candidates page: `name,email,external_id` lines into bulk-invite bodies, or errors per line. */
import { parseInviteCsv } from '../../core/assessments/invite-csv';

test('reads lines with or without a header and an external id; blank lines are skipped; quotes may hold commas', () => {
  const { invites, lineOf, errors } = parseInviteCsv('Name, Email, External_ID\r\n\r\nAda,ada@example.com,ats-1\n"Bo, ""the"" second", bo@example.com\n');
  expect(errors).toEqual([]);
  expect(invites).toEqual([{ name: 'Ada', email: 'ada@example.com', externalId: 'ats-1' }, { name: 'Bo, "the" second', email: 'bo@example.com' }]);
  expect(lineOf).toEqual([3, 4]);
  expect(parseInviteCsv('Cy,cy@example.com').invites).toEqual([{ name: 'Cy', email: 'cy@example.com' }]);
});

test.each([
  ['too many fields', 'a,a@example.com,1,extra', 'expected name,email'],
  ['one field', 'just a name', 'expected name,email'],
  ['an unclosed quote', '"Ada,ada@example.com', 'expected name,email'],
  ['a bad email', 'Ada,not-an-email', 'email'],
  ['an empty name', ',ada@example.com', 'name'],
])('names the line with %s', (_name, line, message) => {
  const { errors } = parseInviteCsv(`Ok,ok@example.com\n${line}`);
  expect(errors).toEqual([{ line: 2, message: expect.stringContaining(message) }]);
});

test('a repeated email (any case) or external id within the paste is an error on the later line', () => {
  const { errors } = parseInviteCsv('A,a@example.com,x\nB,A@EXAMPLE.COM\nC,c@example.com,x');
  expect(errors).toEqual([{ line: 2, message: "repeats line 1's email" }, { line: 3, message: "repeats line 1's external id" }]);
});

test('an empty paste and more than 500 lines are refused', () => {
  expect(parseInviteCsv(' \n\n').errors).toEqual([{ line: 1, message: 'paste at least one line' }]);
  const many = Array.from({ length: 501 }, (_, i) => `C${i},c${i}@example.com`).join('\n');
  expect(parseInviteCsv(many).errors).toEqual([{ line: 501, message: 'at most 500 candidates at once' }]);
});
