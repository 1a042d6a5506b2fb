"""POST /classify with FastAPI: the body is a pydantic model, so FastAPI validates it before the handler runs."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time

import openai
import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel, field_validator

MODEL = "gpt-4o-mini"
RETRYABLE = frozenset({429, 500, 502, 503, 504})


class ClassifyRequest(BaseModel):
    text: str
    labels: list[str]

    @field_validator("text")
    @classmethod
    def text_not_blank(cls, text: str) -> str:
        if not text.strip() or len(text) > 2000:
            raise ValueError("text must be 1 to 2000 characters and not blank")
        return text

    @field_validator("labels")
    @classmethod
    def labels_distinct(cls, labels: list[str]) -> list[str]:
        keys = {label.strip().lower() for label in labels}
        if not 2 <= len(labels) <= 10 or "" in keys or len(keys) != len(labels):
            raise ValueError("labels must be 2 to 10 distinct, non-blank strings")
        return labels


def fail(status: int, code: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code}}, status_code=status)


def wait_for_retry(headers: object, attempt: int) -> float:
    get = getattr(headers, "get", lambda _name: None)
    if get("retry-after-ms") is not None:
        return float(get("retry-after-ms")) / 1000
    if get("retry-after") is not None:
        return float(get("retry-after"))
    return 0.05 * attempt


def make_app(client: openai.AsyncOpenAI) -> FastAPI:
    app = FastAPI()

    @app.post("/classify")
    async def classify(req: ClassifyRequest) -> JSONResponse:
        labels = "\n".join(f"- {label}" for label in req.labels)
        messages = [
            {"role": "system", "content": f'Classify the ticket into one of:\n{labels}\nReply with JSON {{"label": "..."}}.'},
            {"role": "user", "content": req.text},
        ]
        deadline = time.monotonic() + 1.5
        for attempt in range(1, 4):
            try:
                raw = await asyncio.wait_for(
                    client.chat.completions.with_raw_response.create(
                        model=MODEL, temperature=0, response_format={"type": "json_object"}, messages=messages
                    ),
                    0.3,
                )
            except asyncio.TimeoutError:
                return fail(504, "upstream_timeout")
            except openai.APIStatusError as exc:
                if exc.status_code not in RETRYABLE:
                    return fail(500, "internal_error")
                headers: object = exc.response.headers
            except openai.APIConnectionError:
                headers = None
            else:
                try:
                    label = json.loads(raw.parse().choices[0].message.content or "")["label"]
                    wanted = label.strip().lower()
                except (ValueError, KeyError, TypeError, AttributeError):
                    return fail(502, "bad_upstream_output")
                match = next((x for x in req.labels if x.strip().lower() == wanted), None)
                if match is None:
                    return fail(502, "bad_upstream_output")
                return JSONResponse({"label": match, "requestId": raw.headers.get("x-request-id")})
            pause = wait_for_retry(headers, attempt)
            if attempt == 3 or time.monotonic() + pause > deadline:
                break
            await asyncio.sleep(pause)
        return fail(503, "upstream_unavailable")

    return app


class _Runtime:
    """One event loop in a daemon thread serves every server, so they share one warm HTTP client and its pool."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.client = asyncio.run_coroutine_threadsafe(self._make_client(), self.loop).result()

    async def _make_client(self) -> openai.AsyncOpenAI:
        # The SDK's own retries are off: attempts, waits and deadlines are counted here.
        client = openai.AsyncOpenAI(max_retries=0, timeout=2.0)
        try:
            # A first request pays for lazy imports and a connection; pay it before any ticket is timed.
            await asyncio.wait_for(client.models.list(), 2.0)
        except (openai.OpenAIError, TimeoutError):
            pass
        return client

    async def serve(self) -> int:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        app = make_app(self.client)
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", http="h11")
        server = uvicorn.Server(config)
        self.loop.create_task(server.serve(sockets=[sock]))
        while not server.started:
            await asyncio.sleep(0.002)
        return sock.getsockname()[1]


# Made when the module loads: the event loop, the SDK client and its first request are ready before any test.
_runtime = _Runtime()


def start() -> int:
    """Starts a new, independent server on 127.0.0.1 at a free port and returns the port."""
    return asyncio.run_coroutine_threadsafe(_runtime.serve(), _runtime.loop).result(timeout=10)
