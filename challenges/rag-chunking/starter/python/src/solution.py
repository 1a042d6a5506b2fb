"""RAG chunking: overlapping word windows (see the statement)."""

from typing import TypedDict


class ChunkOptions(TypedDict):
    maxWords: int  # maximum number of words per chunk
    overlap: int  # number of words shared by consecutive chunks


class Chunk(TypedDict):
    text: str  # exactly text[start:end]
    start: int  # code-point offset of the first character of the chunk's first word
    end: int  # code-point offset just past the last character of the chunk's last word


def chunk(text: str, options: ChunkOptions) -> list[Chunk]:
    """Split ``text`` into overlapping windows of ``options["maxWords"]`` words.

    Raises ``ValueError`` when the options are invalid.
    """
    raise NotImplementedError
