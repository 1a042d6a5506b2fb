"""RAG chunking: overlapping word windows, with code-point offsets."""

import re
from typing import TypedDict


class ChunkOptions(TypedDict):
    maxWords: int
    overlap: int


class Chunk(TypedDict):
    text: str
    start: int
    end: int


# Exactly JavaScript's \s. Python's own \s (and str.split()) differs: it also matches U+001C-U+001F
# and U+0085, and it does not match U+FEFF.
_JS_WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_WORD = re.compile(f"[^{_JS_WHITESPACE}]+")


def _positive_int(value: object, name: str, minimum: int) -> int:
    # bool is a subclass of int, but True is not a word count.
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return value


def chunk(text: str, options: ChunkOptions) -> list[Chunk]:
    """Split ``text`` into windows of ``maxWords`` words, consecutive windows sharing ``overlap`` words."""
    max_words = _positive_int(options.get("maxWords"), "maxWords", 1)
    overlap = _positive_int(options.get("overlap"), "overlap", 0)
    if overlap >= max_words:
        raise ValueError(f"overlap ({overlap}) must be smaller than maxWords ({max_words})")

    spans = [m.span() for m in _WORD.finditer(text)]
    n = len(spans)
    step = max_words - overlap
    chunks: list[Chunk] = []
    first = 0
    while first < n:
        last = min(first + max_words, n) - 1
        start, end = spans[first][0], spans[last][1]
        chunks.append({"text": text[start:end], "start": start, "end": end})
        if last == n - 1:
            break
        first += step
    return chunks
