"""PII redaction before fine-tuning (see the statement)."""

from typing import Literal, TypedDict

PiiType = Literal["email", "phone", "card", "api_key", "ipv4"]


class Finding(TypedDict):
    type: PiiType
    start: int  # code-point offset (a Python str index) of the match in the ORIGINAL text
    end: int  # code-point offset just past the match in the ORIGINAL text


class RedactResult(TypedDict):
    text: str  # the redacted text
    found: list[Finding]  # every match, ordered by start


def redact(text: str) -> RedactResult:
    """Replace every email, phone, card, API key and IPv4 address in ``text`` by its placeholder."""
    raise NotImplementedError
