/** Solutions for the `test/fixtures/python-probe` challenge, shared by the host-side and in-image Python tests. */

/** The reference's functions; a case replaces or adds some by appending Python source after these. */
export const PYTHON_PROBE_REFERENCE = `
import asyncio
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def add(a, b):
    return a + b


def check_positive(x):
    if x <= 0:
        raise ValueError("x must be positive")
    return x


async def double_later(x):
    await asyncio.sleep(0.01)
    return x * 2


def vectors():
    import numpy as np
    from pydantic import BaseModel

    class Model(BaseModel):
        name: str
        tags: list[str]

    return {"array": np.array([[1, 2], [3, 4]]), "scalar": np.float64(2.5), "model": Model(name="m", tags=["a"]), "pair": (1, "x")}


class Ping(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def start():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Ping)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def shout(x):
    return x.upper()


def chunk_words(text, *, max_words=10):
    words = text.split()
    return [words[i:i + max_words] for i in range(0, len(words), max_words)]
`;

/** Appended to the reference: `start()` becomes an async def serving a FastAPI app with uvicorn on the host's loop. */
export const FASTAPI_START = `
import uvicorn
from fastapi import FastAPI

app = FastAPI()


@app.get("/ping")
async def ping():
    return {"ok": True}


async def start():
    import socket
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    asyncio.get_running_loop().create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    return sock.getsockname()[1]
`;
