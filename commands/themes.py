"""/theme: a theme's lead, who answers for the theme and is escalated to when it slips."""

from __future__ import annotations

from dataclasses import dataclass

from commands import permissions, resolve
from commands.args import Args, PersonRef, read_person
from commands.boards.words import in_plan
from commands.context import Context, Reply
from commands.errors import UsageError
from commands.plans.people import PeopleChanged, changed_by, theme_numbered
from commands.spec import Spec
from store import roster
from store.domain import is_ref


@dataclass(frozen=True)
class ThemeLead:
    number: str
    person: PersonRef | None  # None: the theme has no lead from now on
    plan: str | None = None


def read_lead(args: Args) -> ThemeLead:
    plan = in_plan(args)
    number = args.expect("The theme number").rstrip(".")
    if not is_ref(number):
        raise UsageError(f"'{number}' is not a theme number. Type it like: /theme lead 2 @name.")
    word = args.expect("The new theme lead (an @name or an email, or none)")
    args.end()
    if word.lower() == "none":
        return ThemeLead(number, None, plan)
    return ThemeLead(number, read_person(word), plan)


def lead(cmd: ThemeLead, ctx: Context) -> Reply:
    plan = resolve.plan_for(ctx, cmd.plan, "/theme lead")
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "name theme leads")
    theme = theme_numbered(plan, ctx, cmd.number)
    person = resolve.person(ctx, plan, cmd.person) if cmd.person is not None else None
    old = theme.lead_id
    done = roster.set_theme_lead(ctx.session, plan, theme, person, by=changed_by(ctx))
    touched = tuple(p for p in (old, person.id if person else None) if p is not None)
    return Reply("chat/people_changed", PeopleChanged(done), touched=touched)


ROWS = (
    Spec(
        "theme", "lead", "/theme lead <n> <@person>",
        "Plan leads: name a theme's lead (someone in the plan), or none.",
        ("/theme lead 2 @sam.patel", "/theme lead 2 none"),
        ThemeLead, read_lead, lead,
    ),
)  # fmt: skip
