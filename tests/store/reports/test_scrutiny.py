"""The scrutiny report's grouping: going well, ones to watch, things to do better."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from store import actions, history
from store.domain import Via
from store.models import Kpi, KpiReading, Plan
from store.reports import build_scrutiny
from store.reports.views import ScrutinyReport
from tests.plan_builder import build_plan


def _story(db: sessionmaker[Session], now: datetime) -> int:
    """The small plan, with a month of news and three KPIs (red, amber, green)."""
    with db.begin() as s:
        plan = build_plan(s, now)

        def act(ref: str, days_ago: int, reason: str | None = None, **changes: object) -> None:
            action = actions.by_ref(s, plan.id, ref)
            assert action is not None
            at = now - timedelta(days=days_ago)
            history.record(s, action, changes, at=at, via=Via.CONSOLE, reason=reason)

        today = now.date()
        act("1.1", 59, status="amber")
        act("1.1", 58, "Waiting for the new chair", due_date=today + timedelta(days=60))
        act("1.1", 10, status="green")
        act("4.2", 20, "Backlog larger than thought", due_date=today + timedelta(days=40))
        act("4.2", 5, "Two staff off sick", due_date=today + timedelta(days=30))
        act("1.10", 3, status="complete")
        for code, values in {"K1": (70, 65), "K2": (70, 75), "K3": (80, 88)}.items():
            kpi = Kpi(
                plan_id=plan.id,
                code=code,
                name=f"Measure {code}",
                unit="%",
                target=90,
                created_at=now,
            )
            for period, value in zip(("2026-09", "2026-10"), values, strict=True):
                kpi.readings.append(KpiReading(period=period, value=value, recorded_at=now))
            s.add(kpi)
        return plan.id


def _groups(report: ScrutinyReport) -> dict[str, list[tuple[str, list[str]]]]:
    return {g.key: [(i.ref, i.reasons) for i in g.items] for g in report.groups}


def test_default_grouping_rules(db: sessionmaker[Session], now: datetime) -> None:
    """Each action and KPI lands in the group its documented rule gives, worst rule first."""
    plan_id = _story(db, now)
    with db() as s:
        report = build_scrutiny(
            s, s.get_one(Plan, plan_id), now=now, since=now - timedelta(days=30)
        )
    assert _groups(report) == {
        "do_better": [
            ("1.9", ["overdue 10 days"]),
            ("4.2", ["due date moved 2 times"]),
            ("4.3", ["red", "overdue 3 days"]),
            ("K1", ["KPI red", "worsening"]),
        ],
        "to_watch": [("K2", ["KPI amber", "improving"])],
        "going_well": [
            ("1.1", ["green, was amber"]),
            ("1.10", ["completed in the period"]),
            ("K3", ["KPI green", "improving"]),
        ],
    }
    assert [g.title for g in report.groups] == [
        "Things to do better",
        "Ones to watch",
        "Going well",
    ]


def test_plan_settings_change_the_groups(db: sessionmaker[Session], now: datetime) -> None:
    """A plan can allow more date moves, widen "due soon" and stop counting green-improving."""
    plan_id = _story(db, now)
    with db.begin() as s:
        plan = s.get_one(Plan, plan_id)
        plan.settings = {
            "scrutiny": {"moved_more_than": 2, "due_within_days": 70, "green_improving": False}
        }
        report = build_scrutiny(s, plan, now=now, since=now - timedelta(days=30))
    groups = _groups(report)
    assert ("4.2", ["amber", "due in 30 days"]) in groups["to_watch"]
    assert ("1.1", ["due in 60 days"]) in groups["to_watch"]
    assert [ref for ref, _ in groups["going_well"]] == ["1.10", "K3"]
    assert "more than 2 times" in report.groups[0].rule


def test_the_period_decides_what_was_completed(db: sessionmaker[Session], now: datetime) -> None:
    """An action completed before the period starts is not "going well" in it."""
    plan_id = _story(db, now)
    with db() as s:
        plan = s.get_one(Plan, plan_id)
        report = build_scrutiny(s, plan, now=now, since=now - timedelta(days=2))
        assert "1.10" not in [ref for ref, _ in _groups(report)["going_well"]]
        earlier = build_scrutiny(
            s, plan, now=now, since=now - timedelta(days=30), until=now - timedelta(days=4)
        )
        assert "1.10" not in [ref for ref, _ in _groups(earlier)["going_well"]]
        assert earlier.overall.complete == 0 and report.overall.complete == 1
