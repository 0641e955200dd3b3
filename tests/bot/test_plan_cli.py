"""`improvebot plan configure`: a plan's settings from the command line."""

from __future__ import annotations

from datetime import datetime

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from store.models import Plan
from tests.plan_builder import build_plan


@pytest.fixture
def cli(db: sessionmaker[Session], now: datetime, database_url: str) -> CliRunner:
    """A runner on a database holding plan 'ilacs'."""
    with db.begin() as s:
        build_plan(s, now)
    return CliRunner(env={"IMPROVEBOT_DATABASE_URL": database_url})


def _configure(cli: CliRunner, *args: str) -> Result:
    return cli.invoke(main, ["plan", "configure", *args])


def test_no_options_shows_the_settings(cli: CliRunner) -> None:
    """With no options, the settings are printed as /plan settings shows them."""
    result = _configure(cli)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Settings of ILACS improvement plan\n")
    assert "• Stale: open actions not updated for 28 days (default)" in result.output


def test_options_change_the_plan(cli: CliRunner, db: sessionmaker[Session]) -> None:
    """Each option is applied with the same rules as chat, and echoed."""
    result = _configure(
        cli, "--plan", "ilacs", "--region", "Scotland", "--timezone", "Europe/London",
        "--digest", "Tuesday 08:30", "--closure", "24/12/2026:01/01/2027",
        "--closure", "2027-04-02", "--label", "green=On track", "--evidence",
        "--no-confirmations", "--reminder", "stale=35", "--reminder", "escalation=off",
        "--channel", "#children",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Channel: #children",
        "Time zone: Europe/London",
        "Bank holidays: Scotland (SCT)",
        "Weekly digest: Tuesdays at 08:30",
        "Closure days: Thu 24 Dec 2026 to Fri 1 Jan 2027; Fri 2 Apr 2027",
        "green is shown as 'On track'",
        "Evidence before complete: on",
        "Status changes posted to the channel: off",
        "Stale reminders: open actions not updated for 35 days",
        "Escalation reminders: off",
    ]
    with db() as s:
        plan = s.scalars(select(Plan)).one()
        assert (plan.region, plan.digest_weekday, plan.require_evidence) == ("SCT", 1, True)
        assert plan.reminder_policy == {"stale_days": 35, "escalation": False}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "UK"], "Error: 'UK' is not a UK nation."),
        (["--timezone", "Mars/Base"], "Error: 'Mars/Base' is not a time zone."),
        (["--digest", "Someday 09:00"], "Error: 'Someday' is not a day of the week."),
        (["--reminder", "stale=often"], "Error: --reminder stale=often: give KIND=on"),
        (["--closure", "01/01/2027:24/12/2026"], "Error: The last day, Thu 24 Dec 2026,"),
    ],
)
def test_bad_options_change_nothing(
    cli: CliRunner, db: sessionmaker[Session], args: list[str], message: str
) -> None:
    """A bad option is a clear message, and nothing else given with it is applied."""
    result = _configure(cli, "--channel", "#changed", *args)
    assert result.exit_code == 1
    assert result.output.startswith(message), result.output
    with db() as s:
        assert s.scalars(select(Plan.channel)).one() == "#ilacs"
