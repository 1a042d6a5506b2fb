'use strict';

const PLACEHOLDER = {
  api_key: '[API_KEY]',
  email: '[EMAIL]',
  card: '[CARD]',
  ipv4: '[IPV4]',
  phone: '[PHONE]',
};

/** Tie-break for candidates with the same start and length: lower wins. */
const PRIORITY = { api_key: 0, email: 1, card: 2, ipv4: 3, phone: 4 };

const isAlnum = (c) => c !== undefined && /^[A-Za-z0-9]$/.test(c);
const isDigit = (c) => c !== undefined && c >= '0' && c <= '9';
const BLOCK_BEFORE = new Set(['_', '.', '-', '+', '%', '@']);
const BLOCK_AFTER = new Set(['_', '-', '+', '%', '@', '(']);
const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;

/** The neighbour rules every match must satisfy (see the statement). */
function neighboursOk(text, start, end) {
  const before = start > 0 ? text[start - 1] : undefined;
  if (before !== undefined && (isAlnum(before) || BLOCK_BEFORE.has(before))) return false;
  const after = end < text.length ? text[end] : undefined;
  if (after !== undefined) {
    if (isAlnum(after) || BLOCK_AFTER.has(after)) return false;
    if (after === '.' && isAlnum(text[end + 1])) return false;
  }
  // A match never touches another digit through a single space.
  if (isDigit(text[end - 1]) && text[end] === ' ' && isDigit(text[end + 1])) return false;
  if (isDigit(text[start]) && start >= 2 && text[start - 1] === ' ' && isDigit(text[start - 2])) return false;
  return true;
}

function luhnValid(digits) {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9)
        d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function findEmails(text, out) {
  const domain = /[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/y;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && LOCAL_CHAR.test(text[start - 1]))
      start--;
    if (start === at || text[start] === '.') continue;
    domain.lastIndex = at + 1;
    const m = domain.exec(text);
    if (!m) continue;
    const end = at + 1 + m[0].length;
    if (neighboursOk(text, start, end))
      out.push({ type: 'email', start, end });
  }
}

function findCards(text, out) {
  const run = /\d(?:[ -]?\d)*/g;
  for (let m = run.exec(text); m; m = run.exec(text)) {
    const digits = m[0].replace(/[ -]/g, '');
    const start = m.index;
    const end = start + m[0].length;
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits) && neighboursOk(text, start, end)) {
      out.push({ type: 'card', start, end });
    }
  }
}

function findIpv4(text, out) {
  // Bounded repetitions and digit look-arounds keep this linear on long digit runs.
  const re = /(?<!\d)\d{1,3}(?:\.\d{1,3}){3}(?!\d)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const ok = m[0].split('.').every((o) => /^(?:0|[1-9]\d{0,2})$/.test(o) && Number(o) <= 255);
    if (ok && neighboursOk(text, start, end))
      out.push({ type: 'ipv4', start, end });
    else
      re.lastIndex = start + 1;
  }
}

const NANP = String.raw `(?:\d{3}([-. ])\d{3}\1\d{4}|\(\d{3}\) ?\d{3}-\d{4})`;
const PHONE_FORMATS = [new RegExp(NANP, 'g'), new RegExp(String.raw `\+?1[ -]` + NANP, 'g')];

function findPhones(text, out) {
  for (const re of PHONE_FORMATS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (neighboursOk(text, start, end))
        out.push({ type: 'phone', start, end });
      re.lastIndex = start + 1;
    }
  }
  const intl = /\+\d(?:[ -]?\d)*/g;
  for (let m = intl.exec(text); m; m = intl.exec(text)) {
    const digits = m[0].replace(/[+ -]/g, '');
    const start = m.index;
    const end = start + m[0].length;
    if (digits[0] !== '0' && digits.length >= 8 && digits.length <= 15 && neighboursOk(text, start, end)) {
      out.push({ type: 'phone', start, end });
    }
  }
}

function findKeys(text, out) {
  const sk = /sk-[A-Za-z0-9_-]*/g;
  for (let m = sk.exec(text); m; m = sk.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[0].length - 3 >= 20 && neighboursOk(text, start, end))
      out.push({ type: 'api_key', start, end });
    sk.lastIndex = start + 1;
  }
  const bearer = /bearer[ \t]+([A-Za-z0-9._-]+)/gi;
  for (let m = bearer.exec(text); m; m = bearer.exec(text)) {
    const keyword = m.index;
    bearer.lastIndex = keyword + 1;
    const before = keyword > 0 ? text[keyword - 1] : undefined;
    if (before !== undefined && (isAlnum(before) || BLOCK_BEFORE.has(before))) continue;
    const token = m[1].replace(/\.+$/, '');
    if (token.length < 20) continue;
    const start = keyword + m[0].length - m[1].length;
    const end = start + token.length;
    if (neighboursOk(text, start, end))
      out.push({ type: 'api_key', start, end });
  }
}

function redact(text) {
  const candidates = [];
  findKeys(text, candidates);
  findEmails(text, candidates);
  findCards(text, candidates);
  findIpv4(text, candidates);
  findPhones(text, candidates);
  candidates.sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start) || PRIORITY[a.type] - PRIORITY[b.type]);

  const found = [];
  let out = '';
  let cursor = 0;
  for (const c of candidates) {
    if (c.start < cursor) continue;
    out += text.slice(cursor, c.start) + PLACEHOLDER[c.type];
    cursor = c.end;
    found.push({ type: c.type, start: c.start, end: c.end });
  }
  out += text.slice(cursor);
  return { text: out, found };
}

module.exports = { redact };
