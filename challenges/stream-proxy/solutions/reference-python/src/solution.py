"""POST /chat/stream: relay a streamed chat completion as server-sent events, with an idle timeout, cancellation on
disconnect, and identical requests sharing one upstream stream (in flight) or its replay (completed, for 60 s)."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import openai
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

MODEL = "gpt-4o-mini"
ROLES = frozenset({"system", "user", "assistant"})
MAX_MESSAGES = 32
IDLE_TIMEOUT_S = 0.3
CACHE_TTL_S = 60.0


def sse(payload: dict[str, Any]) -> str:
    return f"data: {json.dumps(payload, ensure_ascii=False, separators=(',', ':'))}\n\n"


def error(status: int, code: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": {"code": code, **extra}}, status_code=status)


def invalid(field: str, message: str) -> JSONResponse:
    return error(400, "invalid_request", details=[{"field": field, "message": message}])


def check_messages(messages: Any) -> str | None:
    """What is wrong with `messages`, or None."""
    if not isinstance(messages, list) or not 1 <= len(messages) <= MAX_MESSAGES:
        return f"messages must be a list of 1 to {MAX_MESSAGES} messages"
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in ROLES:
            return f"message {i} needs a role among system, user and assistant"
        content = m.get("content")
        if not isinstance(content, str) or not content.strip():
            return f"message {i} needs non-blank string content"
    if messages[-1]["role"] != "user":
        return "the last message must come from the user"
    return None


class Flight:
    """One upstream stream: the SSE frames so far (for late joiners), its end, and who is listening."""

    def __init__(self) -> None:
        self.frames: list[str] = []
        self.finished = False
        self.listeners = 0
        self.task: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()

    def push(self, frame: str, final: bool = False) -> None:
        self.frames.append(frame)
        self.finished = self.finished or final
        self._changed.set()
        self._changed = asyncio.Event()

    async def frames_from_start(self) -> AsyncIterator[str]:
        sent = 0
        while True:
            changed = self._changed
            while sent < len(self.frames):
                yield self.frames[sent]
                sent += 1
            if self.finished:
                return
            await changed.wait()


async def relay(client: openai.AsyncOpenAI, messages: list[dict[str, str]], flight: Flight) -> bool:
    """Streams the upstream answer into `flight`; True when it completed (finish chunk, usage chunk, normal end)."""
    stream = None
    try:
        stream = await asyncio.wait_for(
            client.chat.completions.create(
                model=MODEL, messages=messages, stream=True, stream_options={"include_usage": True}
            ),
            IDLE_TIMEOUT_S,
        )
        chunks = stream.__aiter__()
        finished, usage = False, None
        while True:
            try:
                chunk = await asyncio.wait_for(chunks.__anext__(), IDLE_TIMEOUT_S)
            except StopAsyncIteration:
                break
            for choice in chunk.choices:
                if choice.index == 0 and isinstance(choice.delta.content, str) and choice.delta.content:
                    flight.push(sse({"delta": choice.delta.content}))
                finished = finished or choice.finish_reason is not None
            if chunk.usage is not None:
                usage = chunk.usage
        if not finished or usage is None:
            flight.push(sse({"error": {"code": "upstream_error"}}), final=True)
            return False
        totals = {k: getattr(usage, k) for k in ("prompt_tokens", "completion_tokens", "total_tokens")}
        flight.push(sse({"done": True, "usage": totals}), final=True)
        return True
    except TimeoutError:
        flight.push(sse({"error": {"code": "upstream_timeout"}}), final=True)
        return False
    except Exception:  # an error status, an error frame, bad JSON, a dropped connection: all end the same way
        flight.push(sse({"error": {"code": "upstream_error"}}), final=True)
        return False
    finally:
        if stream is not None:
            await stream.close()  # closes the upstream connection unless it was read to the end


class Proxy:
    """One server's shared state: streams in flight and completed answers, by conversation."""

    def __init__(self, client: openai.AsyncOpenAI) -> None:
        self.client = client
        self.in_flight: dict[str, Flight] = {}
        self.completed: dict[str, tuple[float, list[str]]] = {}

    def _launch(self, key: str, messages: list[dict[str, str]]) -> Flight:
        flight = Flight()

        async def run() -> None:
            try:
                if await relay(self.client, messages, flight):
                    self.completed[key] = (time.monotonic() + CACHE_TTL_S, flight.frames)
            finally:
                if self.in_flight.get(key) is flight:
                    del self.in_flight[key]

        self.in_flight[key] = flight
        flight.task = asyncio.get_running_loop().create_task(run())
        return flight

    async def events(self, messages: list[dict[str, str]]) -> AsyncIterator[str]:
        key = json.dumps([[m["role"], m["content"]] for m in messages])
        now = time.monotonic()
        for stale in [k for k, (until, _) in self.completed.items() if until <= now]:
            del self.completed[stale]
        if key in self.completed:
            for frame in self.completed[key][1]:
                yield frame
            return
        flight = self.in_flight.get(key) or self._launch(key, messages)
        flight.listeners += 1
        try:
            async for frame in flight.frames_from_start():
                yield frame
        finally:
            flight.listeners -= 1
            if flight.listeners == 0 and not flight.finished and flight.task is not None:
                flight.task.cancel()  # nobody is listening any more: abort the upstream request
                if self.in_flight.get(key) is flight:
                    del self.in_flight[key]


def build_app(client: openai.AsyncOpenAI) -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    proxy = Proxy(client)

    @app.exception_handler(StarletteHTTPException)
    async def not_found(_request: Request, _exc: StarletteHTTPException) -> JSONResponse:
        return error(404, "not_found")

    @app.post("/chat/stream")
    async def chat_stream(request: Request) -> Any:
        try:
            body = json.loads(await request.body())
        except ValueError:
            return invalid("body", "the body is not valid JSON")
        if not isinstance(body, dict):
            return invalid("body", "the body must be a JSON object")
        problem = check_messages(body.get("messages"))
        if problem:
            return invalid("messages", problem)
        messages = [{"role": m["role"], "content": m["content"]} for m in body["messages"]]
        headers = {"cache-control": "no-cache"}
        return StreamingResponse(proxy.events(messages), media_type="text/event-stream", headers=headers)

    return app


class _Runtime:
    """One event loop in a daemon thread serves every server, with one shared (warm) SDK client."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.client = asyncio.run_coroutine_threadsafe(self._make_client(), self.loop).result()

    async def _make_client(self) -> openai.AsyncOpenAI:
        # No SDK retries: a half-streamed answer cannot be retried transparently.
        client = openai.AsyncOpenAI(max_retries=0, timeout=5.0)
        try:
            await asyncio.wait_for(client.models.list(), 2.0)  # lazy imports and a first connection, before any test
        except (openai.OpenAIError, TimeoutError):
            pass
        return client

    async def serve(self) -> int:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        app = build_app(self.client)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", http="h11"))
        self.loop.create_task(server.serve(sockets=[sock]))
        while not server.started:
            await asyncio.sleep(0.002)
        return sock.getsockname()[1]


# Made when the module loads: the event loop, the SDK client and its first request are ready before any test.
_runtime = _Runtime()


def start() -> int:
    """Starts a new server on 127.0.0.1 at a free port and returns the port."""
    return asyncio.run_coroutine_threadsafe(_runtime.serve(), _runtime.loop).result(timeout=10)
