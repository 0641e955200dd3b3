"""Serving Slack: its routes on the shared HTTP server, or Socket Mode.

Slack signs every request; a request whose signature headers are missing, malformed, stale
or wrong is refused with 401 here, before Bolt parses its body, so no malformed input (a
timestamp that is not a number, a body that is not JSON) can reach a parser as a 500.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from slack_bolt import App as Bolt
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from bot import server as http
from bot.server import WSGIApp, respond, stop

__all__ = ["make_server", "routes", "serve_http", "socket_mode", "stop"]

log = logging.getLogger(__name__)
EVENTS = "/slack/events"


def routes(bolt: Bolt, signing_secret: str) -> dict[str, WSGIApp]:
    """/slack/events (commands, interactivity, events), /slack/install and
    /slack/oauth_redirect (multi-workspace install)."""
    handler = SlackRequestHandler(bolt)
    verifier = SignatureVerifier(signing_secret)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == EVENTS and environ.get("REQUEST_METHOD") == "POST":
            body = environ["wsgi.input"].read()
            environ["wsgi.input"].seek(0)
            timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
            signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
            if not (
                timestamp.isdigit()
                and len(timestamp) <= 12
                and verifier.is_valid(body, timestamp, signature)
            ):
                return respond(start_response, "401 Unauthorized", "Invalid request signature.\n")
            if not _parses(body, environ.get("CONTENT_TYPE", "")):
                return respond(start_response, "400 Bad Request", "The body is not valid.\n")
        return handler(environ, start_response)

    return {"/slack": app}


def _parses(body: bytes, content_type: str) -> bool:
    """Whether Bolt can read the body: JSON, or a form whose payload (if any) is JSON."""
    try:
        if content_type.startswith("application/json"):
            json.loads(body)
        else:
            payload = parse_qs(body.decode()).get("payload")
            if payload:
                json.loads(payload[0])
    except ValueError:  # UnicodeDecodeError and JSONDecodeError among them
        return False
    return True


def make_server(bolt: Bolt, host: str, port: int, *, signing_secret: str) -> Any:
    """The HTTP server with Slack's routes alone."""
    return http.make_server(routes(bolt, signing_secret), host, port)


def serve_http(bolt: Bolt, host: str, port: int, *, signing_secret: str) -> None:
    server = make_server(bolt, host, port, signing_secret=signing_secret)
    log.info("improvebot listening on http://%s:%s%s", host, server.effective_port, EVENTS)
    print(f"improvebot is listening on http://{host}:{server.effective_port}{EVENTS}", flush=True)
    server.run()


def socket_mode(bolt: Bolt, app_token: str) -> Any:
    """A Socket Mode connection (slack_sdk's built-in client): .connect(), .close()."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    return SocketModeHandler(bolt, app_token)


def serve_socket_mode(bolt: Bolt, app_token: str) -> None:
    socket_mode(bolt, app_token).start()
