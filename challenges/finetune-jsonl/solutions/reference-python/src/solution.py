"""Chat rows to validated OpenAI fine-tuning JSONL, with a seeded, order-independent train/validation split."""

from __future__ import annotations

import hashlib
import json
import math
import re
from typing import Any, TypedDict, TypeGuard

import tiktoken

ROLES = frozenset({"system", "user", "assistant"})
MESSAGE_KEYS = frozenset({"role", "content", "name", "weight"})
# What json.dumps leaves raw that line-oriented tools split on, and lone surrogates (JSON.stringify escapes them).
_UNSAFE = re.compile("[\u2028\u2029\u0085\ud800-\udfff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# Loaded with the module (about 0.3 s), not inside the first call that needs it.
_encoding = tiktoken.get_encoding("o200k_base")


class RowError(TypedDict):
    row: int
    code: str
    message: str


class FineTuneResult(TypedDict):
    train: str
    validation: str
    errors: list[RowError]


class RowProblem(Exception):
    """The first problem of a row: its error code and an explanation."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _tokens(text: str, cache: dict[str, int]) -> int:
    count = cache.get(text)
    if count is None:
        count = cache[text] = len(_encoding.encode_ordinary(text))
    return count


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_options(rows: Any, options: Any) -> tuple[float, str, int | None]:
    if not isinstance(options, dict):
        raise ValueError("options must be a dict")
    fraction = options.get("validationFraction")
    if not _is_number(fraction) or math.isnan(fraction) or not 0 <= fraction <= 1:
        raise ValueError("validationFraction must be a number from 0 to 1")
    seed = options.get("seed")
    if not isinstance(seed, str):
        raise ValueError("seed must be a string")
    max_tokens = None
    if "maxTokens" in options:
        max_tokens = options["maxTokens"]
        if not _is_number(max_tokens) or not float(max_tokens).is_integer() or max_tokens < 1:
            raise ValueError("maxTokens must be an integer >= 1")
        max_tokens = int(max_tokens)
    if not isinstance(rows, list):
        raise ValueError("rows must be a list")
    return float(fraction), seed, max_tokens


def _check_message(index: int, message: Any) -> None:
    if not isinstance(message, dict) or "role" not in message or "content" not in message:
        raise RowProblem("message_missing_key", f"message {index} needs the keys role and content")
    extra = sorted(str(k) for k in message if k not in MESSAGE_KEYS)
    if extra:
        raise RowProblem("message_unrecognized_key", f"message {index} has unrecognized keys: {', '.join(extra)}")
    role = message["role"]
    if not isinstance(role, str) or role not in ROLES:
        raise RowProblem("unrecognized_role", f"message {index} has an unrecognized role {role!r}")
    content = message["content"]
    if not isinstance(content, str) or not content.strip():
        raise RowProblem("missing_content", f"message {index} has no text content")
    if "weight" in message:
        weight = message["weight"]
        if role != "assistant" or not _is_number(weight) or weight not in (0, 1):
            raise RowProblem("invalid_weight", f"message {index}: weight must be 0 or 1, on assistant messages only")


def _check_row(row: Any, max_tokens: int | None, counts: dict[str, int]) -> list[dict[str, Any]]:
    if not isinstance(row, dict):
        raise RowProblem("data_type", "the row is not an object")
    messages = row.get("messages")
    if not isinstance(messages, list) or not messages:
        raise RowProblem("missing_messages_list", "the row needs a non-empty messages list")
    for index, message in enumerate(messages):
        _check_message(index, message)
    if not any(m["role"] == "assistant" for m in messages):
        raise RowProblem("example_missing_assistant_message", "the example has no assistant message")
    if max_tokens is not None:
        count = sum(_tokens(m["content"], counts) for m in messages)
        if count > max_tokens:
            raise RowProblem("too_many_tokens", f"the example has {count} tokens, more than {max_tokens}")
    return messages


def _canonical(message: dict[str, Any]) -> dict[str, Any]:
    out = {"role": message["role"], "content": message["content"]}
    for key in ("name", "weight"):
        if key in message:
            out[key] = message[key]
    return out


def _line(messages: list[dict[str, Any]]) -> str:
    text = json.dumps({"messages": [_canonical(m) for m in messages]}, ensure_ascii=False, separators=(",", ":"))
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # Node encodes a lone surrogate (here only possible in the seed) as U+FFFD; do the same so the hash matches.
        return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


def _split_x(seed: str, line: str) -> float:
    digest = hashlib.sha256(_utf8(f"{seed}\n{line}")).hexdigest()
    return int(digest[:8], 16) / 2**32


def to_fine_tune_jsonl(rows: list[Any], options: dict[str, Any]) -> FineTuneResult:
    """Validate every row, write the valid ones as JSONL and split them into train and validation files."""
    fraction, seed, max_tokens = _check_options(rows, options)
    train: list[str] = []
    validation: list[str] = []
    errors: list[RowError] = []
    counts: dict[str, int] = {}  # token counts of the contents seen in this call (system prompts repeat)
    for index, row in enumerate(rows):
        try:
            messages = _check_row(row, max_tokens, counts)
        except RowProblem as problem:
            errors.append({"row": index, "code": problem.code, "message": str(problem)})
            continue
        line = _line(messages)
        (validation if _split_x(seed, line) < fraction else train).append(line + "\n")
    return {"train": "".join(train), "validation": "".join(validation), "errors": errors}
