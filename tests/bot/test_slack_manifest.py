"""The Slack app manifest: one paste sets up commands, scopes, interactivity, App Home and events."""

from __future__ import annotations

import yaml
from click.testing import CliRunner
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from bot.slack.slash import COMMANDS
from tests.bot.slack_rig import SlackRig


def test_manifest_has_everything_the_bot_uses() -> None:
    """The printed manifest registers every slash command at /slack/events with the scopes the bot needs."""
    result = CliRunner().invoke(main, ["slack", "manifest", "--url", "https://bot.council.gov.uk/"])
    assert result.exit_code == 0, result.output
    manifest = yaml.safe_load(result.output)
    events_url = "https://bot.council.gov.uk/slack/events"
    commands = manifest["features"]["slash_commands"]
    assert [c["command"] for c in commands] == list(COMMANDS)
    assert all(c["url"] == events_url and c["should_escape"] for c in commands)
    settings = manifest["settings"]
    assert settings["interactivity"] == {"is_enabled": True, "request_url": events_url}
    assert settings["event_subscriptions"]["bot_events"] == ["app_home_opened"]
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "im:write", "users:read.email", "files:write"} <= scopes
    assert manifest["oauth_config"]["redirect_urls"] == [
        "https://bot.council.gov.uk/slack/oauth_redirect"
    ]


def test_socket_mode_manifest_has_no_urls() -> None:
    """A Socket Mode manifest turns socket mode on and carries no request URLs."""
    manifest = yaml.safe_load(CliRunner().invoke(main, ["slack", "manifest", "--socket"]).output)
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in manifest["settings"]["interactivity"]
    assert all("url" not in c for c in manifest["features"]["slash_commands"])


def test_serve_without_credentials_says_what_to_set() -> None:
    """`improvebot serve` with no Slack settings explains what to set instead of failing obscurely."""
    result = CliRunner().invoke(
        main, ["serve"], env={"SLACK_SIGNING_SECRET": "", "SLACK_BOT_TOKEN": ""}
    )
    assert result.exit_code != 0
    assert "Set SLACK_SIGNING_SECRET" in result.output


def test_manifest_with_a_prefix_names_every_command_and_they_route(
    rig: SlackRig, db: sessionmaker[Session]
) -> None:
    """--prefix ib names /ib-action …, /reminders not /remind, and a prefixed command works."""
    result = CliRunner().invoke(main, ["slack", "manifest", "--prefix", "ib"])
    names = [c["command"] for c in yaml.safe_load(result.output)["features"]["slash_commands"]]
    assert names == ["/ib-action", "/ib-board", "/ib-kpi", "/ib-risk", "/ib-reminders",
                     "/ib-digest", "/ib-plan", "/ib-theme", "/ib-improve"]  # fmt: skip
    assert "/remind" not in COMMANDS and "/improve" in COMMANDS
    text = rig.command("UJANE", "/ib-action update 4.2 green").json()["text"]
    assert text.startswith("Updated *4.2*")
    umbrella = rig.command("UJANE", "/improve action note 4.2 Audit booked").json()["text"]
    assert "• Note: Audit booked" in umbrella
