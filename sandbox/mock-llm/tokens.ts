/**
 * @module tokens
 * Token counts with gpt-tokenizer (o200k_base BPE for every model).
 *
 * Chat prompts follow the OpenAI cookbook formula: 3 tokens per message plus the tokens of its
 * role, content and name (+1 when a name is set), plus 3 tokens priming the reply. Assistant tool
 * calls add the tokens of each function name and arguments; a `tools` list adds the tokens of its JSON.
 */
// Required on first use: loading the o200k tables costs ~0.1 s of CPU, which every sandbox run would pay even when
// the challenge never calls the model.
let tokenizer: typeof import('gpt-tokenizer') | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy, synchronous load (see above)
const bpe = () => (tokenizer ??= require('gpt-tokenizer') as typeof import('gpt-tokenizer'));

const NO_SPECIAL = { disallowedSpecial: new Set<string>() };

// The embedding models' own BPE: clients that send token arrays (langchain-openai, via tiktoken) encode with it.
let embeddingTokenizer: { decode(tokens: readonly number[]): string } | undefined;

/**
 * The text of a token array of an embedding model (cl100k_base), or null when an id is not one of its tokens.
 */
export function decodeEmbeddingTokens(tokens: readonly number[]): string | null {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a client sends token arrays
  embeddingTokenizer ??= require('gpt-tokenizer/encoding/cl100k_base') as { decode(tokens: readonly number[]): string };
  try {
    return embeddingTokenizer.decode(tokens);
  } catch {
    return null;
  }
}

/** BPE token count of a text (special-token text such as "<|endoftext|>" counts as plain text). */
export function countText(text: string): number {
  return text.length === 0 ? 0 : bpe().countTokens(text, NO_SPECIAL);
}

/** The first `max` tokens of a text, decoded back to a string. */
export function truncateToTokens(text: string, max: number): string {
  const { decode, encode } = bpe();
  return decode(encode(text, NO_SPECIAL).slice(0, Math.max(0, max)));
}

/** Plain text of a message `content`: a string, or the `text` of its text parts. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
    .filter((t) => t.length > 0)
    .join('\n');
}

interface PromptMessage {
  role?: unknown;
  content?: unknown;
  name?: unknown;
  tool_calls?: unknown;
}

/** Prompt tokens of a chat request. */
export function countChatPrompt(messages: readonly PromptMessage[], tools?: unknown): number {
  let total = 3;
  for (const m of messages) {
    total += 3 + countText(typeof m.role === 'string' ? m.role : '') + countText(contentText(m.content));
    if (typeof m.name === 'string') total += 1 + countText(m.name);
    if (Array.isArray(m.tool_calls)) {
      for (const call of m.tool_calls as Array<{ function?: { name?: unknown; arguments?: unknown } }>) {
        const fn = call?.function ?? {};
        total += countText(typeof fn.name === 'string' ? fn.name : '') + countText(typeof fn.arguments === 'string' ? fn.arguments : '');
      }
    }
  }
  if (Array.isArray(tools) && tools.length > 0) total += countText(JSON.stringify(tools));
  return total;
}
