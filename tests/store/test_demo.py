"""The demo plan: a believable council's year of improvement work, always dated around now."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from store import actions, history
from store.demo import build_demo
from store.domain import Role, Status
from store.models import (
    Action,
    BoardMeeting,
    BoardSeries,
    Change,
    ChatIdentity,
    Kpi,
    Person,
    Plan,
    Update,
)
from store.plans import members

LONDON = ZoneInfo("Europe/London")


def _build(db: sessionmaker[Session], now: datetime, slug: str = "demo") -> int:
    with db.begin() as s:
        return build_demo(s, now=now, slug=slug).id


def _today(now: datetime) -> date:
    return now.astimezone(LONDON).date()


def _meetings(s: Session, plan_id: int) -> list[BoardMeeting]:
    query = select(BoardMeeting).where(BoardMeeting.plan_id == plan_id)
    return list(s.scalars(query.order_by(BoardMeeting.starts_at)))


def _summary(s: Session, plan_id: int) -> list[tuple[object, ...]]:
    """What a user sees of each action, with dates as local dates so time zones do not blur."""
    return [
        (
            a.ref,
            a.title,
            a.status,
            a.start_date,
            a.baseline_due,
            a.due_date,
            a.latest_note,
            a.owner.email if a.owner else None,
            a.updated_at.astimezone(LONDON).date(),
            len(a.evidence),
        )
        for a in actions.all_actions(s, plan_id)
    ]


def test_demo_is_a_plan_of_realistic_size(db: sessionmaker[Session], now: datetime) -> None:
    """The demo has six led themes, 30-36 actions and five KPIs with a year of readings each."""
    plan_id = _build(db, now)
    with db() as s:
        plan = s.get_one(Plan, plan_id)
        assert (plan.slug, plan.timezone, plan.region, plan.channel) == (
            "demo",
            "Europe/London",
            "ENG",
            "#improvement",
        )
        assert plan.require_evidence and not plan.require_signoff
        assert len(plan.themes) >= 5 and all(t.lead is not None and t.name for t in plan.themes)
        assert 30 <= len(plan.actions) <= 36
        assert all(a.title and a.success_measure and a.source for a in plan.actions)
        assert all(a.owner is not None and a.owner.job_title for a in plan.actions)
        kpis = s.scalars(select(Kpi).where(Kpi.plan_id == plan_id)).all()
        assert len(kpis) == 5
        assert all(len(k.readings) == 12 and 1 <= len(k.actions) <= 2 for k in kpis)


def test_refs_sort_numerically(db: sessionmaker[Session], now: datetime) -> None:
    """Theme 1 runs past nine actions, so 1.10 lists after 1.9 and before 2.1."""
    plan_id = _build(db, now)
    with db() as s:
        refs = actions.refs(s, plan_id)
    assert refs[refs.index("1.9") + 1 : refs.index("1.9") + 3] == ["1.10", "2.1"]


def test_people_have_roles_and_console_names(db: sessionmaker[Session], now: datetime) -> None:
    """Plan leads, theme leads, owners and viewers can each be played in the console."""
    plan_id = _build(db, now)
    with db() as s:
        plan = s.get_one(Plan, plan_id)
        roles = dict(members(s, plan))
        by_role = Counter(roles.values())
        assert 12 <= len(roles) <= 16
        assert by_role[Role.PLAN_LEAD] == 2 and by_role[Role.OWNER] >= 3
        assert 1 <= by_role[Role.VIEWER] <= 2
        assert {roles[t.lead] for t in plan.themes if t.lead} == {Role.THEME_LEAD}
        assert "Director of Children's Services" in {
            p.job_title for p, role in roles.items() if role is Role.PLAN_LEAD
        }
        assert {a.owner for a in plan.actions} <= set(roles)
        for person in roles:
            assert person.email and person.email.endswith(".example")
            names = {(i.platform, i.workspace, i.user_id) for i in person.identities}
            assert ("console", "console", person.email.split("@")[0]) in names
        away = [p for p in roles if p.is_away(_today(now))]
        assert len(away) == 1 and away[0].delegate in roles


def test_status_mix_at_now(db: sessionmaker[Session], now: datetime) -> None:
    """Today the plan has every status, overdue, due-soon, stale and ongoing actions."""
    plan_id = _build(db, now)
    today = _today(now)
    with db() as s:
        every = actions.all_actions(s, plan_id)
        counts = Counter(a.state for a in every)
        assert 2 <= counts[Status.RED] <= 5
        assert 3 <= counts[Status.AMBER] < counts[Status.GREEN]
        assert 5 <= counts[Status.COMPLETE] <= 8
        assert 2 <= counts[Status.NOT_STARTED] <= 3
        overdue = actions.overdue(s, plan_id, today)
        assert len(overdue) >= 4
        assert any(a.due_date and a.due_date < today - timedelta(days=14) for a in overdue)
        assert len(actions.due_within(s, plan_id, today, 14)) >= 3
        assert 2 <= len(actions.stale(s, plan_id, now)) <= 6
        assert any(a.due_date is None for a in every)


def test_history_spans_a_year(db: sessionmaker[Session], now: datetime) -> None:
    """A year of updates from import onwards, and six months ago the plan looked different."""
    plan_id = _build(db, now)
    with db() as s:
        updates = s.scalars(select(Update).where(Update.plan_id == plan_id)).all()
        first, last = min(u.at for u in updates), max(u.at for u in updates)
        assert timedelta(days=330) <= now - first <= timedelta(days=380)
        assert now - timedelta(days=7) < last < now
        assert {u.via for u in updates} >= {"import", "slack", "console"}
        assert all(u.person is not None for u in updates)
        then = history.as_at(s, plan_id, now - timedelta(days=182))
        today = history.as_at(s, plan_id, now)
        moved_on = [i for i, snap in then.items() if snap.status != today[i].status]
        assert len(moved_on) >= 10
        assert len(then) < len(today)  # an action was added after the import
        for action in actions.all_actions(s, plan_id):
            snap = today[action.id]
            assert (snap.status.value, snap.due_date, snap.latest_note) == (
                action.status,
                action.due_date,
                action.latest_note,
            )


def test_every_complete_action_has_evidence(db: sessionmaker[Session], now: datetime) -> None:
    """Each complete action had evidence added before it was marked complete."""
    plan_id = _build(db, now)
    with db() as s:
        done = actions.with_status(s, plan_id, Status.COMPLETE)
        assert done
        for action in done:
            completed = s.scalars(
                select(Change.at).where(
                    Change.action_id == action.id,
                    Change.field == "status",
                    Change.new == "complete",
                )
            ).one()
            assert action.evidence and min(e.added_at for e in action.evidence) < completed
        texts = [e.text for a in done for e in a.evidence]
        assert any(t.startswith("EV-") for t in texts) and any(
            t.startswith("https://") for t in texts
        )


def test_moved_due_dates_have_reasons(db: sessionmaker[Session], now: datetime) -> None:
    """Every due date moved after import keeps its baseline, and the history says why."""
    plan_id = _build(db, now)
    with db() as s:
        moves = s.execute(
            select(Change.action_id, Update.reason)
            .join(Update, Update.id == Change.update_id)
            .where(Update.plan_id == plan_id, Change.field == "due_date", Change.old.is_not(None))
        ).all()
        assert moves and all(reason for _, reason in moves)
        per_action = Counter(action_id for action_id, _ in moves)
        assert max(per_action.values()) >= 3
        for action in actions.all_actions(s, plan_id):
            assert (action.id in per_action) == (action.due_date != action.baseline_due)
            assert action.baseline_due is None or action.baseline_due > action.created_at.date()


def test_boards_meet_on_thursdays_at_ten_london_time(
    db: sessionmaker[Session], now: datetime
) -> None:
    """Board meetings are at 10:00 on a Thursday in London, in GMT and in BST alike."""
    plan_id = _build(db, now)
    with db() as s:
        meetings = _meetings(s, plan_id)
    local = [m.starts_at.astimezone(LONDON) for m in meetings]
    assert all((t.weekday(), t.time()) == (3, time(10)) for t in local)
    assert {t.utcoffset() for t in local} == {timedelta(0), timedelta(hours=1)}
    assert {m.starts_at.hour for m in meetings} == {9, 10}  # the UTC hour follows the clocks


def test_board_series_rule_gives_the_meetings(db: sessionmaker[Session], now: datetime) -> None:
    """The series' RRULE starts at the first board and yields every meeting, six weeks apart."""
    plan_id = _build(db, now)
    with db() as s:
        series = s.scalars(select(BoardSeries).where(BoardSeries.plan_id == plan_id)).one()
        meetings = _meetings(s, plan_id)
    rule = rrulestr(series.rrule, tzinfos={"Europe/London": LONDON})
    expected = [d for d, _ in zip(rule, meetings, strict=False)]
    assert [m.occurrence for m in meetings] == expected
    assert timedelta(days=330) <= now - meetings[0].starts_at <= timedelta(days=370)
    assert meetings[-1].starts_at - now >= timedelta(days=90)
    assert all((m.status == "held") == (m.starts_at < now) for m in meetings)
    assert [m.themes for m in meetings[:4]] == [["1", "2"], ["3", "4"], ["5", "6"], ["1", "2"]]
    assert {(m.updates_deadline_days, m.papers_deadline_days) for m in meetings} == {(10, 5)}


