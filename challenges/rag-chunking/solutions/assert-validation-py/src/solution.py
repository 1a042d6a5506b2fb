"""Chunker that validates its options with assert statements."""
import re

SEPARATORS = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
WORD_RE = re.compile("[^" + re.escape(SEPARATORS) + "]+")


def chunk(text, options):
    max_words, overlap = options["maxWords"], options["overlap"]
    assert isinstance(max_words, int) and max_words >= 1, "maxWords must be a positive integer"
    assert isinstance(overlap, int) and overlap >= 0, "overlap must be a non-negative integer"
    assert overlap < max_words, "overlap must be smaller than maxWords"

    words = [m.span() for m in WORD_RE.finditer(text)]
    chunks = []
    start_word = 0
    while start_word < len(words):
        end_word = min(start_word + max_words, len(words))
        begin, finish = words[start_word][0], words[end_word - 1][1]
        chunks.append({"text": text[begin:finish], "start": begin, "end": finish})
        if end_word == len(words):
            break
        start_word += max_words - overlap
    return chunks
