"""`improvebot board …`: the same board calendar from the command line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from store.dates import uk
from store.models import BoardMeeting
from store.workdays import WorkingDays
from tests.council_plan import build_council
from tests.plan_builder import build_plan


@pytest.fixture
def cli(db: sessionmaker[Session], now: datetime, database_url: str) -> CliRunner:
    """A runner on a database holding plan 'ilacs'."""
    with db.begin() as s:
        build_plan(s, now)
    return CliRunner(env={"IMPROVEBOT_DATABASE_URL": database_url})


def _run(cli: CliRunner, *args: str) -> Result:
    return cli.invoke(main, ["board", *args])


def test_add_move_cancel_and_list(cli: CliRunner, db: sessionmaker[Session]) -> None:
    """A one-off is added, moved and cancelled by date, and the list shows it cancelled."""
    added = _run(cli, "add", "11/03/2031", "10:00", "--themes", "1,4")
    assert added.exit_code == 0, added.output
    assert added.output == "Added a board meeting on Tue 11 Mar 2031 at 10:00.\n"
    moved = _run(cli, "move", "11/03/2031", "--to", "13/03/2031", "--at", "2pm")
    assert moved.output == (
        "Moved the board meeting of Tue 11 Mar 2031 at 10:00 to Thu 13 Mar 2031 at 14:00.\n"
    )
    cancelled = _run(cli, "cancel", "13/03/2031", "--plan", "ilacs")
    assert cancelled.output == "Cancelled the board meeting on Thu 13 Mar 2031 at 14:00.\n"
    with db() as s:
        meeting = s.scalars(select(BoardMeeting)).one()
        assert (meeting.status, meeting.themes) == ("cancelled", ["1", "4"])


def test_schedule_and_list(cli: CliRunner) -> None:
    """A series from a rule lists its meetings; `board list` shows them with the rule."""
    start = datetime.now(UTC).date() + timedelta(days=14)
    result = _run(cli, "schedule", "every", "4", "weeks", "on", "Wednesday", "at", "10:00",
                  "from", f"{start:%d/%m/%Y}")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Scheduled Improvement Board: every 4 weeks on Wednesday at 10:00\n• #1 "
    )
    listing = _run(cli, "list")
    assert "Meets every 4 weeks on Wednesday at 10:00." in listing.output
    assert listing.output.count(" at 10:00") >= 12


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cancel", "12/03/2031"], "Error: There is no board meeting on Wed 12 Mar 2031."),
        (["add", "12/03/2031", "2"], "Error: '2' is not a time I can read."),
        (["add", "31/02/2031", "10:00"], "Error: February 2031 has no day 31."),
        (["schedule", "sometimes", "at", "10:00"], "Error: Say how often the board meets"),
        (
            ["list", "--plan", "send"],
            "Error: There is no plan 'send'. Choose one with --plan: ilacs.",
        ),
    ],
)
def test_errors_become_messages(cli: CliRunner, args: list[str], message: str) -> None:
    """Library errors are printed as one clear message with exit code 1, never a traceback."""
    result = _run(cli, *args)
    assert result.exit_code == 1
    assert result.output.startswith(message)


@pytest.fixture
def riverside(db: sessionmaker[Session], database_url: str) -> CliRunner:
    """A runner on a database holding the Riverside plan."""
    with db.begin() as s:
        build_council(s)
    return CliRunner(env={"IMPROVEBOT_DATABASE_URL": database_url})


def test_closed_days_need_anyway(riverside: CliRunner, db: sessionmaker[Session]) -> None:
    """A bank holiday is refused with its name, the next working day and --anyway; with
    --anyway the meeting is added, and moved to a weekend the same way."""
    refused = _run(riverside, "add", "28/12/2032", "10:00")
    assert refused.exit_code == 1
    assert refused.output == (
        "Error: Tue 28 Dec 2032 is Boxing Day (substitute day), not a working day. The next "
        "working day is Wed 29 Dec 2032. Give 29/12/2032 instead, or add --anyway to meet on "
        "Tue 28 Dec 2032 all the same.\n"
    )
    added = _run(riverside, "add", "28/12/2032", "10:00", "--anyway")
    assert added.output == "Added a board meeting on Tue 28 Dec 2032 at 10:00.\n"
    moved = _run(riverside, "move", "28/12/2032", "--to", "1/1/2033")
    assert moved.exit_code == 1 and "Sat 1 Jan 2033 is New Year's Day" in moved.output
    moved = _run(riverside, "move", "28/12/2032", "--to", "1/1/2033", "--anyway")
    assert moved.output == (
        "Moved the board meeting of Tue 28 Dec 2032 at 10:00 to Sat 1 Jan 2033 at 10:00.\n"
    )


def test_list_shows_each_meetings_id(riverside: CliRunner, db: sessionmaker[Session]) -> None:
    """`board list` gives each meeting's id, which `report board --meeting` takes."""
    day = WorkingDays().on_or_after(datetime.now(UTC).date() + timedelta(days=200))
    added = _run(riverside, "add", f"{day:%d/%m/%Y}", "10:00", "--themes", "2")
    assert added.exit_code == 0, added.output
    listing = _run(riverside, "list")
    with db() as s:
        meeting = s.scalars(select(BoardMeeting).order_by(BoardMeeting.id.desc())).first()
        assert meeting is not None
    assert f"• #{meeting.id} {uk(day)} at 10:00 · 2 Front door and early help (one-off)" in (
        listing.output.splitlines()
    )
    assert all(line.startswith("• #") for line in listing.output.splitlines()[1:])
