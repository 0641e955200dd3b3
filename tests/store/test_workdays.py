"""Working days: weekends, each nation's bank holidays, substitute days and closure days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from store.models import Plan
from store.workdays import RegionError, WorkingDays, bank_holidays, read_region

ENG, WLS, SCT, NIR = (WorkingDays(r) for r in ("ENG", "WLS", "SCT", "NIR"))
SHUTDOWN = frozenset(date(2026, 12, 24) + timedelta(days=n) for n in range(9))  # to 1 Jan


def _plan(region: str = "ENG", closures: list[str] | None = None) -> Plan:
    return Plan(
        slug="p",
        name="P",
        region=region,
        closure_days=closures or [],
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("day", "eng", "sct", "nir"),
    [
        (date(2026, 4, 6), False, True, False),  # Easter Monday: not a holiday in Scotland
        (date(2027, 3, 29), False, True, False),  # Easter Monday 2027
        (date(2026, 1, 2), True, False, True),  # 2 January: Scotland only
        (date(2027, 1, 4), True, False, True),  # 2 Jan 2027 is a Saturday: observed Monday
        (date(2026, 11, 30), True, False, True),  # St Andrew's Day, a Monday in 2026
        (date(2025, 12, 1), True, False, True),  # St Andrew's Day 2025 (Sunday) observed
        (date(2026, 3, 17), True, True, False),  # St Patrick's Day: Northern Ireland only
        (date(2026, 7, 13), True, True, False),  # 12 July 2026 is a Sunday: observed Monday
        (date(2027, 7, 12), True, True, False),  # Battle of the Boyne, a Monday in 2027
        (date(2026, 8, 31), False, True, False),  # late summer bank holiday (England, NI)
        (date(2026, 8, 3), True, False, True),  # Scotland's summer bank holiday is earlier
    ],
)
def test_bank_holidays_differ_by_nation(day: date, eng: bool, sct: bool, nir: bool) -> None:
    """Each nation's own bank holidays are not working days; the others' are."""
    assert (ENG.is_working(day), SCT.is_working(day), NIR.is_working(day)) == (eng, sct, nir)


def test_wales_follows_england() -> None:
    """Wales has England's bank holidays, Easter Monday included."""
    assert not WLS.is_working(date(2026, 4, 6))
    assert bank_holidays("WLS", 2027).keys() == bank_holidays("ENG", 2027).keys()


@pytest.mark.parametrize("working", [ENG, SCT, NIR])
def test_christmas_on_a_weekend_gives_substitute_days(working: WorkingDays) -> None:
    """Christmas 2027 falls on a Saturday: Monday 27 and Tuesday 28 December are holidays."""
    assert not working.is_working(date(2027, 12, 27))
    assert not working.is_working(date(2027, 12, 28))
    assert working.next_working(date(2027, 12, 24)) == date(2027, 12, 29)
    # Boxing Day 2026 is a Saturday: the Monday after is its substitute.
    assert not working.is_working(date(2026, 12, 28))
    assert working.is_working(date(2026, 12, 29))


def test_why_closed_names_the_reason() -> None:
    """A closed day says why: the weekday, the holiday's name, or the plan's closure."""
    days = WorkingDays("SCT", SHUTDOWN)
    assert days.why_closed(date(2026, 11, 28)) == "Saturday"
    assert days.why_closed(date(2026, 11, 30)) == "Saint Andrew's Day"
    assert days.why_closed(date(2026, 12, 24)) == "closure day"
    assert days.why_closed(date(2026, 12, 23)) is None


def test_holidays_are_named_as_gov_uk_names_them() -> None:
    """A substitute day reads "(substitute day)", and a holiday at a weekend is named."""
    days = WorkingDays("ENG")
    assert days.why_closed(date(2026, 12, 28)) == "Boxing Day (substitute day)"
    assert days.why_closed(date(2026, 12, 26)) == "Boxing Day"  # a Saturday


def test_closure_days_are_not_working_days() -> None:
    """A plan's Christmas shutdown closes the days between the bank holidays too."""
    days = WorkingDays.for_plan(_plan(closures=[d.isoformat() for d in SHUTDOWN]))
    assert not days.is_working(date(2026, 12, 29))
    assert ENG.is_working(date(2026, 12, 29))
    assert days.next_working(date(2026, 12, 23)) == date(2027, 1, 4)


@pytest.mark.parametrize(
    ("working", "expected"),
    [
        (ENG, date(2026, 3, 31)),  # skips Good Friday and Easter Monday
        (SCT, date(2026, 4, 1)),  # skips Good Friday only
    ],
)
def test_ten_working_days_before_across_easter(working: WorkingDays, expected: date) -> None:
    """Ten working days before Thursday 16 April 2026 depends on the nation's Easter."""
    assert working.working_days_before(date(2026, 4, 16), 10) == expected


@pytest.mark.parametrize(
    ("region", "closures", "expected"),
    [
        ("ENG", frozenset(), date(2026, 12, 30)),
        ("ENG", SHUTDOWN, date(2026, 12, 22)),
        ("SCT", frozenset(), date(2026, 12, 29)),  # 4 Jan 2027 is Scotland's substitute day
        ("SCT", SHUTDOWN, date(2026, 12, 21)),
    ],
)
def test_ten_working_days_before_across_christmas(
    region: str, closures: frozenset[date], expected: date
) -> None:
    """Ten working days before Thursday 14 January 2027 skips the holidays and any shutdown."""
    assert WorkingDays(region, closures).working_days_before(date(2027, 1, 14), 10) == expected


def test_simple_steps() -> None:
    """Next, previous, on-or-after and counting working days behave as their names say."""
    friday, saturday, monday = date(2026, 11, 13), date(2026, 11, 14), date(2026, 11, 16)
    assert ENG.next_working(friday) == monday
    assert ENG.previous_working(monday) == friday
    assert ENG.on_or_after(saturday) == monday
    assert ENG.on_or_before(saturday) == friday
    assert ENG.on_or_after(monday) == monday
    assert ENG.working_days_before(date(2026, 11, 26), 10) == date(2026, 11, 12)
    assert ENG.working_days_before(saturday, 0) == friday
    assert ENG.working_days_after(friday, 1) == monday
    assert ENG.count_between(friday, date(2026, 11, 20)) == 5


def test_plan_region_defaults_to_england() -> None:
    """A plan with no known region uses England's calendar, which has Easter Monday."""
    assert WorkingDays.for_plan(_plan(region="")).region == "ENG"
    assert not WorkingDays.for_plan(_plan(region="XX")).is_working(date(2026, 4, 6))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("SCT", "SCT"),
        ("scotland", "SCT"),
        ("Northern Ireland", "NIR"),
        ("ni", "NIR"),
        ("wls", "WLS"),
    ],
)
def test_nations_by_code_or_name(text: str, code: str) -> None:
    """A nation can be named by its code or its name."""
    assert read_region(text) == code


def test_unknown_nation_lists_the_choices() -> None:
    """An unknown nation is refused with the four to choose from."""
    with pytest.raises(RegionError, match=r"'UK' is not a UK nation\. Use ENG \(England\)"):
        read_region("UK")
