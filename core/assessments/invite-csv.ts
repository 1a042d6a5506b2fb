import { inviteBodySchema, MAX_BULK_INVITES, type InviteBody } from './assessment-schema';

/** One refused line of a pasted CSV: its number (1-based, as the person sees it) and why. */
export interface CsvLineError { line: number; message: string }

/** Splits one CSV line into fields: commas separate, double quotes may wrap a field (`""` is a quote). */
function fieldsOf(line: string): string[] | undefined {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      current += '"';
      i += 1;
    } else if (ch === '"' && (quoted || current.trim() === '')) {
      quoted = !quoted;
      if (quoted) current = '';
    } else if (ch === ',' && !quoted) {
      fields.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (quoted) return undefined;
  fields.push(current);
  return fields.map((f) => f.trim());
}

const HEADER = /^\s*"?name"?\s*,\s*"?e-?mail"?\s*(,\s*"?external[ _-]?id"?\s*)?$/i;

/**
 * Parses pasted `name,email,external_id` lines (the header is optional, the external id too; blank lines are
 * skipped) into invite bodies, checking each with the API's schema and for repeats within the paste. Either every
 * line is valid (`invites`, with `lineOf` each one's line) or `errors` names each bad line; the caller stores nothing then.
 */
export function parseInviteCsv(text: string): { invites: InviteBody[]; lineOf: number[]; errors: CsvLineError[] } {
  const invites: InviteBody[] = [];
  const lineOf: number[] = [];
  const errors: CsvLineError[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || (invites.length === 0 && errors.length === 0 && HEADER.test(raw))) return;
    const fields = fieldsOf(raw);
    if (!fields || fields.length < 2 || fields.length > 3) {
      errors.push({ line, message: 'expected name,email or name,email,external_id' });
      return;
    }
    const [name, email, externalId] = fields;
    const parsed = inviteBodySchema.safeParse({ name, email, ...(externalId ? { externalId } : {}) });
    if (!parsed.success) {
      errors.push({ line, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ') });
      return;
    }
    for (const key of [`email:${parsed.data.email.toLowerCase()}`, ...(parsed.data.externalId ? [`id:${parsed.data.externalId}`] : [])]) {
      if (seen.has(key)) errors.push({ line, message: `repeats line ${seen.get(key)}'s ${key.startsWith('email') ? 'email' : 'external id'}` });
      else seen.set(key, line);
    }
    invites.push(parsed.data);
    lineOf.push(line);
  });
  if (invites.length === 0 && errors.length === 0) errors.push({ line: 1, message: 'paste at least one line' });
  if (invites.length > MAX_BULK_INVITES) errors.push({ line: lines.length, message: `at most ${MAX_BULK_INVITES} candidates at once` });
  return { invites, lineOf, errors };
}
