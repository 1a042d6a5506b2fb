import { describe, test, expect, llm } from '@judge/test';
import { chunk } from '../helpers/chunking';

// A small knowledge base: each fact is one sentence of at most 12 words, with filler between facts.
const FACTS = [
  { question: 'How long are refunds for annual plans available?', answer: 'Refunds for annual plans are available within thirty days of purchase.' },
  { question: 'Which region stores European customer data?', answer: 'European customer data is stored in the Frankfurt region only.' },
  { question: 'What is the API rate limit per minute?', answer: 'The public API rate limit is six hundred requests per minute.' },
  { question: 'How do I rotate a leaked signing key?', answer: 'Rotate a leaked signing key from the security settings page immediately.' },
  { question: 'When does the nightly backup job run?', answer: 'The nightly backup job runs at two in the morning UTC.' },
];
const FILLER = [
  'Our team ships improvements every week and reads all feedback carefully.',
  'Documentation pages are updated whenever a feature changes in the product.',
  'Support is reachable by chat on weekdays during business hours.',
  'Dashboards refresh automatically and keep history for ninety days.',
];

function knowledgeBase(): string {
  const paragraphs: string[] = [];
  FACTS.forEach((fact, i) => {
    paragraphs.push(`${FILLER[i % FILLER.length]} ${FILLER[(i + 1) % FILLER.length]}\n${fact.answer}\r\n${FILLER[(i + 2) % FILLER.length]}`);
  });
  return paragraphs.join('\n\n');
}

describe('retrieval', () => {
  test('embedded with the mock LLM, one of the 2 chunks nearest each question holds its whole answer', async () => {
    // overlap >= the longest answer sentence, so every sentence lies whole inside at least one chunk
    const chunks = await chunk(knowledgeBase(), { maxWords: 30, overlap: 12 });
    expect(chunks.length).toBeGreaterThan(2);
    const vectors = chunks.map((c) => llm.embed(c.text));
    for (const fact of FACTS) {
      const q = llm.embed(fact.question);
      const ranked = chunks.map((c, i) => ({ c, score: llm.cosine(q, vectors[i]!) })).sort((a, b) => b.score - a.score);
      const normalise = (text: string) => text.split(/\s+/).join(' ');
      const topTwo = ranked.slice(0, 2).map((r) => normalise(r.c.text));
      expect({ question: fact.question, holdsAnswer: topTwo.some((t) => t.includes(fact.answer)) }).toEqual({ question: fact.question, holdsAnswer: true });
    }
  }, { weight: 3 });
});
