"""Commands that change actions: update, note, due, evidence, done, signoff, assign, add.

Each command is a frozen dataclass, a reader that makes it from the words after the verb,
and a handler that applies it; ROWS lists them for the command table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from commands import permissions, resolve, views
from commands.actions.apply import apply
from commands.args import QUOTES, ActionRef, Args, PersonRef, read_person
from commands.context import Context, Reply
from commands.errors import UsageError, UserError
from commands.spec import Spec
from commands.text import check_length
from store import history, plans
from store.dates import uk
from store.domain import Role, Status, ref_key
from store.models import Action, Plan


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
    # A date that has passed is taken only when confirmed ("… 01/01/2026 anyway because …").
    anyway: bool = False


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
class AddAction:
    target: ActionRef
    title: str
    owner: PersonRef
    due: date | None
    theme: str | None = None
    anyway: bool = False


MAX_TITLE = 500


# -- readers ------------------------------------------------------------------------------------
def read_update(args: Args) -> UpdateAction:
    target = args.ref()
    status = args.status()
    return UpdateAction(target, status, args.rest() or None)


def read_note(args: Args) -> NoteAction:
    target = args.ref()
    text = args.rest()
    if not text:
        raise UsageError("The note is missing: type it after the ref.")
    return NoteAction(target, text)


def read_due(args: Args) -> MoveDue:
    target = args.ref()
    when = args.until("because")
    if args.take() is None:
        raise UsageError(
            "Moving a due date needs a reason: add 'because' and the reason after the date."
        )
    reason = args.rest()
    if not reason:
        raise UsageError("The reason is missing: type it after 'because'.")
    when, anyway = _anyway(when)
    if when.lower() in ("ongoing", "none"):
        return MoveDue(target, None, reason)
    return MoveDue(target, args.date(when, "The new due date"), reason, anyway)


def _anyway(words: str) -> tuple[str, bool]:
    """A date followed by 'anyway': confirmed even though it has passed."""
    if words.lower().endswith(" anyway"):
        return words[: -len(" anyway")].strip(), True
    return words, False


def read_evidence(args: Args) -> AddEvidence:
    target = args.ref()
    text = args.rest()
    if not text:
        raise UsageError("The evidence is missing: type a link or a description after the ref.")
    return AddEvidence(target, text)


def read_done(args: Args) -> CompleteAction:
    target = args.ref()
    return CompleteAction(target, args.rest() or None)


def read_signoff(args: Args) -> SignOff:
    target = args.ref()
    args.end()
    return SignOff(target)


def read_assign(args: Args) -> AssignAction:
    target = args.ref()
    person = args.person("The new owner")
    args.end()
    return AssignAction(target, person)


def read_add(args: Args) -> AddAction:
    target = args.ref()
    if args.peek() is None:
        raise UsageError("The title is missing: put it in quotes after the ref.")
    quoted = args.text[:1] in QUOTES
    title = args.take() if quoted else args.until("owner", "due", "theme")
    if not title:
        raise UsageError("The title is missing: put it in quotes after the ref.")
    check_length(title, "The title", MAX_TITLE)
    owner: PersonRef | None = None
    due_date = None
    theme = None
    anyway = False
    while not args.at_end():
        key = (args.take() or "").lower()
        if key == "owner":
            owner = read_person(args.expect("The owner (an @name or an email)"))
        elif key == "due":
            when, anyway = _anyway(args.until("owner", "theme"))
            due_date = None if when.lower() == "ongoing" else args.date(when, "The due date")
        elif key == "theme":
            theme = args.expect("The theme number").rstrip(".")
        else:
            raise UsageError(
                f"I did not expect '{key}': after the title come owner, due and theme."
            )
    if owner is None:
        raise UsageError("The owner is missing: add owner @name or owner name@council.gov.uk.")
    return AddAction(target, str(title), owner, due_date, theme, anyway)


# -- handlers -----------------------------------------------------------------------------------
def update(cmd: UpdateAction, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target, lock=True)
    permissions.require_update(ctx.session, plan, ctx.person, action, ctx.today(plan))
    if cmd.status is Status.COMPLETE:
        return _complete(ctx, plan, action, cmd.note)
    next_step = None
    if action.state is Status.COMPLETE:
        # Any status change after completion reopens it, sign-off or not, and says so.
        was = views.status_text(plan, action.status, action.signoff_pending)
        next_step = f"{action.ref} is reopened: it was {was}."
    changes = {"status": cmd.status.value, "signoff_pending": False}
    return apply(ctx, plan, action, changes, note=cmd.note, next_step=next_step)


def note(cmd: NoteAction, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target, lock=True)
    permissions.require_update(
        ctx.session, plan, ctx.person, action, ctx.today(plan), "add notes to"
    )
    return apply(ctx, plan, action, {}, note=cmd.text)


def due(cmd: MoveDue, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target, lock=True)
    permissions.require_update(
        ctx.session, plan, ctx.person, action, ctx.today(plan), "move the due date of"
    )
    if cmd.due is not None and action.due_date == cmd.due:
        raise UserError(f"{action.ref} is already due on {uk(cmd.due)}.")
    example = f"/action due {action.ref} {{date}} anyway because …"
    _not_past(cmd.due, cmd.anyway, ctx.today(plan), action.ref, example)
    return apply(ctx, plan, action, {"due_date": cmd.due}, reason=cmd.reason)


def _not_past(due: date | None, anyway: bool, today: date, ref: str, example: str) -> None:
    """A due date that has passed is usually a slip (a year typed wrong): ask to confirm."""
    if due is not None and due < today and not anyway:
        typed = example.format(date=f"{due:%d/%m/%Y}")
        raise UserError(
            f"{uk(due)} has passed, so {ref} would be overdue at once. If that is right, add "
            f"'anyway' after the date ({typed}); otherwise give a later date."
        )


def evidence(cmd: AddEvidence, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target, lock=True)
    permissions.require_update(
        ctx.session, plan, ctx.person, action, ctx.today(plan), "add evidence to"
    )
    if any(item.text == cmd.text for item in action.evidence):
        raise UserError(f"{action.ref} already has that evidence.")
    history.add_evidence(ctx.session, action, cmd.text, at=ctx.now, via=ctx.via, by=ctx.person)
    view = {
        "ref": action.ref,
        "text": cmd.text,
        "count": len(action.evidence),
        "open": action.state.is_open,
    }
    return Reply("chat/evidence_added", view)


def done(cmd: CompleteAction, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target, lock=True)
    permissions.require_update(ctx.session, plan, ctx.person, action, ctx.today(plan), "complete")
    return _complete(ctx, plan, action, cmd.note)


def _complete(ctx: Context, plan: Plan, action: Action, note: str | None) -> Reply:
    lead = permissions.is_plan_lead(ctx.session, plan, ctx.person)
    if action.signoff_pending:
        then = (
            f"Sign it off with /action signoff {action.ref}."
            if lead
            else f"A plan lead ({_leads(ctx, plan)}) signs it off."
        )
        raise UserError(f"{action.ref} is already complete, awaiting sign-off. {then}")
    if action.state is Status.COMPLETE:
        raise UserError(f"{action.ref} is already complete.")
    if plan.require_evidence and not action.evidence:
        raise UserError(
            f"{action.ref} needs evidence before it can be complete. Add it with "
            f"/action evidence {action.ref} <link or text>, then /action done {action.ref}."
        )
    pending = plan.require_signoff and not lead
    next_step = None
    if pending:
        next_step = f"It now awaits sign-off by a plan lead ({_leads(ctx, plan)})."
    elif plan.require_signoff:
        next_step = "It is closed: completed by a plan lead, it needs no separate sign-off."
    changes = {"status": Status.COMPLETE.value, "signoff_pending": pending}
    return apply(ctx, plan, action, changes, note=note, next_step=next_step)


def _leads(ctx: Context, plan: Plan) -> str:
    return ", ".join(p.display for p in plans.plan_leads(ctx.session, plan)) or "none yet"


def signoff(cmd: SignOff, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target, lock=True)
    permissions.require_plan_lead(ctx.session, plan, ctx.person, f"sign off {action.ref}")
    if not action.signoff_pending:
        raise UserError(
            f"{action.ref} is not awaiting sign-off (it is {plan.label(action.status)})."
        )
    return apply(ctx, plan, action, {"signoff_pending": False}, next_step="It is now closed.")


def assign(cmd: AssignAction, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target, lock=True)
    permissions.require_theme_or_plan_lead(
        ctx.session, plan, ctx.person, action.theme, f"reassign {action.ref}"
    )
    owner = resolve.person(ctx, plan, cmd.person)
    plans.grant(ctx.session, plan, owner, Role.OWNER)
    reply = apply(ctx, plan, action, {"owner_id": owner.id})
    return Reply(reply.template, reply.view, posts=reply.posts, touched=(*reply.touched, owner.id))


def add(cmd: AddAction, ctx: Context) -> Reply:
    # The plan is held so two adds of one ref cannot both find it free.
    plan = ctx.hold(resolve.plan(ctx, cmd.target.plan))
    number = cmd.theme or cmd.target.ref.split(".")[0]
    theme = plans.theme(ctx.session, plan, number)
    if theme is None:
        known = ", ".join(t.number for t in plan.themes) or "none yet"
        raise UserError(
            f"{plan.name} has no theme {number}. Themes: {known}. Add theme <n> to choose."
        )
    permissions.require_theme_or_plan_lead(
        ctx.session, plan, ctx.person, theme, f"add actions to theme {theme.number}"
    )
    if any(a.ref == cmd.target.ref for a in plan.actions):
        raise UserError(f"{plan.name} already has an action {cmd.target.ref}. Choose another ref.")
    _not_past(cmd.due, cmd.anyway, ctx.today(plan), cmd.target.ref, "due {date} anyway")
    owner = resolve.person(ctx, plan, cmd.owner)
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
    view = {
        "ref": action.ref,
        "title": action.title,
        "theme": theme.number,
        "owner": owner.display,
        "due": uk(cmd.due) if cmd.due else None,
    }
    return Reply("chat/action_added", view, touched=(owner.id,))


ROWS = (
    Spec(
        "action", "update", "/action update <ref> <status> [note]",
        "Set an action's status, with an optional note. Short form: /action <ref> <status> [note].",
        ("/action update 4.2 green Backlog cleared", "/action 4.2 amber Two posts still vacant"),
        UpdateAction, read_update, update,
    ),
    Spec(
        "action", "note", "/action note <ref> <text>",
        "Add a progress note without changing the status.",
        ("/action note 4.2 Audit booked for March",),
        NoteAction, read_note, note,
    ),
    Spec(
        "action", "due", "/action due <ref> <date> because <reason>",
        "Move the due date; the reason is kept in the history.",
        ("/action due 4.2 31/03/2027 because recruitment was delayed",),
        MoveDue, read_due, due,
    ),
    Spec(
        "action", "evidence", "/action evidence <ref> <url or text>",
        "Attach evidence: a link or a reference into the evidence library.",
        ("/action evidence 4.2 https://intranet.example/a.pdf", "/action evidence 4.2 EV-QA-011"),
        AddEvidence, read_evidence, evidence,
    ),
    Spec(
        "action", "done", "/action done <ref> [note]",
        "Mark an action complete (a plan may ask for evidence first, or a plan lead's sign-off).",
        ("/action done 4.2 All cases reallocated",),
        CompleteAction, read_done, done,
    ),
    Spec(
        "action", "signoff", "/action signoff <ref>",
        "Plan leads: accept a completed action and close it.",
        ("/action signoff 4.2",),
        SignOff, read_signoff, signoff,
    ),
    Spec(
        "action", "assign", "/action assign <ref> <@person or email>",
        "Give an action to a new owner.",
        ("/action assign 4.2 @sam.patel", "/action assign 4.2 sam.patel@council.gov.uk"),
        AssignAction, read_assign, assign,
    ),
)  # fmt: skip

ADD = Spec(
    "action", "add", '/action add <ref> "<title>" owner <@person> due <date> [theme <n>]',
    "Plan and theme leads: add an action to the plan.",
    ('/action add 4.6 "Audit return home interviews" owner @sam.patel due 30/06/2027',),
    AddAction, read_add, add,
)  # fmt: skip
