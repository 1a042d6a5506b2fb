"""POST /ask and GET /stats: a semantic cache in front of a chat model.

Use http.server, FastAPI + uvicorn or Flask, as you like; a server running in a daemon thread is fine.
`openai.OpenAI()` / `openai.AsyncOpenAI()` read OPENAI_BASE_URL and OPENAI_API_KEY from the environment.
"""

from __future__ import annotations


def start(*, ttl_ms: int = 60000) -> int:
    """Start a new, independent HTTP server on 127.0.0.1 at a free port (bind port 0) and return that port.

    ttl_ms: how long a cached answer lives, in milliseconds. The server must be accepting connections when this
    returns; several servers may run at once in one process, each with its own cache and statistics.
    """
    raise NotImplementedError
