"""The board pack's figures, each checked against an independent replay of the history."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store import actions, history
from store.dates import uk
from store.demo import build_demo
from store.domain import STATUS_ORDER, Via
from store.models import BoardMeeting, Plan
from store.reports import ReportError, build_board_pack
from store.reports.views import BoardPack, RagCounts
from tests.store.reports import replay

LONDON = ZoneInfo("Europe/London")


def _demo(db: sessionmaker[Session], now: datetime) -> int:
    with db.begin() as s:
        return build_demo(s, now=now).id


def _late_news(db: sessionmaker[Session], plan_id: int, now: datetime) -> None:
    """Two days before the pack: 4.4's date moves, 2.3 is completed with evidence."""
    at = now - timedelta(days=2)
    with db.begin() as s:
        moved = actions.by_ref(s, plan_id, "4.4")
        assert moved is not None and moved.due_date is not None
        history.record(
            s,
            moved,
            {"due_date": moved.due_date + timedelta(weeks=8)},
            at=at,
            via=Via.CONSOLE,
            reason="New children's home delayed by planning",
        )
        done = actions.by_ref(s, plan_id, "2.3")
        assert done is not None
        history.add_evidence(
            s, done, "EV-FD-009 Step-down protocol", at=at, via=Via.CONSOLE, by=None
        )
        history.record(s, done, {"status": "complete"}, at=at, via=Via.CONSOLE)


def _as_counter(counts: RagCounts) -> Counter[str]:
    return Counter({s.value: counts.get(s.value) for s in STATUS_ORDER if counts.get(s.value)})


def _check_pack(s: Session, pack: BoardPack, plan_id: int, at: datetime) -> None:
    """Every figure of `pack` equals the replay's, for a snapshot at `at`."""
    previous = replay.previous_board(s, plan_id, at)
    assert previous is not None
    today = at.astimezone(LONDON).date()
    now_counts = replay.counts_by_theme(s, plan_id, at)
    before_counts = replay.counts_by_theme(s, plan_id, previous.starts_at)
    for theme in pack.themes:
        assert _as_counter(theme.now) == now_counts.get(theme.number, Counter()), theme.number
        assert theme.before is not None
        assert _as_counter(theme.before) == before_counts.get(theme.number, Counter())
    assert pack.overall.total == sum(sum(c.values()) for c in now_counts.values())

    moved = replay.moved_between(s, plan_id, previous.starts_at, at)
    shown = [(m.ref, m.old_due, m.new_due, m.reason) for t in pack.exceptions for m in t.moved]
    expected = [
        (ref, uk(date.fromisoformat(old or "")), uk(date.fromisoformat(new or "")), reason)
        for ref, old, new, reason in moved
    ]
    assert sorted(shown) == sorted(expected)

    state_now = replay.replay(s, plan_id, at)
    state_then = replay.replay(s, plan_id, previous.starts_at)
    refs = replay.refs_of(s, plan_id)
    completed = {
        refs[i]
        for i, f in state_now.items()
        if f.get("status") == "complete" and state_then.get(i, {}).get("status") != "complete"
    }
    assert {c.ref for c in pack.completed} == completed
    overdue = replay.overdue_refs(s, plan_id, at, today)
    red_amber = {refs[i] for i, f in state_now.items() if f.get("status") in ("red", "amber")}
    assert {a.ref for t in pack.exceptions for a in t.red_amber} == red_amber
    # Overdue: listed as such, or (when red or amber) marked overdue there, never both.
    listed = {a.ref for t in pack.exceptions for a in t.overdue}
    marked = {a.ref for t in pack.exceptions for a in t.red_amber if a.overdue_days}
    assert listed | marked == overdue and not listed & red_amber
    assert pack.overdue_count == len(overdue)
    assert pack.since == f"since the board on {uk(previous.starts_at.astimezone(LONDON).date())}"


