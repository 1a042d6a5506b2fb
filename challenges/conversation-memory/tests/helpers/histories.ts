/** Conversations the hidden tests share. */
import { sys, user, assistant, call, calls, tool, type ChatMessage } from './memory';

/** A support conversation: 13 messages after the system prompt, 10 units (two tool groups, one with two results). */
export const SUPPORT: ChatMessage[] = [
  sys('You are Nova, the support agent of Acme Cloud. Be brief and accurate.'),
  user("Hi, I'm Dana from Fjord Analytics (account 88-4412). Our nightly export job failed three times this week."),
  assistant('Sorry to hear that, Dana. Let me look at the job history.'),
  call('call_runs', 'get_job_runs', { account: '88-4412', job: 'nightly-export', limit: 3 }),
  tool(
    'call_runs',
    '[{"run":311,"status":"failed","error":"quota exceeded"},{"run":309,"status":"failed","error":"quota exceeded"},{"run":305,"status":"failed","error":"timeout"}]',
  ),
  assistant('Two runs hit the storage quota (runs 311 and 309) and one timed out (305). Your quota is 500 GB.'),
  user('Can you raise it to 750 GB? Our contract allows up to 1 TB.'),
  calls(null, ['call_contract', 'check_contract', { account: '88-4412' }], ['call_usage', 'get_usage', { account: '88-4412' }]),
  tool('call_contract', '{"max_quota_gb":1000}'),
  tool('call_usage', '{"used_gb":497.6}'),
  assistant("Done: your quota is now 750 GB. 🎉 Usage is 497.6 GB, so tonight's run should succeed."),
  user('Great. Also, will the timeout happen again? Run 305 took 3 h 58 min.'),
  assistant("The limit is 4 hours; I'd split the export into two jobs to be safe."),
  user('OK, how do I split it? Step by step please.'),
];

export const SUPPORT_SUMMARY =
  'Dana (Fjord Analytics, account 88-4412): nightly export failed 3 times (runs 311, 309 quota; 305 timeout). Quota raised from 500 GB to 750 GB.';

/** An agent turn in progress: the history ends with a tool call and its two results. */
export const AGENT: ChatMessage[] = [
  sys('You are a travel agent. Use the tools; never invent prices.'),
  user('Last month you booked me Paris to Lyon; the refund for the cancelled leg (€42.50) still has not arrived.'),
  assistant("I've escalated the refund for booking PX-2291 with the rail operator; it should arrive within 5 working days."),
  user('Find me a train from Amsterdam to Berlin on 14 May, and a hotel near the Hauptbahnhof for two nights.'),
  assistant('Sure. Do you prefer a morning or an afternoon train?'),
  user('Morning, and the hotel should be under €150 a night. 🙏'),
  calls(
    'Searching trains and hotels.',
    ['call_train', 'search_trains', { from: 'Amsterdam Centraal', to: 'Berlin Hbf', date: '2026-05-14', after: '06:00', before: '12:00' }],
    ['call_hotel', 'search_hotels', { near: 'Berlin Hbf', nights: 2, max_price_eur: 150 }],
  ),
  tool('call_train', '[{"dep":"08:00","arr":"14:22","price_eur":59.9,"changes":0},{"dep":"10:00","arr":"16:22","price_eur":79.9,"changes":0}]'),
  tool('call_hotel', '[{"name":"Hotel Spree ✨","price_eur":139,"walk_min":4},{"name":"Moabit Inn","price_eur":98,"walk_min":12}]'),
];
