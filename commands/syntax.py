"""The typed commands that `parse` produces: frozen dataclasses, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from commands.syntax_boards import BoardCommand, PlanCommand
from commands.syntax_reports import ReportCommand
from store.domain import Status


@dataclass(frozen=True)
class ActionRef:
    """'4.2', or 'send:4.2' naming the plan by its short name."""

    ref: str
    plan: str | None = None

    def __str__(self) -> str:
        return f"{self.plan}:{self.ref}" if self.plan else self.ref


@dataclass(frozen=True)
class PersonRef:
    """Someone named in a command: a Slack mention, an email or an @handle."""

    kind: Literal["slack", "email", "handle"]
    value: str
    label: str | None = None

    def __str__(self) -> str:
        if self.kind == "slack":
            return f"@{self.label}" if self.label else f"<@{self.value}>"
        return self.value if self.kind == "email" else f"@{self.value}"


@dataclass(frozen=True)
class UpdateAction:
    target: ActionRef
    status: Status
    note: str | None = None


@dataclass(frozen=True)
class NoteAction:
    target: ActionRef
    text: str


@dataclass(frozen=True)
class MoveDue:
    target: ActionRef
    due: date | None
    reason: str


@dataclass(frozen=True)
class AddEvidence:
    target: ActionRef
    text: str


@dataclass(frozen=True)
class CompleteAction:
    target: ActionRef
    note: str | None = None


@dataclass(frozen=True)
class SignOff:
    target: ActionRef


@dataclass(frozen=True)
class AssignAction:
    target: ActionRef
    person: PersonRef


@dataclass(frozen=True)
class ShowAction:
    target: ActionRef


@dataclass(frozen=True)
class ShowHistory:
    target: ActionRef


ListFilter = Literal[
    "mine", "all", "open", "overdue", "due", "stale", "red", "amber", "green", "complete",
    "not_started", "theme", "person",
]  # fmt: skip


@dataclass(frozen=True)
class ListActions:
    filter: ListFilter = "mine"
    theme: str | None = None
    person: PersonRef | None = None
    plan: str | None = None


@dataclass(frozen=True)
class AddAction:
    target: ActionRef
    title: str
    owner: PersonRef
    due: date | None
    theme: str | None = None


@dataclass(frozen=True)
class KpiUpdate:
    code: str
    value: float
    period: str | None = None
    plan: str | None = None


@dataclass(frozen=True)
class KpiShow:
    code: str
    plan: str | None = None


@dataclass(frozen=True)
class KpiList:
    plan: str | None = None


@dataclass(frozen=True)
class RemindAway:
    until: date
    delegate: PersonRef | None = None


@dataclass(frozen=True)
class RemindSnooze:
    target: ActionRef
    days: int


@dataclass(frozen=True)
class RemindBack:
    pass


@dataclass(frozen=True)
class Help:
    topic: str | None = None


Command = (
    UpdateAction | NoteAction | MoveDue | AddEvidence | CompleteAction | SignOff | AssignAction
    | ShowAction | ShowHistory | ListActions | AddAction | KpiUpdate | KpiShow | KpiList
    | RemindAway | RemindSnooze | RemindBack | Help | BoardCommand | PlanCommand | ReportCommand
)  # fmt: skip
