"""`improvebot serve`, `improvebot slack manifest` and `improvebot teams manifest`."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from bot import settings as settings_module
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.app import App


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
def serve(host: str, port: int, socket_mode: bool, no_scheduler: bool) -> None:
    """Run the chat apps that are configured, on one HTTP server: Slack on /slack/events,
    Teams on /api/messages, /healthz for both; with the scheduler that sweeps for reminders
    and delivers them."""
    from bot.cli_support import make_app

    settings = settings_module.load()
    _check(settings)
    app = make_app()
    try:
        _run(app, settings, host, port, socket_mode=socket_mode, scheduler=not no_scheduler)
    finally:
        app.close()


def _run(
    app: App, settings: Settings, host: str, port: int, *, socket_mode: bool, scheduler: bool
) -> None:
    from bot import server as http

    routes: dict[str, http.WSGIApp] = {}
    bolt = _slack(app, routes, socket_mode) if settings.has_slack else None
    teams = None
    if settings.has_teams:
        try:
            teams = app.teams(host=host)
        except ValueError as error:  # no-auth mode on an address that is not loopback
            raise click.ClickException(str(error)) from None
        routes |= teams.routes()
    if scheduler:
        app.scheduler().start()
    try:
        if bolt is not None and socket_mode:
            if not settings.slack_app_token:
                raise click.ClickException("Socket Mode needs SLACK_APP_TOKEN (an xapp- token).")
            from bot.slack.server import serve_socket_mode

            if routes:  # Teams still needs HTTP: served beside the Socket Mode connection
                server = http.make_server(routes, host, port)
                threading.Thread(target=server.run, name="http", daemon=True).start()
                _listening(host, server.effective_port, routes)
            serve_socket_mode(bolt, settings.slack_app_token)
            return
        server = http.make_server(routes, host, port)
        _listening(host, server.effective_port, routes)
        server.run()
    finally:
        if teams is not None:
            teams.close()


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
    from bot.slack.oauth import MissingKey
    from bot.slack.server import routes as slack_routes

    try:
        bolt = app.slack().bolt
    except MissingKey as error:
        raise click.ClickException(str(error)) from None
    if not socket_mode:
        routes |= slack_routes(bolt, app.settings.slack_signing_secret)
    return bolt


def _listening(host: str, port: int, routes: dict[str, Any]) -> None:
    for path in ("/slack/events", "/api/messages"):
        if any(path.startswith(prefix) for prefix in routes):
            click.echo(f"improvebot is listening on http://{host}:{port}{path}")


@click.group()
def slack() -> None:
    """Slack set-up helpers."""


@slack.command("manifest")
@click.option(
    "--url",
    default="https://improvebot.example.gov.uk",
    show_default=True,
    help="The public HTTPS address improvebot serve is reached at.",
)
@click.option(
    "--socket", "socket_mode", is_flag=True, help="A manifest for Socket Mode (no request URLs)."
)
@click.option(
    "--prefix",
    default="",
    help="Name every command with this prefix (/ib-action …) where another app took the names.",
)
def manifest_command(url: str, socket_mode: bool, prefix: str) -> None:
    """Print a Slack app manifest (YAML) to paste at api.slack.com/apps."""
    from bot.slack.manifest import manifest_yaml

    if prefix and not re.fullmatch(r"[a-z0-9]{1,10}", prefix):
        raise click.BadParameter("use 1 to 10 lower-case letters or digits", param_hint="--prefix")
    click.echo(manifest_yaml(url, socket_mode=socket_mode, prefix=prefix), nl=False)


@click.group()
def teams() -> None:
    """Microsoft Teams set-up helpers."""


@teams.command("manifest")
@click.option("--app-id", required=True, help="The bot's Microsoft App ID (a GUID).")
@click.option(
    "--url", required=True, help="The public HTTPS address improvebot serve is reached at."
)
@click.option(
    "--output",
    default="improvebot-teams.zip",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the app package.",
)
def teams_manifest_command(app_id: str, url: str, output: Path) -> None:
    """Write the Teams app package (manifest.json and icons, zipped) to upload in Teams."""
    from bot.teams.manifest import write_package
    from bot.teams.menu import COMMANDS

    try:
        path = write_package(app_id, url, output, COMMANDS)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {path}: upload it in Teams (Apps, Manage your apps, Upload an app).")
