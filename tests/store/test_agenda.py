"""Due dates moved between boards, read from the history with who moved them and why."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from store import actions, history
from store.boards.agenda import due_date_moves
from store.domain import Via
from store.people import by_email
from tests.plan_builder import build_plan


def test_moves_since_an_instant_with_reasons(db: sessionmaker[Session], now: datetime) -> None:
    """Each move after `since` is listed once, oldest first; the due date an action was
    created with is not a move."""
    with db.begin() as s:
        plan = build_plan(s, now)
        jane = by_email(s, "jane.smith@council.gov.uk")
        action = actions.by_ref(s, plan.id, "4.2")
        assert action is not None
        first, second = date(2027, 1, 29), date(2027, 3, 31)
        history.record(
            s, action, {"due_date": first}, at=now - timedelta(days=20), via=Via.SLACK, by=jane,
            reason="too early",
        )  # fmt: skip
        history.record(
            s, action, {"due_date": second}, at=now - timedelta(days=5), via=Via.IMPORT,
            reason=None,
        )  # fmt: skip
        history.record(
            s, action, {"due_date": None}, at=now - timedelta(days=1), via=Via.CONSOLE, by=jane,
            reason="ongoing now",
        )  # fmt: skip
        every = due_date_moves(s, plan.id, None, now)
        recent = due_date_moves(s, plan.id, now - timedelta(days=10), now - timedelta(days=2))
    assert [(m.ref, m.new, m.reason, m.by, m.via) for m in every] == [
        ("4.2", first, "too early", "Jane Smith", "slack"),
        ("4.2", second, None, None, "import"),
        ("4.2", None, "ongoing now", "Jane Smith", "console"),
    ]
    assert [(m.old, m.new) for m in recent] == [(first, second)]
