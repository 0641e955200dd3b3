"""`improvebot plan import`, `export` and `configure`: the library does the work, this prints it.

Library errors carry text safe to show; they become click errors (exit code 1) here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import click

import templates
from bot.app import App
from bot.cli_support import make_app, plan_transaction, read_date, today
from commands import boundary
from commands.plans.view import settings_view
from store import plan_settings
from store.dates import parse_time, read_weekday
from store.domain import UK_TIME
from store.exporter import export_plan, plan_to_export
from store.imports import ImportResult, PlanNotChosen, import_file
from store.models import Plan

SHOWN = 80  # longest field value shown in a dry run, so a long note stays on one line
NO_EMAIL = "No email, so Slack and Teams can never find them: add their email"


@contextmanager
def _app() -> Iterator[App]:
    app = make_app()
    try:
        yield app
    finally:
        app.close()


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--plan", "slug", help="The plan to update, or to create with this slug.")
@click.option("--new", "new", metavar="NAME", help="Make a new plan of this name, always.")
@click.option("--name", help="The plan of this name, or a new one (default: the file's title).")
@click.option("--dry-run", is_flag=True, help="Show what would change, and change nothing.")
def import_command(
    file: Path, slug: str | None, new: str | None, name: str | None, dry_run: bool
) -> None:
    """Import a plan from a CSV, XLSX or Unicode text file, all or nothing.

    Without --plan, --new or --name the file goes to the plan its title row names, or to a
    new plan when there are none; otherwise nothing changes and the plans are listed.
    Actions are matched by ref: new refs are added, changed cells are updated with history,
    and refs missing from the file are left as they are.
    """
    try:
        with _app() as app, boundary.transaction(app.sessions) as session:
            now = app.clock.now()
            result = import_file(
                session,
                file,
                at=now,
                today=now.astimezone(UK_TIME).date(),
                plan_slug=slug,
                plan_name=name,
                new_name=new,
            )
            if dry_run:
                session.rollback()
    except PlanNotChosen as exc:  # other errors are shown by the CLI group, as they are
        raise click.ClickException("\n".join(not_chosen(exc, file))) from None
    for line in describe(result) if dry_run else summarise(result):
        click.echo(line)


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "slug", help="The plan to export (needed when there are several).")
def export_command(file: Path, slug: str | None) -> None:
    """Export a plan's actions to a CSV or XLSX file that `plan import` reads back."""
    try:
        with _app() as app, boundary.transaction(app.sessions, write=False) as session:
            plan = plan_to_export(session, slug)
            count = export_plan(session, plan, file)
    except OSError as exc:
        raise click.ClickException(
            f"Could not write {file}: {exc.strerror or exc}. Is it open in another program?"
        ) from None
    click.echo(f"Wrote {count} action{_s(count)} of plan {plan.slug} to {file}.")


def not_chosen(exc: PlanNotChosen, file: Path) -> list[str]:
    """The refusal when nothing says which plan a file is: the plans, and what to type."""
    width = max(len(slug) for slug, _name in exc.plans)
    example = exc.title or file.stem.replace("_", " ")
    return [
        exc.message,
        *(f"  {slug:<{width}}  {name}" for slug, name in exc.plans),
        f"Name the plan with --plan SLUG (such as --plan {exc.plans[0][0]}), or --new NAME for "
        f'a new plan (such as --new "{example}").',
    ]


def summarise(result: ImportResult) -> list[str]:
    """The short report after an import."""
    plan = f"{result.plan_slug} ({result.plan_name}{', new plan' if result.plan_created else ''})"
    lines = [
        f"Imported {result.file_name} into {plan}: {len(result.added)} added, "
        f"{len(result.updated)} updated, {result.unchanged} unchanged, "
        f"{len(result.people_added)} {'person' if len(result.people_added) == 1 else 'people'}"
        " added."
    ]
    lines += [line for line in people_lines(result) if not line.endswith(": none")]
    if result.findings_added or result.findings_linked:
        lines.append(
            f"Findings: {len(result.findings_added)} added, {len(result.findings_linked)} "
            "links from the actions that answer them (see /plan coverage)."
        )
    if result.ignored_columns:
        lines.append(f"Columns ignored: {', '.join(result.ignored_columns)}.")
    if result.not_in_file:
        lines.append(f"Not in the file, left as they are: {', '.join(result.not_in_file)}.")
    return lines


def people_lines(result: ImportResult) -> list[str]:
    """Who is new, which roles the import gives each person, and who chat can never reach."""
    given = result.roles_given
    lines = [_listing("New people", result.people_added, sep="; ")]
    lines.append(f"Roles given ({len(given)}):" if given else "Roles given: none")
    lines += [f"  {who}: {', '.join(sorted(roles, key=_rank))}" for who, roles in given.items()]
    return [*lines, _listing(NO_EMAIL, result.no_email, sep="; ")]


def _rank(role: str) -> int:
    """Plan lead first, then theme leads, then action owner."""
    return 0 if role == "plan lead" else 1 if role.startswith("theme lead") else 2


