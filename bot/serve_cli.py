"""`improvebot serve`: Slack and Teams on one HTTP server, in one process or several."""

from __future__ import annotations

import os
import signal
import socket
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from bot import settings as settings_module
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.app import App

# Connections beyond one per request thread, for work after the ack (Slack's lazy listeners).
POOL_OVERFLOW = 10


@click.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")  # noqa: S104
@click.option("--port", default=3000, show_default=True, help="Port to listen on.")
@click.option(
    "--socket",
    "socket_mode",
    is_flag=True,
    help="Use Socket Mode (SLACK_APP_TOKEN) for Slack instead of HTTP.",
)
@click.option("--no-scheduler", is_flag=True, help="Do not sweep or deliver here (a worker does).")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes on the one port (PostgreSQL only); the first runs the scheduler.",
)
def serve(host: str, port: int, socket_mode: bool, no_scheduler: bool, workers: int) -> None:
    """Run the chat apps that are configured, on one HTTP server: Slack on /slack/events,
    Teams on /api/messages, /healthz for both; with the scheduler that sweeps for reminders
    and delivers them."""
    settings = settings_module.load()
    _check(settings)
    if workers > 1:
        _check_workers(settings, socket_mode)
    app = _server_app(settings, migrate=True)  # upgrades once, before any worker starts
    if workers > 1:
        app.close()
        _serve_workers(settings, host, port, workers, scheduler=not no_scheduler)
        return
    try:
        _run(app, settings, host, port, socket_mode=socket_mode, scheduler=not no_scheduler)
    finally:
        app.close()


def _server_app(settings: Settings, *, migrate: bool) -> App:
    """The app for a server process. On PostgreSQL its pool keeps a connection per request
    thread: a smaller pool closes the connections beyond its size after each use, so under
    load it opens new ones all the time, each a PostgreSQL backend forked and warmed up."""
    from bot import server as http
    from bot.app import create_app
    from store import db

    if _on_sqlite(settings):
        return create_app(settings, migrate=migrate)
    engine = db.make_engine(
        settings.database_url, pool_size=http.SERVER_THREADS, max_overflow=POOL_OVERFLOW
    )
    if migrate:
        db.upgrade(engine)
    return create_app(settings, sessions=db.session_factory(engine))


def _on_sqlite(settings: Settings) -> bool:
    from sqlalchemy import make_url

    from store.db import normalise_url

    return make_url(normalise_url(settings.database_url)).get_backend_name() == "sqlite"


def _check_workers(settings: Settings, socket_mode: bool) -> None:
    if _on_sqlite(settings):
        raise click.ClickException(
            "--workers needs PostgreSQL (IMPROVEBOT_DATABASE_URL=postgresql://...): SQLite "
            "takes one writer at a time, so more server processes would only queue on it. "
            "Run one process on SQLite."
        )
    if socket_mode:
        raise click.ClickException("--workers serves HTTP; Socket Mode runs in one process.")


def _serve_workers(
    settings: Settings, host: str, port: int, workers: int, *, scheduler: bool
) -> None:
    from bot import prefork

    def child(index: int, sock: socket.socket, ready: Callable[[], None]) -> int:
        app = _server_app(settings, migrate=False)  # its own engine, after the fork
        try:
            # One scheduler per deployment: the first worker's (restarted with it).
            _run(
                app,
                settings,
                host,
                port,
                scheduler=scheduler and index == 0,
                sock=sock,
                worker=str(index + 1),
                ready=ready,
            )
        except click.ClickException as error:
            error.show()
            return 1
        finally:
            app.close()
        return 0

    try:
        sock = prefork.listen(host, port)
    except OSError as error:
        raise click.ClickException(f"Cannot listen on {host}:{port}: {error}") from None
    click.echo(f"improvebot serve: {workers} workers on {host}:{sock.getsockname()[1]}")
    code = prefork.run(workers, sock, child)
    if code:
        raise SystemExit(code)


