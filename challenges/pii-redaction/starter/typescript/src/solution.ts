export type PiiType = 'email' | 'phone' | 'card' | 'api_key' | 'ipv4';

export interface Finding {
  type: PiiType;
  /** UTF-16 offset of the first character of the match in the ORIGINAL text. */
  start: number;
  /** UTF-16 offset just past the match in the ORIGINAL text. */
  end: number;
}

export interface RedactResult {
  /** The text with every match replaced by [EMAIL], [PHONE], [CARD], [API_KEY] or [IPV4]. */
  text: string;
  /** Every match, ordered by start. */
  found: Finding[];
}

export function redact(text: string): RedactResult {
  throw new Error('not implemented');
}