def describe(result: ImportResult) -> list[str]:
    """The full report of a dry run: everything the import would do."""
    plan = f"plan {result.plan_slug} ({result.plan_name}), {result.chosen_by}"
    changed = len(result.added) + len(result.updated)
    lines = [
        f"Dry run of {result.file_name}: nothing was written.",
        f"Would create {plan}."
        if result.plan_created
        else f"Would change {changed} action{_s(changed)} of {plan}.",
        _listing("Actions added", result.added),
        f"Actions updated ({len(result.updated)}):" if result.updated else "Actions updated: none",
    ]
    for ref, changes in result.updated.items():
        shown = "; ".join(f"{c.field}: {_short(c.old)} -> {_short(c.new)}" for c in changes)
        lines.append(f"  {ref}  {shown}")
    lines += [
        f"Actions unchanged: {result.unchanged}",
        *people_lines(result),
        _listing("Themes added", result.themes_added),
        _listing("KPIs added", result.kpis_added),
        _listing("Findings added", result.findings_added),
        _listing("Actions linked to findings", result.findings_linked),
        _listing("Columns ignored", result.ignored_columns),
        _listing("Refs in the plan but not in the file (left as they are)", result.not_in_file),
    ]
    return lines


def _listing(title: str, items: list[str], sep: str = ", ") -> str:
    # People's names can hold commas ("Head of Service, Children in Need").
    return f"{title} ({len(items)}): {sep.join(items)}" if items else f"{title}: none"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _s(count: int) -> str:
    return "" if count == 1 else "s"


@click.command("configure")
@click.option("--plan", "slug", help="The plan to configure (needed when there are several).")
@click.option("--name", help="The plan's full name.")
@click.option(
    "--channel", help="The plan's channel: #name, a Slack channel id, or teams:<conversation id>."
)
@click.option("--timezone", "zone", help="The time zone, such as Europe/London.")
@click.option("--region", help="Whose bank holidays: ENG, WLS, SCT or NIR.")
@click.option("--digest", help='When the weekly digest is posted, such as "Monday 09:00".')
@click.option("--closure", multiple=True, metavar="DATE[:DATE]", help="Add closure days.")
@click.option("--clear-closures", is_flag=True, help="Remove every closure day first.")
@click.option("--label", multiple=True, metavar="STATUS=LABEL", help="A status's own word.")
@click.option("--evidence/--no-evidence", default=None, help="Require evidence to complete.")
@click.option("--signoff/--no-signoff", default=None, help="Require a plan lead's sign-off.")
@click.option(
    "--confirmations/--no-confirmations", default=None, help="Post status changes to the channel."
)
@click.option(
    "--reminder", multiple=True, metavar="KIND=on|off|DAYS", help="Tune a kind of reminder."
)
def configure_command(slug: str | None, **options: Any) -> None:
    """Show a plan's settings, or change them (the same rules as /plan in chat).

    With no options it prints the plan_settings. For example:
    improvebot plan configure --region SCT --digest "Monday 09:00" --closure 24/12/2026:01/01/2027
    """
    with plan_transaction(slug) as (session, plan, now):
        changes = _configure(plan, now, options)
        if not changes:
            view = settings_view(session, plan)
            click.echo(templates.render("chat/plan_settings", view, "console"))
        for line in changes:
            click.echo(line)


def _configure(plan: Plan, now: datetime, options: dict[str, Any]) -> list[str]:
    """Apply each option given, in an order where one cannot undo another; the echoes."""
    done = []
    if options["name"]:
        plan.name = " ".join(options["name"].split())
        done.append(f"Name: {plan.name}")
    if options["channel"]:
        channel = plan_settings.read_channel(options["channel"])
        done.append(f"Channel: {plan_settings.set_channel(plan, channel)}")
    if options["zone"]:  # before the digest, whose time is checked in this zone
        done.append(f"Time zone: {plan_settings.set_timezone(plan, options['zone'])}")
    if options["region"]:
        done.append(f"Bank holidays: {plan_settings.set_region(plan, options['region'])}")
    if options["digest"]:
        day, _, at = options["digest"].strip().partition(" ")
        digest = plan_settings.set_digest(
            plan, read_weekday(day), parse_time(at.removeprefix("at ")), today=today(plan, now)
        )
        done.append(f"Weekly digest: {digest}")
    if options["clear_closures"]:
        plan_settings.clear_closures(plan)
    for text in options["closure"]:
        first, _, last = text.partition(":")
        end = read_date(last, plan, now) if last else None
        plan_settings.add_closure(plan, read_date(first, plan, now), end)
    if options["clear_closures"] or options["closure"]:
        done.append(f"Closure days: {plan_settings.closures_text(plan)}")
    for text in options["label"]:
        status, _, label = text.partition("=")
        word = plan_settings.read_status_word(status)
        done.append(plan_settings.set_label(plan, word, label if label.strip() else None))
    for name in plan_settings.SWITCHES:
        if options[name] is not None:
            done.append(plan_settings.set_switch(plan, name, options[name]))
    for text in options["reminder"]:
        kind, _, value = text.partition("=")
        value = value.strip().lower()
        if value.isdigit():
            done.append(plan_settings.set_reminder(plan, kind, days=int(value)))
        elif value in ("on", "off"):
            done.append(plan_settings.set_reminder(plan, kind, enabled=value == "on"))
        else:
            raise plan_settings.SettingError(
                f"--reminder {text}: give KIND=on, KIND=off or KIND=DAYS."
            )
    return done
