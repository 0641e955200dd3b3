"""`improvebot slack manifest` and `improvebot teams manifest`: what an admin pastes or uploads."""

from __future__ import annotations

import re
from pathlib import Path

import click


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
