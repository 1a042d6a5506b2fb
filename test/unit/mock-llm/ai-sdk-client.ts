/**
 * The AI SDK's side of responses-ai-sdk.test.ts, run in its own Node process: `ai` and `@ai-sdk/openai` are ES modules
 * only, which Jest's CommonJS module system cannot load (Node 20's own `require` can). Argument: the mock's base URL;
 * OPENAI_BASE_URL and OPENAI_API_KEY must be set too, before the default `openai` provider is loaded.
 * Prints one JSON object with what each call returned.
 */
import { createOpenAI, openai } from '@ai-sdk/openai';
import { generateObject, generateText, stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';

const baseURL = process.argv[2];
const provider = createOpenAI({ baseURL, apiKey: 'test-key' });
const CONTEXT = '[refunds.md#0] Refunds are paid within 14 days. Contact billing for help.\n';

async function text(): Promise<unknown> {
  const res = await generateText({ model: provider('gpt-4o-mini'), system: CONTEXT, prompt: 'How many days until refunds are paid?', maxRetries: 0 });
  return { text: res.text, usage: res.usage, finishReason: res.finishReason };
}

async function stream(): Promise<unknown> {
  const res = streamText({ model: provider('gpt-4o-mini'), prompt: 'stream a poem', maxRetries: 0 });
  const pieces: string[] = [];
  for await (const piece of res.textStream) pieces.push(piece);
  return { pieces, usage: await res.usage, finishReason: await res.finishReason };
}

async function object(): Promise<unknown> {
  const schema = z.object({ city: z.string(), population: z.number().int().min(1), tags: z.array(z.string()) });
  const res = await generateObject({ model: provider('gpt-4o-mini'), schema, prompt: 'Describe a city', maxRetries: 0 });
  return { object: res.object };
}

async function tools(): Promise<unknown> {
  const getWeather = tool({
    description: 'Weather for a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => ({ city, forecast: 'rainy' }),
  });
  const res = await generateText({ model: provider('gpt-4o-mini'), tools: { get_weather: getWeather }, stopWhen: stepCountIs(3), prompt: 'Weather in Oslo?', maxRetries: 0 });
  return { text: res.text, steps: res.steps.length, toolCalls: res.steps[0]?.toolCalls.map((c) => ({ name: c.toolName, input: c.input })) };
}

async function defaultProvider(): Promise<unknown> {
  const res = await generateText({ model: openai('gpt-4o-mini'), prompt: 'default provider', maxRetries: 0 });
  return { text: res.text };
}

async function retry(): Promise<unknown> {
  const res = await generateText({ model: provider('gpt-4o-mini'), prompt: 'retry me', maxRetries: 2 });
  return { text: res.text };
}

async function streamError(): Promise<unknown> {
  const res = streamText({ model: provider('gpt-4o-mini'), prompt: 'break the stream', maxRetries: 0, onError: () => undefined });
  const parts: string[] = [];
  let text = '';
  for await (const part of res.fullStream) {
    parts.push(part.type);
    if (part.type === 'text-delta') text += part.text;
  }
  return { parts, text };
}

async function main(): Promise<void> {
  const out: Record<string, unknown> = {};
  for (const [name, run] of Object.entries({ text, stream, object, tools, defaultProvider, retry, streamError })) {
    try {
      out[name] = await run();
    } catch (e) {
      out[name] = { error: String((e as Error)?.message ?? e) };
    }
  }
  process.stdout.write(JSON.stringify(out));
}

void main();
