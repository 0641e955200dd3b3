"""`improvebot plan people …`: who is in a plan, and in which role, from the command line.

This is how an imported plan gets its first plan lead. store.roster and store.handover do
the work, as for /plan people in chat; the operator at the command line may change anyone,
so no plan lead is needed here. Library errors become messages in bot.cli.
"""

from __future__ import annotations

import click
from sqlalchemy.orm import Session

import templates
from bot.cli_support import plan_transaction, today
from commands.plans.people_view import CLI_FOOTER, people_view
from store import handover, people, plans, roster
from store.domain import Role, Via
from store.models import Person, Plan, Theme
from store.roster import By, RosterError, StillResponsible

PLAN = click.option("--plan", "slug", help="The plan's short name (needed when there are several).")
ROLES = {
    "lead": Role.PLAN_LEAD,
    "plan-lead": Role.PLAN_LEAD,
    "owner": Role.OWNER,
    "viewer": Role.VIEWER,
}


@click.group("people")
def people_group() -> None:
    """List, add, remove and replace the people of a plan, and name its leads."""


@people_group.command("list")
@PLAN
def list_command(slug: str | None) -> None:
    """Everyone in the plan: role, email, chat identities, who is away and their delegate."""
    with plan_transaction(slug, write=False) as (session, plan, now):
        view = people_view(session, plan, today(plan, now), footer=CLI_FOOTER)
        click.echo(templates.render("chat/people", view, "console"))


@people_group.command("add")
@click.argument("email")
@click.option("--name", required=True, help="Their name, as the plan shows it.")
@click.option(
    "--role",
    metavar="lead|theme-lead:N|owner|viewer",
    help="Their role (default owner); for someone already in the plan, their new role.",
)
@PLAN
def add_command(email: str, name: str, role: str | None, slug: str | None) -> None:
    """Add someone to the plan by EMAIL, or give someone in it a role.

    For example, the first plan lead of an imported plan:
    improvebot plan people add amira.khan@council.gov.uk --name "Amira Khan" --role lead
    """
    with plan_transaction(slug) as (session, plan, now):
        wanted, number = read_role(role) if role else (None, None)
        theme = _theme(session, plan, number) if number else None
        by = By(now, Via.CLI)
        done = roster.add(session, plan, email=email, name=name, role=wanted, theme=theme, by=by)
        click.echo(done)


@people_group.command("remove")
@click.argument("email")
@PLAN
def remove_command(email: str, slug: str | None) -> None:
    """Take someone out of the plan, once nothing open is theirs (see replace)."""
    with plan_transaction(slug) as (session, plan, now):
        person = _member(session, plan, email)
        try:
            click.echo(roster.remove(session, plan, person, by=By(now, Via.CLI)))
        except StillResponsible as error:
            raise RosterError(
                f"{error.message} Replace them first: improvebot plan people replace {email} "
                "--with NEW_EMAIL"
            ) from None


@people_group.command("replace")
@click.argument("old_email", metavar="OLD_EMAIL")
@click.option("--with", "new_email", required=True, metavar="NEW_EMAIL", help="Who takes over.")
@PLAN
def replace_command(old_email: str, new_email: str, slug: str | None) -> None:
    """Someone left: pass their open actions, KPIs, theme leads, plan lead role and the
    delegations others gave them to NEW_EMAIL (already in the plan), then take them out."""
    with plan_transaction(slug) as (session, plan, now):
        old, new = _member(session, plan, old_email), _member(session, plan, new_email)
        done = handover.replace(session, plan, old, new, by=By(now, Via.CLI))
        click.echo(f"{new.display} replaces {old.display}, who is no longer in {plan.name}.")
        for line in done.lines() or ["nothing open to pass on"]:
            click.echo(f"  {line}")


def read_role(text: str) -> tuple[Role, str | None]:
    """'lead', 'theme-lead:2', 'owner' or 'viewer'."""
    word, _, number = text.strip().lower().partition(":")
    if word in ("theme-lead", "theme_lead"):
        if not number:
            raise click.BadParameter("give the theme's number: theme-lead:2", param_hint="--role")
        return Role.THEME_LEAD, number
    if word not in ROLES or number:
        raise click.BadParameter(
            f"'{text}' is not a role: use lead, theme-lead:N, owner or viewer", param_hint="--role"
        )
    return ROLES[word], None


def _member(session: Session, plan: Plan, email: str) -> Person:
    found = people.by_email(session, email)
    if found is None or not roster.is_member(session, plan, found):
        raise RosterError(
            f"{email} is not in the plan: add them with "
            f'improvebot plan people add {email} --name "Name"'
        )
    return found


def _theme(session: Session, plan: Plan, number: str) -> Theme:
    found = plans.theme(session, plan, number)
    if found is None:
        known = ", ".join(t.number for t in plan.themes) or "none yet"
        raise RosterError(f"{plan.name} has no theme {number}. Themes: {known}.")
    return found
