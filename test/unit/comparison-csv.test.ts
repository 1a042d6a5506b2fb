import { comparisonCsv, csvField, type CandidateComparison } from '../../core/reports/candidate-comparison';

test('fields are quoted when they hold a comma, a quote or a line break, quotes doubled (RFC 4180)', () => {
  expect(csvField('plain')).toBe('plain');
  expect(csvField('a,b')).toBe('"a,b"');
  expect(csvField('say "hi"')).toBe('"say ""hi"""');
  expect(csvField('two\nlines')).toBe('"two\nlines"');
  expect(csvField(null)).toBe('');
  expect(csvField(12.5)).toBe('12.5');
});

test('a cell a spreadsheet would run is prefixed with a quote mark', () => {
  for (const start of ['=', '+', '-', '@', '\t']) expect(csvField(`${start}SUM(A1)`)).toBe(`'${start}SUM(A1)`);
  expect(csvField('\rcmd')).toBe('"\'\rcmd"');
  expect(csvField('=1,2')).toBe('"\'=1,2"');
  expect(csvField('a=b')).toBe('a=b');
});

test('a header row, a row per candidate with a score and verdict per challenge, CRLF line ends', () => {
  const comparison: CandidateComparison = {
    assessmentId: 'a', finalSubmission: 'last',
    challenges: [{ slug: 'one', version: 1, title: 'One', maxScore: 10 }, { slug: 'two', version: 2, title: 'Two', maxScore: 5 }],
    rows: [{
      inviteId: 'i1', name: 'Ada', email: 'ada@example.com', externalId: '-7', status: 'submitted', state: 'closed',
      startedAt: new Date(0), finishedAt: new Date(90_000), timeUsedMs: 90_000,
      perChallenge: { one: { submissionId: 's', score: 7.5, maxScore: 10, verdict: 'partial', qualityIssues: 3, llmCostUsd: 0.0012345678 }, two: null },
      total: 7.5, maxTotal: 15, qualityIssues: 3, llmCostUsd: 0.0012345678,
    }],
  };
  expect(comparisonCsv(comparison)).toBe(
    'name,email,external_id,invite_id,status,one score,one verdict,two score,two verdict,total,max_total,time_used_minutes,quality_issues,llm_cost_usd\r\n'
    + "Ada,ada@example.com,'-7,i1,submitted,7.5,partial,0,,7.5,15,1.5,3,0.001235\r\n");
});
