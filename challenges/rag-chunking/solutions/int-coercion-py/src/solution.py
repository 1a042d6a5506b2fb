"""Chunker that coerces its options with int() instead of checking them."""
import re

_WORD = re.compile(r"[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")


def chunk(text: str, options: dict) -> list[dict]:
    max_words = int(options["maxWords"])
    overlap = int(options["overlap"])
    if max_words < 1 or overlap < 0 or overlap >= max_words:
        raise ValueError("need 0 <= overlap < maxWords")
    bounds = [m.span() for m in _WORD.finditer(text)]
    out = []
    k = 0
    while k * (max_words - overlap) < len(bounds):
        first = k * (max_words - overlap)
        last = min(first + max_words, len(bounds)) - 1
        start, end = bounds[first][0], bounds[last][1]
        out.append({"text": text[start:end], "start": start, "end": end})
        if last == len(bounds) - 1:
            break
        k += 1
    return out
