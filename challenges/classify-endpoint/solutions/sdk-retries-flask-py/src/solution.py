"""POST /classify with Flask: the openai SDK does the retries (max_retries=2, so 3 attempts) and the timeout."""

from __future__ import annotations

import json
import threading
from typing import Any

import openai
from flask import Flask, Response, request
from werkzeug.serving import make_server

# The SDK retries 429/5xx/connection errors itself, honouring retry-after; 3 attempts in total, 300 ms each.
client = openai.OpenAI(max_retries=2, timeout=0.3)


def reply(status: int, body: dict[str, Any]) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


def problem(status: int, code: str, **extra: Any) -> Response:
    return reply(status, {"error": {"code": code, **extra}})


def check(body: Any) -> list[dict[str, str]]:
    if not isinstance(body, dict):
        return [{"field": "body", "message": "the body must be a JSON object"}]
    details = []
    text = body.get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > 2000:
        details.append({"field": "text", "message": "text must be a non-blank string of at most 2000 characters"})
    labels = body.get("labels")
    if (
        not isinstance(labels, list)
        or not 2 <= len(labels) <= 10
        or not all(isinstance(x, str) and x.strip() for x in labels)
        or len({x.strip().lower() for x in labels}) != len(labels)
    ):
        details.append({"field": "labels", "message": "labels must be 2 to 10 distinct non-blank strings"})
    return details


def classify(text: str, labels: list[str]) -> Response:
    listed = ", ".join(json.dumps(x) for x in labels)
    try:
        raw = client.chat.completions.with_raw_response.create(
            model="gpt-4o-mini",
            temperature=0,
            response_format={"type": "json_object"},
            messages=[
                {"role": "system", "content": f'Pick the label of the ticket among {listed}. Answer {{"label": "<label>"}}.'},
                {"role": "user", "content": text},
            ],
        )
    except openai.APITimeoutError:
        return problem(504, "upstream_timeout")
    except openai.APIStatusError as exc:
        if exc.status_code == 429 or exc.status_code >= 500:
            return problem(503, "upstream_unavailable")
        return problem(500, "internal_error")
    except openai.APIConnectionError:
        return problem(503, "upstream_unavailable")
    try:
        label = json.loads(raw.parse().choices[0].message.content or "")["label"].strip().lower()
    except (ValueError, KeyError, TypeError, AttributeError):
        return problem(502, "bad_upstream_output")
    for allowed in labels:
        if allowed.strip().lower() == label:
            return reply(200, {"label": allowed, "requestId": raw.headers.get("x-request-id")})
    return problem(502, "bad_upstream_output")


def create_app() -> Flask:
    app = Flask(__name__)

    @app.post("/classify")
    def classify_route() -> Response:
        try:
            body = json.loads(request.get_data())
        except ValueError:
            body = None
            return problem(400, "invalid_request", details=[{"field": "body", "message": "not valid JSON"}])
        details = check(body)
        if details:
            return problem(400, "invalid_request", details=details)
        return classify(body["text"], body["labels"])

    @app.errorhandler(404)
    @app.errorhandler(405)
    def not_found(_error: Exception) -> Response:
        return problem(404, "not_found")

    return app


def start() -> int:
    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.port
