"""POST /agent: a tool-calling loop over the Chat Completions API with two local tools (search, calculator),
a 5-turn step limit, an 8-call per-turn cap, call-id de-duplication and optional SSE streaming of the answer."""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional

import openai

MODEL = "gpt-4o-mini"
MAX_TURNS = 5
MAX_CALLS_PER_TURN = 8
MAX_QUESTION_CODE_POINTS = 4000
MAX_EXPRESSION_LENGTH = 200
SEARCH_LIMIT = 3
STEP_LIMIT_ANSWER = "Stopped: the step limit was reached."
SYSTEM_PROMPT = (
    "You are a research assistant. Use the search tool to look facts up and the calculator tool for arithmetic. "
    "Answer briefly."
)


def _string_tool(name: str, description: str, prop: str) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {
                "type": "object",
                "properties": {prop: {"type": "string", "minLength": 1}},
                "required": [prop],
                "additionalProperties": False,
            },
        },
    }


TOOLS = [
    _string_tool("search", "Search the knowledge base. Returns up to 3 matching documents.", "query"),
    _string_tool("calculator", "Evaluate an arithmetic expression with + - * / and parentheses.", "expression"),
]
TOOL_ARGUMENT = {"search": "query", "calculator": "expression"}
WORD = re.compile(r"[^\W_]+")
DIGITS = "0123456789"


class UpstreamError(Exception):
    """The request failed upstream: the answer is 502 (or an error event)."""


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------- search


def words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFKC", text).lower())


def search(corpus: list[dict[str, str]], query: str) -> dict[str, Any]:
    wanted = set(words(query))
    scored = []
    for index, doc in enumerate(corpus):
        score = len(wanted & set(words(doc["text"])))
        if score > 0:
            scored.append((-score, index, doc))
    scored.sort(key=lambda s: (s[0], s[1]))
    return {"results": [{"id": doc["id"], "text": doc["text"]} for _, _, doc in scored[:SEARCH_LIMIT]]}


# ---------------------------------------------------------------- calculator


class InvalidExpression(Exception):
    pass


def tokenize(expression: str) -> list[str]:
    tokens: list[str] = []
    i, n = 0, len(expression)
    while i < n:
        c = expression[i]
        if c in " \t":
            i += 1
        elif c in "+-*/()":
            tokens.append(c)
            i += 1
        elif c in DIGITS:
            j = i
            while j < n and expression[j] in DIGITS:
                j += 1
            if j < n and expression[j] == ".":
                j += 1
                if j >= n or expression[j] not in DIGITS:
                    raise InvalidExpression()
                while j < n and expression[j] in DIGITS:
                    j += 1
            tokens.append(expression[i:j])
            i = j
        else:
            raise InvalidExpression()
    return tokens


