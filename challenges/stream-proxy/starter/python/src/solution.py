"""POST /chat/stream: relay a streamed chat completion to the client as server-sent events while it is produced.

Use http.server, FastAPI + uvicorn (StreamingResponse) or Flask, as you like; a server in a daemon thread is fine.
`openai.AsyncOpenAI()` / `openai.OpenAI()` read OPENAI_BASE_URL and OPENAI_API_KEY from the environment.
"""

from __future__ import annotations


def start() -> int:
    """Start a new HTTP server on 127.0.0.1 at a free port (bind port 0) and return that port.

    The server must be accepting connections when this returns; several servers may run at once in one process.
    """
    raise NotImplementedError
