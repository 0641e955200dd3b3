"""Adding and changing risks, with a history row for every change, as actions have.

A risk's changes are Update and Change rows with a risk_id (and no action): who, when,
through what, each field's old and new value, the note and the reason. "created",
"reviewed" and "action" (a mitigating action linked, by ref) are pseudo-fields. The caller
holds the risk's lock (Context.hold) so its history chains; text is checked by store.privacy
before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import privacy
from store.history import as_text
from store.models import Action, Change, Person, Plan, Risk, Update
from store.risks import number_of, reviews

TRACKED = (
    "title",
    "description",
    "cause",
    "consequence",
    "controls",
    "owner_id",
    "inherent",
    "current",
    "target",
    "status",
    "review_date",
    "review_every",
    "latest_note",
)
TEXT_FIELDS = {
    "title": "title",
    "description": "description",
    "cause": "cause",
    "consequence": "consequence",
    "controls": "controls",
    "latest_note": "note",
}


def create_risk(
    session: Session,
    plan: Plan,
    risk: Risk,
    *,
    at: datetime,
    via: str,
    by: Person | None = None,
    note: str | None = None,
) -> Risk:
    """Add a new risk and record its first values, so as-at reads see it from `at` on."""
    _guard(plan, {name: getattr(risk, f) for f, name in TEXT_FIELDS.items()} | {"note": note}, at)
    risk.plan_id = plan.id
    risk.number = number_of(risk.code)
    risk.status = risk.status or "open"
    risk.review_every = risk.review_every or reviews.DEFAULT_EVERY
    risk.created_at = at
    risk.updated_at = at
    session.add(risk)
    session.flush()
    update = Update(plan_id=plan.id, risk_id=risk.id, person=by, at=at, via=via, note=note)
    update.changes.append(Change(risk_id=risk.id, field="created", new=risk.code, at=at))
    for field in TRACKED:
        value = as_text(getattr(risk, field))
        if value is not None:
            update.changes.append(Change(risk_id=risk.id, field=field, new=value, at=at))
    session.add(update)
    return risk


def record(
    session: Session,
    plan: Plan,
    risk: Risk,
    changes: Mapping[str, Any],
    *,
    at: datetime,
    via: str,
    by: Person | None = None,
    note: str | None = None,
    reason: str | None = None,
    extra: Sequence[tuple[str, str | None, str | None]] = (),
) -> Update | None:
    """Apply `changes` to `risk`, one Update and a Change per field that differs, plus any
    `extra` pseudo-field changes (field, old, new). None, writing nothing, when nothing would
    change and there is no note."""
    unknown = set(changes) - set(TRACKED)
    if unknown:
        raise ValueError(f"untracked risk fields {sorted(unknown)}")
    diffs = [
        (field, as_text(getattr(risk, field)), new)
        for field, new in changes.items()
        if as_text(getattr(risk, field)) != as_text(new)
    ]
    if not diffs and not note and not extra:
        return None
    texts = {TEXT_FIELDS[f]: new for f, _old, new in diffs if f in TEXT_FIELDS}
    _guard(plan, {**texts, "note": note, "reason": reason}, at)
    at = max(at, risk.updated_at) if risk.updated_at else at
    update = Update(
        plan_id=plan.id, risk_id=risk.id, person=by, at=at, via=via, note=note, reason=reason
    )
    for field, old, new in diffs:
        setattr(risk, field, new)
        change = Change(risk_id=risk.id, field=field, old=old, new=as_text(new), at=at)
        update.changes.append(change)
    for field, old, new in extra:
        update.changes.append(Change(risk_id=risk.id, field=field, old=old, new=new, at=at))
    risk.updated_at = at
    session.add(update)
    return update


def review(
    session: Session,
    plan: Plan,
    risk: Risk,
    *,
    today: date,
    at: datetime,
    via: str,
    by: Person | None,
    note: str | None = None,
) -> Update:
    """The owner has reviewed the risk today: the next review falls one period on."""
    changes: dict[str, Any] = {"review_date": reviews.after(today, risk.review_every)}
    if note:
        changes["latest_note"] = note
    risk.reviewed_on = today
    update = record(
        session,
        plan,
        risk,
        changes,
        at=at,
        via=via,
        by=by,
        note=note,
        extra=[("reviewed", None, today.isoformat())],
    )
    assert update is not None  # noqa: S101 - a review always writes its "reviewed" change
    return update


def link_action(
    session: Session,
    plan: Plan,
    risk: Risk,
    action: Action,
    *,
    at: datetime,
    via: str,
    by: Person | None,
) -> Update | None:
    """Link a mitigating action, kept as an "action" pseudo-field change; None if linked."""
    if action in risk.actions:
        return None
    risk.actions.append(action)
    extra = [("action", None, action.ref)]
    return record(session, plan, risk, {}, at=at, via=via, by=by, extra=extra)


def risk_history(session: Session, risk: Risk) -> Sequence[Update]:
    return session.scalars(
        select(Update).where(Update.risk_id == risk.id).order_by(Update.at, Update.id)
    ).all()


def _guard(plan: Plan, texts: Mapping[str, object], at: datetime) -> None:
    privacy.guard(plan, {k: v for k, v in texts.items() if isinstance(v, str)}, at)