def test_next_meeting_pack_matches_the_history(db: sessionmaker[Session], now: datetime) -> None:
    """The pack for the next board has every count, move and completion the history has."""
    plan_id = _demo(db, now)
    _late_news(db, plan_id, now)
    with db() as s:
        pack = build_board_pack(s, s.get_one(Plan, plan_id), now=now)
        _check_pack(s, pack, plan_id, now)
        assert [m.ref for t in pack.exceptions for m in t.moved] == ["4.4"]
        (done,) = pack.completed
        assert done.ref == "2.3" and done.evidence == ["EV-FD-009 Step-down protocol"]
        upcoming = [
            m
            for m in s.scalars(select(BoardMeeting).where(BoardMeeting.plan_id == plan_id))
            if m.status == "scheduled" and m.starts_at > now
        ]
        nxt = min(upcoming, key=lambda m: m.starts_at)
        assert pack.meeting is not None and pack.meeting.id == nxt.id
        assert [f.number for f in pack.focus] == [str(n) for n in nxt.themes]


def test_past_meeting_is_reported_as_at_its_start(db: sessionmaker[Session], now: datetime) -> None:
    """A held board's pack shows the plan as it stood when that board met."""
    plan_id = _demo(db, now)
    with db() as s:
        held = sorted(
            (m for m in s.scalars(select(BoardMeeting)) if m.status == "held"),
            key=lambda m: m.starts_at,
        )
        meeting = held[-2]  # the board before last: its window holds moves and a completion
        pack = build_board_pack(s, s.get_one(Plan, plan_id), now=now, meeting_id=meeting.id)
        _check_pack(s, pack, plan_id, meeting.starts_at)
        assert pack.as_at.startswith(uk(meeting.starts_at.astimezone(LONDON).date()))
        assert pack.moved_count >= 3 and pack.completed
        assert all(m.reason != "no reason recorded" for t in pack.exceptions for m in t.moved)


def test_themes_in_focus_list_every_action(db: sessionmaker[Session], now: datetime) -> None:
    """Each theme in focus lists all of its actions, in ref order, with owner and due date."""
    plan_id = _demo(db, now)
    with db() as s:
        pack = build_board_pack(s, s.get_one(Plan, plan_id), now=now, focus=["1", "5"])
        one = pack.focus[0]
        assert [a.ref for a in one.actions] == [a.ref for a in actions.in_theme(s, plan_id, "1")]
        assert one.actions[-1].ref == "1.10"  # numeric order, not text order
        assert all(a.owner and a.due for f in pack.focus for a in f.actions)


def test_trend_has_the_last_six_boards_and_now(db: sessionmaker[Session], now: datetime) -> None:
    """The RAG trend shows the replayed counts at each of the last six held boards, then now."""
    plan_id = _demo(db, now)
    with db() as s:
        pack = build_board_pack(s, s.get_one(Plan, plan_id), now=now)
        held = sorted(
            (m for m in s.scalars(select(BoardMeeting)) if m.status == "held"),
            key=lambda m: m.starts_at,
        )[-6:]
        assert len(pack.trend) == 7 and pack.trend[-1].current
        for point, meeting in zip(pack.trend, held, strict=False):
            counts = Counter()
            for theme_counts in replay.counts_by_theme(s, plan_id, meeting.starts_at).values():
                counts += theme_counts
            assert _as_counter(point.counts) == counts


def test_kpi_table_follows_the_plan_rules(db: sessionmaker[Session], now: datetime) -> None:
    """The pack's KPI table shows each KPI's latest value, target, RAG and direction."""
    plan_id = _demo(db, now)
    with db() as s:
        pack = build_board_pack(s, s.get_one(Plan, plan_id), now=now)
    by_code = {k.code: k for k in pack.kpis}
    assert (by_code["K2"].latest, by_code["K2"].target, by_code["K2"].rag) == (
        "80.2%",
        "90%",
        "amber",
    )
    assert (by_code["K3"].rag, by_code["K3"].direction) == ("red", "worsening")
    assert by_code["K1"].rag == "green"


def test_unknown_or_cancelled_meeting_is_refused(db: sessionmaker[Session], now: datetime) -> None:
    """Asking for a meeting the plan does not have says which meetings it has."""
    plan_id = _demo(db, now)
    with db.begin() as s:
        plan = s.get_one(Plan, plan_id)
        with pytest.raises(ReportError, match="There is no board meeting 9999"):
            build_board_pack(s, plan, now=now, meeting_id=9999)
        meeting = s.scalars(select(BoardMeeting).where(BoardMeeting.status == "scheduled")).first()
        assert meeting is not None
        meeting.status = "cancelled"
        s.flush()
        with pytest.raises(ReportError, match="was cancelled"):
            build_board_pack(s, plan, now=now, meeting_id=meeting.id)
