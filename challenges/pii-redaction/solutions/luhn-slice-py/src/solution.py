"""PII redaction with exact code-point offsets, no false positives and idempotent output."""

import re
from typing import Literal, NamedTuple, TypedDict

PiiType = Literal["email", "phone", "card", "api_key", "ipv4"]


class Finding(TypedDict):
    type: PiiType
    start: int
    end: int


class RedactResult(TypedDict):
    text: str
    found: list[Finding]


class _Candidate(NamedTuple):
    start: int
    end: int
    type: PiiType


PLACEHOLDER: dict[str, str] = {
    "api_key": "[API_KEY]",
    "email": "[EMAIL]",
    "card": "[CARD]",
    "ipv4": "[IPV4]",
    "phone": "[PHONE]",
}
PRIORITY = {name: rank for rank, name in enumerate(PLACEHOLDER)}

# Letters and digits are ASCII only: str.isalnum(), str.isdigit() and re's \d, \w accept far more (é, ４, ٣).
_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_DIGITS = frozenset("0123456789")
_BLOCK_BEFORE = frozenset("_.-+%@")
_BLOCK_AFTER = frozenset("_-+%@(")

_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")
_TLD = re.compile(r"[A-Za-z]{2,}")
_DIGIT_RUN = re.compile(r"[0-9](?:[ -]?[0-9])*")
# Zero-width look-aheads find candidates at every start position, overlapping ones included. An address's octets are
# 0-255 without leading zeros; the look-behind skips starts that rule N1 refuses anyway (long runs of "1.1.1.").
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = re.compile(rf"(?<![A-Za-z0-9_.+%@-])(?=({_OCTET}(?:\.{_OCTET}){{3}})(?![0-9]))")
_NANP = r"(?:[0-9]{3}(?P<sep>[-. ])[0-9]{3}(?P=sep)[0-9]{4}|\([0-9]{3}\) ?[0-9]{3}-[0-9]{4})"
_PHONES = (re.compile(f"(?=({_NANP}))"), re.compile(rf"(?=(\+?1[ -]{_NANP}))"))
_INTERNATIONAL = re.compile(r"\+[0-9](?:[ -]?[0-9])*")
_SK_KEY = re.compile(r"sk-[A-Za-z0-9_-]*")
_BEARER = re.compile(r"bearer[ \t]+([A-Za-z0-9._-]+)", re.IGNORECASE | re.ASCII)


def _at(text: str, i: int) -> str:
    return text[i] if 0 <= i < len(text) else ""


def _neighbours_ok(text: str, start: int, end: int) -> bool:
    """Rules N1, N2 and N3 of the statement."""
    before, after = _at(text, start - 1), _at(text, end)
    if before in _ALNUM or before in _BLOCK_BEFORE:
        return False
    if after in _ALNUM or after in _BLOCK_AFTER:
        return False
    if after == "." and _at(text, end + 1) in _ALNUM:
        return False
    if text[end - 1] in _DIGITS and after == " " and _at(text, end + 1) in _DIGITS:
        return False
    if text[start] in _DIGITS and before == " " and _at(text, start - 2) in _DIGITS:
        return False
    return True


def _luhn(digits: str) -> bool:
    reversed_digits = [int(d) for d in digits[::-1]]
    doubled = [d * 2 - 9 if d > 4 else d * 2 for d in reversed_digits[::2]]
    return (sum(doubled) + sum(reversed_digits[1::2])) % 10 == 0


def _emails(text: str) -> list[_Candidate]:
    found = []
    at = text.find("@")
    while at != -1:
        start = at
        while start > 0 and (text[start - 1] in _ALNUM or text[start - 1] in "._%+-"):
            start -= 1
        labels = _DOMAIN.match(text, at + 1)
        if start < at and text[start] != "." and labels:
            parts = labels.group().split(".")
            # The longest prefix of labels that ends in a letters-only top-level domain, with two labels or more.
            k = next((k for k in range(len(parts), 1, -1) if _TLD.fullmatch(parts[k - 1])), 0)
            end = at + 1 + len(".".join(parts[:k]))
            if k and _neighbours_ok(text, start, end):
                found.append(_Candidate(start, end, "email"))
        at = text.find("@", at + 1)
    return found


def _cards(text: str) -> list[_Candidate]:
    found = []
    for m in _DIGIT_RUN.finditer(text):
        digits = m.group().replace(" ", "").replace("-", "")
        if 13 <= len(digits) <= 19 and _luhn(digits) and _neighbours_ok(text, m.start(), m.end()):
            found.append(_Candidate(m.start(), m.end(), "card"))
    return found


def _ipv4s(text: str) -> list[_Candidate]:
    found = []
    for m in _IPV4.finditer(text):
        if _neighbours_ok(text, m.start(1), m.end(1)):
            found.append(_Candidate(m.start(1), m.end(1), "ipv4"))
    return found


def _phones(text: str) -> list[_Candidate]:
    found = []
    for pattern in _PHONES:
        for m in pattern.finditer(text):
            if _neighbours_ok(text, m.start(1), m.end(1)):
                found.append(_Candidate(m.start(1), m.end(1), "phone"))
    for m in _INTERNATIONAL.finditer(text):
        digits = m.group()[1:].replace(" ", "").replace("-", "")
        if digits[0] != "0" and 8 <= len(digits) <= 15 and _neighbours_ok(text, m.start(), m.end()):
            found.append(_Candidate(m.start(), m.end(), "phone"))
    return found


def _api_keys(text: str) -> list[_Candidate]:
    found = []
    for m in _SK_KEY.finditer(text):
        if len(m.group()) - 3 >= 20 and _neighbours_ok(text, m.start(), m.end()):
            found.append(_Candidate(m.start(), m.end(), "api_key"))
    m = _BEARER.search(text)
    while m:
        keyword_ok = _at(text, m.start() - 1) not in _ALNUM and _at(text, m.start() - 1) not in _BLOCK_BEFORE
        token = m.group(1).rstrip(".")
        start = m.start(1)
        if keyword_ok and len(token) >= 20 and _neighbours_ok(text, start, start + len(token)):
            found.append(_Candidate(start, start + len(token), "api_key"))
        m = _BEARER.search(text, m.start() + 1)
    return found


def redact(text: str) -> RedactResult:
    """Replace every email, phone, card, API key and IPv4 address in ``text`` by its placeholder."""
    candidates = _api_keys(text) + _emails(text) + _cards(text) + _ipv4s(text) + _phones(text)
    candidates.sort(key=lambda c: (c.start, c.start - c.end, PRIORITY[c.type]))
    pieces: list[str] = []
    found: list[Finding] = []
    cursor = 0
    for c in candidates:
        if c.start < cursor:
            continue
        pieces.append(text[cursor : c.start])
        pieces.append(PLACEHOLDER[c.type])
        found.append({"type": c.type, "start": c.start, "end": c.end})
        cursor = c.end
    pieces.append(text[cursor:])
    return {"text": "".join(pieces), "found": found}
