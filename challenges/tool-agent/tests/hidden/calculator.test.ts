import { describe, test, expect } from '@judge/test';
import { toolResults, calculatorCalls, expectResult } from '../helpers/agent';

const INVALID = { error: 'invalid expression' };

describe('calculator', () => {
  test('precedence, left-to-right order, parentheses and unary signs', async () => {
    const cases: [string, number][] = [
      ['2 + 3 * 4', 14],
      ['(2 + 3) * 4', 20],
      ['10 - 4 - 3', 3],
      ['100 / 10 / 5', 2],
      ['2*-3', -6],
      ['--4', 4],
      ['-(2+3)*+2', -10],
      ['\t7 -   2\t', 5],
    ];
    const results = await toolResults('hvcase-calc-precedence', calculatorCalls('p', cases.map(([e]) => e)));
    cases.forEach(([, value], i) => expectResult(results[i].content, value));
  }, { weight: 3 });

  test('decimals in floating point; up to 200 characters and deep parentheses are fine', async () => {
    const sum = Array(100).fill('1').join('+'); // 199 characters
    const cases: [string, number][] = [
      ['0.1 * 3', 0.1 * 3],
      ['12.5 / 4', 3.125],
      ['1.5 + 2.25 - 0.75', 3],
      ['007.50 * 2', 15],
      ['1 / 3', 1 / 3],
      [`${sum} `, 100], // exactly 200 characters
      [`${'('.repeat(60)}1${')'.repeat(60)}`, 1],
    ];
    const results = await toolResults('hvcase-calc-decimals', calculatorCalls('d', cases.map(([e]) => e)));
    cases.forEach(([, value], i) => expectResult(results[i].content, value));
  }, { weight: 2 });

  test('what is not in the grammar is an invalid expression', async () => {
    const expressions = ['2**3', '2^3', '7 % 2', '2(3)', '(1+2', '1 2', '.5', '5.'];
    const results = await toolResults('hvcase-calc-invalid', calculatorCalls('i', expressions));
    expect(results.map((r) => r.content)).toEqual(expressions.map(() => INVALID));
  }, { weight: 3 });

  test('exponents, empty parentheses, dangling operators, blanks, non-ASCII digits and 201 characters are invalid', async () => {
    const long = `${Array(100).fill('1').join('+')}+1`; // 201 characters
    const expressions = ['1e3', '()', '3 +', '1..2', '   ', '１+１', '٣ * 2', long];
    const results = await toolResults('hvcase-calc-invalid-more', calculatorCalls('j', expressions));
    expect(results.map((r) => r.content)).toEqual(expressions.map(() => INVALID));
  }, { weight: 2 });

  test('code is never evaluated: it is an invalid expression', async () => {
    const expressions = ["__import__('os').getcwd()", 'process.exit(1)', 'Math.max(1, 2)', '[1]+[2]', 'len("abc")', '0x10', '1_000', '2 × 3'];
    const results = await toolResults('hvcase-calc-code', calculatorCalls('x', expressions));
    expect(results.map((r) => r.content)).toEqual(expressions.map(() => INVALID));
  }, { weight: 2 });

  test('a division by zero anywhere is a division by zero error', async () => {
    const expressions = ['1/0', '5 / (2 - 2)', '0/0', '3 + 4 / 0.0 * 2', '1 / -0'];
    const results = await toolResults('hvcase-calc-div-zero', calculatorCalls('z', expressions));
    expect(results.map((r) => r.content)).toEqual(expressions.map(() => ({ error: 'division by zero' })));
  }, { weight: 2 });
});
