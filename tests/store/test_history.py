"""The history: every change recorded, and the plan readable as at any past instant."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from store import history
from store.domain import Status, Via, ref_key
from store.models import Action, Change, Update
from store.plans import create_plan


def _plan_with_action(s: Session, at: datetime) -> Action:
    plan = create_plan(s, slug="ilacs", name="ILACS improvement plan", at=at)
    action = Action(
        plan=plan,
        ref="4.2",
        ref_key=ref_key("4.2"),
        title="Clear the assessment backlog",
        due_date=date(2026, 3, 31),
    )
    return history.create_action(s, action, at=at, via=Via.IMPORT)


def test_update_records_old_and_new_values(db: sessionmaker[Session], now: datetime) -> None:
    """Changing a status writes one update with the old and new value of each field changed."""
    with db.begin() as s:
        action = _plan_with_action(s, now - timedelta(days=30))
        history.record(
            s,
            action,
            {"status": Status.GREEN.value, "latest_note": "Backlog cleared"},
            at=now,
            via=Via.CONSOLE,
            note="Backlog cleared",
        )
    with db() as s:
        update = s.query(Update).order_by(Update.id.desc()).first()
        assert update is not None and update.via == "console"
        got = {(c.field, c.old, c.new) for c in update.changes}
        assert got == {("status", "not_started", "green"), ("latest_note", None, "Backlog cleared")}


def test_unchanged_values_write_nothing(db: sessionmaker[Session], now: datetime) -> None:
    """Recording the values an action already has adds no history row."""
    with db.begin() as s:
        action = _plan_with_action(s, now)
        before = s.query(Change).count()
        assert history.record(s, action, {"status": "not_started"}, at=now, via=Via.IMPORT) is None
        assert s.query(Change).count() == before


def test_as_at_reads_the_past(db: sessionmaker[Session], now: datetime) -> None:
    """The plan as at a past instant shows the status and due date it had then."""
    created = now - timedelta(days=90)
    with db.begin() as s:
        action = _plan_with_action(s, created)
        plan_id = action.plan_id
        history.record(
            s, action, {"status": "amber"}, at=created + timedelta(days=10), via="console"
        )
        history.record(
            s,
            action,
            {"status": "red", "due_date": date(2026, 6, 30)},
            at=created + timedelta(days=40),
            via="console",
            reason="Recruitment delayed",
        )
        history.record(s, action, {"status": "green"}, at=created + timedelta(days=80), via="slack")
    with db() as s:
        before_creation = history.as_at(s, plan_id, created - timedelta(seconds=1))
        assert before_creation == {}
        day_20 = history.as_at(s, plan_id, created + timedelta(days=20))
        day_50 = history.as_at(s, plan_id, created + timedelta(days=50))
        today = history.as_at(s, plan_id, now)
        (a20,), (a50,), (a_now,) = day_20.values(), day_50.values(), today.values()
        assert (a20.status, a20.due_date) == (Status.AMBER, date(2026, 3, 31))
        assert (a50.status, a50.due_date) == (Status.RED, date(2026, 6, 30))
        assert a_now.status is Status.GREEN


def test_statuses_at_are_each_actions_last_status_by_then(
    db: sessionmaker[Session], now: datetime
) -> None:
    """What the digest compares with: each action's status at last week's instant, its own
    latest change by then (later changes ignored); an action with no status by then (created
    since, or never changed) is left out."""
    week_ago = now - timedelta(days=7)
    with db.begin() as s:
        first = _plan_with_action(s, now - timedelta(days=60))
        plan_id = first.plan_id
        for days, status in ((50, "amber"), (20, "red"), (3, "green")):
            history.record(
                s, first, {"status": status}, at=now - timedelta(days=days), via=Via.CONSOLE
            )
        second = history.create_action(
            s,
            Action(plan_id=plan_id, ref="4.3", ref_key=ref_key("4.3"), title="Audit"),
            at=now - timedelta(days=40),
            via=Via.IMPORT,
        )
        history.record(s, second, {"status": "green"}, at=now - timedelta(days=10), via=Via.CONSOLE)
        history.create_action(
            s,
            Action(plan_id=plan_id, ref="4.4", ref_key=ref_key("4.4"), title="New"),
            at=now - timedelta(days=1),
            via=Via.IMPORT,
        )
        first_id, second_id = first.id, second.id
    with db() as s:
        assert history.statuses_at(s, plan_id, week_ago) == {
            first_id: Status.RED,
            second_id: Status.GREEN,
        }
        assert history.statuses_at(s, plan_id, now - timedelta(days=45)) == {first_id: Status.AMBER}
