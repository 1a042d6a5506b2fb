"""Token-by-token PII redaction: split on whitespace, strip punctuation, classify each token."""
import re

PATTERNS = [
    ("api_key", re.compile(r"sk-[A-Za-z0-9_-]{20,}")),
    ("email", re.compile(r"[A-Za-z0-9_%+-][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    ("card", re.compile(r"[0-9](?:-?[0-9]){12,18}")),
    ("ipv4", re.compile(r"(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])")),
    ("phone", re.compile(r"(?:\+?1-)?(?:[0-9]{3}-[0-9]{3}-[0-9]{4}|[0-9]{3}\.[0-9]{3}\.[0-9]{4}|\([0-9]{3}\)[0-9]{3}-[0-9]{4})|\+[1-9][0-9]{7,14}")),
]
PLACEHOLDERS = {"email": "[EMAIL]", "phone": "[PHONE]", "card": "[CARD]", "api_key": "[API_KEY]", "ipv4": "[IPV4]"}
PUNCTUATION = "<>()[]{}\"'`,;:!?."


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number if c in "0123456789"]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def classify(token: str) -> str | None:
    for kind, pattern in PATTERNS:
        if pattern.fullmatch(token) and (kind != "card" or luhn_ok(token)):
            return kind
    return None


def redact(text: str) -> dict:
    found = []
    pieces = []
    cursor = 0
    pos = 0
    for raw in text.split():
        at = text.find(raw, pos)
        pos = at + len(raw)
        token = raw.strip(PUNCTUATION)
        if raw.lower().startswith("bearer") or not token:
            continue
        kind = classify(token)
        if kind is None:
            continue
        start = at + raw.index(token)
        end = start + len(token)
        pieces.append(text[cursor:start])
        pieces.append(PLACEHOLDERS[kind])
        found.append({"type": kind, "start": start, "end": end})
        cursor = end
    pieces.append(text[cursor:])
    return {"text": "".join(pieces), "found": found}
