"""/board: the calendar, read by everyone and changed by plan leads, as chat transcripts."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store import actions, boards, history
from store.domain import Via
from store.models import BoardMeeting, Plan
from tests.plan_builder import Chat, build_plan

SCHEDULE = "/board schedule every 6 weeks on Thursday at 10:00 from 03/12/2026"


@pytest.fixture
def chat(db: sessionmaker[Session], now: datetime) -> Chat:
    """Plan 'ilacs' (Amira Khan leads it), as of Monday 16 November 2026."""
    with db.begin() as s:
        build_plan(s, now)
    return Chat(db, now)


def _scheduled(chat: Chat) -> Chat:
    chat.say("amira.khan", SCHEDULE)
    return chat


def test_next_with_no_meetings_says_how_to_set_them(chat: Chat) -> None:
    """Before any schedule, /board next says there is none and how a plan lead sets one."""
    assert chat.say("jane.smith", "/board next") == (
        "No board meeting is scheduled for ILACS improvement plan. A plan lead can set the "
        "series with /board schedule every 6 weeks on Thursday at 10:00 from <date>."
    )


def test_schedule_lists_the_meetings(chat: Chat) -> None:
    """A plan lead schedules a series and sees its meetings for the next twelve months."""
    reply = chat.say("amira.khan", SCHEDULE)
    lines = reply.splitlines()
    assert lines[0] == "Scheduled Improvement Board: every 6 weeks on Thursday at 10:00"
    assert lines[1] == "• Thu 3 Dec 2026 at 10:00 · 1 Leadership and governance; 4 Children in care"
    assert lines[2].startswith("• Thu 14 Jan 2027 at 10:00")
    assert len(lines) == 10  # nine meetings in a year


def test_schedule_from_a_day_off_the_rule_says_so(chat: Chat) -> None:
    """When the 'from' date is not on the rule's day, the reply names the real first meeting."""
    reply = chat.say(
        "amira.khan", "/board schedule every 6 weeks on Thursday at 10:00 from 12/02/2027"
    )
    assert reply.splitlines()[-1] == (
        "Fri 12 Feb 2027 is not a day the rule gives, so the first meeting is Thu 18 Feb 2027."
    )


def test_schedule_replaces_the_previous_series(chat: Chat) -> None:
    """A second schedule replaces the first from its first meeting, and says what it did."""
    _scheduled(chat)
    reply = chat.say(
        "amira.khan", "/board schedule monthly on the first Tuesday at 14:00 from 01/02/2027"
    )
    assert (
        "This replaces the series that met every 6 weeks on Thursday at 10:00, "
        "from Tue 2 Feb 2027 on: 7 of its meetings removed."
    ) in reply
    listing = chat.say("val.jones", "/board list")
    assert "Meets every month on the first Tuesday at 14:00." in listing
    assert "• Thu 14 Jan 2027 at 10:00" in listing and "Thu 25 Feb 2027" not in listing


def test_schedule_refusals(chat: Chat) -> None:
    """Only plan leads schedule; a rule that cannot be read gets its fix and the usage."""
    assert chat.say("tom.lee", SCHEDULE) == (
        "Only a plan lead (Amira Khan) can change the board's schedule."
    )
    assert chat.say("amira.khan", "/board schedule every 6 weeks on Thursday") == (
        "Say what time the board meets, such as 'at 10:00'. Type it like: every 6 weeks on "
        "Thursday at 10:00 from 12/02/2027, or monthly on the first Tuesday at 14:00 from "
        "02/03/2027.\nUsage: /board schedule <rule>"
    )


def test_next_shows_time_themes_deadlines_and_days_to_go(chat: Chat) -> None:
    """/board next gives the local date and time, themes, both deadlines and days to go."""
    _scheduled(chat)
    assert chat.say("sam.patel", "/board next") == (
        "Improvement Board · Thu 3 Dec 2026 at 10:00 (in 17 days)\n"
        "Themes in focus: 1 Leadership and governance; 4 Children in care\n"
        "Updates due: Thu 19 Nov 2026 (in 3 days)\n"
        "Papers due: Thu 26 Nov 2026 (in 10 days)"
    )


