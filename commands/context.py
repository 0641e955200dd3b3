"""Who is asking, from where, and the context a handler works in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from store import locks
from store.domain import DEFAULT_TIMEZONE
from store.models import Person, Plan

Row = TypeVar("Row")


@dataclass(frozen=True)
class Who:
    """The sender as the chat platform knows them."""

    platform: str
    workspace: str = ""
    user_id: str = ""
    channel: str | None = None
    email: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Profile:
    name: str
    email: str | None


class Directory(Protocol):
    """The platform's user directory, so a mention of someone new can be matched by email."""

    def profile(self, user_id: str) -> Profile | None: ...


@dataclass(frozen=True)
class Post:
    """A message to a channel that a command causes, besides the reply to the sender."""

    channel: str
    template: str
    view: Any


@dataclass(frozen=True)
class FileRequest:
    """A file the adapter should make and hand to the sender (a board pack)."""

    kind: str
    plan_id: int
    meeting_id: int | None
    fmt: str


@dataclass(frozen=True)
class Reply:
    """What a handler returns: a template name and a plain view-model to render it with."""

    template: str
    view: Any
    ok: bool = True
    # For a failure: the error's kind ("Stranger", "Forbidden" …), so adapters can react.
    error: str | None = None
    posts: tuple[Post, ...] = ()
    # People whose own views (Slack App Home) should be refreshed after this.
    touched: tuple[int, ...] = ()
    files: tuple[FileRequest, ...] = ()
    # For a form: the field an error belongs on ("due", "reason" …).
    field: str | None = None
    # Who it was done by, as the plan names them (for receipts on pressed buttons).
    by: str = ""


@dataclass
class Context:
    session: Session
    # When the command began; `hold` moves it on to when the lock was granted.
    now: datetime
    who: Who
    person: Person
    # The plan this channel belongs to, or the person's only plan; None when it is ambiguous.
    default_plan: Plan | None
    clock: Callable[[], datetime]
    directory: Directory | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def hold(self, row: Row) -> Row:
        """Lock `row` for the rest of the command (read again as last committed) and read
        the clock again: a change that waited for another is stamped after it, so the
        history in time order is the order the changes were made in."""
        locks.lock(self.session, row)
        return self.held(row)

    def held(self, row: Row) -> Row:
        """For a row already read with its lock (SELECT … FOR UPDATE): read the clock again,
        as `hold` does."""
        self.now = max(self.now, self.clock())
        return row

    @property
    def via(self) -> str:
        return self.who.platform

    def today(self, plan: Plan | None = None) -> date:
        plan = plan or self.default_plan
        zone = plan.timezone if plan is not None else DEFAULT_TIMEZONE
        return self.now.astimezone(ZoneInfo(zone)).date()
