"""/plan people and /plan lead: who is in the plan, and in which role. Plan leads change them.

The work is store.roster's and store.handover's, which `improvebot plan people` calls too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from commands import permissions, resolve
from commands.args import Args, PersonRef, read_person
from commands.boards.words import in_plan
from commands.context import Context, Reply
from commands.errors import UsageError, UserError
from commands.plans.people_view import CHAT_FOOTER, people_view
from commands.spec import Spec
from commands.text import did_you_mean, nearest
from store import handover, plans, roster
from store.domain import Role
from store.models import Person, Plan, Theme
from store.people import is_email
from store.roster import By, StillResponsible


@dataclass(frozen=True)
class ListPeople:
    plan: str | None = None


@dataclass(frozen=True)
class AddPerson:
    email: str
    name: str
    role: Role | None = None
    theme: str | None = None
    plan: str | None = None


@dataclass(frozen=True)
class RemovePerson:
    person: PersonRef
    plan: str | None = None


@dataclass(frozen=True)
class ReplacePerson:
    old: PersonRef
    new: PersonRef
    plan: str | None = None


@dataclass(frozen=True)
class PlanLead:
    person: PersonRef
    add: bool
    plan: str | None = None


@dataclass(frozen=True)
class PeopleChanged:
    summary: str
    lines: list[str] = field(default_factory=list)


# -- readers --------------------------------------------------------------------------------------
SUBCOMMANDS = ("add", "remove", "replace")
ROLES = "lead, theme lead <n>, owner or viewer"


def read_list(args: Args) -> ListPeople:
    plan = in_plan(args)
    word = args.peek()
    if word is not None:
        hint = did_you_mean(nearest(word.lower(), SUBCOMMANDS, n=1))
        raise UsageError(
            f"'{word}' is not a /plan people command.{hint} Use add, remove or replace, "
            "or /plan people on its own for the list."
        )
    return ListPeople(plan)


def read_add(args: Args) -> AddPerson:
    plan = in_plan(args)
    word = args.expect("Their email")
    # Slack sends an email as <mailto:…|…>; read_person unwraps it.
    email = read_person(word).value if "@" in word else word
    if not is_email(email):
        raise UsageError(f"'{word}' is not an email address. Start with theirs, then the name.")
    name = args.take() if args.text.startswith('"') else args.until("as")
    if not name:
        raise UsageError('Their name is missing: put it in quotes after the email: "Pat Quinn".')
    role, theme = None, None
    if args.take() is not None:  # "as"
        role, theme = read_role(args.rest())
    return AddPerson(email.lower(), name, role, theme, plan)


def read_role(text: str) -> tuple[Role, str | None]:
    """'lead', 'plan lead', 'theme lead 2', 'owner', 'viewer' -> the role and a theme number."""
    words = text.lower().replace("-", " ").split()
    if words[:2] == ["theme", "lead"]:
        number = " ".join(words[2:]).removeprefix("of ").removeprefix("theme ").rstrip(".")
        if not number:
            raise UsageError("Say which theme they lead: as theme lead 2.")
        return Role.THEME_LEAD, number
    found = {
        ("lead",): Role.PLAN_LEAD,
        ("plan", "lead"): Role.PLAN_LEAD,
        ("owner",): Role.OWNER,
        ("viewer",): Role.VIEWER,
    }.get(tuple(words))
    if found is None:
        raise UsageError(f"'{text.strip()}' is not a role. After 'as' type {ROLES}.")
    return found, None


def read_remove(args: Args) -> RemovePerson:
    plan = in_plan(args)
    person = args.person("Who leaves")
    args.end()
    return RemovePerson(person, plan)


def read_replace(args: Args) -> ReplacePerson:
    plan = in_plan(args)
    old = args.person("Who leaves")
    if (args.take() or "").lower() != "with":
        raise UsageError("Say who takes over: /plan people replace @old with @new.")
    new = args.person("Who takes over")
    args.end()
    return ReplacePerson(old, new, plan)


def read_lead(add: bool) -> Callable[[Args], PlanLead]:
    def read(args: Args) -> PlanLead:
        plan = in_plan(args)
        person = args.person("The plan lead")
        args.end()
        return PlanLead(person, add, plan)

    read.__name__ = "read_lead_add" if add else "read_lead_remove"
    return read


# -- handlers -------------------------------------------------------------------------------------
def listing(cmd: ListPeople, ctx: Context) -> Reply:
    plan = resolve.plan_for(ctx, cmd.plan, "/plan people")
    view = people_view(ctx.session, plan, ctx.today(plan), platforms=[ctx.via], footer=CHAT_FOOTER)
    return Reply("chat/people", view)


def add(cmd: AddPerson, ctx: Context) -> Reply:
    plan = _as_plan_lead(ctx, cmd.plan, "people add", "add people to the plan")
    theme = theme_numbered(plan, ctx, cmd.theme) if cmd.theme else None
    by = changed_by(ctx)
    done = roster.add(
        ctx.session, plan, email=cmd.email, name=cmd.name, role=cmd.role, theme=theme, by=by
    )
    return Reply("chat/people_changed", PeopleChanged(done))


def remove(cmd: RemovePerson, ctx: Context) -> Reply:
    plan = _as_plan_lead(ctx, cmd.plan, "people remove", "remove people from the plan")
    person = resolve.person(ctx, plan, cmd.person)
    try:
        done = roster.remove(ctx.session, plan, person, by=changed_by(ctx))
    except StillResponsible as error:
        raise UserError(
            f"{error.message} Replace them first: /plan people replace {_named(person)} "
            "with <@person or email>, which passes it all on and takes them out of the plan."
        ) from None
    return Reply("chat/people_changed", PeopleChanged(done), touched=(person.id,))


def replace(cmd: ReplacePerson, ctx: Context) -> Reply:
    plan = _as_plan_lead(ctx, cmd.plan, "people replace", "replace people")
    old = resolve.person(ctx, plan, cmd.old)
    new = resolve.person(ctx, plan, cmd.new)
    done = handover.replace(ctx.session, plan, old, new, by=changed_by(ctx))
    summary = f"{new.display} replaces {old.display}, who is no longer in {plan.name}."
    lines = done.lines() or [f"{old.display} held nothing open to pass on."]
    if done.lines():
        summary += f" Passed to {new.display}:"
    return Reply("chat/people_changed", PeopleChanged(summary, lines), touched=(old.id, new.id))


def lead(cmd: PlanLead, ctx: Context) -> Reply:
    verb = "lead add" if cmd.add else "lead remove"
    plan = _as_plan_lead(ctx, cmd.plan, verb, "name or remove plan leads")
    person = resolve.person(ctx, plan, cmd.person)
    by = changed_by(ctx)
    if cmd.add:
        done = roster.set_role(ctx.session, plan, person, Role.PLAN_LEAD, None, by=by)
    else:
        done = roster.drop_plan_lead(ctx.session, plan, person, by=by)
    return Reply("chat/people_changed", PeopleChanged(done), touched=(person.id,))


def theme_numbered(plan: Plan, ctx: Context, number: str) -> Theme:
    found = plans.theme(ctx.session, plan, number)
    if found is None:
        known = ", ".join(t.number for t in plan.themes) or "none yet"
        raise UserError(f"{plan.name} has no theme {number}. Themes: {known}.")
    return found


def _as_plan_lead(ctx: Context, slug: str | None, verb: str, doing: str) -> Plan:
    plan = resolve.plan_for(ctx, slug, f"/plan {verb}")
    permissions.require_plan_lead(ctx.session, plan, ctx.person, doing)
    return plan


def changed_by(ctx: Context) -> By:
    return By(ctx.now, ctx.via, ctx.person)


def _named(person: Person) -> str:
    return person.email or f"@{person.display}"


ROWS = (
    Spec(
        "plan", "people", "/plan people",
        "Everyone in the plan: role, email, chat identity, and who is away with which delegate.",
        ("/plan people",),
        ListPeople, read_list, listing,
    ),
    Spec(
        "plan", "people add", '/plan people add <email> "<name>" [as lead|theme lead <n>|viewer]',
        "Plan leads: add someone to the plan (as an owner unless you say), or give them a role.",
        (
            '/plan people add pat.quinn@council.gov.uk "Pat Quinn"',
            '/plan people add pat.quinn@council.gov.uk "Pat Quinn" as theme lead 2',
        ),
        AddPerson, read_add, add,
    ),
    Spec(
        "plan", "people remove", "/plan people remove <@person or email>",
        "Plan leads: take someone out of the plan (once their open work is replaced).",
        ("/plan people remove @pat.quinn", "/plan people remove pat.quinn@council.gov.uk"),
        RemovePerson, read_remove, remove,
    ),
    Spec(
        "plan", "people replace", "/plan people replace <@old> with <@new>",
        "Plan leads: when someone leaves, pass their open actions, KPIs, theme and delegations "
        "to someone already in the plan.",
        ("/plan people replace @pat.quinn with @sam.patel",),
        ReplacePerson, read_replace, replace,
    ),
    Spec(
        "plan", "lead add", "/plan lead add <@person>",
        "Plan leads: make someone in the plan a plan lead too.",
        ("/plan lead add @sam.patel",),
        PlanLead, read_lead(True), lead,
    ),
    Spec(
        "plan", "lead remove", "/plan lead remove <@person>",
        "Plan leads: someone is no longer a plan lead (a plan keeps at least one).",
        ("/plan lead remove @sam.patel",),
        PlanLead, read_lead(False), lead,
    ),
)  # fmt: skip
