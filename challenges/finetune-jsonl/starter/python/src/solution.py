"""Fine-tuning JSONL: validate chat rows, write them as JSONL and split them into train and validation files.

Available: the standard library (hashlib for SHA-256, json) and tiktoken, e.g.
    import hashlib
    import tiktoken
    encoding = tiktoken.get_encoding("o200k_base")
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

ErrorCode = Literal[
    "data_type",
    "missing_messages_list",
    "message_missing_key",
    "message_unrecognized_key",
    "unrecognized_role",
    "missing_content",
    "invalid_weight",
    "example_missing_assistant_message",
    "too_many_tokens",
]


class FineTuneOptions(TypedDict):
    validationFraction: float  # share of the valid rows that goes to "validation", from 0 to 1
    seed: str  # seed of the split
    maxTokens: NotRequired[int]  # optional limit on the tokens of one example


class RowError(TypedDict):
    row: int  # index of the row in `rows` (0-based)
    code: ErrorCode
    message: str  # a human-readable explanation (any non-empty text)


class FineTuneResult(TypedDict):
    train: str  # JSONL text of the training rows
    validation: str  # JSONL text of the validation rows
    errors: list[RowError]  # one entry per invalid row, ordered by "row"


def to_fine_tune_jsonl(rows: list[Any], options: FineTuneOptions) -> FineTuneResult:
    """Validate every row, write the valid ones as JSONL lines and split them by the seeded SHA-256 rule."""
    raise NotImplementedError
