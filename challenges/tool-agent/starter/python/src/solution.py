"""POST /agent: a tool-calling agent loop (search, calculator) over a chat model.

Use http.server, FastAPI + uvicorn or Flask, as you like; a server running in a daemon thread is fine.
`openai.OpenAI()` / `openai.AsyncOpenAI()` read OPENAI_BASE_URL and OPENAI_API_KEY from the environment.
"""

from __future__ import annotations


def start(*, corpus: list[dict]) -> int:
    """Start a new, independent HTTP server on 127.0.0.1 at a free port (bind port 0) and return that port.

    corpus: a list of {"id": str, "text": str}, the documents the `search` tool searches, for this server only.
    The server must be accepting connections when this returns; several servers may run at once in one process.
    """
    raise NotImplementedError
