"""Chunker built on str.split(): words are whatever Python considers whitespace-separated."""


def _validate(options: dict) -> tuple[int, int]:
    max_words = options["maxWords"]
    overlap = options["overlap"]
    for name, value, low in (("maxWords", max_words, 1), ("overlap", overlap, 0)):
        if type(value) is not int or value < low:
            raise ValueError(f"{name} must be an integer >= {low}")
    if overlap >= max_words:
        raise ValueError("overlap must be smaller than maxWords")
    return max_words, overlap


def chunk(text: str, options: dict) -> list[dict]:
    max_words, overlap = _validate(options)
    # Locate each word of str.split() in the original text to get its offsets.
    spans = []
    pos = 0
    for word in text.split():
        start = text.index(word, pos)
        pos = start + len(word)
        spans.append((start, pos))
    result = []
    i = 0
    while spans:
        window = spans[i : i + max_words]
        start, end = window[0][0], window[-1][1]
        result.append({"text": text[start:end], "start": start, "end": end})
        if i + max_words >= len(spans):
            break
        i += max_words - overlap
    return result
