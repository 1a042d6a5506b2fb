"""POST /chat/stream with Flask: a streamed response from a generator, completed answers cached for 60 s."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import openai
from flask import Flask, Response, request, stream_with_context
from werkzeug.serving import make_server

ROLES = {"system", "user", "assistant"}
# httpx's timeout applies to every read: no byte for 300 ms ends the stream.
client = openai.OpenAI(max_retries=0, timeout=0.3)


def event(payload: dict[str, Any]) -> str:
    return f"data: {json.dumps(payload)}\n\n"


def bad_request(field: str, message: str) -> Response:
    body = {"error": {"code": "invalid_request", "details": [{"field": field, "message": message}]}}
    return Response(json.dumps(body), status=400, mimetype="application/json")


def valid(messages: Any) -> bool:
    if not isinstance(messages, list) or not 1 <= len(messages) <= 32:
        return False
    for m in messages:
        if not isinstance(m, dict) or m.get("role") not in ROLES:
            return False
        if not isinstance(m.get("content"), str) or not m["content"].strip():
            return False
    return messages[-1]["role"] == "user"


def upstream_events(messages: list[dict[str, str]]) -> Iterator[tuple[str, bool]]:
    """(event, completed) pairs: completed is True only on the final done event."""
    try:
        stream = client.chat.completions.create(
            model="gpt-4o-mini", messages=messages, stream=True, stream_options={"include_usage": True}
        )
    except openai.APITimeoutError:
        yield event({"error": {"code": "upstream_timeout"}}), False
        return
    except openai.OpenAIError:
        yield event({"error": {"code": "upstream_error"}}), False
        return
    with stream:
        finished, usage = False, None
        try:
            for chunk in stream:
                if chunk.choices:
                    choice = chunk.choices[0]
                    if choice.delta.content:
                        yield event({"delta": choice.delta.content}), False
                    finished = finished or choice.finish_reason is not None
                if chunk.usage is not None:
                    usage = chunk.usage
        except openai.APITimeoutError:
            yield event({"error": {"code": "upstream_timeout"}}), False
            return
        except Exception:
            yield event({"error": {"code": "upstream_error"}}), False
            return
        if not finished or usage is None:
            yield event({"error": {"code": "upstream_error"}}), False
            return
        totals = {"prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens,
                  "total_tokens": usage.total_tokens}
        yield event({"done": True, "usage": totals}), True


def create_app() -> Flask:
    app = Flask(__name__)
    cache: dict[str, tuple[float, list[str]]] = {}
    lock = threading.Lock()

    @app.post("/chat/stream")
    def chat_stream() -> Response:
        try:
            body = json.loads(request.get_data())
        except ValueError:
            return bad_request("body", "not JSON")
        if not isinstance(body, dict):
            return bad_request("body", "not a JSON object")
        if not valid(body.get("messages")):
            return bad_request("messages", "invalid messages")
        messages = [{"role": m["role"], "content": m["content"]} for m in body["messages"]]
        key = json.dumps(messages)
        with lock:
            hit = cache.get(key)
        if hit and hit[0] > time.monotonic():
            return Response(iter(hit[1]), mimetype="text/event-stream")

        def generate() -> Iterator[str]:
            sent: list[str] = []
            for text, completed in upstream_events(messages):
                sent.append(text)
                yield text
                if completed:
                    with lock:
                        cache[key] = (time.monotonic() + 60, sent)

        return Response(stream_with_context(generate()), mimetype="text/event-stream")

    @app.errorhandler(404)
    @app.errorhandler(405)
    def not_found(_error: Exception) -> Response:
        return Response(json.dumps({"error": {"code": "not_found"}}), status=404, mimetype="application/json")

    return app


def start() -> int:
    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.port
