"""`improvebot serve` and `improvebot slack manifest`."""

from __future__ import annotations

import re

import click

from bot import settings as settings_module


@click.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")  # noqa: S104
@click.option("--port", default=3000, show_default=True, help="Port to listen on.")
@click.option(
    "--socket",
    "socket_mode",
    is_flag=True,
    help="Use Socket Mode (SLACK_APP_TOKEN) instead of HTTP.",
)
@click.option("--no-scheduler", is_flag=True, help="Do not sweep or deliver here (a worker does).")
def serve(host: str, port: int, socket_mode: bool, no_scheduler: bool) -> None:
    """Run the Slack app (HTTP on /slack/events and /healthz, or Socket Mode), with the
    scheduler that sweeps for reminders and delivers them."""
    from bot.cli_support import make_app
    from bot.slack.oauth import MissingKey
    from bot.slack.server import serve_http, serve_socket_mode

    settings = settings_module.load()
    if not settings.slack_signing_secret:
        raise click.ClickException(
            "Set SLACK_SIGNING_SECRET (and SLACK_BOT_TOKEN) first; see README.md."
        )
    if not (settings.slack_bot_token or settings.slack_client_id):
        raise click.ClickException(
            "Set SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET."
        )
    app = make_app()
    try:
        bolt = app.slack().bolt
    except MissingKey as error:
        raise click.ClickException(str(error)) from None
    if not no_scheduler:
        app.scheduler().start()
    if socket_mode:
        if not settings.slack_app_token:
            raise click.ClickException("Socket Mode needs SLACK_APP_TOKEN (an xapp- token).")
        serve_socket_mode(bolt, settings.slack_app_token)
    else:
        serve_http(bolt, host, port, signing_secret=settings.slack_signing_secret)


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
