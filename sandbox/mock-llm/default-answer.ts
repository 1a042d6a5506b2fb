/**
 * @module default-answer
 * What the mock says when no script rule matches a chat request.
 *
 * Passages: in every non-assistant message, a line starting with `[id]` (id = any run of characters
 * other than whitespace and brackets) starts a passage; following lines belong to it until a blank
 * line or the next `[id]` line. The question is the last user message without its passage lines.
 *
 * - No passages anywhere: echo, `Mock reply: <last user text, whitespace collapsed, first 200 chars>`.
 * - Passages exist: score = number of distinct question content words (see STOPWORDS) found in the
 *   passage. If the best score is 0 the reply is exactly REFUSAL. Otherwise every passage with the
 *   best score (at most 3, in order of appearance, one per id) contributes its sentence with the most
 *   question words (first on ties), followed by ` [id]`; the parts are joined by one space.
 */
import { contentText } from './tokens';
import { contentWords, sentences } from './text';

/** The exact refusal when no passage shares a content word with the question. */
export const REFUSAL = "I don't know based on the provided context.";
/** Most passages cited in one default answer. */
export const MAX_CITED = 3;

export interface Passage {
  id: string;
  text: string;
}

export interface DefaultAnswer {
  text: string;
  citations: string[];
  kind: 'answer' | 'refusal' | 'echo';
}

interface AnyMessage {
  role?: unknown;
  content?: unknown;
}

const MARKER = /^\s*\[([^\s[\]]+)\]\s*(.*)$/;

/** Split a text into passages and the lines that are not part of any passage. */
export function splitPassages(text: string): { passages: Passage[]; rest: string } {
  const passages: Passage[] = [];
  const rest: string[] = [];
  let current: { id: string; lines: string[] } | null = null;
  const flush = (): void => {
    if (current) passages.push({ id: current.id, text: collapse(current.lines.join(' ')) });
    current = null;
  };
  for (const line of text.split(/\r?\n/)) {
    const m = MARKER.exec(line);
    if (m) {
      flush();
      current = { id: m[1], lines: [m[2]] };
    } else if (line.trim() === '') {
      flush();
      rest.push(line);
    } else if (current) {
      (current as { lines: string[] }).lines.push(line);
    } else {
      rest.push(line);
    }
  }
  flush();
  return { passages, rest: rest.join('\n') };
}

/** All passages in non-assistant messages, in order. */
export function findPassages(messages: readonly AnyMessage[]): Passage[] {
  return messages.filter((m) => m.role !== 'assistant').flatMap((m) => splitPassages(contentText(m.content)).passages);
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function overlap(question: Set<string>, text: string): number {
  let n = 0;
  for (const w of contentWords(text)) if (question.has(w)) n++;
  return n;
}

function bestSentence(question: Set<string>, text: string): string {
  let best = '';
  let bestScore = -1;
  for (const s of sentences(text)) {
    const score = overlap(question, s);
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}

/** The default answer for a list of chat messages. */
export function defaultAnswer(messages: readonly AnyMessage[]): DefaultAnswer {
  const passages = findPassages(messages);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const userText = lastUser ? contentText(lastUser.content) : '';
  if (passages.length === 0) {
    const echo = collapse(userText).slice(0, 200);
    return { text: echo ? `Mock reply: ${echo}` : 'Mock reply.', citations: [], kind: 'echo' };
  }
  const question = contentWords(splitPassages(userText).rest);
  const scored = passages.map((p) => ({ p, score: overlap(question, p.text) }));
  const top = Math.max(...scored.map((s) => s.score));
  if (top === 0) return { text: REFUSAL, citations: [], kind: 'refusal' };
  const parts: string[] = [];
  const citations: string[] = [];
  for (const { p, score } of scored) {
    if (score !== top || citations.includes(p.id)) continue;
    if (citations.length >= MAX_CITED) break;
    citations.push(p.id);
    parts.push(`${bestSentence(question, p.text)} [${p.id}]`);
  }
  return { text: parts.join(' '), citations, kind: 'answer' };
}
