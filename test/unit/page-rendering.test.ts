import { reportTestsSection } from '../../api/pages/report-tests';
import { highlightLines } from '../../api/pages/highlight';
import { html } from '../../api/pages/html';
import { renderMarkdown } from '../../api/pages/markdown';

test('interpolated values are escaped; nested html is kept', () => {
  const name = '<img src=x onerror=alert(1)>"\'&';
  expect(html`<p title="${name}">${name}${html`<b>ok</b>`}</p>`.value)
    .toBe('<p title="&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;">&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;<b>ok</b></p>');
});

test('markdown renders headings, lists, code and safe links, and never passes raw HTML or script URLs', () => {
  const out = renderMarkdown([
    '# Title', '', 'Some **bold** and `<code>` and [docs](https://example.com/a?b=1&c=2).', '',
    '- one', '- two', '', '```ts', 'const a = "<b>";', '```', '',
    '<script>alert(1)</script>', '', '[click](javascript:alert(1))', '',
    '| a | b |', '|---|---|', '| 1 | <i>2</i> |',
  ].join('\n')).value;
  expect(out).toContain('<h2>Title</h2>');
  expect(out).toContain('<strong>bold</strong>');
  expect(out).toContain('<code>&lt;code&gt;</code>');
  expect(out).toContain('<a href="https://example.com/a?b=1&amp;c=2">docs</a>');
  expect(out).toContain('<ul><li>one</li><li>two</li></ul>');
  expect(out).toContain('const a = &quot;&lt;b&gt;&quot;;');
  expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(out).not.toMatch(/<script|<i>|href="javascript/);
  expect(out).toContain('<th scope="col">a</th>');
});

test('the highlighter classes keywords, strings, comments and numbers, one entry per line, escaping the code', () => {
  const lines = highlightLines('const x = 42; // <tag>\n/* a\nb */ return "s<" + `t\n${x}`;').map((l) => l.value);
  expect(lines).toHaveLength(4);
  expect(lines[0]).toBe('<span class="tok-kw">const</span> x = <span class="tok-number">42</span>; <span class="tok-comment">// &lt;tag&gt;</span>');
  expect(lines[1]).toBe('<span class="tok-comment">/* a</span>');
  expect(lines[2]).toContain('<span class="tok-comment">b */</span> <span class="tok-kw">return</span> <span class="tok-string">&quot;s&lt;&quot;</span>');
  expect(lines[3]).toBe('<span class="tok-string">${x}`</span>;');
  expect(highlightLines('5abc\u0000')).toHaveLength(1);
});

test('a .py file is highlighted as Python: # comments, docstrings over lines, f-strings, Python keywords', () => {
  const lines = highlightLines('def f(x):  # <c>\n    """Doc\n    more"""\n    return f"{x}" if x else None // 2\n', 'src/solution.py').map((l) => l.value);
  expect(lines[0]).toBe('<span class="tok-kw">def</span> f(x):  <span class="tok-comment"># &lt;c&gt;</span>');
  expect(lines[1]).toBe('    <span class="tok-string">&quot;&quot;&quot;Doc</span>');
  expect(lines[2]).toBe('<span class="tok-string">    more&quot;&quot;&quot;</span>');
  expect(lines[3]).toBe('    <span class="tok-kw">return</span> <span class="tok-string">f&quot;{x}&quot;</span> <span class="tok-kw">if</span> x <span class="tok-kw">else</span> <span class="tok-kw">None</span> // <span class="tok-number">2</span>');
});

test('the report\'s tests: failing ones first, one line each, their message in monospace with expected/received marked; passing ones folded with groups and weights', () => {
  const base = { visibility: 'hidden' as const, durationMs: 12, message: '' };
  const tests = [
    { ...base, name: 'ok one', group: 'tests/hidden/a.test.ts', status: 'pass' as const, weight: 2 },
    { ...base, name: 'broken <b>', group: 'tests/hidden/b.test.ts', status: 'fail' as const, weight: 3, message: 'expect(received).toBe(expected)\n\nExpected: "a"\nReceived: "<b>"' },
    { ...base, name: 'ok two', group: 'tests/public/e.test.ts', visibility: 'public' as const, status: 'pass' as const, weight: 1 },
  ];
  const out = reportTestsSection({ verdict: 'partial', score: 3, maxScore: 6, message: '', durationMs: 40, groups: [], tests }).value;
  expect(out).toContain('2 of 3 tests pass; the failing ones weigh 3.0 of 6.0.');
  expect(out.indexOf('broken &lt;b&gt;')).toBeLessThan(out.indexOf('ok one'));
  expect(out).toMatch(/<li><details>\s*<summary><span class="badge bad">fail<\/span> <strong>broken &lt;b&gt;<\/strong> <span class="muted">tests\/hidden\/b\.test\.ts · hidden · weight 3 · 12 ms<\/span><\/summary><pre class="diff">/);
  expect(out).toContain('<span class="want">Expected: &quot;a&quot;</span>\n<span class="got">Received: &quot;&lt;b&gt;&quot;</span></pre>');
  expect(out).toMatch(/<details class="passing"><summary>Passing \(2\)<\/summary>/);
  expect(out).toContain('<th scope="row">ok two</th><td>tests/public/e.test.ts</td><td>public</td><td class="num">1</td>');
  expect(out).not.toContain('<details open');
});