def test_next_in_slack_is_bold_and_escaped(chat: Chat) -> None:
    """In Slack the title is bold and nothing a user typed can ping the channel."""
    _scheduled(chat)
    chat.surface = "slack"
    assert chat.say("sam.patel", "/board next").startswith("*Improvement Board* · Thu 3 Dec")


def test_add_a_one_off(chat: Chat) -> None:
    """A plan lead adds a one-off with themes; the reply echoes it with its deadlines."""
    assert chat.say("amira.khan", "/board add 10/12/2026 2pm themes 4") == (
        "Added a board meeting on Thu 10 Dec 2026 at 14:00, themes in focus 4 Children in care. "
        "Updates are due Thu 26 Nov 2026 and papers Thu 3 Dec 2026."
    )
    assert "(one-off)" in chat.say("val.jones", "/board list")


def test_add_refusals(chat: Chat) -> None:
    """Adding needs a plan lead, a time, a known theme and a day still to come."""
    assert chat.say("jane.smith", "/board add 10/12/2026 10:00") == (
        "Only a plan lead (Amira Khan) can add board meetings."
    )
    assert chat.say("amira.khan", "/board add 10/12/2026") == (
        "Say what time the meeting starts, such as 10:00, after the date.\n"
        "Usage: /board add <date> <time> [themes 1,4] [anyway]"
    )
    assert chat.say("amira.khan", "/board add 10/12/2026 10:00 themes 9") == (
        "ILACS improvement plan has no theme 9. "
        "Themes: 1 Leadership and governance; 4 Children in care."
    )
    assert chat.say("amira.khan", "/board add 02/11/2026 10:00") == (
        "Mon 2 Nov 2026 at 10:00 has passed. Choose a time still to come."
    )


def test_move_one_meeting(chat: Chat) -> None:
    """Moving a meeting by its date keeps its occurrence, so the series never re-makes it."""
    _scheduled(chat)
    assert chat.say("amira.khan", "/board move 03/12/2026 to 08/12/2026 14:30") == (
        "Moved the board meeting of Thu 3 Dec 2026 at 10:00 to Tue 8 Dec 2026 at 14:30. "
        "Updates are due Tue 24 Nov 2026 and papers Tue 1 Dec 2026."
    )
    listing = chat.say("val.jones", "/board list")
    assert "• Tue 8 Dec 2026 at 14:30" in listing
    assert "(moved from Thu 3 Dec 2026 at 10:00)" in listing
    assert "• Thu 3 Dec 2026" not in listing


def test_move_refusals(chat: Chat) -> None:
    """Moving needs a plan lead, 'to', and a meeting on the day named."""
    _scheduled(chat)
    assert chat.say("val.jones", "/board move 03/12/2026 to 08/12/2026") == (
        "Only a plan lead (Amira Khan) can move board meetings."
    )
    assert chat.say("amira.khan", "/board move 03/12/2026 08/12/2026").startswith(
        "Say where to: the meeting's date, then 'to' and the new date."
    )
    assert chat.say("amira.khan", "/board move 04/12/2026 to 08/12/2026") == (
        "There is no board meeting on Fri 4 Dec 2026. "
        "Coming up: Thu 3 Dec 2026, Thu 14 Jan 2027, Thu 25 Feb 2027."
    )


def test_cancel_one_meeting(chat: Chat, db: sessionmaker[Session]) -> None:
    """A cancelled meeting is kept as cancelled and /board next moves on to the one after."""
    _scheduled(chat)
    assert chat.say("amira.khan", "/board cancel 03/12/2026") == (
        "Cancelled the board meeting on Thu 3 Dec 2026 at 10:00. "
        "The next is on Thu 14 Jan 2027 at 10:00."
    )
    assert "• Thu 3 Dec 2026 at 10:00 · " in chat.say("val.jones", "/board list")
    assert "(cancelled)" in chat.say("val.jones", "/board list")
    assert chat.say("val.jones", "/board next").startswith(
        "Improvement Board · Thu 14 Jan 2027 at 10:00"
    )
    with db() as s:
        assert s.scalars(select(BoardMeeting.status)).all().count("cancelled") == 1
    assert chat.say("amira.khan", "/board cancel 03/12/2026") == (
        "The board meeting on Thu 3 Dec 2026 is cancelled."
    )
    assert chat.say("amira.khan", "/board cancel someday") == (
        "'someday' is not a date I can read. Type a UK date, day first: "
        "31/03/2027, 31.03.2027, 31 Mar 2027, 2027-03-31, next Friday, end of March or Q4 2026/27.\nUsage: /board cancel <date>"
    )


