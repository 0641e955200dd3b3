"""/board on Riverside's calendar: one meeting a day, series replacing every earlier series,
and closed days (weekends, bank holidays, closure days) only with "anyway"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store import boards
from store.models import BoardMeeting, BoardSeries, Plan
from tests.council_plan import build_council
from tests.plan_builder import Chat

LEAD = "dana.okoro"
NOVEMBER = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)  # Monday 16 November 2026


@pytest.fixture
def chat(db: sessionmaker[Session]) -> Chat:
    """Riverside (Dana Okoro leads it) with a Christmas shutdown, on 16 November 2026: its
    December and February boards are still to come."""
    with db.begin() as s:
        build_council(s, closure_days=["2026-12-24", "2026-12-29", "2026-12-30", "2026-12-31"])
    return Chat(db, NOVEMBER)


def _days(db: sessionmaker[Session]) -> list[str]:
    """Every live meeting to come as 'YYYY-MM-DD HH:MM' (UTC), oldest first."""
    with db() as s:
        found = s.scalars(
            select(BoardMeeting)
            .where(BoardMeeting.status == boards.SCHEDULED, BoardMeeting.starts_at > NOVEMBER)
            .order_by(BoardMeeting.starts_at)
        )
        return [f"{m.starts_at:%Y-%m-%d %H:%M}" for m in found]


def test_a_one_off_on_a_series_day_is_refused(chat: Chat) -> None:
    """Adding a one-off on a day the series meets is refused, naming the series' meeting."""
    chat.say(LEAD, "/board schedule every 6 weeks on Tuesday at 10:00 from 05/01/2027")
    assert chat.say(LEAD, "/board add 16/02/2027 14:00") == (
        "There is already a board meeting on Tue 16 Feb 2027 at 10:00, part of the series. "
        "Move that meeting to the time you want, or choose another day."
    )
    assert chat.say(LEAD, "/board add 11/02/2027 10:00") == (
        "There is already a board meeting on Thu 11 Feb 2027 at 10:00, a one-off. "
        "Move that meeting to the time you want, or choose another day."
    )


def test_a_series_landing_on_a_one_off_keeps_the_one_off(
    chat: Chat, db: sessionmaker[Session]
) -> None:
    """A series whose rule gives the day of a one-off makes no second meeting that day: the
    one-off becomes that day's meeting, so cancelling it later brings nothing back."""
    reply = chat.say(LEAD, "/board schedule every 8 weeks on Thursday at 14:00 from 17/12/2026")
    assert reply.splitlines()[:3] == [
        "Scheduled Improvement Board: every 8 weeks on Thursday at 14:00",
        "• Thu 17 Dec 2026 at 10:00 · 2 Front door and early help; "
        "4 Workforce and practice quality (one-off, kept)",
        "• Thu 11 Feb 2027 at 10:00 · 2 Front door and early help; "
        "3 Children in care and care leavers (one-off, kept)",
    ]
    assert (
        "One-off meetings already on days the rule gives stay as those days' meetings: "
        "Thu 17 Dec 2026 at 10:00; Thu 11 Feb 2027 at 10:00."
    ) in reply
    assert _days(db)[:4] == [
        "2026-12-17 10:00",
        "2027-02-11 10:00",
        "2027-04-08 13:00",  # the series' own, at 14:00 BST
        "2027-06-03 13:00",
    ]
    listing = chat.say("amina.shah", "/board list")
    assert "• Thu 11 Feb 2027 at 10:00 · 2 Front door and early help; " in listing
    assert listing.count("(one-off)") == 2 and "moved from" not in listing
    chat.say(LEAD, "/board cancel 11/02/2027")
    listing = chat.say("amina.shah", "/board list")
    assert listing.count("Thu 11 Feb 2027") == 1 and "(cancelled)" in listing


def test_a_new_series_replaces_every_earlier_series(chat: Chat, db: sessionmaker[Session]) -> None:
    """A third series starting before the second removes the first one's meetings that the
    second had left in place, not only the second's."""
    chat.say(LEAD, "/board schedule every 4 weeks on Tuesday at 10:00 from 05/01/2027")
    chat.say(LEAD, "/board schedule every 6 weeks on Wednesday at 10:00 from 02/06/2027")
    # The first series still meets until June: 5 Jan, 2 Feb … 25 May.
    assert "• Tue 25 May 2027 at 10:00" in chat.say("amina.shah", "/board list")
    reply = chat.say(LEAD, "/board schedule monthly on the first Monday at 14:00 from 01/03/2027")
    assert (
        "This replaces the series that met every 6 weeks on Wednesday at 10:00, "
        "from Mon 1 Mar 2027 on: 4 of its meetings removed, and 4 left from an earlier series."
    ) in reply
    listing = chat.say("amina.shah", "/board list")
    assert "• Tue 2 Feb 2027 at 10:00" in listing  # before the cut: kept
    for gone in ("Tue 2 Mar 2027", "Tue 30 Mar 2027", "Tue 25 May 2027", "Wed 2 Jun 2027"):
        assert gone not in listing
    assert "• Mon 1 Mar 2027 at 14:00" in listing
    assert "Mon 3 May 2027 is May Day, not a working day: move that meeting, or keep it." in reply
    with db() as s:
        first, second, third = s.scalars(select(BoardSeries).order_by(BoardSeries.id))
        # Both earlier rules now end just before the new first meeting (14:00 GMT).
        assert "UNTIL=20270301T135959Z" in first.rrule and "UNTIL=20270301T135959Z" in second.rrule
        assert "UNTIL" not in third.rrule


