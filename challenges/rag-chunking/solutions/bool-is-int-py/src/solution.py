"""Chunker whose option check is isinstance(value, int), which a bool passes."""
import re
from typing import TypedDict

_NOT_SPACE = re.compile("[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")


class Chunk(TypedDict):
    text: str
    start: int
    end: int


def chunk(text: str, options: dict[str, int]) -> list[Chunk]:
    max_words = options["maxWords"]
    overlap = options["overlap"]
    if not isinstance(max_words, int) or max_words < 1:
        raise ValueError(f"maxWords must be a positive integer, got {max_words!r}")
    if not isinstance(overlap, int) or overlap < 0:
        raise ValueError(f"overlap must be a non-negative integer, got {overlap!r}")
    if overlap >= max_words:
        raise ValueError("overlap must be smaller than maxWords")
    spans = [(m.start(), m.end()) for m in _NOT_SPACE.finditer(text)]
    chunks: list[Chunk] = []
    step = max_words - overlap
    for first in range(0, len(spans), step):
        last = min(first + max_words, len(spans)) - 1
        start, end = spans[first][0], spans[last][1]
        chunks.append(Chunk(text=text[start:end], start=start, end=end))
        if last == len(spans) - 1:
            break
    return chunks
