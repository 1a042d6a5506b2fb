"""Chunker that reports UTF-16 offsets (the TypeScript rule) instead of Python string indices."""
import itertools
import re

_WORD = re.compile(r"[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")


def _valid(value: object, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def chunk(text: str, options: dict) -> list[dict]:
    max_words, overlap = options["maxWords"], options["overlap"]
    if not _valid(max_words, 1) or not _valid(overlap, 0) or overlap >= max_words:
        raise ValueError("maxWords must be an integer >= 1 and 0 <= overlap < maxWords")
    # utf16[i] = UTF-16 offset of code point i, as JavaScript's String.prototype.slice counts.
    utf16 = [0, *itertools.accumulate(2 if ord(ch) > 0xFFFF else 1 for ch in text)]
    spans = [m.span() for m in _WORD.finditer(text)]
    chunks = []
    for first in range(0, len(spans), max_words - overlap):
        last = min(first + max_words, len(spans)) - 1
        s, e = spans[first][0], spans[last][1]
        chunks.append({"text": text[s:e], "start": utf16[s], "end": utf16[e]})
        if last == len(spans) - 1:
            break
    return chunks
