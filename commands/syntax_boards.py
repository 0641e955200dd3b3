"""The typed /board and /plan commands: frozen dataclasses, no behaviour.

`plan` is a plan's short name when the command ends "in <plan>"; None means the channel's
plan or the sender's only plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Literal

from store.boards.rules import SeriesRule
from store.domain import Status


@dataclass(frozen=True)
class BoardNext:
    plan: str | None = None


@dataclass(frozen=True)
class BoardAgenda:
    plan: str | None = None


@dataclass(frozen=True)
class BoardList:
    plan: str | None = None


@dataclass(frozen=True)
class BoardSchedule:
    rule: SeriesRule
    plan: str | None = None


@dataclass(frozen=True)
class BoardAdd:
    day: date
    at: time
    themes: tuple[str, ...] = ()
    plan: str | None = None


@dataclass(frozen=True)
class BoardMove:
    day: date
    to: date
    at: time | None = None
    plan: str | None = None


@dataclass(frozen=True)
class BoardCancel:
    day: date
    plan: str | None = None


@dataclass(frozen=True)
class BoardThemes:
    day: date
    themes: tuple[str, ...]
    plan: str | None = None


@dataclass(frozen=True)
class PlanSettings:
    plan: str | None = None


@dataclass(frozen=True)
class PlanChannel:
    channel: str  # "here": the channel the command was typed in
    plan: str | None = None


@dataclass(frozen=True)
class PlanTimezone:
    zone: str
    plan: str | None = None


@dataclass(frozen=True)
class PlanRegion:
    region: str
    plan: str | None = None


@dataclass(frozen=True)
class PlanDigest:
    weekday: int
    at: time
    plan: str | None = None


@dataclass(frozen=True)
class PlanClosure:
    start: date | None  # None with clear=True
    end: date | None = None
    clear: bool = False
    plan: str | None = None


@dataclass(frozen=True)
class PlanLabel:
    status: Status
    label: str | None  # None: back to the default word


Switch = Literal["evidence", "signoff", "confirmations"]


@dataclass(frozen=True)
class PlanSwitch:
    setting: Switch
    on: bool
    plan: str | None = None


@dataclass(frozen=True)
class PlanReminders:
    kind: str
    enabled: bool | None = None
    days: int | None = None
    plan: str | None = None


BoardCommand = (
    BoardNext | BoardAgenda | BoardList | BoardSchedule | BoardAdd | BoardMove | BoardCancel
    | BoardThemes
)  # fmt: skip
PlanCommand = (
    PlanSettings | PlanChannel | PlanTimezone | PlanRegion | PlanDigest | PlanClosure | PlanLabel
    | PlanSwitch | PlanReminders
)  # fmt: skip
