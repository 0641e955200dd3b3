"""Handlers that change actions: update, note, due, evidence, done, signoff, assign, add."""

from __future__ import annotations

from commands import permissions, resolve
from commands.context import Context, Reply
from commands.errors import UserError
from commands.handlers.changes import apply
from commands.syntax import (
    AddAction,
    AddEvidence,
    AssignAction,
    CompleteAction,
    MoveDue,
    NoteAction,
    SignOff,
    UpdateAction,
)
from commands.views import Notice
from store import history, plans
from store.dates import uk
from store.domain import Role, Status, ref_key
from store.models import Action, Plan


def update(cmd: UpdateAction, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target)
    permissions.require_update(ctx.session, plan, ctx.person, action)
    if cmd.status is Status.COMPLETE:
        return _complete(ctx, plan, action, cmd.note)
    return apply(
        ctx, plan, action, {"status": cmd.status.value, "signoff_pending": False}, note=cmd.note
    )


def note(cmd: NoteAction, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target)
    permissions.require_update(ctx.session, plan, ctx.person, action, "add notes to")
    return apply(ctx, plan, action, {}, note=cmd.text)


def due(cmd: MoveDue, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target)
    permissions.require_update(ctx.session, plan, ctx.person, action, "move the due date of")
    if cmd.due is not None and action.due_date == cmd.due:
        raise UserError(f"{action.ref} is already due on {uk(cmd.due)}.")
    return apply(ctx, plan, action, {"due_date": cmd.due}, reason=cmd.reason)


def evidence(cmd: AddEvidence, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target)
    permissions.require_update(ctx.session, plan, ctx.person, action, "add evidence to")
    if any(item.text == cmd.text for item in action.evidence):
        raise UserError(f"{action.ref} already has that evidence.")
    history.add_evidence(ctx.session, action, cmd.text, at=ctx.now, via=ctx.via, by=ctx.person)
    count = len(action.evidence)
    more = f" It now has {count} evidence items." if count > 1 else ""
    hint = f" Mark it complete with /action done {action.ref}." if action.state.is_open else ""
    return Reply("chat/notice", Notice(f"Evidence added to {action.ref}.{more}{hint}"))


def done(cmd: CompleteAction, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target)
    permissions.require_update(ctx.session, plan, ctx.person, action, "complete")
    return _complete(ctx, plan, action, cmd.note)


def _complete(ctx: Context, plan: Plan, action: Action, note: str | None) -> Reply:
    if action.state is Status.COMPLETE:
        raise UserError(f"{action.ref} is already complete.")
    if plan.require_evidence and not action.evidence:
        raise UserError(
            f"{action.ref} needs evidence before it can be complete. Add it with "
            f"/action evidence {action.ref} <link or text>, then /action done {action.ref}."
        )
    pending = plan.require_signoff and not permissions.is_plan_lead(ctx.session, plan, ctx.person)
    next_step = None
    if pending:
        leads = ", ".join(p.display for p in plans.plan_leads(ctx.session, plan)) or "a plan lead"
        next_step = f"It now awaits sign-off by a plan lead ({leads})."
    changes = {"status": Status.COMPLETE.value, "signoff_pending": pending}
    return apply(ctx, plan, action, changes, note=note, next_step=next_step)


def signoff(cmd: SignOff, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target)
    permissions.require_plan_lead(ctx.session, plan, ctx.person, f"sign off {action.ref}")
    if not action.signoff_pending:
        raise UserError(
            f"{action.ref} is not awaiting sign-off (it is {plan.label(action.status)})."
        )
    return apply(ctx, plan, action, {"signoff_pending": False}, next_step="It is now closed.")


def assign(cmd: AssignAction, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target)
    lead = action.theme.lead_id if action.theme else None
    permissions.require_theme_or_plan_lead(
        ctx.session, plan, ctx.person, lead, f"reassign {action.ref}"
    )
    owner = resolve.person(ctx, plan, cmd.person, create=True)
    plans.grant(ctx.session, plan, owner, Role.OWNER)
    reply = apply(ctx, plan, action, {"owner_id": owner.id})
    return Reply(reply.template, reply.view, posts=reply.posts, touched=(*reply.touched, owner.id))


def add(cmd: AddAction, ctx: Context) -> Reply:
    plan = resolve.plan(ctx, cmd.target.plan)
    number = cmd.theme or cmd.target.ref.split(".")[0]
    theme = plans.theme(ctx.session, plan, number)
    if theme is None:
        known = ", ".join(t.number for t in plan.themes) or "none yet"
        raise UserError(
            f"{plan.name} has no theme {number}. Themes: {known}. Add theme <n> to choose."
        )
    permissions.require_theme_or_plan_lead(
        ctx.session, plan, ctx.person, theme.lead_id, f"add actions to theme {theme.number}"
    )
    if any(a.ref == cmd.target.ref for a in plan.actions):
        raise UserError(f"{plan.name} already has an action {cmd.target.ref}. Choose another ref.")
    owner = resolve.person(ctx, plan, cmd.owner, create=True)
    plans.grant(ctx.session, plan, owner, Role.OWNER)
    action = Action(
        plan_id=plan.id,
        theme_id=theme.id,
        ref=cmd.target.ref,
        ref_key=ref_key(cmd.target.ref),
        title=cmd.title,
        owner_id=owner.id,
        due_date=cmd.due,
        baseline_due=cmd.due,
        status=Status.NOT_STARTED.value,
    )
    history.create_action(ctx.session, action, at=ctx.now, via=ctx.via, by=ctx.person)
    due_text = f"due {uk(cmd.due)}" if cmd.due else "with no due date (ongoing)"
    text = (
        f"Added {action.ref} {action.title} to theme {theme.number}, "
        f"owner {owner.display}, {due_text}."
    )
    return Reply("chat/notice", Notice(text), touched=(owner.id,))
