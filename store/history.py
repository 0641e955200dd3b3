"""Changing actions with a history row for every field, and reading the plan as at any instant.

Every write to a tracked field goes through `record`, so nothing is overwritten without an
Update and a Change row. `as_at` replays those rows to give each action's state at a past
instant: the basis of direction of travel and board snapshots.

A change applies to the action as it stands, so the caller holds the action's lock
(store.locks) and its time is never before the action's last change: the history read in
time order (ties by id) then chains, each change's old value the previous one's new value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from store import history_write, privacy
from store.domain import Status
from store.models import Action, Change, Evidence, Kpi, Person, Plan, Update

# Fields whose every change is kept. "created", "evidence" and "kpi" are pseudo-fields.
TRACKED = (
    "title",
    "theme_id",
    "owner_id",
    "status",
    "signoff_pending",
    "due_date",
    "baseline_due",
    "start_date",
    "latest_note",
    "success_measure",
    "source",
    "supporting",
)
# Free-text fields, as a refusal names them: each is checked before it is stored.
TEXT_FIELDS = {
    "title": "title",
    "success_measure": "success measure",
    "latest_note": "note",
    "supporting": "supporting officers",
    "source": "source",
}


def as_text(value: object) -> str | None:
    """How a field's value is written in a Change row."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def record(
    session: Session,
    action: Action,
    changes: Mapping[str, Any],
    *,
    at: datetime,
    via: str,
    by: Person | None = None,
    note: str | None = None,
    reason: str | None = None,
    now: bool = False,
) -> Update | None:
    """Apply `changes` to `action`, writing one Update and a Change per field that differs.

    Returns None, and writes nothing, when no field would change and there is no note. With
    now=True (a command's change, on its ack path) it is written at once, on PostgreSQL in
    one statement (store.history_write); otherwise when the session flushes.
    """
    unknown = set(changes) - set(TRACKED)
    if unknown:
        raise ValueError(f"untracked fields {sorted(unknown)}")
    diffs = [
        (field, getattr(action, field), new)
        for field, new in changes.items()
        if as_text(getattr(action, field)) != as_text(new)
    ]
    if not diffs and not note:
        return None
    texts = {TEXT_FIELDS[f]: new for f, _old, new in diffs if f in TEXT_FIELDS}
    _guard(session, action, {**texts, "note": note, "reason": reason}, at)
    at = after_last(action, at)
    if now and history_write.together(session):
        row = {
            "plan_id": action.plan_id,
            "action_id": action.id,
            "person_id": by.id if by is not None else None,
            "at": at,
            "via": via,
            "note": note,
            "reason": reason,
        }
        written = [(as_text(old), as_text(new)) for _f, old, new in diffs]
        return history_write.write(session, action, diffs, written, row, at)
    update = Update(
        plan_id=action.plan_id,
        action_id=action.id,
        person=by,
        at=at,
        via=via,
        note=note,
        reason=reason,
    )
    for field, old, new in diffs:
        setattr(action, field, new)
        update.changes.append(
            Change(action_id=action.id, field=field, old=as_text(old), new=as_text(new), at=at)
        )
    action.updated_at = at
    session.add(update)
    return update


def _guard(session: Session, action: Action, texts: Mapping[str, Any], at: datetime) -> None:
    """Refuse text that identifies a child or family (store.privacy), before anything is
    written: every way in (commands, forms, buttons, imports) writes through here."""
    plan = session.get(Plan, action.plan_id) if action.plan_id else action.plan
    if plan is not None:
        privacy.guard(plan, {k: v for k, v in texts.items() if isinstance(v, str)}, at)


def after_last(action: Action, at: datetime) -> datetime:
    """`at`, or the action's last change if that is later: a clock read on another server, or
    before the lock was granted, must not put a change before the one it follows."""
    last = action.updated_at
    return last if last is not None and last > at else at


def create_action(
    session: Session,
    action: Action,
    *,
    at: datetime,
    via: str,
    by: Person | None = None,
    note: str | None = None,
) -> Action:
    """Add a new action and record its first values, so as-at reads see it from `at` on."""
    texts = {name: getattr(action, f) for f, name in TEXT_FIELDS.items()}
    _guard(session, action, {**texts, "note": note}, at)
    action.status = action.status or Status.NOT_STARTED.value
    action.signoff_pending = bool(action.signoff_pending)
    action.created_at = at
    action.updated_at = at
    session.add(action)
    session.flush()
    update = Update(
        plan_id=action.plan_id, action_id=action.id, person=by, at=at, via=via, note=note
    )
    update.changes.append(Change(action_id=action.id, field="created", new=action.ref, at=at))
    for field in TRACKED:
        value = as_text(getattr(action, field))
        if value is not None:
            update.changes.append(Change(action_id=action.id, field=field, new=value, at=at))
    session.add(update)
    return action


