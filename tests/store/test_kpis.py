"""KPI RAG and direction of travel, by the documented rules and by a plan's own settings."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from store.domain import Status
from store.kpis import KpiRules, direction, rag, rules_for
from store.kpis.status import assess, kpi_exceptions
from store.models import Kpi, KpiReading, Plan
from store.plans import create_plan
from tests.plan_builder import Chat, build_plan

R, A, G = Status.RED, Status.AMBER, Status.GREEN


@pytest.mark.parametrize(
    ("polarity", "target", "latest", "previous", "expected"),
    [
        ("higher", 95, 96, 90, G),  # meets the target
        ("higher", 95, 86, 80, G),  # 9 short: within 10% of 95
        ("higher", 95, 85, 80, A),  # 10 short, but improving
        ("higher", 95, 85, 88, R),  # 10 short and worsening
        ("higher", 95, 85, 85, R),  # 10 short and steady: not improving
        ("higher", 95, 85, None, R),  # nothing to show it is improving
        ("lower", 19, 20.5, 22, G),  # lower is better: 1.5 over, within 1.9
        ("lower", 19, 21.6, 20.4, R),  # over and rising
        ("lower", 19, 21.6, 22.0, A),  # over but falling
        ("target", 26, 30, 33, A),  # closest to target: 4 off, was 7 off
        ("target", 26, 24, 30, G),  # 2 under a target of 26: within 2.6 either side
    ],
)
def test_default_rag_rules(
    polarity: str, target: float, latest: float, previous: float | None, expected: Status
) -> None:
    """Green within 10% of target, amber further off but improving, red otherwise."""
    assert rag(polarity, target, 0.10, latest, previous) is expected


def test_direction_follows_polarity() -> None:
    """Improving means up for higher-is-better, down for lower, nearer for target."""
    assert direction("higher", 90, 80, 75) == "improving"
    assert direction("lower", 17, 18.5, 18.9) == "improving"
    assert direction("target", 26, 28, 22) == "improving"  # 2 off, was 4 off
    assert direction("target", 26, 30, 27) == "worsening"
    assert direction("higher", 90, 80, 80) == "steady"
    assert direction("higher", 90, 80, None) is None


def test_plan_rules_change_the_rag() -> None:
    """A plan's tolerance, steady-is-amber and red-beyond settings change the RAG."""
    tight = rules_for({"kpi": {"tolerance": 0.05}})
    assert rag("higher", 95, tight.tolerance_for(0.10), 90, 89) is A  # 5.3% short: not green
    assert rag("higher", 95, KpiRules().tolerance_for(0.10), 90, 89) is G
    steady = rules_for({"kpi": {"steady_is_amber": True}})
    assert rag("higher", 95, 0.10, 80, 80, steady) is A
    hard = rules_for({"kpi": {"red_beyond": 0.25}})
    assert rag("higher", 95, 0.10, 70, 60, hard) is R  # improving, but more than 25% short
    assert rag("higher", 95, 0.10, 75, 60, hard) is A


def test_kpi_tolerance_wins_over_the_plan() -> None:
    """A KPI's own tolerance wins; a KPI left at the built-in 10% takes the plan's."""
    rules = rules_for({"kpi": {"tolerance": 0.05}})
    assert rules.tolerance_for(0.10) == 0.05
    assert rules.tolerance_for(0.20) == 0.20


def test_bad_settings_fall_back_to_defaults() -> None:
    """A hand-edited setting of the wrong kind is ignored rather than stopping reports."""
    rules = rules_for({"kpi": {"tolerance": "ten", "compare": "sideways", "red_beyond": True}})
    assert rules == KpiRules()
    assert rules_for({"kpi": "nonsense"}) == KpiRules()


def _kpi(s: Session, plan: Plan, now: datetime, values: dict[str, float], **fields: object) -> Kpi:
    kpi = Kpi(
        plan_id=plan.id,
        code=str(fields.pop("code", "K1")),
        name="Assessments on time",
        unit="%",
        target=90,
        created_at=now,
        **fields,
    )
    for period, value in values.items():
        kpi.readings.append(KpiReading(period=period, value=value, recorded_at=now))
    s.add(kpi)
    s.flush()
    return kpi


def test_year_on_year_direction(db: sessionmaker[Session], now: datetime) -> None:
    """With compare = year, direction is against the same month a year before."""
    with db.begin() as s:
        plan = create_plan(s, slug="p", name="P", at=now)
        kpi = _kpi(s, plan, now, {"2025-10": 70, "2026-09": 82, "2026-10": 78})
        assert assess(kpi, KpiRules()).direction == "worsening"
        assert assess(kpi, KpiRules()).rag is R
        yearly = assess(kpi, rules_for({"kpi": {"compare": "year"}}))
        assert (yearly.direction, yearly.rag, yearly.compared) == ("improving", A, 70)


def test_readings_recorded_later_are_not_seen_as_at_earlier(
    db: sessionmaker[Session], now: datetime
) -> None:
    """A KPI read as at a past instant ignores readings recorded after it."""
    with db.begin() as s:
        plan = create_plan(s, slug="p", name="P", at=now)
        kpi = _kpi(s, plan, now - timedelta(days=40), {"2026-09": 70})
        kpi.readings.append(KpiReading(period="2026-10", value=88, recorded_at=now))
        s.flush()
        assert assess(kpi, KpiRules(), now - timedelta(days=1)).latest == 70
        assert assess(kpi, KpiRules(), now).latest == 88


def test_kpi_exceptions_for_the_digest(db: sessionmaker[Session], now: datetime) -> None:
    """kpi_exceptions lists red then amber KPIs, with value, target and direction."""
    with db.begin() as s:
        plan = create_plan(s, slug="p", name="P", at=now)
        _kpi(s, plan, now, {"2026-09": 70, "2026-10": 75}, code="K1")  # amber
        _kpi(s, plan, now, {"2026-09": 70, "2026-10": 65}, code="K2")  # red
        _kpi(s, plan, now, {"2026-09": 70, "2026-10": 89}, code="K3")  # green
        found = kpi_exceptions(s, plan)
        assert [(k.code, k.rag, k.latest, k.target, k.direction) for k in found] == [
            ("K2", R, "65%", "90%", "worsening"),
            ("K1", A, "75%", "90%", "improving"),
        ]
        plan.settings = {"kpi": {"tolerance": 0.2}}  # 75 is within 18 of 90 now
        assert [k.code for k in kpi_exceptions(s, plan)] == ["K2"]


def test_chat_shows_the_plan_rules(db: sessionmaker[Session], now: datetime) -> None:
    """/kpi show uses the plan's tolerance, so chat and the board pack agree."""
    with db.begin() as s:
        plan = build_plan(s, now)
        _kpi(s, plan, now, {"2026-09": 84, "2026-10": 80})
    chat = Chat(db, now)
    assert "RAG: red" in chat.say("amira.khan", "/kpi show K1")
    with db.begin() as s:
        s.get_one(Plan, plan.id).settings = {"kpi": {"tolerance": 0.1 + 0.05}}
    shown = chat.say("amira.khan", "/kpi show K1")
    assert "RAG: green" in shown and "tolerance 15%" in shown