def test_statuses_change_between_boards(db: sessionmaker[Session], now: datetime) -> None:
    """Between each pair of held boards some actions changed status, so travel shows."""
    plan_id = _build(db, now)
    with db() as s:
        held = [m.starts_at for m in _meetings(s, plan_id) if m.status == "held"]
        snaps = [
            {i: snap.status for i, snap in history.as_at(s, plan_id, at).items()} for at in held
        ]
    assert len(held) >= 7
    for before, after in pairwise(snaps):
        assert any(after[i] != status for i, status in before.items())


def test_kpis_tell_an_improvement_story(db: sessionmaker[Session], now: datetime) -> None:
    """Readings run monthly to last month, recorded the month after, improving with a wobble."""
    plan_id = _build(db, now)
    with db() as s:
        kpis = s.scalars(select(Kpi).where(Kpi.plan_id == plan_id)).all()
        assert {(k.unit, k.polarity) for k in kpis} == {
            ("%", "higher"),
            ("%", "lower"),
            ("", "lower"),
        }
        for kpi in kpis:
            months = [date.fromisoformat(f"{r.period}-01") for r in kpi.readings]
            assert all(
                (b.year * 12 + b.month) - (a.year * 12 + a.month) == 1 for a, b in pairwise(months)
            )
            for month, reading in zip(months, kpi.readings, strict=True):
                recorded = reading.recorded_at.astimezone(LONDON).date()
                assert (recorded.year * 12 + recorded.month) - (month.year * 12 + month.month) == 1
                assert reading.recorded_at <= now
            values = [r.value for r in kpi.readings]
            sign = 1 if kpi.polarity == "higher" else -1
            assert kpi.baseline is not None and kpi.tolerance == 0.10
            assert sign * (values[-1] - kpi.baseline) > 0
            assert any(sign * (b - a) < 0 for a, b in pairwise(values))
            assert _today(now) - months[-1] < timedelta(days=70)