def test_closed_days_are_refused_with_the_holiday_and_the_next_working_day(chat: Chat) -> None:
    """A bank holiday, a weekend or a closure day is refused, naming why and the next working
    day, with the two commands to type; 'anyway' holds the board there all the same."""
    assert chat.say(LEAD, "/board add 28/12/2026 10:00") == (
        "Mon 28 Dec 2026 is Boxing Day (substitute day), not a working day. The next working "
        "day is Mon 4 Jan 2027. Type /board add 04/01/2027 10:00 for that day, or "
        "/board add 28/12/2026 10:00 anyway to meet on Mon 28 Dec 2026 all the same."
    )
    assert chat.say(LEAD, "/board add 26/12/2026 10:00 themes 1,3").startswith(
        "Sat 26 Dec 2026 is Boxing Day, not a working day. The next working day is "
        "Mon 4 Jan 2027. Type /board add 04/01/2027 10:00 themes 1,3 for that day"
    )
    assert chat.say(LEAD, "/board add 05/12/2026 10:00").startswith(
        "Sat 5 Dec 2026 is a Saturday, not a working day. The next working day is Mon 7 Dec 2026."
    )
    assert chat.say(LEAD, "/board move 17/12/2026 to 24/12/2026 14:00") == (
        "Thu 24 Dec 2026 is one of the plan's closure days, not a working day. The next "
        "working day is Mon 4 Jan 2027. Type /board move 17/12/2026 to 04/01/2027 14:00 for "
        "that day, or /board move 17/12/2026 to 24/12/2026 14:00 anyway to meet on "
        "Thu 24 Dec 2026 all the same."
    )
    assert chat.say(LEAD, "/board add 28/12/2026 10:00 anyway").startswith(
        "Added a board meeting on Mon 28 Dec 2026 at 10:00, no themes in focus yet."
    )
    assert chat.say(LEAD, "/board move 17/12/2026 to 24/12/2026 anyway").startswith(
        "Moved the board meeting of Thu 17 Dec 2026 at 10:00 to Thu 24 Dec 2026 at 10:00."
    )


def test_bank_holidays_are_the_plan_nations(chat: Chat) -> None:
    """St Andrew's Day closes Scotland, not England: the same date is refused only once the
    plan's nation is Scotland."""
    assert chat.say(LEAD, "/board add 30/11/2026 10:00").startswith("Added a board meeting")
    chat.say(LEAD, "/board cancel 30/11/2026")
    chat.say(LEAD, "/plan region Scotland")
    assert chat.say(LEAD, "/board add 30/11/2026 14:00") == (
        "Mon 30 Nov 2026 is Saint Andrew's Day, not a working day. The next working day is "
        "Tue 1 Dec 2026. Type /board add 01/12/2026 14:00 for that day, or "
        "/board add 30/11/2026 14:00 anyway to meet on Mon 30 Nov 2026 all the same."
    )


def test_anyway_is_read_before_or_after_the_plan(db: sessionmaker[Session]) -> None:
    """With two plans, 'anyway' and 'in <plan>' can come in either order."""
    with db.begin() as s:
        build_council(s, slug="riverside")
        build_council(s, slug="send")
    chat = Chat(db, NOVEMBER)
    refused = chat.say(LEAD, "/board add 28/12/2026 10:00 in send")
    assert refused.endswith(
        "Type /board add 29/12/2026 10:00 in send for that day, or "
        "/board add 28/12/2026 10:00 anyway in send to meet on Mon 28 Dec 2026 all the same."
    )
    assert chat.say(LEAD, "/board add 28/12/2026 10:00 anyway in send").startswith("Added")
    assert chat.say(LEAD, "/board add 28/12/2026 10:00 in riverside anyway").startswith("Added")
    with db() as s:
        assert [p.slug for p in s.scalars(select(Plan))] == ["riverside", "send"]
