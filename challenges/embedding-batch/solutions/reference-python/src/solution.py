"""Batch embeddings under rate limits: token-aware batches, bounded concurrency, retries, resume."""

from __future__ import annotations

import math
import os
import re
import threading
import time
from typing import Any

import httpx
import tiktoken

MODEL = "text-embedding-3-small"
DIMENSIONS = 64
_ENCODING = tiktoken.get_encoding("cl100k_base")


def _count_tokens(text: str) -> int:
    return len(_ENCODING.encode(text, disallowed_special=()))


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _int_option(options: dict, name: str, low: int, high: int | None, default: int) -> int:
    v = options.get(name)
    if v is None:
        return default
    if not _is_int(v) or v < low or (high is not None and v > high):
        raise ValueError(f"{name} must be an integer >= {low}")
    return v


def _wait_seconds(headers: httpx.Headers | None) -> float:
    """retry-after-ms (milliseconds), else retry-after (whole seconds), else 50 ms."""
    if headers is not None:
        ms = headers.get("retry-after-ms")
        if ms is not None and ms.strip() != "":
            try:
                n = float(ms)
                if math.isfinite(n) and n >= 0:
                    return n / 1000
            except ValueError:
                pass
        s = headers.get("retry-after")
        if s is not None and re.fullmatch(r"\d+", s.strip()):
            return int(s.strip())
    return 0.05


def _attempt(client: httpx.Client, texts: list[str], timeout_s: float) -> dict:
    """One request: {"vectors"} on success, else {"status", "retryable", "headers"}."""
    try:
        res = client.post(
            "/embeddings",
            json={"model": MODEL, "input": texts, "dimensions": DIMENSIONS, "encoding_format": "float"},
            timeout=timeout_s,
        )
    except httpx.HTTPError:
        return {"status": None, "retryable": True, "headers": None}
    if res.status_code == 200:
        try:
            data = res.json()["data"]
            vectors: list[Any] = [None] * len(texts)
            for item in data:
                vectors[item["index"]] = item["embedding"]
            if any(v is None for v in vectors):
                raise ValueError("missing vector")
            return {"vectors": vectors}
        except (ValueError, KeyError, TypeError, IndexError):
            return {"status": None, "retryable": True, "headers": None}
    status = res.status_code
    retryable = status == 429 or 500 <= status <= 599
    return {"status": status, "retryable": retryable, "headers": res.headers}


def embed_all(docs: list[dict], options: dict | None = None) -> dict:
    if not isinstance(docs, list):
        raise ValueError("docs must be a list")
    if options is not None and not isinstance(options, dict):
        raise ValueError("options must be a dict")
    opts = options or {}
    ids: set[str] = set()
    for d in docs:
        if not isinstance(d, dict) or not isinstance(d.get("id"), str) or not isinstance(d.get("text"), str):
            raise ValueError("each document needs a string id and a string text")
        if d["id"] in ids:
            raise ValueError(f"duplicate id: {d['id']}")
        ids.add(d["id"])
    max_batch_size = _int_option(opts, "maxBatchSize", 1, 2048, 16)
    max_batch_tokens = _int_option(opts, "maxBatchTokens", 1, None, 8000)
    concurrency = _int_option(opts, "concurrency", 1, None, 4)
    max_attempts = _int_option(opts, "maxAttempts", 1, None, 3)
    timeout_ms = _int_option(opts, "timeoutMs", 1, None, 10000)

    known: dict[str, list] = {}
    kept: list[dict] = []
    cp = opts.get("checkpoint")
    if cp is not None:
        if not isinstance(cp, dict) or not isinstance(cp.get("entries"), list):
            raise ValueError("checkpoint.entries must be a list")
        for e in cp["entries"]:
            if not isinstance(e, dict) or not isinstance(e.get("text"), str) or not isinstance(e.get("vector"), list):
                raise ValueError("invalid checkpoint entry")
            kept.append(e)
            known.setdefault(e["text"], e["vector"])

    # What happens to each document: settled now, or waiting for a pending text.
    decisions: list[dict] = []
    pending: list[tuple[str, int]] = []
    pending_texts: set[str] = set()
    for d in docs:
        text = d["text"]
        if text == "":
            decisions.append({"error": {"code": "empty_text"}})
            continue
        tokens = _count_tokens(text)
        if tokens > max_batch_tokens:
            decisions.append({"error": {"code": "too_many_tokens", "tokens": tokens}})
            continue
        if text in known:
            decisions.append({"vector": known[text], "reused": True})
            continue
        if text in pending_texts:
            decisions.append({"text": text, "reused": True})
            continue
        pending_texts.add(text)
        pending.append((text, tokens))
        decisions.append({"text": text, "reused": False})

    # Greedy packing, in order, by count and tokens.
    batches: list[list[str]] = []
    current: list[str] = []
    current_tokens = 0
    for text, tokens in pending:
        if current and (len(current) + 1 > max_batch_size or current_tokens + tokens > max_batch_tokens):
            batches.append(current)
            current, current_tokens = [], 0
        current.append(text)
        current_tokens += tokens
    if current:
        batches.append(current)

    outcomes: dict[str, dict] = {}
    fresh: list[dict] = []
    lock = threading.Lock()
    state = {"next": 0, "requests": 0}
    base_url = os.environ.get("OPENAI_BASE_URL", "https://api.openai.com/v1").rstrip("/")
    headers = {"authorization": f"Bearer {os.environ.get('OPENAI_API_KEY', '')}"}
    timeout_s = timeout_ms / 1000

    def run(client: httpx.Client, texts: list[str]) -> None:
        attempts = 0
        while True:
            attempts += 1
            with lock:
                state["requests"] += 1
            r = _attempt(client, texts, timeout_s)
            if "vectors" in r:
                with lock:
                    for t, v in zip(texts, r["vectors"]):
                        outcomes[t] = {"vector": v}
                        fresh.append({"text": t, "vector": v})
                return
            if not r["retryable"] or attempts >= max_attempts:
                with lock:
                    for t in texts:
                        outcomes[t] = {"error": {"code": "request_failed", "status": r["status"], "attempts": attempts}}
                return
            time.sleep(_wait_seconds(r["headers"]))

    def worker(client: httpx.Client) -> None:
        while True:
            with lock:
                if state["next"] >= len(batches):
                    return
                batch = batches[state["next"]]
                state["next"] += 1
            run(client, batch)

    if batches:
        workers = min(concurrency, len(batches))
        limits = httpx.Limits(max_connections=workers, max_keepalive_connections=workers)
        with httpx.Client(base_url=base_url, headers=headers, limits=limits) as client:
            threads = [threading.Thread(target=worker, args=(client,), daemon=True) for _ in range(workers)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()

    stats = {"embedded": 0, "reused": 0, "failed": 0, "requests": state["requests"]}
    results: list[dict] = []
    for d, dec in zip(docs, decisions):
        got = outcomes[dec["text"]] if "text" in dec else dec
        if "error" in got:
            stats["failed"] += 1
            results.append({"id": d["id"], "error": dict(got["error"])})
            continue
        if dec["reused"]:
            stats["reused"] += 1
        else:
            stats["embedded"] += 1
        results.append({"id": d["id"], "vector": got["vector"]})
    return {"results": results, "checkpoint": {"entries": kept + fresh}, "stats": stats}
