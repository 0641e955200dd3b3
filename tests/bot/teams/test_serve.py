"""`improvebot serve` with Teams, and `improvebot teams manifest`."""

from __future__ import annotations

import json
import logging
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from bot.teams.manifest import MANIFEST_VERSION
from commands.table import GROUPS
from store.models import Plan
from tests.fakes.slack import FakeSlack
from tests.fakes.teams import APP_ID
from tests.plan_builder import build_plan

FIXTURES = Path(__file__).parents[2] / "fixtures/teams"
TEAMS_ENV = {"TEAMS_APP_ID": APP_ID, "TEAMS_APP_PASSWORD": "secret", "SLACK_SIGNING_SECRET": ""}


def _serve(database_url: str, *args: str, **env: str) -> Any:
    return CliRunner().invoke(
        main,
        ["serve", "--no-scheduler", *args],
        env={"IMPROVEBOT_DATABASE_URL": database_url, **TEAMS_ENV, **env},
    )


def test_serve_starts_with_teams_settings_alone(
    database_url: str, served: list[dict[str, Any]]
) -> None:
    """With only TEAMS_* set, serve answers Teams at /api/messages (and board-pack links), no Slack."""
    result = _serve(database_url)
    assert result.exit_code == 0, result.output
    [server] = served
    assert sorted(server["routes"]) == ["/api/messages", "/teams/files"]
    assert "listening on http://0.0.0.0:3000/api/messages" in result.output


def test_serve_runs_slack_and_teams_on_one_server(
    database_url: str, served: list[dict[str, Any]]
) -> None:
    """Both configured: one server, Slack's and Teams' routes side by side."""
    slack = FakeSlack().start()
    try:
        result = _serve(
            database_url,
            SLACK_SIGNING_SECRET="s",
            SLACK_BOT_TOKEN="x",
            SLACK_API_URL=slack.base_url,
        )
    finally:
        slack.stop()
    assert result.exit_code == 0, result.output
    [server] = served
    assert {"/slack", "/api/messages"} <= set(server["routes"])


def test_teams_needs_its_password(database_url: str, served: list[dict[str, Any]]) -> None:
    """An app id without its secret is explained, not served."""
    result = _serve(database_url, TEAMS_APP_PASSWORD="")
    assert result.exit_code != 0 and "Set TEAMS_APP_PASSWORD" in result.output
    assert served == []


def test_no_auth_mode_is_for_loopback_only(
    database_url: str, served: list[dict[str, Any]], caplog: pytest.LogCaptureFixture
) -> None:
    """IMPROVEBOT_TEAMS_NO_AUTH=1 is refused on a public address, and warned about on loopback."""
    refused = _serve(database_url, IMPROVEBOT_TEAMS_NO_AUTH="1", TEAMS_APP_PASSWORD="")
    assert refused.exit_code != 0 and "127.0.0.1 or localhost" in refused.output
    assert served == []
    with caplog.at_level(logging.WARNING):
        local = _serve(
            database_url, "--host", "127.0.0.1", IMPROVEBOT_TEAMS_NO_AUTH="1", TEAMS_APP_PASSWORD=""
        )
    assert local.exit_code == 0, local.output
    assert "NOT authenticated" in caplog.text


def test_manifest_command_writes_a_valid_package(tmp_path: Path) -> None:
    """`improvebot teams manifest` writes the zip Teams takes: schema-valid, commands from the command table, personal and team scopes."""
    output = tmp_path / "improvebot-teams.zip"
    result = CliRunner().invoke(
        main,
        [
            "teams",
            "manifest",
            "--app-id",
            APP_ID,
            "--url",
            "https://improvebot.council.gov.uk",
            "--output",
            str(output),
        ],
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(output) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
    schema = json.loads((FIXTURES / f"MicrosoftTeams-{MANIFEST_VERSION}.schema.json").read_text())
    jsonschema.Draft4Validator(schema).validate(manifest)
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID and {"personal", "team"} <= set(bot["scopes"])
    titles = [c["title"] for c in bot["commandLists"][0]["commands"]]
    assert titles == [*GROUPS, "dashboard", "help"]
    assert manifest["validDomains"] == ["improvebot.council.gov.uk"]


def test_manifest_command_explains_a_bad_app_id(tmp_path: Path) -> None:
    """An app id that is not a GUID is refused with what it should be."""
    result = CliRunner().invoke(
        main,
        [
            "teams",
            "manifest",
            "--app-id",
            "improvebot",
            "--url",
            "https://x.gov.uk",
            "--output",
            str(tmp_path / "x.zip"),
        ],
    )
    assert result.exit_code != 0 and "a GUID" in result.output


def test_plan_configure_takes_a_teams_channel(
    db: sessionmaker[Session], now: datetime, database_url: str
) -> None:
    """`improvebot plan configure --channel teams:<conversation id>` makes a Teams channel the plan's."""
    with db.begin() as s:
        build_plan(s, now)
    channel = "teams:19:0a1b2c3d4e5f60718293a4b5c6d7e8f9@thread.tacv2"
    result = CliRunner(env={"IMPROVEBOT_DATABASE_URL": database_url}).invoke(
        main, ["plan", "configure", "--channel", channel]
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"Channel: {channel}\n"
    with db() as s:
        assert s.scalars(select(Plan.channel)).one() == channel
