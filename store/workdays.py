"""Working days per plan: weekends, the plan's nation's bank holidays and its closure days.

Bank holidays come from the `holidays` package for the UK with the plan's subdivision. The
subdivision matters: with none, the package gives only the UK-wide days (no Easter Monday, no
August bank holiday). Scotland has 2 January and St Andrew's Day and no Easter Monday;
Northern Ireland has St Patrick's Day and 12 July. Substitute ("observed") days count as
holidays too, so Christmas on a Saturday closes the following Monday and Tuesday; they are
named as GOV.UK names them, "Boxing Day (substitute day)".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

import holidays

from store.errors import UserError

if TYPE_CHECKING:
    from store.models import Plan

# The four nations, by the `holidays` subdivision codes the plan stores.
REGIONS = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
DEFAULT_REGION = "ENG"
# A search for a working day gives up after this long: a plan closed for a year is a mistake.
_LIMIT = 366


class RegionError(UserError):
    """A nation the bot does not know; the message is safe to show and says what to type."""


def read_region(text: str) -> str:
    """'SCT', 'scotland' or 'Scotland' -> 'SCT'."""
    key = " ".join(text.strip().upper().replace("-", " ").split())
    if key in REGIONS:
        return key
    for code, name in REGIONS.items():
        if key == name.upper():
            return code
    aliases = {"NI": "NIR", "N IRELAND": "NIR", "CYMRU": "WLS"}
    if key in aliases:
        return aliases[key]
    choices = ", ".join(f"{code} ({name})" for code, name in REGIONS.items())
    raise RegionError(f"'{text.strip()}' is not a UK nation. Use {choices}.")


@cache
def bank_holidays(region: str, year: int) -> dict[date, str]:
    """The bank holidays of one nation in one year, observed substitute days included."""
    if region not in REGIONS:
        raise RegionError(f"unknown region {region!r}")
    found = holidays.country_holidays("GB", subdiv=region, years=year)
    return {day: _gov_uk_name(str(name)) for day, name in sorted(found.items())}


def _gov_uk_name(name: str) -> str:
    # The package says "(observed)"; people in the UK read "(substitute day)" on GOV.UK.
    return name.replace("(observed)", "(substitute day)")


def closures_from(values: Iterable[object]) -> frozenset[date]:
    """A plan's closure days from their stored ISO text; anything unreadable is skipped."""
    days = set()
    for value in values:
        try:
            days.add(date.fromisoformat(str(value)))
        except ValueError:
            continue
    return frozenset(days)


@dataclass(frozen=True)
class WorkingDays:
    """The working-day calendar of one plan: Monday to Friday, less holidays and closures."""

    region: str = DEFAULT_REGION
    closures: frozenset[date] = frozenset()

    @classmethod
    def for_plan(cls, plan: Plan) -> WorkingDays:
        region = plan.region if plan.region in REGIONS else DEFAULT_REGION
        return cls(region, closures_from(plan.closure_days or []))

    def why_closed(self, day: date) -> str | None:
        """Why `day` is not a working day ('Saturday', 'Easter Monday', 'closure day'), or None.

        A bank holiday is named even at a weekend (Boxing Day on a Saturday is "Boxing Day"):
        the holiday is what people recognise.
        """
        holiday = bank_holidays(self.region, day.year).get(day)
        if holiday is not None:
            return holiday
        if day.weekday() >= 5:
            return f"{day:%A}"
        if day in self.closures:
            return "closure day"
        return None

    def is_working(self, day: date) -> bool:
        return self.why_closed(day) is None

    def on_or_after(self, day: date) -> date:
        """`day` itself if it is a working day, else the next one."""
        return self._step(day, 1, include=True)

    def on_or_before(self, day: date) -> date:
        """`day` itself if it is a working day, else the one before."""
        return self._step(day, -1, include=True)

    def next_working(self, day: date) -> date:
        """The first working day after `day` (the first working day after a due date)."""
        return self._step(day, 1, include=False)

    def previous_working(self, day: date) -> date:
        """The last working day before `day`."""
        return self._step(day, -1, include=False)

    def working_days_before(self, day: date, n: int) -> date:
        """The working day that is `n` working days before `day` (`day` itself not counted).

        "10 working days before" a Thursday meeting with no holidays is the Thursday two weeks
        earlier. With n = 0 it is `day` if that is a working day, else the one before.
        """
        if n < 0:
            return self.working_days_after(day, -n)
        found = day if n else self.on_or_before(day)
        for _ in range(n):
            found = self.previous_working(found)
        return found

    def working_days_after(self, day: date, n: int) -> date:
        """The working day that is `n` working days after `day`."""
        if n < 0:
            return self.working_days_before(day, -n)
        found = day if n else self.on_or_after(day)
        for _ in range(n):
            found = self.next_working(found)
        return found

    def count_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        return sum(
            1
            for offset in range(1, (end - start).days + 1)
            if self.is_working(start + timedelta(days=offset))
        )

    def _step(self, day: date, direction: int, *, include: bool) -> date:
        found = day if include else day + timedelta(days=direction)
        for _ in range(_LIMIT):
            if self.is_working(found):
                return found
            found += timedelta(days=direction)
        raise ValueError(f"no working day within {_LIMIT} days of {day.isoformat()}")
