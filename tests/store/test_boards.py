"""Board meetings: series across clock changes, one-offs, moves, cancellations, deadlines."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from store import boards
from store.demo import build_demo
from store.models import BoardMeeting, BoardSeries, Plan
from store.plans import create_plan, ensure_theme

LONDON = ZoneInfo("Europe/London")
JAN = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday before the series below starts
SIX_WEEKLY = "every 6 weeks on Thursday at 10:00 from 12/02/2026"


def _plan(s: Session, themes: int = 5, region: str = "ENG") -> Plan:
    plan = create_plan(s, slug="ilacs", name="ILACS plan", at=JAN, region=region)
    for n in range(1, themes + 1):
        ensure_theme(s, plan, str(n), f"Theme {n}")
    s.flush()
    s.refresh(plan)
    return plan


def _schedule(
    s: Session, plan: Plan, text: str = SIX_WEEKLY, now: datetime = JAN
) -> boards.Scheduled:
    return boards.schedule(s, plan, boards.parse_rule(text, now.date()), now=now)


def _meetings(s: Session, plan: Plan) -> list[BoardMeeting]:
    return list(
        s.scalars(
            select(BoardMeeting)
            .where(BoardMeeting.plan_id == plan.id)
            .order_by(BoardMeeting.starts_at)
        )
    )


def test_series_keeps_local_time_across_both_clock_changes(db: sessionmaker[Session]) -> None:
    """Every six weeks at 10:00 is 10:00 in London all year, so 10:00 or 09:00 in UTC."""
    with db.begin() as s:
        plan = _plan(s)
        done = _schedule(s, plan)
        starts = [m.starts_at for m in done.created]
    assert [d.astimezone(LONDON).date() for d in starts][:3] == [
        date(2026, 2, 12),
        date(2026, 3, 26),
        date(2026, 5, 7),
    ]
    assert {d.astimezone(LONDON).time() for d in starts} == {time(10)}
    utc_hours = {d.astimezone(LONDON).date(): d.hour for d in starts}
    assert utc_hours[date(2026, 3, 26)] == 10  # GMT: clocks go forward on 29 March
    assert utc_hours[date(2026, 5, 7)] == 9  # BST
    assert utc_hours[date(2026, 10, 22)] == 9  # BST: clocks go back on 25 October
    assert utc_hours[date(2026, 12, 3)] == 10  # GMT again
    assert len(starts) == 8  # a year ahead from 5 January: the next is 14 January 2027


def test_from_date_off_the_weekday_starts_on_the_next_such_day(db: sessionmaker[Session]) -> None:
    """A Thursday series 'from' a Friday starts the Thursday after, and DTSTART says so."""
    with db.begin() as s:
        plan = _plan(s)
        done = _schedule(s, plan, "every 6 weeks on Thursday at 10:00 from 13/02/2026")
        assert done.first == date(2026, 2, 19)
        assert done.series.rrule.startswith("DTSTART;TZID=Europe/London:20260219T100000\n")
        assert done.created[0].starts_at.astimezone(LONDON) == datetime(
            2026, 2, 19, 10, tzinfo=LONDON
        )


def test_materialising_again_makes_nothing_new(db: sessionmaker[Session]) -> None:
    """Making the series' meetings twice gives each occurrence one row."""
    with db.begin() as s:
        plan = _plan(s)
        _schedule(s, plan)
        assert boards.ensure_upcoming(s, plan, now=JAN) == 0
        later = boards.ensure_upcoming(s, plan, now=JAN + timedelta(days=60))
        occurrences = Counter(m.occurrence for m in _meetings(s, plan))
    assert later == 2  # the horizon moved on 60 days: 14 January and 25 February 2027
    assert max(occurrences.values()) == 1


