"""The one HTTP server (waitress, a production WSGI server) for every platform: each platform
adds its routes (Slack: /slack/…; Teams: /api/messages), and /healthz answers for all.

Every request body is capped before anything parses it: a chat platform never sends more
than a few kilobytes, so a larger body is refused with 413 and never read.
"""

from __future__ import annotations

import contextlib
import io
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
# Enough threads that 20 commands at once do not queue behind each other.
SERVER_THREADS = 24
MAX_BODY = 1024 * 1024


def respond(start_response: Callable[..., Any], status: str, text: str) -> list[bytes]:
    start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
    return [text.encode()]


def router(routes: Mapping[str, WSGIApp], worker: str = "") -> WSGIApp:
    """Send each request to the platform that owns its path (the longest matching prefix).
    /healthz names the `worker` that answered (under `serve --workers`), for operators."""
    prefixes = sorted(routes, key=len, reverse=True)
    health = [("Content-Type", "text/plain; charset=utf-8")]
    if worker:
        health.append(("X-Improvebot-Worker", worker))

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        if path == "/healthz":
            start_response("200 OK", health)
            return [b"ok\n"]
        body = _capped_body(environ)
        if body is None:
            return respond(start_response, "413 Payload Too Large", "Request body too large.\n")
        for prefix in prefixes:
            if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                return routes[prefix](environ, start_response)
        return respond(start_response, "404 Not Found", "Not found.\n")

    return app


def _capped_body(environ: dict[str, Any]) -> bytes | None:
    """Read the body once, at most MAX_BODY bytes, and put it back for the handler; None when
    it is larger (by its Content-Length, or by what arrives)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        return None
    stream = environ.get("wsgi.input")
    body = stream.read(min(length, MAX_BODY) if length else MAX_BODY + 1) if stream else b""
    if len(body) > MAX_BODY:
        return None
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return bytes(body)


def make_server(
    routes: Mapping[str, WSGIApp],
    host: str,
    port: int,
    *,
    sock: socket.socket | None = None,
    worker: str = "",
) -> Any:
    """A waitress server, not started: call .run() (blocks), and stop() from another thread.
    With `sock` it serves on that listening socket (inherited from `serve --workers`)."""
    from waitress.server import create_server

    where: dict[str, Any] = (
        {"sockets": [sock]} if sock is not None else {"host": host, "port": port}
    )
    return create_server(
        router(routes, worker),
        **where,
        threads=SERVER_THREADS,
        ident="improvebot",
        clear_untrusted_proxy_headers=True,
        max_request_body_size=MAX_BODY,
    )


def stop(server: Any) -> None:
    """Stop a server running in another thread: its own loop closes the sockets and exits."""
    from waitress import wasyncore

    # Its loop may have closed the trigger already; then nothing is left to stop.
    with contextlib.suppress(OSError):
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))


def drain(server: Any, grace: float = 10.0) -> None:
    """Stop a server gracefully, from another thread: accept nothing more, let the requests
    already taken finish (for up to `grace` seconds), then stop it."""
    done = threading.Event()

    def close_listener() -> None:
        from waitress import wasyncore

        # The dispatcher's close, not the server's (which closes the trigger too): this
        # process's copy of the listening socket only.
        wasyncore.dispatcher.close(server)
        done.set()

    with contextlib.suppress(OSError):
        server.trigger.pull_trigger(close_listener)
    done.wait(grace)
    tasks = server.task_dispatcher
    deadline = time.monotonic() + grace
    while (tasks.active_count or tasks.queue) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.1)  # the last answers are written by the loop thread
    stop(server)