def add_evidence(
    session: Session, action: Action, text: str, *, at: datetime, via: str, by: Person | None
) -> Evidence:
    _guard(session, action, {"evidence": text}, at)
    at = after_last(action, at)
    item = Evidence(text=text, added_by=by, added_at=at)
    action.evidence.append(item)
    update = Update(plan_id=action.plan_id, action_id=action.id, person=by, at=at, via=via)
    update.changes.append(Change(action_id=action.id, field="evidence", new=text, at=at))
    action.updated_at = at
    session.add(update)
    return item


def link_kpi(
    session: Session, action: Action, kpi: Kpi, *, at: datetime, via: str, by: Person | None
) -> Update | None:
    """Link a KPI to an action, kept as a "kpi" pseudo-field change; None if already linked."""
    if kpi in action.kpis:
        return None
    at = after_last(action, at)
    action.kpis.append(kpi)
    update = Update(plan_id=action.plan_id, action_id=action.id, person=by, at=at, via=via)
    update.changes.append(Change(action_id=action.id, field="kpi", new=kpi.code, at=at))
    action.updated_at = at
    session.add(update)
    return update


def action_history(
    session: Session, action: Action, *, latest: int | None = None
) -> Sequence[Update]:
    """The action's updates, oldest first, with their changes and people (two queries, not
    two per update); with `latest`, only that many of the most recent."""
    query = (
        select(Update)
        .where(Update.action_id == action.id)
        .options(selectinload(Update.changes), joinedload(Update.person))
    )
    if latest is None:
        return session.scalars(query.order_by(Update.at, Update.id)).unique().all()
    newest = session.scalars(query.order_by(Update.at.desc(), Update.id.desc()).limit(latest))
    return newest.unique().all()[::-1]


def history_length(session: Session, action: Action) -> int:
    counted = select(func.count()).select_from(Update).where(Update.action_id == action.id)
    return session.scalar(counted) or 0


@dataclass(frozen=True)
class Snapshot:
    """One action as it stood at an instant."""

    action_id: int
    ref: str
    title: str
    theme_id: int | None
    owner_id: int | None
    status: Status
    signoff_pending: bool
    due_date: date | None
    latest_note: str | None


_SNAPSHOT_FIELDS = (
    "title",
    "theme_id",
    "owner_id",
    "status",
    "signoff_pending",
    "due_date",
    "latest_note",
)


def as_at(session: Session, plan_id: int, at: datetime) -> dict[int, Snapshot]:
    """Every action of the plan as it stood at `at`, keyed by action id (two queries)."""
    actions = session.execute(
        select(Action.id, Action.ref, Action.ref_key)
        .where(Action.plan_id == plan_id, Action.created_at <= at)
        .order_by(Action.ref_key)
    ).all()
    values = _latest_values(session, plan_id, at)
    result: dict[int, Snapshot] = {}
    for action_id, ref, _key in actions:
        v = values.get(action_id, {})
        due = v.get("due_date")
        result[action_id] = Snapshot(
            action_id=action_id,
            ref=ref,
            title=v.get("title") or "",
            theme_id=_int(v.get("theme_id")),
            owner_id=_int(v.get("owner_id")),
            status=Status(v.get("status") or Status.NOT_STARTED.value),
            signoff_pending=v.get("signoff_pending") == "true",
            due_date=date.fromisoformat(due) if due else None,
            latest_note=v.get("latest_note"),
        )
    return result


def _latest_values(
    session: Session, plan_id: int, at: datetime
) -> dict[int, dict[str, str | None]]:
    rank = (
        func.row_number()
        .over(
            partition_by=(Change.action_id, Change.field),
            order_by=(Change.at.desc(), Change.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(Change.action_id, Change.field, Change.new, rank)
        .join(Action, Action.id == Change.action_id)
        .where(Action.plan_id == plan_id, Change.at <= at, Change.field.in_(_SNAPSHOT_FIELDS))
        .subquery()
    )
    rows = session.execute(
        select(ranked.c.action_id, ranked.c.field, ranked.c.new).where(ranked.c.rank == 1)
    ).all()
    values: dict[int, dict[str, str | None]] = {}
    for action_id, field, new in rows:
        values.setdefault(action_id, {})[field] = new
    return values


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def statuses_at(session: Session, plan_id: int, at: datetime) -> dict[int, Status]:
    """Each action's status as it stood at `at` (actions created later are left out): the
    one field the digest compares, read with one query.

    Per action, its latest status change up to `at` is one probe of the changes index
    (action, field, at), read backwards; ranking every change of the plan with a window
    function took ten times as long on PostgreSQL (13 ms a plan at 500 actions)."""
    latest = (
        # '' for a change that cleared the status, NULL when the action had no status yet
        select(func.coalesce(Change.new, ""))
        .where(Change.action_id == Action.id, Change.field == "status", Change.at <= at)
        .order_by(Change.at.desc(), Change.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = session.execute(select(Action.id, latest).where(Action.plan_id == plan_id))
    return {
        action_id: Status(new or Status.NOT_STARTED.value)
        for action_id, new in rows
        if new is not None
    }