def test_moved_and_cancelled_meetings_survive_rematerialising(db: sessionmaker[Session]) -> None:
    """A moved or cancelled occurrence is never re-made, and keeps its new date or status."""
    with db.begin() as s:
        plan = _plan(s)
        _schedule(s, plan)
        moved, old = boards.move_meeting(
            s, plan, date(2026, 3, 26), date(2026, 3, 31), time(14), now=JAN
        )
        cancelled = boards.cancel_meeting(s, plan, date(2026, 5, 7), now=JAN)
        boards.ensure_upcoming(s, plan, now=JAN + timedelta(days=30))
        on_26_march = boards.meetings_on(s, plan, date(2026, 3, 26))
        on_7_may = boards.meetings_on(s, plan, date(2026, 5, 7))
    assert old == datetime(2026, 3, 26, 10, tzinfo=LONDON)
    assert moved.occurrence == datetime(2026, 3, 26, 10, tzinfo=UTC)
    assert moved.starts_at == datetime(2026, 3, 31, 13, tzinfo=UTC)  # 14:00 BST
    assert on_26_march == []
    assert [(m.id, m.status) for m in on_7_may] == [(cancelled.id, "cancelled")]


def test_themes_rotate_two_at_a_time(db: sessionmaker[Session]) -> None:
    """Each meeting takes the next two themes in turn, wrapping round."""
    with db.begin() as s:
        plan = _plan(s, themes=5)
        done = _schedule(s, plan)
    assert [m.themes for m in done.created[:4]] == [["1", "2"], ["3", "4"], ["5", "1"], ["2", "3"]]
    assert boards.rotation(["1", "2", "3"], 4, 0) == []
    assert boards.rotation(["1"], 2, 2) == ["1"]


def test_deadlines_are_working_days_before(db: sessionmaker[Session]) -> None:
    """Updates are due 10 and papers 5 working days before, skipping Easter in England."""
    with db.begin() as s:
        plan = _plan(s)
        meeting = boards.add_meeting(s, plan, date(2026, 4, 16), time(10), now=JAN)
        england = boards.deadlines(meeting, plan)
        plan.region = "SCT"
        scotland = boards.deadlines(meeting, plan)
    assert england == boards.Deadlines(updates=date(2026, 3, 31), papers=date(2026, 4, 9))
    assert scotland == boards.Deadlines(updates=date(2026, 4, 1), papers=date(2026, 4, 9))


def test_next_previous_and_between(db: sessionmaker[Session]) -> None:
    """Next skips cancelled meetings; a scheduled meeting whose start passed counts as held."""
    with db.begin() as s:
        plan = _plan(s)
        _schedule(s, plan)
        boards.cancel_meeting(s, plan, date(2026, 3, 26), now=JAN)
        after_first = datetime(2026, 3, 1, tzinfo=UTC)
        following = boards.next_meeting(s, plan.id, after_first)
        previous = boards.previous_meeting(s, plan.id, datetime(2026, 4, 1, tzinfo=UTC))
        spring = boards.meetings_between(
            s, plan.id, datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC)
        )
        live = boards.meetings_between(
            s,
            plan.id,
            datetime(2026, 2, 1, tzinfo=UTC),
            datetime(2026, 6, 1, tzinfo=UTC),
            include_cancelled=False,
        )
    assert following is not None and following.starts_at.date() == date(2026, 5, 7)
    assert previous is not None and previous.starts_at.date() == date(2026, 2, 12)
    assert boards.is_held(previous, after_first)
    assert [m.status for m in spring] == ["scheduled", "cancelled", "scheduled"]
    assert len(live) == 2


def test_new_series_replaces_unmoved_future_meetings(db: sessionmaker[Session]) -> None:
    """A new rule replaces the old one from its first meeting; moved meetings stay."""
    with db.begin() as s:
        plan = _plan(s)
        first = _schedule(s, plan)
        boards.move_meeting(s, plan, date(2026, 6, 18), date(2026, 6, 16), now=JAN)
        second = _schedule(s, plan, "monthly on the first Tuesday at 14:00 from 01/05/2026")
        boards.ensure_upcoming(s, plan, now=JAN + timedelta(days=90))
        old = [m for m in _meetings(s, plan) if m.series_id == first.series.id]
    assert second.first == date(2026, 5, 5)
    assert [m.starts_at.date() for m in second.kept] == [date(2026, 6, 16)]
    assert second.removed == 5  # 7 May, 30 Jul, 10 Sep, 22 Oct and 3 Dec
    # The old series keeps its meetings before the new one starts, plus the moved one.
    assert [m.starts_at.astimezone(LONDON).date() for m in old] == [
        date(2026, 2, 12),
        date(2026, 3, 26),
        date(2026, 6, 16),
    ]
    assert "UNTIL=20260505T125959Z" in first.series.rrule


