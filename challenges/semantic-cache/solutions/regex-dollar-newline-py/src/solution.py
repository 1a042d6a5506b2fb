"""POST /ask and GET /stats: a semantic cache (cosine >= 0.9, per partition, with a TTL) in front of a chat model."""

from __future__ import annotations

import asyncio
import json
import math
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import openai
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

EMBEDDING_MODEL = "text-embedding-3-small"
DEFAULT_MODEL = "gpt-4o-mini"
THRESHOLD = 0.9
CALL_TIMEOUT_S = 1.0
MAX_BODY_BYTES = 64 * 1024
TENANT = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# Dollars per million tokens: (input, output).
PRICES = {"gpt-4o-mini": (0.15, 0.60), "gpt-4.1-nano": (0.10, 0.40), "gpt-4o": (2.50, 10.00)}


class Failure(Exception):
    """An answer other than 200: its status, error code and, for a 400, the invalid field."""

    def __init__(self, status: int, code: str, field: str | None = None) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.field = field

    def response(self) -> JSONResponse:
        error: dict[str, Any] = {"code": self.code}
        if self.field:
            error["field"] = self.field
        return JSONResponse({"error": error}, status_code=self.status)


@dataclass(frozen=True)
class Ask:
    tenant: str
    question: str
    system: str
    model: str

    @property
    def partition(self) -> tuple[str, str, str]:
        return (self.tenant, self.system, self.model)


@dataclass
class Entry:
    question: str
    vector: list[float]
    answer: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    stored_at: float


@dataclass
class Stats:
    hits: int = 0
    misses: int = 0
    errors: int = 0
    tokens_saved: int = 0
    cost_saved_usd: float = 0.0

    def record_hit(self, entry: Entry) -> None:
        price_in, price_out = PRICES[entry.model]
        self.hits += 1
        self.tokens_saved += entry.prompt_tokens + entry.completion_tokens
        self.cost_saved_usd += (entry.prompt_tokens * price_in + entry.completion_tokens * price_out) / 1_000_000


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def is_tenant(value: Any) -> bool:
    return isinstance(value, str) and TENANT.match(value) is not None


def parse_ask(raw: bytes) -> Ask:
    """The request's fields, or a Failure naming the first invalid one."""
    if len(raw) > MAX_BODY_BYTES:
        raise Failure(400, "invalid_request", "body")
    try:
        body = json.loads(raw, parse_constant=_reject_constant)
    except ValueError:
        raise Failure(400, "invalid_request", "body") from None
    if not isinstance(body, dict):
        raise Failure(400, "invalid_request", "body")
    tenant, question = body.get("tenant"), body.get("question")
    system, model = body.get("system"), body.get("model")
    if not is_tenant(tenant):
        raise Failure(400, "invalid_request", "tenant")
    if not isinstance(question, str) or not question.strip() or len(question) > 2000:
        raise Failure(400, "invalid_request", "question")
    if system is not None and (not isinstance(system, str) or len(system) > 4000):
        raise Failure(400, "invalid_request", "system")
    if model is not None and (not isinstance(model, str) or model not in PRICES):
        raise Failure(400, "invalid_request", "model")
    return Ask(tenant, question, system or "", model or DEFAULT_MODEL)


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    return 0.0 if na == 0 or nb == 0 else dot / (na * nb)


async def upstream(call: Any) -> Any:
    """One attempt whose whole response must arrive within CALL_TIMEOUT_S; every failure becomes 502 or 504."""
    try:
        return await asyncio.wait_for(call, CALL_TIMEOUT_S)
    except (TimeoutError, asyncio.TimeoutError, openai.APITimeoutError):
        raise Failure(504, "upstream_timeout") from None
    except openai.OpenAIError:
        raise Failure(502, "upstream_error") from None