def test_choose_themes_by_hand(chat: Chat) -> None:
    """A plan lead chooses a meeting's themes in focus, or none."""
    _scheduled(chat)
    assert chat.say("amira.khan", "/board themes 03/12/2026 4") == (
        "The board on Thu 3 Dec 2026 at 10:00 has themes in focus 4 Children in care."
    )
    assert chat.say("amira.khan", "/board themes 3 Dec 2026 none") == (
        "The board on Thu 3 Dec 2026 at 10:00 has no themes in focus yet."
    )
    assert chat.say("tom.lee", "/board themes 03/12/2026 4") == (
        "Only a plan lead (Amira Khan) can choose the board's themes."
    )


def test_agenda_shows_themes_then_exceptions(
    chat: Chat, db: sessionmaker[Session], now: datetime
) -> None:
    """The agenda lists the themes in focus with their actions, then red, overdue and due
    dates moved since the last board, with the reasons."""
    with db.begin() as s:
        plan = s.scalars(select(Plan)).one()
        boards.add_meeting(
            s,
            plan,
            now.date() - timedelta(days=30),  # a Saturday
            time(10),
            now=now - timedelta(days=40),
            anyway=True,
        )
        boards.add_meeting(
            s, plan, now.date() + timedelta(days=10), time(10), now=now, themes=["4"]
        )
        action = actions.by_ref(s, plan.id, "1.9")
        assert action is not None and action.due_date is not None
        history.record(
            s, action, {"due_date": action.due_date + timedelta(days=7)},
            at=now - timedelta(days=35), via=Via.CONSOLE, reason="before the last board",
        )  # fmt: skip
    chat.say("jane.smith", "/action due 4.2 31/03/2027 because two posts are still vacant")
    reply = chat.say("val.jones", "/board agenda")
    assert reply == (
        "Agenda: Improvement Board\n"
        "Thu 26 Nov 2026 at 10:00 · updates due Thu 12 Nov 2026 · papers due Thu 19 Nov 2026\n"
        "\n"
        "Theme 4 Children in care · lead Tom Lee\n"
        "🟠 4.2 Clear the assessment backlog · amber · due Wed 31 Mar 2027 · Jane Smith\n"
        "🔴 4.3 Review every care plan over six months old · red · due Fri 13 Nov 2026 "
        "(3 days overdue) · Sam Patel\n"
        "\n"
        "Exceptions across the plan\n"
        "Red (1):\n"
        "🔴 4.3 Review every care plan over six months old · Sam Patel\n"
        "Overdue (2):\n"
        "🟠 1.9 Publish the practice framework · due Fri 13 Nov 2026 (3 days overdue) · Sam Patel\n"
        "🔴 4.3 Review every care plan over six months old · due Fri 13 Nov 2026 "
        "(3 days overdue) · Sam Patel\n"
        "Due dates moved since the last board on Sat 17 Oct 2026 at 10:00 (1):\n"
        "4.2 Clear the assessment backlog: Wed 16 Dec 2026 → Wed 31 Mar 2027 because two posts "
        "are still vacant (Jane Smith, Mon 16 Nov 2026)"
    )


def test_plan_named_with_in(db: sessionmaker[Session], now: datetime) -> None:
    """With two plans, a board command outside a plan channel asks which, and 'in' names it."""
    with db.begin() as s:
        build_plan(s, now, slug="ilacs")
        build_plan(s, now, slug="send")
    chat = Chat(db, now)
    assert chat.say("amira.khan", "/board next") == (
        "Which plan? Add 'in' and its short name, such as /board next in ilacs, "
        "or type it in the plan's channel. Plans: ilacs, send."
    )
    chat.say("amira.khan", f"{SCHEDULE} in send")
    assert chat.say("amira.khan", "/board next in send").startswith("Improvement Board · Thu 3 Dec")
    assert chat.say("amira.khan", "/board next in ilacs").startswith("No board meeting")
    assert (
        Chat(db, now, channel="#send")
        .say("amira.khan", "/board next")
        .startswith("Improvement Board")
    )
