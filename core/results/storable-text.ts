/**
 * PostgreSQL refuses NUL in `text` and `jsonb`, and `jsonb` refuses unpaired UTF-16 surrogates; a candidate controls
 * many stored strings (output, messages, model names in the LLM usage). Both are replaced with U+FFFD.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL refuses
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with NUL characters and lone surrogates replaced by U+FFFD. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

/** True when `storableText` would change `text` (a NUL, or a surrogate that is not part of a pair). */
export function needsReplacement(text: string): boolean {
  return text.includes('\u0000') || !(text as string & { isWellFormed(): boolean }).isWellFormed();
}

/**
 * A deep copy of a JSON-like value whose strings (and object keys) are storable, and whether anything was
 * replaced. Non-finite numbers become null, as JSON.stringify would make them.
 */
export function storableValue<T>(value: T): { value: T; replaced: boolean } {
  let replaced = false;
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (!needsReplacement(v)) return v;
      replaced = true;
      return storableText(v);
    }
    if (Array.isArray(v)) return v.map(visit);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [visit(k) as string, visit(inner)]));
    }
    return v;
  };
  const copy = visit(value) as T;
  return { value: copy, replaced };
}