def test_same_rule_twice_is_refused(db: sessionmaker[Session]) -> None:
    """Scheduling the rule the board already follows says so instead of re-making it."""
    with db.begin() as s:
        plan = _plan(s)
        _schedule(s, plan)
        with pytest.raises(boards.BoardError, match="already meets every 6 weeks"):
            _schedule(s, plan)


def test_one_off_meetings_and_their_checks(db: sessionmaker[Session]) -> None:
    """A one-off needs a future time that exists, a free day and the plan's own themes."""
    with db.begin() as s:
        plan = _plan(s, themes=2)
        meeting = boards.add_meeting(s, plan, date(2026, 2, 3), time(10), now=JAN, themes=["2"])
        assert (meeting.series_id, meeting.occurrence, meeting.themes) == (None, None, ["2"])
        with pytest.raises(boards.BoardError, match="already a board meeting on Tue 3 Feb 2026"):
            boards.add_meeting(s, plan, date(2026, 2, 3), time(14), now=JAN)
        with pytest.raises(boards.BoardError, match="has passed"):
            boards.add_meeting(s, plan, date(2026, 1, 2), time(10), now=JAN)
        with pytest.raises(boards.BoardError, match="clocks change"):
            boards.add_meeting(s, plan, date(2026, 3, 29), time(1, 30), now=JAN)
        with pytest.raises(boards.BoardError, match=r"has no theme 7\. Themes: 1 Theme 1; 2"):
            boards.add_meeting(s, plan, date(2026, 2, 4), time(10), now=JAN, themes=["7"])


def test_finding_a_meeting_by_day(db: sessionmaker[Session]) -> None:
    """A day with no meeting, a cancelled one or a past one is refused with what there is."""
    with db.begin() as s:
        plan = _plan(s)
        _schedule(s, plan)
        boards.cancel_meeting(s, plan, date(2026, 3, 26), now=JAN)
        with pytest.raises(boards.BoardError, match="is cancelled"):
            boards.cancel_meeting(s, plan, date(2026, 3, 26), now=JAN)
        with pytest.raises(
            boards.BoardError,
            match=r"no board meeting on Fri 13 Feb 2026\. Coming up: Thu 12 Feb 2026, Thu 7 May 2026",
        ):
            boards.cancel_meeting(s, plan, date(2026, 2, 13), now=JAN)
        with pytest.raises(boards.BoardError, match="has already met"):
            boards.move_meeting(
                s, plan, date(2026, 2, 12), date(2026, 2, 19), now=datetime(2026, 2, 13, tzinfo=UTC)
            )


def test_one_row_per_occurrence_is_enforced(db: sessionmaker[Session]) -> None:
    """The database refuses a second row for the same occurrence of a series."""
    with pytest.raises(IntegrityError), db.begin() as s:
        plan = _plan(s)
        done = _schedule(s, plan)
        twin = done.created[0]
        s.add(
            BoardMeeting(
                plan_id=plan.id,
                series_id=twin.series_id,
                title="Twin",
                starts_at=twin.starts_at,
                occurrence=twin.occurrence,
                created_at=JAN,
            )
        )
        s.flush()


def test_demo_board_extends_without_duplicates(db: sessionmaker[Session], now: datetime) -> None:
    """The demo's series (with a meeting moved out of Christmas) extends a year, once each."""
    with db.begin() as s:
        plan = build_demo(s, now=now)
        before = len(_meetings(s, plan))
        made = boards.ensure_upcoming(s, plan, now=now)
        again = boards.ensure_upcoming(s, plan, now=now)
        meetings = _meetings(s, plan)
        series = s.scalars(select(BoardSeries)).one()
    assert made > 0 and again == 0 and len(meetings) == before + made
    assert max(Counter(m.occurrence for m in meetings).values()) == 1
    assert boards.describe_series(series) == "every 6 weeks on Thursday at 10:00"