@dataclass
class Cache:
    """One server's entries, in-flight chat calls and statistics; nothing is shared between servers."""

    client: openai.AsyncOpenAI
    ttl_s: float
    partitions: dict[tuple[str, str, str], list[Entry]] = field(default_factory=dict)
    in_flight: dict[tuple[tuple[str, str, str], str], asyncio.Future[Entry]] = field(default_factory=dict)
    stats: dict[str, Stats] = field(default_factory=dict)

    def stats_for(self, tenant: str) -> Stats:
        return self.stats.setdefault(tenant, Stats())

    def lookup(self, partition: tuple[str, str, str], vector: list[float]) -> Entry | None:
        """The most similar live entry at or above the threshold; on equal similarity the one stored first."""
        now = time.monotonic()
        live = [e for e in self.partitions.get(partition, []) if now - e.stored_at < self.ttl_s]
        self.partitions[partition] = live
        best, best_score = None, -math.inf
        for entry in live:
            score = cosine(vector, entry.vector)
            if score >= THRESHOLD and score > best_score:
                best, best_score = entry, score
        return best

    async def ask(self, req: Ask) -> dict[str, Any]:
        stats = self.stats_for(req.tenant)
        try:
            reply = await self._answer(req, stats)
        except Failure:
            stats.errors += 1
            raise
        if not reply["cached"]:
            stats.misses += 1
        return reply

    async def _answer(self, req: Ask, stats: Stats) -> dict[str, Any]:
        res = await upstream(self.client.embeddings.create(model=EMBEDDING_MODEL, input=req.question))
        vector = list(res.data[0].embedding)

        match = self.lookup(req.partition, vector)
        if match is not None:
            stats.record_hit(match)
            return {"answer": match.answer, "cached": True, "matchedQuestion": match.question}

        key = (req.partition, req.question)
        running = self.in_flight.get(key)
        if running is not None:
            entry = await asyncio.shield(running)  # raises the leader's Failure
            stats.record_hit(entry)
            return {"answer": entry.answer, "cached": True, "matchedQuestion": req.question}

        flight: asyncio.Future[Entry] = asyncio.get_running_loop().create_future()
        self.in_flight[key] = flight
        try:
            entry = await self._call_model(req, vector)
            self.partitions.setdefault(req.partition, []).append(entry)
            flight.set_result(entry)
        except Failure as failure:
            flight.set_exception(failure)
            raise
        finally:
            del self.in_flight[key]
            if not flight.done():  # cancelled: the joined requests must not wait forever
                flight.set_exception(Failure(502, "upstream_error"))
            flight.exception()  # marks a failure as retrieved, so asyncio does not log it when nobody joined
        return {"answer": entry.answer, "cached": False, "matchedQuestion": None}

    async def _call_model(self, req: Ask, vector: list[float]) -> Entry:
        messages = [{"role": "system", "content": req.system}] if req.system else []
        messages.append({"role": "user", "content": req.question})
        completion = await upstream(
            self.client.chat.completions.create(model=req.model, messages=messages, temperature=0)
        )
        answer = completion.choices[0].message.content if completion.choices else None
        if not isinstance(answer, str):
            raise Failure(502, "upstream_error")
        usage = completion.usage
        return Entry(
            question=req.question,
            vector=vector,
            answer=answer,
            model=req.model,
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            stored_at=time.monotonic(),
        )


def build_app(cache: Cache) -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.exception_handler(StarletteHTTPException)
    async def not_found(_request: Request, _exc: StarletteHTTPException) -> JSONResponse:
        return Failure(404, "not_found").response()

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, _exc: Exception) -> JSONResponse:
        return Failure(500, "internal_error").response()

    @app.post("/ask")
    async def ask_route(request: Request) -> JSONResponse:
        try:
            return JSONResponse(await cache.ask(parse_ask(await request.body())))
        except Failure as failure:
            return failure.response()

    @app.get("/stats")
    async def stats_route(request: Request) -> JSONResponse:
        tenant = request.query_params.get("tenant")
        if not is_tenant(tenant):
            return Failure(400, "invalid_request", "tenant").response()
        s = cache.stats_for(tenant)
        return JSONResponse(
            {
                "tenant": tenant,
                "hits": s.hits,
                "misses": s.misses,
                "errors": s.errors,
                "tokensSaved": s.tokens_saved,
                "costSavedUsd": s.cost_saved_usd,
            }
        )

    return app


class _Runtime:
    """One event loop in a daemon thread serves every server; each server gets its own Cache."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.client = asyncio.run_coroutine_threadsafe(self._make_client(), self.loop).result()

    async def _make_client(self) -> openai.AsyncOpenAI:
        # Exactly one attempt per upstream call: the SDK's retries are off.
        client = openai.AsyncOpenAI(max_retries=0, timeout=5.0)
        try:
            # The first request pays for lazy imports and a connection; pay it before any test.
            await asyncio.wait_for(client.models.list(), 2.0)
        except (openai.OpenAIError, TimeoutError):
            pass
        return client

    async def serve(self, ttl_ms: int) -> int:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        app = build_app(Cache(self.client, ttl_ms / 1000))
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", http="h11")
        server = uvicorn.Server(config)
        self.loop.create_task(server.serve(sockets=[sock]))
        while not server.started:
            await asyncio.sleep(0.002)
        return sock.getsockname()[1]


_runtime = _Runtime()


def start(*, ttl_ms: int = 60000) -> int:
    """Starts a new, independent server on 127.0.0.1 at a free port and returns the port."""
    return asyncio.run_coroutine_threadsafe(_runtime.serve(ttl_ms), _runtime.loop).result(timeout=10)
