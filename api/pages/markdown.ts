import { escapeHtml, raw, type SafeHtml } from './html';

/** Link targets kept as links: http(s), same-site paths and fragments. Anything else (javascript:, data:) is text. */
const SAFE_URL = /^(https?:\/\/|\/(?!\/)|#)[^\s"'<>`]*$/i;

/** Inline markdown on already-escaped text: `code`, **bold**, *em*, [text](url). */
function inline(text: string): string {
  const codes: string[] = [];
  // NUL-delimited placeholders keep code spans out of the emphasis and link rules; renderMarkdown strips NUL first.
  let out = escapeHtml(text).replace(/`([^`]+)`/g, (_m, code: string) => `\u0000${codes.push(code) - 1}\u0000`);
  out = out
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (m, label: string, url: string) => {
      const plain = url.replace(/&amp;/g, '&');
      return SAFE_URL.test(plain) ? `<a href="${escapeHtml(plain)}">${label}</a>` : m;
    });
  // eslint-disable-next-line no-control-regex -- NUL is the placeholder delimiter on purpose
  return out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => `<code>${codes[Number(i)]}</code>`);
}

function tableRow(line: string, cell: 'th' | 'td'): string {
  const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
  return `<tr>${cells.map((c) => (cell === 'th' ? `<th scope="col">${inline(c)}</th>` : `<td>${inline(c)}</td>`)).join('')}</tr>`;
}

/**
 * A small, safe markdown subset for challenge statements: ATX headings (shifted one level down, the page owns h1),
 * paragraphs, fenced code, bullet and numbered lists, pipe tables, inline code, emphasis and links. Raw HTML in the
 * source is never passed through: it is shown as text.
 */
export function renderMarkdown(source: string): SafeHtml {
  // eslint-disable-next-line no-control-regex -- strips NUL so the source cannot forge inline()'s placeholders
  const lines = source.replace(/\u0000/g, '').replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  // a table's caption names it for screen readers: the heading it sits under
  let section = 'Table';
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = /^```\s*([\w-]*)/.exec(line);
    if (fence) {
      const body: string[] = [];
      for (i += 1; i < lines.length && !lines[i]!.startsWith('```'); i += 1) body.push(lines[i]!);
      i += 1;
      const lang = fence[1] ? ` data-lang="${escapeHtml(fence[1])}"` : '';
      out.push(`<pre class="code"${lang}><code>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1]!.length + 1);
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
      section = inline(heading[2]!);
      i += 1;
      continue;
    }
    const list = /^\s*([-*]|\d+\.)\s+/.exec(line);
    if (list) {
      const tag = /\d/.test(list[1]!) ? 'ol' : 'ul';
      const items: string[] = [];
      while (i < lines.length && lines[i]!.trim() !== '' && !/^#{1,6}\s|^```/.test(lines[i]!)) {
        const item = /^\s*([-*]|\d+\.)\s+(.*)$/.exec(lines[i]!);
        if (item) items.push(item[2]!);
        else items[items.length - 1] += ` ${lines[i]!.trim()}`;
        i += 1;
      }
      out.push(`<${tag}>${items.map((t) => `<li>${inline(t)}</li>`).join('')}</${tag}>`);
      continue;
    }
    if (line.trim().startsWith('|') && /^\s*\|?[\s:|-]+\|?\s*$/.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').includes('-')) {
      const rows = [`<thead>${tableRow(line, 'th')}</thead><tbody>`];
      for (i += 2; i < lines.length && lines[i]!.trim().startsWith('|'); i += 1) rows.push(tableRow(lines[i]!, 'td'));
      out.push(`<div class="scroll"><table><caption>${section}</caption>${rows.join('')}</tbody></table></div>`);
      continue;
    }
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && !/^(#{1,6}\s|```|\s*([-*]|\d+\.)\s|\s*\|)/.test(lines[i]!)) {
      para.push(lines[i]!.trim());
      i += 1;
    }
    if (para.length === 0) {
      out.push(`<p>${inline(line.trim())}</p>`);
      i += 1;
    } else out.push(`<p>${inline(para.join(' '))}</p>`);
  }
  return raw(out.join('\n'));
}