class Parser:
    """Recursive descent; a division by zero is noted and reported once the whole expression parsed."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.divided_by_zero = False

    def peek(self) -> Optional[str]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Optional[str]:
        token = self.peek()
        self.pos += 1
        return token

    def expression(self) -> float:
        value = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            right = self.term()
            value = value + right if op == "+" else value - right
        return value

    def term(self) -> float:
        value = self.factor()
        while self.peek() in ("*", "/"):
            op = self.take()
            right = self.factor()
            if op == "*":
                value *= right
            elif right == 0:
                self.divided_by_zero = True
            else:
                value /= right
        return value

    def factor(self) -> float:
        token = self.take()
        if token == "-":
            return -self.factor()
        if token == "+":
            return self.factor()
        if token == "(":
            value = self.expression()
            if self.take() != ")":
                raise InvalidExpression()
            return value
        if token is not None and token[0] in DIGITS:
            return float(token)
        raise InvalidExpression()


def calculate(expression: str) -> dict[str, Any]:
    if len(expression) > MAX_EXPRESSION_LENGTH:
        return {"error": "invalid expression"}
    try:
        parser = Parser(tokenize(expression))
        value = parser.expression()
        if parser.pos != len(parser.tokens):
            raise InvalidExpression()
    except InvalidExpression:
        return {"error": "invalid expression"}
    if parser.divided_by_zero:
        return {"error": "division by zero"}
    return {"result": value}


# ---------------------------------------------------------------- tool calls


def run_tool(corpus: list[dict[str, str]], name: str, raw_arguments: Any) -> dict[str, Any]:
    if name not in TOOL_ARGUMENT:
        return {"error": "unknown tool"}
    prop = TOOL_ARGUMENT[name]
    try:
        args = json.loads(raw_arguments)
    except (TypeError, ValueError):
        return {"error": "invalid arguments"}
    if not isinstance(args, dict) or list(args) != [prop]:
        return {"error": "invalid arguments"}
    value = args[prop]
    if not isinstance(value, str) or value == "":
        return {"error": "invalid arguments"}
    return search(corpus, value) if name == "search" else calculate(value)


def answer_tool_calls(corpus: list[dict[str, str]], calls: list[dict[str, Any]], answered: dict[str, str]) -> list[str]:
    """The contents of the tool messages answering one model message, in order; `answered` remembers them by id."""
    contents = []
    for index, call in enumerate(calls):
        if call["id"] in answered:
            contents.append(answered[call["id"]])
            continue
        if index >= MAX_CALLS_PER_TURN:
            result = {"error": "too many tool calls"}
        else:
            result = run_tool(corpus, call["function"]["name"], call["function"]["arguments"])
        content = dumps(result)
        answered[call["id"]] = content
        contents.append(content)
    return contents


# ---------------------------------------------------------------- the model


def model_turn(client: openai.OpenAI, messages: list[dict[str, Any]], on_delta: Optional[Callable[[str], None]]):
    """One turn: (content, tool_calls). The SDK retries 429/5xx/connection errors twice, honouring retry-after(-ms)."""
    try:
        if on_delta is None:
            completion = client.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS)
            if not completion.choices:
                raise UpstreamError("no choice")
            message = completion.choices[0].message
            calls = [
                {"id": c.id, "type": "function", "function": {"name": c.function.name, "arguments": c.function.arguments}}
                for c in (message.tool_calls or [])
            ]
            return message.content, calls
        stream = client.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS, stream=True)
        content: Optional[str] = None
        finished = False
        calls_by_index: dict[int, dict[str, Any]] = {}
        for chunk in stream:
            if not chunk.choices:
                continue
            choice = chunk.choices[0]
            delta = choice.delta
            if delta is not None:
                if isinstance(delta.content, str) and delta.content != "":
                    content = (content or "") + delta.content
                    on_delta(delta.content)
                for part in delta.tool_calls or []:
                    call = calls_by_index.setdefault(
                        part.index, {"id": "", "type": "function", "function": {"name": "", "arguments": ""}}
                    )
                    if part.id:
                        call["id"] = part.id
                    if part.function is not None:
                        call["function"]["name"] += part.function.name or ""
                        call["function"]["arguments"] += part.function.arguments or ""
            if choice.finish_reason:
                finished = True
        if not finished:
            raise UpstreamError("the stream ended without a finish_reason")
        return content, [calls_by_index[i] for i in sorted(calls_by_index)]
    except UpstreamError:
        raise
    except Exception as e:  # openai.APIError, httpx errors on a cut stream, a malformed chunk, …
        raise UpstreamError(str(e)) from None


def run_agent(client, corpus, question: str, on_delta: Optional[Callable[[str], None]] = None) -> dict[str, Any]:
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": question},
    ]
    answered: dict[str, str] = {}
    turn = 0
    while turn <= MAX_TURNS:
        turn += 1
        content, calls = model_turn(client, messages, on_delta)
        if not calls:
            return {"answer": content or "", "steps": turn}
        results = answer_tool_calls(corpus, calls, answered)
        messages.append({"role": "assistant", "content": content, "tool_calls": calls})
        for call, result in zip(calls, results):
            messages.append({"role": "tool", "tool_call_id": call["id"], "content": result})
    if on_delta is not None:
        on_delta(STEP_LIMIT_ANSWER)
    return {"answer": STEP_LIMIT_ANSWER, "steps": MAX_TURNS}


# ---------------------------------------------------------------- HTTP


def parse_request(raw: bytes) -> Optional[tuple[str, bool]]:
    """(question, stream), or None when the request is invalid."""
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(body, dict):
        return None
    question, stream = body.get("question"), body.get("stream")
    if not isinstance(question, str) or question.strip() == "" or len(question) > MAX_QUESTION_CODE_POINTS:
        return None
    if stream is not None and not isinstance(stream, bool):
        return None
    return question, stream is True


def make_handler(client: openai.OpenAI, corpus: list[dict[str, str]]):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep the output quiet
            pass

        def send_json(self, status: int, body: Any) -> None:
            data = dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def read_body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length > 0 else b""

        def not_found(self) -> None:
            self.read_body()
            self.send_json(404, {"error": {"code": "not_found"}})

        do_GET = do_PUT = do_DELETE = do_PATCH = not_found

        def do_POST(self) -> None:
            if self.path.split("?")[0] != "/agent":
                return self.not_found()
            parsed = parse_request(self.read_body())
            if parsed is None:
                return self.send_json(400, {"error": {"code": "invalid_request"}})
            question, stream = parsed
            if not stream:
                try:
                    answer = run_agent(client, corpus, question)
                except UpstreamError:
                    return self.send_json(502, {"error": {"code": "upstream_error"}})
                return self.send_json(200, answer)

            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()

            def send(event: dict[str, Any]) -> None:
                self.wfile.write(f"data: {dumps(event)}\n\n".encode("utf-8"))
                self.wfile.flush()

            try:
                done = run_agent(client, corpus, question, lambda text: send({"type": "delta", "text": text}))
                send({"type": "done", **done})
            except UpstreamError:
                send({"type": "error", "code": "upstream_error"})

    return Handler


def _make_client() -> openai.OpenAI:
    """One SDK client (thread-safe, one connection pool) for every server of this process."""
    client = openai.OpenAI(max_retries=2)
    _ = client.chat.completions  # the SDK imports its resources lazily
    try:
        # A first request pays for the SDK's lazy imports and a connection: pay it when the module loads.
        client.with_options(max_retries=0, timeout=2.0).models.list()
    except openai.OpenAIError:
        pass
    return client


# Made when the module loads, before any test.
_client = _make_client()


def start(*, corpus: list[dict]) -> int:
    """Start a new, independent HTTP server on 127.0.0.1 at a free port (bind port 0) and return that port."""
    docs = [{"id": str(d["id"]), "text": str(d["text"])} for d in (corpus or [])]
    client = _client
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(client, docs))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]
