/** HTML that is already safe to emit: produced by `html` or `raw` only. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and (quoted) attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

type Part = SafeHtml | string | number | boolean | null | undefined | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/**
 * Tagged template for markup: every interpolated value is escaped unless it is `SafeHtml` (nested `html`), arrays
 * are joined, and null/undefined/false render nothing. Values from users or candidates can only ever be text.
 */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** Markup built by this module's own code (never from input). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** `n` formatted with a fixed number of decimals, or an em dash when absent. */
export function num(n: number | null | undefined, decimals = 0): string {
  return typeof n === 'number' && Number.isFinite(n) ? n.toFixed(decimals) : '—';
}

/** US dollars with three significant digits below a cent (`$0.000142`), four decimals above; em dash when absent. */
export function usd(n: number | null | undefined): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  return n === 0 || Math.abs(n) >= 0.01 ? `$${n.toFixed(4)}` : `$${n.toPrecision(3)}`;
}

/** A date as UTC `YYYY-MM-DD HH:MM`, or an em dash. */
export function when(d: Date | string | null | undefined): string {
  if (!d) return '—';
  const date = new Date(d);
  return Number.isNaN(date.getTime()) ? '—' : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
