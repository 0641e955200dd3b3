"""`improvebot plan import` and `plan export`: the library does the work, this prints it.

Library errors carry text safe to show; they become click errors (exit code 1) here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from sqlalchemy.orm import Session, sessionmaker

from bot import settings as settings_module
from store import db as store_db
from store.exporter import ExportFailed, export_plan, plan_to_export
from store.importer import ImportFailed, ImportRejected, ImportResult, PlanNotChosen, import_file

# Dates in files are read as the plan's councils write them; they are in England's calendar.
LOCAL = ZoneInfo("Europe/London")
SHOWN = 80  # longest field value shown in a dry run, so a long note stays on one line


@contextmanager
def _sessions() -> Iterator[sessionmaker[Session]]:
    engine = store_db.make_engine(settings_module.load().database_url)
    try:
        store_db.upgrade(engine)
        yield store_db.session_factory(engine)
    finally:
        engine.dispose()


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--plan", "slug", help="The plan to update, or to create with this slug.")
@click.option("--name", help="The name of a new plan (default: from the file name).")
@click.option("--dry-run", is_flag=True, help="Show what would change, and change nothing.")
def import_command(file: Path, slug: str | None, name: str | None, dry_run: bool) -> None:
    """Import a plan from a CSV or XLSX file, all or nothing.

    Actions are matched by ref: new refs are added, changed cells are updated with history,
    and refs missing from the file are left as they are.
    """
    now = datetime.now(UTC)
    try:
        with _sessions() as sessions, sessions.begin() as session:
            result = import_file(
                session,
                file,
                at=now,
                today=now.astimezone(LOCAL).date(),
                plan_slug=slug,
                plan_name=name,
            )
            if dry_run:
                session.rollback()
    except ImportRejected as exc:
        raise click.ClickException("\n".join([exc.message, *map(str, exc.problems)])) from None
    except PlanNotChosen as exc:
        raise click.ClickException(
            f"There are {len(exc.slugs)} plans: {', '.join(exc.slugs)}. "
            f"Say which to import into with --plan, such as --plan {exc.slugs[0]}."
        ) from None
    except ImportFailed as exc:
        raise click.ClickException(exc.message) from None
    for line in describe(result) if dry_run else summarise(result):
        click.echo(line)


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "slug", help="The plan to export (needed when there are several).")
def export_command(file: Path, slug: str | None) -> None:
    """Export a plan's actions to a CSV or XLSX file that `plan import` reads back."""
    try:
        with _sessions() as sessions, sessions() as session:
            plan = plan_to_export(session, slug)
            count = export_plan(session, plan, file)
    except ExportFailed as exc:
        raise click.ClickException(exc.message) from None
    except OSError as exc:
        raise click.ClickException(
            f"Could not write {file}: {exc.strerror or exc}. Is it open in another program?"
        ) from None
    click.echo(f"Wrote {count} action{_s(count)} of plan {plan.slug} to {file}.")


def summarise(result: ImportResult) -> list[str]:
    """The short report after an import."""
    plan = f"{result.plan_slug} ({result.plan_name}{', new plan' if result.plan_created else ''})"
    lines = [
        f"Imported {result.file_name} into {plan}: {len(result.added)} added, "
        f"{len(result.updated)} updated, {result.unchanged} unchanged, "
        f"{len(result.people_added)} {'person' if len(result.people_added) == 1 else 'people'}"
        " added."
    ]
    if result.ignored_columns:
        lines.append(f"Columns ignored: {', '.join(result.ignored_columns)}.")
    if result.not_in_file:
        lines.append(f"Not in the file, left as they are: {', '.join(result.not_in_file)}.")
    return lines


def describe(result: ImportResult) -> list[str]:
    """The full report of a dry run: everything the import would do."""
    lines = [
        f"Dry run of {result.file_name}: nothing was written.",
        f"Plan: {result.plan_slug} ({result.plan_name}), "
        + ("would be created" if result.plan_created else "exists"),
        _listing("Actions added", result.added),
        f"Actions updated ({len(result.updated)}):" if result.updated else "Actions updated: none",
    ]
    for ref, changes in result.updated.items():
        shown = "; ".join(f"{c.field}: {_short(c.old)} -> {_short(c.new)}" for c in changes)
        lines.append(f"  {ref}  {shown}")
    lines += [
        f"Actions unchanged: {result.unchanged}",
        _listing("People added", result.people_added, sep="; "),
        _listing("Themes added", result.themes_added),
        _listing("KPIs added", result.kpis_added),
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
