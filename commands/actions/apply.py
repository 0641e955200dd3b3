"""Applying a change to an action through the history, and describing it back to the sender."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from commands import views
from commands.context import Context, Post, Reply
from commands.views import Changed
from store import history
from store.models import Action, Person, Plan, Theme, Update

# Fields a sender sees in the reply; the note is shown on its own.
SHOWN = ("status", "signoff_pending", "due_date", "owner_id", "theme_id", "title")


def apply(
    ctx: Context,
    plan: Plan,
    action: Action,
    changes: dict[str, Any],
    *,
    note: str | None = None,
    reason: str | None = None,
    next_step: str | None = None,
) -> Reply:
    if note:
        changes = {**changes, "latest_note": note}
    update = history.record(
        ctx.session,
        action,
        changes,
        at=ctx.now,
        via=ctx.via,
        by=ctx.person,
        note=note,
        reason=reason,
        now=True,
    )
    names = _names(ctx, update)
    shown = views.field_changes(plan, update.changes if update else [], names, SHOWN)
    view = Changed(
        ref=action.ref,
        title=action.title,
        changes=shown,
        note=note,
        reason=reason,
        next_step=next_step,
        unchanged=update is None,
    )
    posts: tuple[Post, ...] = ()
    status_changed = any(c.field == "status" for c in shown)
    if status_changed and plan.public_confirmations and plan.channel:
        posts = (Post(plan.channel, "chat/announce_change", _announcement(ctx, view)),)
    touched = tuple(p for p in {ctx.person.id, action.owner_id} if p is not None)
    return Reply("chat/changed", view, posts=posts, touched=touched)


def _announcement(ctx: Context, view: Changed) -> dict[str, Any]:
    return {"who": ctx.person.display, "change": view}


def _names(ctx: Context, update: Update | None) -> dict[str, str]:
    """Display names for the owner and theme ids a change mentions, old and new."""
    if update is None:
        return {}
    ids: dict[str, set[int]] = {"owner_id": set(), "theme_id": set()}
    for change in update.changes:
        if change.field in ids:
            ids[change.field] |= {int(v) for v in (change.old, change.new) if v}
    names: dict[str, str] = {}
    if ids["owner_id"]:
        for person in ctx.session.scalars(select(Person).where(Person.id.in_(ids["owner_id"]))):
            names[f"owner_id:{person.id}"] = person.display
    if ids["theme_id"]:
        for theme in ctx.session.scalars(select(Theme).where(Theme.id.in_(ids["theme_id"]))):
            names[f"theme_id:{theme.id}"] = f"{theme.number} {theme.name}"
    return names
