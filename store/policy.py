"""The reminder policy: every kind of reminder and its defaults, in this one place.

A plan stores only what its plan lead changed (Plan.reminder_policy); everything else is the
default here, so a better default reaches every plan that never touched it. The reminder
sweep reads `ReminderPolicy.for_plan(plan)`; `/plan settings` shows it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from store.errors import UserError

if TYPE_CHECKING:
    from store.models import Plan


@dataclass(frozen=True)
class ReminderPolicy:
    # Due soon: this many days before the due date, and again this many working days before.
    due_soon: bool = True
    due_soon_days: int = 7
    due_soon_working_days: int = 1
    # Overdue: the first working day after the due date, then every this many days.
    overdue: bool = True
    overdue_every_days: int = 7
    # Stale: an open action not updated for this many days.
    stale: bool = True
    stale_days: int = 28
    # Board preparation: this many working days before the updates deadline, and on the day.
    board_prep: bool = True
    board_prep_days: int = 5
    # Escalation to the theme lead (then the plan lead): overdue more than this many days.
    escalation: bool = True
    escalation_days: int = 14
    # Risk review: a risk whose review date has come, in its owner's DM; again every this many
    # days until it is reviewed.
    risk_review: bool = True
    risk_review_every_days: int = 7

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> ReminderPolicy:
        """The stored overrides merged over the defaults; unknown keys and wrong types are
        ignored, so a hand-edited or older policy never stops reminders."""
        values: dict[str, Any] = {}
        for field in dataclasses.fields(cls):
            value = (data or {}).get(field.name)
            default = field.default
            if (isinstance(default, bool) and isinstance(value, bool)) or (
                not isinstance(default, bool)
                and isinstance(value, int)
                and not isinstance(value, bool)
                and value >= 0
            ):
                values[field.name] = value
        return cls(**values)

    @classmethod
    def for_plan(cls, plan: Plan) -> ReminderPolicy:
        return cls.from_json(plan.reminder_policy)

    def to_json(self) -> dict[str, Any]:
        """Only the values that differ from the defaults."""
        default = ReminderPolicy()
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }

    def is_default(self, name: str) -> bool:
        return bool(getattr(self, name) == getattr(ReminderPolicy(), name))


@dataclass(frozen=True)
class Kind:
    """One kind of reminder as a plan lead names it in `/plan reminders <kind> …`."""

    key: str  # the on/off field of ReminderPolicy
    title: str
    words: tuple[str, ...]
    days_field: str
    days_range: tuple[int, int]
    days_meaning: str  # completes "… {days} …" in the reply

    def describe(self, policy: ReminderPolicy) -> str:
        """What this kind does under `policy`, in words."""
        if not getattr(policy, self.key):
            return "off"
        days = getattr(policy, self.days_field)
        if self.key == "due_soon":
            working = policy.due_soon_working_days
            return (
                f"{_days(days)} and {_days(working, 'working day')} before the due date"
                if working
                else f"{_days(days)} before the due date"
            )
        if self.key == "overdue":
            every = "weekly" if days == 7 else f"every {_days(days)}"
            return f"the first working day after the due date, then {every}"
        if self.key == "stale":
            return f"open actions not updated for {_days(days)}"
        if self.key == "board_prep":
            return f"{_days(days, 'working day')} before the updates deadline, and on the day"
        if self.key == "risk_review":
            every = "weekly" if days == 7 else f"every {_days(days)}"
            return f"risks on their review date, then {every} until reviewed"
        return f"to the theme lead, then the plan lead, after {_days(days)} overdue"


KINDS: tuple[Kind, ...] = (
    Kind("due_soon", "Due soon", ("due", "due-soon", "due soon", "duesoon", "soon"),
         "due_soon_days", (1, 60), "days before the due date"),
    Kind("overdue", "Overdue", ("overdue", "late"),
         "overdue_every_days", (1, 60), "days between overdue reminders"),
    Kind("stale", "Stale", ("stale", "not updated"),
         "stale_days", (7, 180), "days without an update"),
    Kind("board_prep", "Board preparation", ("board", "board-prep", "board prep", "prep"),
         "board_prep_days", (1, 20), "working days before the updates deadline"),
    Kind("escalation", "Escalation", ("escalation", "escalate", "escalations"),
         "escalation_days", (1, 90), "days overdue before escalation"),
    Kind("risk_review", "Risk review", ("risk", "risks", "risk review", "risk-review", "review"),
         "risk_review_every_days", (1, 60), "days between reminders about a risk due for review"),
)  # fmt: skip

KIND_WORDS = "due, overdue, stale, board, escalation or risk"


class PolicyError(UserError):
    """A reminder setting that cannot be applied; the message is safe to show."""


def read_kind(word: str) -> Kind:
    key = " ".join(word.strip().lower().replace("_", " ").split())
    for kind in KINDS:
        if key in kind.words or key == kind.key.replace("_", " "):
            return kind
    raise PolicyError(f"'{word.strip()}' is not a kind of reminder. Use {KIND_WORDS}.")


def changed(
    policy: ReminderPolicy, kind: Kind, *, enabled: bool | None = None, days: int | None = None
) -> ReminderPolicy:
    """The policy with one kind switched on or off, or given a new number of days."""
    if days is not None:
        low, high = kind.days_range
        if not low <= days <= high:
            raise PolicyError(
                f"{kind.title} reminders take {low} to {high} {kind.days_meaning}, not {days}."
            )
        values: dict[str, Any] = {kind.days_field: days, kind.key: True}
        return dataclasses.replace(policy, **values)
    if enabled is not None:
        return dataclasses.replace(policy, **{kind.key: enabled})
    return policy


def _days(n: int, unit: str = "day") -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"