def test_same_now_gives_the_same_demo(db: sessionmaker[Session], now: datetime) -> None:
    """Building twice for the same instant gives the same actions, history and people."""
    first = _build(db, now)
    second = _build(db, now, slug="demo-again")
    with db() as s:
        assert _summary(s, first) == _summary(s, second)
        counts = [
            s.scalar(select(func.count()).select_from(Update).where(Update.plan_id == plan_id))
            for plan_id in (first, second)
        ]
        assert counts[0] == counts[1]
        assert s.scalar(select(func.count()).select_from(Person)) == len(
            members(s, s.get_one(Plan, first))
        )
        identities = s.scalar(select(func.count()).select_from(ChatIdentity))
        assert identities == s.scalar(select(func.count()).select_from(Person))


def test_later_now_shifts_every_date(db: sessionmaker[Session], now: datetime) -> None:
    """Built 13 weeks later, every date moves 13 weeks on and the statuses stay the same."""
    shift = timedelta(weeks=13)
    early, late = _build(db, now), _build(db, now + shift, slug="demo-later")
    with db() as s:
        for a, b in zip(_summary(s, early), _summary(s, late), strict=True):
            assert a[:3] == b[:3]
            for x, y in zip(a[3:6] + a[8:9], b[3:6] + b[8:9], strict=True):
                assert (x, y) == (None, None) or y == x + shift
        boards = [[m.starts_at.astimezone(LONDON) for m in _meetings(s, p)] for p in (early, late)]
    assert boards[1][0].date() == boards[0][0].date() + shift


def test_boards_skip_the_christmas_shutdown(db: sessionmaker[Session], now: datetime) -> None:
    """A board that would fall between Christmas Eve and New Year's Day moves a week on."""
    moved = []
    for weeks in range(6):  # one of six phases of the six-week cycle hits the holidays
        plan_id = _build(db, now + timedelta(weeks=weeks), slug=f"demo-{weeks}")
        with db() as s:
            for m in _meetings(s, plan_id):
                day = m.starts_at.astimezone(LONDON).date()
                assert not ((day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1))
                if m.occurrence != m.starts_at:
                    assert m.occurrence and m.starts_at - m.occurrence in {
                        timedelta(weeks=1),
                        timedelta(weeks=2),
                    }
                    moved.append(m)
    assert moved


def test_the_caller_owns_the_transaction(db: sessionmaker[Session], now: datetime) -> None:
    """Building does not commit: rolling back leaves the database empty."""
    with db() as s:
        build_demo(s, now=now)
        s.rollback()
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Action)) == 0
        assert s.scalar(select(func.count()).select_from(Plan)) == 0


def test_naive_now_is_refused(db: sessionmaker[Session]) -> None:
    """A clock without a time zone is a bug, so the demo refuses it."""
    with db() as s, pytest.raises(ValueError, match="aware"):
        build_demo(s, now=datetime(2026, 11, 16, 10))  # noqa: DTZ001