def _run(
    app: App,
    settings: Settings,
    host: str,
    port: int,
    *,
    socket_mode: bool = False,
    scheduler: bool,
    sock: socket.socket | None = None,
    worker: str = "",
    ready: Callable[[], None] | None = None,
) -> None:
    from bot import server as http

    routes: dict[str, http.WSGIApp] = {}
    slack = _slack(app, routes, socket_mode) if settings.has_slack else None
    teams = None
    if settings.has_teams:
        try:
            teams = app.teams(host=host)
        except ValueError as error:  # no-auth mode on an address that is not loopback
            raise click.ClickException(str(error)) from None
        routes |= teams.routes()
    jobs = app.scheduler() if scheduler else None
    if jobs is not None:
        jobs.start()
        if worker:
            click.echo(f"improvebot serve: worker {worker} runs the scheduler")
    try:
        if slack is not None and socket_mode:
            if not settings.slack_app_token:
                raise click.ClickException("Socket Mode needs SLACK_APP_TOKEN (an xapp- token).")
            from bot.slack.server import serve_socket_mode

            if routes:  # Teams still needs HTTP: served beside the Socket Mode connection
                server = http.make_server(routes, host, port)
                threading.Thread(target=server.run, name="http", daemon=True).start()
                _listening(host, server.effective_port, routes)
            serve_socket_mode(slack.bolt, settings.slack_app_token)
            return
        # Under --workers: the inherited socket, and /healthz naming the worker.
        inherited: dict[str, Any] = {"sock": sock, "worker": worker} if worker else {}
        server = http.make_server(routes, host, port, **inherited)
        if worker:  # under --workers: SIGTERM from the parent finishes the requests taken
            signal.signal(signal.SIGTERM, lambda *_: _drain_soon(server))
        if worker in ("", "1"):
            _listening(host, server.effective_port, routes)
        if ready is not None:
            ready()
        server.run()
    finally:
        if jobs is not None:
            jobs.shutdown(wait=False)
        if teams is not None:
            teams.close()
        if slack is not None:
            slack.close()


def _drain_soon(server: Any) -> None:
    from bot import server as http

    threading.Thread(target=http.drain, args=(server,), name="drain", daemon=True).start()


def _check(settings: Settings) -> None:
    """Say what to set when neither platform is configured, or one is half configured."""
    from bot.teams.auth import no_auth_requested

    slack_started = bool(
        settings.slack_signing_secret or settings.slack_bot_token or settings.slack_client_id
    )
    if not settings.has_teams or slack_started:
        if not settings.slack_signing_secret:
            raise click.ClickException(
                "Set SLACK_SIGNING_SECRET (and SLACK_BOT_TOKEN) for Slack, or TEAMS_APP_ID and "
                "TEAMS_APP_PASSWORD for Teams; see README.md."
            )
        if not (settings.slack_bot_token or settings.slack_client_id):
            raise click.ClickException(
                "Set SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET."
            )
    if settings.has_teams and not settings.teams_app_password and not no_auth_requested(os.environ):
        raise click.ClickException(
            "Set TEAMS_APP_PASSWORD (the client secret of the bot's app registration) beside "
            "TEAMS_APP_ID; see README.md."
        )


def _slack(app: Any, routes: dict[str, Any], socket_mode: bool) -> Any:
    """The Slack runtime (Bolt and its listener threads), its routes added unless Socket Mode."""
    from bot.slack.oauth import MissingKey
    from bot.slack.server import routes as slack_routes

    try:
        runtime = app.slack()
    except MissingKey as error:
        raise click.ClickException(str(error)) from None
    if not socket_mode:
        routes |= slack_routes(runtime.bolt, app.settings.slack_signing_secret)
    return runtime


def _listening(host: str, port: int, routes: dict[str, Any]) -> None:
    for path in ("/slack/events", "/api/messages"):
        if any(path.startswith(prefix) for prefix in routes):
            click.echo(f"improvebot is listening on http://{host}:{port}{path}")
