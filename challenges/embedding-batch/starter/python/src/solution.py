"""Batch embeddings under rate limits: token-aware batches, bounded concurrency, retries, resume.

Available: the standard library (concurrent.futures, asyncio, threading, json, urllib), openai, httpx, tiktoken,
tenacity, numpy, pydantic. For example:
    from openai import OpenAI
    client = OpenAI(max_retries=0)
    import tiktoken
    encoding = tiktoken.get_encoding("cl100k_base")  # len(encoding.encode(text, disallowed_special=()))
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict


class Doc(TypedDict):
    id: str  # unique within one call
    text: str


class CheckpointEntry(TypedDict):
    text: str  # the exact text that was embedded
    vector: list[float]  # its embedding (64 numbers)


class Checkpoint(TypedDict):
    entries: list[CheckpointEntry]


class EmbedOptions(TypedDict, total=False):
    maxBatchSize: int  # N: at most this many inputs per request (default 16)
    maxBatchTokens: int  # T: at most this many cl100k_base tokens per request (default 8000)
    concurrency: int  # C: at most this many requests in flight (default 4)
    maxAttempts: int  # R: at most this many requests per batch, the first one included (default 3)
    timeoutMs: int  # a request not completely answered after this many ms is abandoned (default 10000)
    checkpoint: Checkpoint | None  # what an earlier run returned


class DocError(TypedDict):
    code: Literal["empty_text", "too_many_tokens", "request_failed"]
    tokens: NotRequired[int]  # too_many_tokens only
    status: NotRequired[int | None]  # request_failed only
    attempts: NotRequired[int]  # request_failed only


class Stats(TypedDict):
    embedded: int
    reused: int
    failed: int
    requests: int


class EmbedResult(TypedDict):
    results: list[dict[str, Any]]  # {"id", "vector"} or {"id", "error": DocError}, in the order of docs
    checkpoint: Checkpoint  # pass it to the next run as options["checkpoint"]
    stats: Stats


def embed_all(docs: list[Doc], options: EmbedOptions | None = None) -> EmbedResult:
    """Embed every document with text-embedding-3-small (64 dimensions), as the statement describes."""
    raise NotImplementedError
