"""Chunker that strips the document first and reports offsets into the stripped string."""
import re
from typing import Any

_WORD = re.compile(r"[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")


def _check(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return value


def chunk(text: str, options: dict[str, Any]) -> list[dict[str, Any]]:
    max_words = _check(options["maxWords"], "maxWords", 1)
    overlap = _check(options["overlap"], "overlap", 0)
    if overlap >= max_words:
        raise ValueError("overlap must be smaller than maxWords")
    body = text.strip()  # leading/trailing whitespace is never part of a chunk
    spans = [m.span() for m in _WORD.finditer(body)]
    result: list[dict[str, Any]] = []
    first = 0
    while first < len(spans):
        last = min(first + max_words, len(spans)) - 1
        start, end = spans[first][0], spans[last][1]
        result.append({"text": body[start:end], "start": start, "end": end})
        if last == len(spans) - 1:
            break
        first += max_words - overlap
    return result
