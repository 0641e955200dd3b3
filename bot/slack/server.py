"""Serving Slack: HTTP on waitress (a production WSGI server), or Socket Mode."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App as Bolt
from slack_bolt.adapter.wsgi import SlackRequestHandler

log = logging.getLogger(__name__)

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
# Enough threads that 20 slash commands at once do not queue behind each other.
SERVER_THREADS = 24


def wsgi(bolt: Bolt) -> WSGIApp:
    """/slack/events (commands, interactivity, events), /slack/install and
    /slack/oauth_redirect (multi-workspace install), and /healthz."""
    handler = SlackRequestHandler(bolt)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"ok\n"]
        return handler(environ, start_response)

    return app


def make_server(bolt: Bolt, host: str, port: int) -> Any:
    """A waitress server, not started: call .run() (blocks) and .close()."""
    from waitress.server import create_server

    return create_server(
        wsgi(bolt),
        host=host,
        port=port,
        threads=SERVER_THREADS,
        ident="improvebot",
        clear_untrusted_proxy_headers=True,
    )


def stop(server: Any) -> None:
    """Stop a server running in another thread: its own loop closes the sockets and exits."""
    from waitress import wasyncore

    # Its loop may have closed the trigger already; then nothing is left to stop.
    with contextlib.suppress(OSError):
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))


def serve_http(bolt: Bolt, host: str, port: int) -> None:
    server = make_server(bolt, host, port)
    log.info("improvebot listening on http://%s:%s/slack/events", host, server.effective_port)
    print(
        f"improvebot is listening on http://{host}:{server.effective_port}/slack/events", flush=True
    )
    server.run()


def socket_mode(bolt: Bolt, app_token: str) -> Any:
    """A Socket Mode connection (slack_sdk's built-in client): .connect(), .close()."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    return SocketModeHandler(bolt, app_token)


def serve_socket_mode(bolt: Bolt, app_token: str) -> None:
    socket_mode(bolt, app_token).start()
