"""`improvebot serve` while Slack is down: it starts and says so; a refused token still stops it."""

from __future__ import annotations

import logging
import socket
from typing import Any

import pytest
from click.testing import CliRunner

from bot.cli import main
from tests.fakes.slack import FakeSlack


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens here once the socket closes


def _serve(database_url: str, api_url: str) -> Any:
    env = {
        "IMPROVEBOT_DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_API_URL": api_url,
    }
    return CliRunner().invoke(main, ["serve", "--no-scheduler"], env=env)


def test_serve_starts_while_slack_is_unreachable(
    database_url: str, served: list[dict[str, Any]], caplog: pytest.LogCaptureFixture
) -> None:
    """A restart during a Slack outage serves (messages wait in the outbox), with a warning."""
    with caplog.at_level(logging.WARNING, logger="improvebot.slack"):
        result = _serve(database_url, f"http://127.0.0.1:{_closed_port()}/api/")
    assert result.exit_code == 0, result.output
    [server] = served
    assert "/slack" in server["routes"]
    assert "does not answer" in caplog.text and "serving anyway" in caplog.text


def test_serve_refuses_a_token_slack_rejects(
    database_url: str, served: list[dict[str, Any]]
) -> None:
    """Slack answers and refuses the token: serve stops rather than run with a bad token."""
    slack = FakeSlack().start()
    slack.fail("auth.test", 200, times=5, body={"ok": False, "error": "invalid_auth"})
    try:
        result = _serve(database_url, slack.base_url)
    finally:
        slack.stop()
    assert result.exit_code != 0
    assert "invalid_auth" in str(result.exception)
    assert served == []
