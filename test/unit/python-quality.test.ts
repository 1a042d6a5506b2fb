/**
 * The Python quality analysis on the host, with the tools installed under .build/python (as in the image): a clean
 * solution, a syntax error, hostile tool configuration, duplication, secrets, LLM-call risks and complexity.
 * The candidate's code is never run: a fixture whose import, plugin or site hook would write a marker file proves it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzePythonQuality, runAstAnalysis, type FileAnalysis } from '../../sandbox/quality/python-quality';
import { qualitySection } from '../../api/pages/report-sections';
import { pythonRuntime } from '../../sandbox/harness/python-runtime';
import { runRuff } from '../../sandbox/quality/python-tools';
import { findSecrets } from '../../sandbox/quality/secrets';
import { selectSources } from '../../sandbox/quality/source-files';

const CLEAN = `"""Chunks text and summarises it with the model."""
import os

from openai import OpenAI

client = OpenAI(api_key=os.environ.get("OPENAI_API_KEY"), timeout=20.0, max_retries=2)


def chunk_text(text: str, size: int, overlap: int = 0) -> list[str]:
    """Splits text into windows of \`size\` characters that overlap by \`overlap\`."""
    if size <= 0 or overlap < 0 or overlap >= size:
        raise ValueError("size must be positive and overlap smaller than size")
    step = size - overlap
    return [text[i:i + size] for i in range(0, max(len(text) - overlap, 1), step)]


def summarize(text: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": f"Summarise: {text}"}],
    )
    return response.choices[0].message.content or ""
`;

function ast(text: string, file = 'src/solution.py'): FileAnalysis {
  return runAstAnalysis(pythonRuntime(), [{ file, text }], os.tmpdir()).files[0]!;
}

const rules = (text: string) => ast(text).risks.map((r) => [r.rule, r.line]);

describe('the whole Python analysis', () => {
  test('a clean solution has no findings, and every section ran', () => {
    const a = analyzePythonQuality({ 'src/solution.py': CLEAN, 'README.md': '# notes' });
    expect(a.findings).toEqual([]);
    expect(a.unavailable).toBeUndefined();
    expect(a.language).toBe('python');
    expect(a.headline).toMatchObject({ lintErrors: 0, lintWarnings: 0, typeErrors: 0, secrets: 0, llmCallRisks: 0, files: 1, duplicationPercent: 0 });
    expect(a.functions.map((f) => [f.name, f.line, f.complexity])).toEqual([['chunk_text', 9, 5], ['summarize', 17, 2]]);
    expect(a.size).toMatchObject({ files: 1, commentLines: 2 });
    expect(Object.keys(a.tools)).toEqual(['python', 'ruff', 'mypy']);
    expect(a.ignoredFiles).toEqual(['README.md']);
  });

  test('lint and type errors come from ruff and mypy, which knows the installed packages but not the openai SDK\'s overloads', () => {
    const a = analyzePythonQuality({ 'src/solution.py': `import os
import re

import numpy as np
from openai import OpenAI
from pydantic import BaseModel

client = OpenAI(timeout=5.0)


class Item(BaseModel):
    n: int


def f(items=[]) -> int:
    count: int = "three"
    Item(n="x")
    np.zeros(3).nope()
    messages = [{"role": "user", "content": "hi"}]
    client.chat.completions.create(model="m", messages=messages)
    for m in re.finditer("a", "aa"):
        print(m.group())
    m = re.search("b", "ab")
    return undefined_name
` });
    expect(a.findings.map((f) => [f.kind, f.rule, f.line])).toEqual([
      ['lint', 'F401', 1], ['lint', 'B006', 15], ['lint', 'F841', 16], ['type', 'mypy:assignment', 16], ['type', 'mypy:arg-type', 17],
      ['type', 'mypy:attr-defined', 18], ['lint', 'F821', 24]]);
    // mypy's name-defined on the last line repeats ruff's F821 and is left out
    expect(a.headline).toMatchObject({ lintErrors: 1, lintWarnings: 3, typeErrors: 3 });
  });

  test('a syntax error is reported with Python\'s message and line; the other files are still analysed', () => {
    const a = analyzePythonQuality({ 'src/solution.py': 'def broken(:\n    pass\n', 'src/util.py': 'def ok(a: int) -> int:\n    return a\n' });
    expect(a.findings).toEqual([expect.objectContaining({ kind: 'lint', rule: 'parse-error', severity: 'error', file: 'src/solution.py', line: 1, message: expect.stringMatching(/^SyntaxError: /) })]);
    expect(a.functions.map((f) => f.name)).toEqual(['ok']);
    expect(a.unavailable).toEqual([{ section: 'types', tool: 'mypy', reason: 'not run: src/solution.py has a syntax error (line 1)' }]);
    expect(a.headline.lintErrors).toBe(1);
    const page = qualitySection({ status: 'done', durationMs: 120, error: null, analysis: a }, []).value;
    expect(page).toContain('Type check unavailable (mypy: not run: src/solution.py has a syntax error (line 1)); its figures above are missing, not zero.');
    expect(page).toContain('python 3.11.2, ruff');
  });

  test('the candidate\'s pyproject.toml, ruff.toml, mypy.ini and setup.cfg have no effect, and no candidate code runs', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pyq-marker-'));
    const marker = path.join(dir, 'pwned');
    const write = `open(${JSON.stringify(marker)}, "w").write("ran")\n`;
    try {
      const a = analyzePythonQuality({
        'src/solution.py': `import os\nimport evil_plugin\n${write}x: int = "not an int"  # type: ignore-not\n`,
        'evil_plugin.py': `${write}def plugin(version):\n    ${write.trim()}\n    return None\n`,
        'sitecustomize.py': write,
        'usercustomize.py': write,
        'conftest.py': write,
        'pyproject.toml': '[tool.mypy]\nplugins = ["evil_plugin"]\nignore_errors = true\n[tool.ruff]\nextend-exclude = ["src"]\n[tool.ruff.lint]\nselect = []\n',
        'mypy.ini': '[mypy]\nplugins = evil_plugin\nignore_errors = True\n',
        'setup.cfg': '[mypy]\nplugins = evil_plugin\n',
        'ruff.toml': '[lint]\nignore = ["F401"]\n',
        '.ruff.toml': '[lint]\nignore = ["F401"]\n',
      });
      expect(existsSync(marker)).toBe(false);
      expect(a.findings).toContainEqual(expect.objectContaining({ rule: 'F401', file: 'src/solution.py', line: 1 }));
      expect(a.findings).toContainEqual(expect.objectContaining({ kind: 'type', rule: 'mypy:assignment', file: 'src/solution.py', line: 4 }));
      expect(a.ignoredFiles).toEqual(['.ruff.toml', 'mypy.ini', 'pyproject.toml', 'ruff.toml', 'setup.cfg']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a block repeated across files is one duplicate with both places', () => {
    const block = `def score(values: list[float]) -> float:
    total = 0.0
    for v in values:
        if v > 0:
            total += v * 2
        else:
            total -= v / 2
    return total + len(values) * 3 - max(values) + min(values)
`;
    const a = analyzePythonQuality({ 'src/a.py': block, 'src/b.py': `# a copy\n\n${block.replace('score', 'rank')}` });
    expect(a.duplicates).toHaveLength(1);
    expect(a.duplicates[0]!.occurrences).toEqual([{ file: 'src/a.py', line: 1, endLine: 8 }, { file: 'src/b.py', line: 3, endLine: 10 }]);
    expect(a.findings.filter((f) => f.kind === 'duplication').map((f) => [f.file, f.line])).toEqual([['src/a.py', 1], ['src/b.py', 3]]);
    expect(a.headline.duplicationPercent).toBeGreaterThan(90);
  });

  test('a hard-coded key and a client without timeout', () => {
    const a = analyzePythonQuality({ 'src/solution.py': 'from openai import OpenAI\n\nclient = OpenAI(api_key="sk-proj-abcdefghijklmnop1234")\n' });
    expect(a.findings.map((f) => [f.kind, f.rule, f.line, f.column])).toEqual([['llm-risk', 'llm-client-no-timeout', 3, 10], ['secret', 'hard-coded-secret', 3, 25]]);
    expect(a.headline).toMatchObject({ secrets: 1, llmCallRisks: 1 });
  });
});

describe('the same secret rules as TypeScript', () => {
  test('known key shapes, a high-entropy value under a key-like name, and what is not a secret', () => {
    const ts = findSecrets(selectSources({ 'a.ts': `const a = 'sk-proj-abcdefghijklmnop1234';\nconst apiKey = 'Zx81kQm2Lp09vTr7Wc5n';\nconst token = 'upstream_unavailable';\nconst name = 'Zx81kQm2Lp09vTr7Wc5n';\nconst b = process.env.OPENAI_API_KEY;\n` }).sources[0]!);
    const py = analyzePythonQuality({ 'a.py': `import os\na = "sk-proj-abcdefghijklmnop1234"\napi_key = "Zx81kQm2Lp09vTr7Wc5n"\ntoken = "upstream_unavailable"\nname = "Zx81kQm2Lp09vTr7Wc5n"\nb = os.environ["OPENAI_API_KEY"]\nconfig = {"secret": "Zx81kQm2Lp09vTr7Wc5n"}\n` });
    expect(ts.map((f) => f.line)).toEqual([1, 2]);
    expect(py.findings.filter((f) => f.kind === 'secret').map((f) => [f.line, f.message])).toEqual([
      [2, ts[0]!.message], [3, 'Hard-coded secret: a high-entropy string is assigned to "api_key". Read it from the environment.'],
      [7, 'Hard-coded secret: a high-entropy string is assigned to "secret". Read it from the environment.']]);
  });
});

test('a caught LLM error\'s text sent back to the caller is flagged; logging it or chaining it is not', () => {
  const echoes = ast(`import logging
logger = logging.getLogger(__name__)

def a(client):
    try:
        return client.chat.completions.create(model="m", messages=[])
    except Exception as e:
        logger.error("upstream failed: %s", str(e))
        raise HTTPException(status_code=502, detail=str(e))

def b(client):
    try:
        return client.responses.create(model="m", input="x")
    except Exception as err:
        raise RuntimeError("upstream failed") from err

def c(data):
    try:
        return int(data)
    except ValueError as e:
        return {"error": f"bad number: {e}"}

def d(client):
    try:
        return client.responses.create(model="m", input="x")
    except APIStatusError as exc:
        if exc.response.status_code == 429:
            return exc.response.headers.get("retry-after")
        raise
`).echoes;
  expect(echoes.map((e) => [e.rule, e.line, e.message])).toEqual([['echoes-upstream-error', 9,
    'The caught error\'s text (str(e)) leaves this except block: upstream error messages can carry the API key and internals; answer with your own message.']]);
});

describe('LLM-call risks from the AST', () => {
  test('a client without a timeout, unless a request passes one', () => {
    expect(rules('from openai import AsyncOpenAI\nc = AsyncOpenAI(max_retries=1)\n')).toEqual([['llm-client-no-timeout', 2]]);
    expect(rules('import openai\nc = openai.OpenAI()\nc.chat.completions.create(model="m", messages=[], timeout=5)\n')).toEqual([]);
    expect(rules('import openai\nc = openai.OpenAI().with_options(timeout=5)\n')).toEqual([]);
    expect(rules('import asyncio, openai\nc = openai.AsyncOpenAI()\nasync def f():\n    return await asyncio.wait_for(c.responses.create(model="m", input="x"), 2)\n')).toEqual([]);
    expect(rules('from openai import OpenAI\nc = OpenAI(**settings)\n')).toEqual([]);
    expect(rules('import httpx\nfrom openai import OpenAI\nc = OpenAI(http_client=httpx.Client(timeout=5))\n')).toEqual([]);
    expect(rules('from langchain_openai import ChatOpenAI\nm = ChatOpenAI(model="x")\nn = ChatOpenAI(model="x", timeout=10)\n')).toEqual([['llm-client-no-timeout', 2]]);
  });

  test('an absurd max_retries', () => {
    expect(rules('from openai import OpenAI\nc = OpenAI(timeout=5, max_retries=50)\nd = OpenAI(timeout=5, max_retries=3)\n')).toEqual([['llm-client-excessive-retries', 2]]);
  });

  test('a while-True retry without a bound; bounded loops pass', () => {
    const rules = (text: string) => ast(text).risks.filter((r) => r.rule === 'llm-unbounded-retry').map((r) => [r.rule, r.line]);
    const loop = (handler: string) => `def ask(c):\n    attempt = 0\n    while True:\n        try:\n            return c.chat.completions.create(model="m", messages=[])\n        except Exception:\n${handler}\n`;
    expect(rules(loop('            continue'))).toEqual([['llm-unbounded-retry', 3]]);
    expect(rules(loop('            attempt += 1\n            if attempt >= 3:\n                raise'))).toEqual([]);
    expect(rules(loop('            raise'))).toEqual([]);
    expect(rules('def ask(c):\n    for attempt in range(3):\n        try:\n            return c.responses.create(model="m", input="x")\n        except Exception:\n            pass\n')).toEqual([]);
    expect(rules('def read(q):\n    while True:\n        item = q.get()\n        if item is None:\n            break\n')).toEqual([]);
  });

  test('tenacity without stop= retries forever', () => {
    expect(rules(`from tenacity import retry, stop_after_attempt, Retrying
import tenacity

@retry
def a(): ...

@retry(stop=stop_after_attempt(3))
def b(): ...

@tenacity.retry(wait=tenacity.wait_fixed(1))
def c(): ...

for attempt in Retrying():
    pass
`)).toEqual([['llm-unbounded-retry', 4], ['llm-unbounded-retry', 10], ['llm-unbounded-retry', 13]]);
    expect(rules('def retry(f):\n    return f\n\n@retry\ndef a(): ...\n')).toEqual([]);
  });
});

describe('LLM-call patterns from the AST', () => {
  const patterns = (text: string) => ast(text).risks.map((r) => r.rule).filter((r) => !r.startsWith('llm-client-') && r !== 'llm-unbounded-retry');

  test('user or document text in the system message is flagged; labels and constants are not', () => {
    expect(patterns('def m(text):\n    return [{"role": "system", "content": f"Classify:\\n{text}"}, {"role": "user", "content": "Go."}]\n'))
      .toEqual(['user-input-in-system-prompt']);
    expect(patterns('def m(q, passages):\n    system = SYSTEM + "\\n".join(p["line"] for p in passages)\n    return [{"role": "system", "content": system}, {"role": "user", "content": q}]\n'))
      .toEqual(['user-input-in-system-prompt']);
    expect(patterns('from langchain_core.messages import SystemMessage\ndef m(summary):\n    return SystemMessage(content=f"{PROMPT}\\n{summary.content}")\n'))
      .toEqual(['user-input-in-system-prompt']);
    expect(patterns('def m(question):\n    question = question.strip()\n    content = f"Answer: {question}"\n    return [{"role": "system", "content": content}]\n'))
      .toEqual(['user-input-in-system-prompt']);
    expect(patterns('def m(passages):\n    lines = []\n    for p in passages:\n        lines.append(f"[{p.id}] {p.text}")\n    system = PROMPT + "\\n".join(lines)\n    return [{"role": "system", "content": system}]\n'))
      .toEqual(['user-input-in-system-prompt']);
    expect(patterns('def m(labels):\n    content = f"Labels: {labels}"\n    return [{"role": "system", "content": content}]\n')).toEqual([]);
    expect(patterns(`def system_prompt(labels):
    listed = "\\n".join(f"- {label}" for label in labels)
    return f"Pick one of:\\n{listed}"

def m(req, body):
    labels = body.get("labels")
    return [{"role": "system", "content": system_prompt(labels)}, {"role": "system", "content": f"{req.labels}"},
            {"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": req.text}]
`)).toEqual([]);
  });

  const loop = (client: string, handler: string) => `import openai
client = openai.AsyncOpenAI(${client})

async def ask(messages):
    for attempt in range(3):
        try:
            return await client.chat.completions.create(model="m", messages=messages)
        except ${handler}
        await asyncio.sleep(0.05)
`;
  const good = 'openai.APIStatusError as exc:\n            if exc.status_code not in RETRYABLE:\n                raise\n            wait = exc.response.headers.get("retry-after-ms")';

  test('own retries: on top of SDK retries, without retry-after, without a status check', () => {
    expect(patterns(loop('max_retries=0, timeout=30', good))).toEqual([]);
    expect(patterns(loop('timeout=30', good))).toEqual(['llm-stacked-retries']);
    expect(patterns(loop('max_retries=0, timeout=30', 'openai.APIStatusError as exc:\n            if exc.status_code not in RETRYABLE:\n                raise')))
      .toEqual(['retry-after-ignored']);
    expect(patterns(loop('max_retries=0, timeout=30', 'Exception:  # retry-after is never sent here\n            pass'))).toEqual(['retries-client-errors']);
    // a loop that works on an item each round does not retry
    expect(patterns('def embed_all(client, texts):\n    for text in texts:\n        try:\n            client.embeddings.create(model="e", input=[text])\n        except Exception:\n            failed.append(text)\n')).toEqual([]);
    // an except block that marks every error retryable, whoever retries later
    expect(patterns('def once(client):\n    try:\n        return client.embeddings.create(model="e", input=["a"])\n    except Exception:\n        retryable = True\n        return retryable\n'))
      .toEqual(['retries-client-errors']);
    // retrying timeouts only: no 429 is retried by this code, no 400 either
    expect(patterns(loop('max_retries=0, timeout=30', 'openai.APITimeoutError:\n            pass'))).toEqual([]);
  });

  test('tenacity: what it retries decides', () => {
    const tenacity = (client: string, args: string) => `from openai import OpenAI
from tenacity import retry, stop_after_attempt, retry_if_exception_type
import openai
client = OpenAI(${client})

@retry(stop=stop_after_attempt(3)${args})
def ask(messages):
    return client.chat.completions.create(model="m", messages=messages)
`;
    expect(patterns(tenacity('timeout=30', ''))).toEqual(['llm-stacked-retries', 'retry-after-ignored', 'retries-client-errors']);
    expect(patterns(tenacity('timeout=30, max_retries=0', ', retry=retry_if_exception_type(openai.RateLimitError)'))).toEqual(['retry-after-ignored']);
    expect(patterns(tenacity('timeout=30, max_retries=0', ', retry=retry_if_exception_type(openai.APITimeoutError)'))).toEqual([]);
    expect(patterns(tenacity('timeout=30, max_retries=0', ', retry=retry_if_exception_type(openai.APIStatusError)')))
      .toEqual(['retry-after-ignored', 'retries-client-errors']);
    // tenacity around something else than an LLM call
    expect(patterns('from tenacity import retry, stop_after_attempt\n@retry(stop=stop_after_attempt(3))\ndef read(path):\n    return open(path).read()\n')).toEqual([]);
  });

  test('one embeddings request per item inside a loop; batches are not', () => {
    expect(patterns('def embed(c, texts):\n    return [c.embeddings.create(model="e", input=t).data[0].embedding for t in texts]\n')).toEqual(['llm-call-per-item']);
    expect(patterns('def embed(c, texts):\n    out = []\n    for t in texts:\n        out.append(c.embeddings.create(model="e", input=[t]).data[0].embedding)\n    return out\n'))
      .toEqual(['llm-call-per-item']);
    expect(patterns('def embed(c, texts):\n    out = []\n    for i in range(0, len(texts), 16):\n        r = c.embeddings.create(model="e", input=texts[i:i + 16])\n        out.extend(d.embedding for d in r.data)\n    return out\n'))
      .toEqual([]);
    expect(patterns('def q(c, question):\n    return c.embeddings.create(model="e", input=[question]).data[0].embedding\n')).toEqual([]);
  });

  test('a tight client timeout as the only bound of an attempt', () => {
    expect(patterns('import openai\nclient = openai.OpenAI(max_retries=0, timeout=0.3)\n')).toEqual(['llm-timeout-headers-only']);
    expect(patterns('import openai\nclient = openai.OpenAI(max_retries=0, timeout=30)\n')).toEqual([]);
    expect(patterns('import asyncio, openai\nclient = openai.AsyncOpenAI(max_retries=0, timeout=0.3)\nasync def f():\n    return await asyncio.wait_for(client.chat.completions.create(model="m", messages=[]), 0.3)\n')).toEqual([]);
    expect(patterns('import openai\nclient = openai.OpenAI(timeout=0.3)\ndef f():\n    return client.chat.completions.create(model="m", messages=[], stream=True)\n')).toEqual([]);
  });
});

test('tiktoken encode() raises on special-token text; encode_ordinary and explicit special-token options do not', () => {
  const rules = (text: string) => ast(text).risks.map((r) => [r.rule, r.line]);
  expect(rules(`import tiktoken
enc = tiktoken.get_encoding("o200k_base")
a = len(enc.encode(text))
b = tiktoken.encoding_for_model("gpt-4o").encode(text)
c = enc.encode_ordinary(text) + enc.encode(text, disallowed_special=())
d = "x".encode("utf-8")
`)).toEqual([['tokenizer-special-tokens', 3], ['tokenizer-special-tokens', 4]]);
});

test('a Python regex check ending in $ lets a final newline through; fullmatch, \\Z, MULTILINE and searching do not', () => {
  const regexes = (text: string) => ast(text).regexes.map((r) => [r.rule, r.line]);
  expect(regexes(`import re
TENANT = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
FULL = re.compile(r"[A-Za-z0-9_-]{1,64}")
END = re.compile(r"^[a-z]+\\Z")
PRICE = re.compile(r"^\\d+\\$")
LINES = re.compile(r"^x$", re.MULTILINE)

def ok(v):
    return TENANT.match(v) and FULL.fullmatch(v) and END.match(v) and PRICE.search(v) and LINES.search(v) and re.match(r"^\\d+$", v)
`)).toEqual([['regex-dollar-newline', 2], ['regex-dollar-newline', 9]]);
});

test('a searched regex that starts with an unbounded repetition is a lint finding; matched or anchored ones are not', () => {
  const regexes = (text: string) => ast(text).regexes.map((r) => [r.rule, r.line]);
  expect(regexes(`import re
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,}")
DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*")
RUN = re.compile(r"[0-9](?:[ -]?[0-9])*")
KEY = re.compile(r"sk-[A-Za-z0-9_-]*")
BOUNDARY = re.compile(r"[.!?]+(?: ?\\[[^\\[\\] ]+\\])*(?= |$)")

def f(text):
    DOMAIN.match(text, 3)
    re.findall(r"\\w+=\\d", text)
    return EMAIL.finditer(text), RUN.finditer(text), KEY.finditer(text), BOUNDARY.split(text)
`)).toEqual([['regex-quadratic-scan', 2], ['regex-quadratic-scan', 10]]);
});

describe('functions and size', () => {
  test('complexity counts branches, loops, handlers, conditional expressions, comprehensions, boolean operands and cases', () => {
    const [f] = ast(`def f(a, b):
    if a > 1 and b:
        return 1
    for x in [1, 2]:
        if x:
            continue
    match a:
        case 1:
            pass
        case 2:
            pass
        case _:
            pass
    try:
        a += 1
    except ValueError:
        a -= 1
    return [y for y in b if y] if a else (b or "y")
`).functions;
    // 1 + if + and + for + if + 2 cases + except + comprehension(for + if) + ternary + or = 12
    expect(f).toMatchObject({ name: 'f', complexity: 12, line: 1, endLine: 18, lines: 18, maxNesting: 2 });
  });

  test('nested functions and methods on their own; elif does not nest deeper, else-if does', () => {
    const fns = ast(`class A:
    def m(self, a, b, c):
        def inner():
            while True:
                if a:
                    break
        if a:
            pass
        elif b:
            pass
        else:
            if c:
                pass
        return inner
`).functions;
    expect(fns.map((f) => [f.name, f.complexity, f.maxNesting])).toEqual([['A.m', 4, 2], ['A.m.inner', 3, 2]]);
  });

  test('a complex function gets a complexity finding', () => {
    const branches = Array.from({ length: 11 }, (_, i) => `    if x == ${i}:\n        return ${i}\n`).join('');
    const a = analyzePythonQuality({ 'src/c.py': `def pick(x: int) -> int:\n${branches}    return -1\n` });
    expect(a.findings).toEqual([expect.objectContaining({ kind: 'complexity', rule: 'max-complexity', line: 1, message: 'pick has a cyclomatic complexity of 12 (over 10).' })]);
    expect(a.headline.maxComplexity).toBe(12);
  });

  test('size counts code, comment (docstrings too) and blank lines', () => {
    expect(ast('"""Module doc."""\n# one\nx = 1  # trailing\n\ns = """a\nb"""\n').size).toEqual(
      { file: 'src/solution.py', lines: 7, linesOfCode: 3, commentLines: 2, blankLines: 2 });
  });
});

test('a tool that cannot run leaves its section unavailable instead of failing the analysis', () => {
  const result = runRuff({ ...pythonRuntime(), tools: '/nonexistent' }, os.tmpdir(), ['a.py']);
  expect(result).toEqual({ unavailable: { section: 'lint', tool: 'ruff', reason: expect.stringContaining('ENOENT') } });
});
