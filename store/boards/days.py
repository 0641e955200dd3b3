"""Which days a board may meet: the plan's working days, or a closed day confirmed "anyway".

A meeting on a weekend, a bank holiday of the plan's nation or one of its closure days is
usually a slip of the date (26/12 for 29/12), so it is refused with the reason and the next
working day; a plan lead who means it confirms with "anyway" (`--anyway` on the command
line). Each adapter words the retry in its own syntax from the fields of ClosedDay.
"""

from __future__ import annotations

from datetime import date

from store.boards.series import BoardError
from store.dates import uk
from store.models import Plan
from store.workdays import WorkingDays


class ClosedDay(BoardError):
    """A meeting asked for on a day that is not a working day, without "anyway"."""

    def __init__(self, day: date, why: str, instead: date) -> None:
        self.day, self.why, self.instead = day, why, instead
        super().__init__(
            f"{uk(day)} is {closed_reason(why)}, not a working day. "
            f"The next working day is {uk(instead)}."
        )


def closed_reason(why: str) -> str:
    """'Saturday' -> 'a Saturday'; 'closure day' -> 'one of the plan's closure days'."""
    if why == "closure day":
        return "one of the plan's closure days"
    if why in ("Saturday", "Sunday"):
        return f"a {why}"
    return why  # a bank holiday's name: "Boxing Day (substitute day)"


def check_open(plan: Plan, day: date, *, anyway: bool = False) -> None:
    """Refuse a closed day with ClosedDay, unless the plan lead said "anyway"."""
    if anyway:
        return
    days = WorkingDays.for_plan(plan)
    why = days.why_closed(day)
    if why is not None:
        raise ClosedDay(day, why, days.on_or_after(day))
