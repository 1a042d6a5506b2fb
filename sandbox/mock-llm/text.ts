/**
 * @module text
 * Word splitting shared by embeddings and the default answer: NFKC, lowercase, runs of letters/marks/digits.
 */

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** NFKC-normalise, lowercase and split into words (runs of Unicode letters, marks and digits). */
export function words(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}

/**
 * Words ignored when the default answer compares a question with passages: English function words
 * plus words that prompts use about themselves ("answer", "question", "context", ...).
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then else of to in on at by for with from into onto over under about as ' +
    'is are was were be been being am do does did done have has had having can could will would shall should ' +
    'may might must not no nor so than too very just only also both each either neither any all some such ' +
    'this that these those there here it its it\'s i me my we our you your he him his she her they them their ' +
    'what which who whom whose when where why how whats ' +
    'answer answers question questions context contexts passage passages document documents source sources ' +
    'provided following given based using use cite citation citations please tell know explain describe'
  ).split(/\s+/),
);

/** Distinct content words of a text (stopwords and 1-character words removed). */
export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(text)) if (w.length > 1 && !STOPWORDS.has(w)) out.add(w);
  return out;
}

/** Split text into sentences after . ! ? (keeps the punctuation). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
