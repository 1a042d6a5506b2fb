import { describe, test, expect, llm } from '@judge/test';
import {
  fitContext, count, tokens, plan, unitsOf, expectedResult, transcriptOf, chatRequests, bodyOf, sys, user, assistant, words,
  SUMMARY_PREFIX, type ChatMessage,
} from '../helpers/memory';
import { SUPPORT, SUPPORT_SUMMARY, AGENT } from '../helpers/histories';

const cost = (unit: ChatMessage[]) => unit.reduce((n, m) => n + tokens(m), 0);
/** The budget at which exactly the last `k` units fit with the reserve, to the token. */
const exactBudget = (history: ChatMessage[], k: number) => count([history[0]!]) + 80 + unitsOf(history.slice(1)).slice(-k).reduce((n, u) => n + cost(u), 0);

describe('fits', () => {
  test('exactly at the budget: unchanged, no request', async () => {
    expect(await fitContext(SUPPORT, { budget: count(SUPPORT) })).toEqual(SUPPORT);
    expect(await fitContext(AGENT, { budget: count(AGENT) + 500 })).toEqual(AGENT);
    const alone = [sys('Only a system prompt.')];
    expect(await fitContext(alone, { budget: count(alone) })).toEqual(alone);
    expect(llm.journal()).toHaveLength(0);
  }, { weight: 2 });

  test('one token over the budget: the older turns are summarised', async () => {
    llm.script([{ respond: { reply: SUPPORT_SUMMARY } }]);
    const budget = count(SUPPORT) - 1;
    expect(plan(SUPPORT, budget).kind).toBe('summarise');
    const result = await fitContext(SUPPORT, { budget });
    expect(result).toEqual(expectedResult(SUPPORT, budget, SUPPORT_SUMMARY));
    expect(chatRequests()).toHaveLength(1);
    expect(count(result)).toBeLessThanOrEqual(budget);
  }, { weight: 1 });
});

describe('kept turns', () => {
  test('a unit that fits to the token is kept; one token less drops it', async () => {
    llm.script([{ respond: { reply: SUPPORT_SUMMARY } }]);
    const budget = exactBudget(SUPPORT, 4);
    const atBudget = await fitContext(SUPPORT, { budget });
    const below = await fitContext(SUPPORT, { budget: budget - 1 });
    const summary = { role: 'user', content: SUPPORT_SUMMARY_MESSAGE };
    expect(atBudget).toEqual([SUPPORT[0], summary, ...SUPPORT.slice(-4)]);
    expect(below).toEqual([SUPPORT[0], summary, ...SUPPORT.slice(-3)]);
    expect(chatRequests().map((e) => bodyOf(e).messages[1]?.content)).toEqual([
      transcriptOf(SUPPORT.slice(1, -4)),
      transcriptOf(SUPPORT.slice(1, -3)),
    ]);
  }, { weight: 3 });

  test('the kept turns are the latest run: a large unit stops the walk, older small ones are not kept', async () => {
    const history: ChatMessage[] = [
      sys('You are a helpful assistant.'),
      user('ok'),
      assistant('ok'),
      user(`Here is my whole draft, please remember it: ${words(150, 'draft')}`),
      assistant('Got it. What would you like to change?'),
      user('Shorten the second paragraph.'),
    ];
    const budget = count([history[0]!]) + 80 + cost([history[4]!]) + cost([history[5]!]) + cost([history[1]!]) + cost([history[2]!]);
    expect(budget).toBeLessThan(count(history));
    llm.script([{ respond: { reply: 'The user shared a long draft.' } }]);
    const result = await fitContext(history, { budget });
    expect(result).toEqual([history[0], { role: 'user', content: `${SUMMARY_PREFIX}The user shared a long draft.` }, history[4], history[5]]);
    expect(bodyOf(chatRequests()[0]!).messages[1]!.content).toBe(transcriptOf(history.slice(1, 4)));
  }, { weight: 3 });

  test('every budget from the overflow point to the total: the exact result, never over the budget', async () => {
    llm.script([{ respond: { reply: SUPPORT_SUMMARY } }]);
    const need = count([SUPPORT[0]!, SUPPORT[SUPPORT.length - 1]!]);
    const budgets: number[] = [];
    for (let b = need; b < count(SUPPORT); b += 9) budgets.push(b);
    let summarised = 0;
    for (const budget of budgets) {
      const result = await fitContext(SUPPORT, { budget });
      expect({ budget, result }).toEqual({ budget, result: expectedResult(SUPPORT, budget, SUPPORT_SUMMARY) });
      expect({ budget, over: count(result) > budget }).toEqual({ budget, over: false });
      if (plan(SUPPORT, budget).kind === 'summarise') summarised++;
    }
    expect(chatRequests()).toHaveLength(summarised);
    expect(summarised).toBeGreaterThan(10);
  }, { weight: 3, timeoutMs: 8000 });
});

const SUPPORT_SUMMARY_MESSAGE = SUMMARY_PREFIX + SUPPORT_SUMMARY;

describe('tool groups', () => {
  test('a tool call and its two results are dropped together, even when the last result alone would fit', async () => {
    llm.script([{ respond: { reply: SUPPORT_SUMMARY } }]);
    // The last 5 units are the last 7 messages (the second tool group is a call and two results).
    const budget = exactBudget(SUPPORT, 5) - 1;
    const lastTool = SUPPORT[9]!;
    expect(lastTool.role).toBe('tool');
    expect(exactBudget(SUPPORT, 4) + tokens(lastTool)).toBeLessThanOrEqual(budget);
    const result = await fitContext(SUPPORT, { budget });
    expect(result).toEqual([SUPPORT[0], { role: 'user', content: SUPPORT_SUMMARY_MESSAGE }, ...SUPPORT.slice(-4)]);
    expect(result.some((m) => m.role === 'tool')).toBe(false);
    expect(bodyOf(chatRequests()[0]!).messages[1]!.content).toBe(transcriptOf(SUPPORT.slice(1, 10)));
  }, { weight: 3 });

  test('a tool call and its results that fit are kept together, in order', async () => {
    llm.script([{ respond: { reply: SUPPORT_SUMMARY } }]);
    const budget = exactBudget(SUPPORT, 5);
    const result = await fitContext(SUPPORT, { budget });
    expect(result).toEqual([SUPPORT[0], { role: 'user', content: SUPPORT_SUMMARY_MESSAGE }, ...SUPPORT.slice(-7)]);
  }, { weight: 2 });

  test('the last unit is a tool call with its results: kept whole, the rest summarised', async () => {
    const reply = 'Refund €42.50 for booking PX-2291 escalated. Trip: Amsterdam to Berlin on 14 May, morning train, hotel under €150 a night.';
    llm.script([{ respond: { reply } }]);
    const budget = exactBudget(AGENT, 1);
    expect(budget).toBeLessThan(count(AGENT));
    const result = await fitContext(AGENT, { budget });
    expect(result).toEqual([AGENT[0], { role: 'user', content: SUMMARY_PREFIX + reply }, ...AGENT.slice(-3)]);
    expect(bodyOf(chatRequests()[0]!).messages[1]!.content).toBe(transcriptOf(AGENT.slice(1, -3)));
  }, { weight: 2 });

  test('no room for a summary beside the last tool unit: system prompt and the whole unit, no request', async () => {
    const budget = exactBudget(AGENT, 1) - 1;
    const result = await fitContext(AGENT, { budget });
    expect(result).toEqual([AGENT[0], ...AGENT.slice(-3)]);
    expect(llm.journal()).toHaveLength(0);
  }, { weight: 2 });
});
