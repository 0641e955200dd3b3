"""`improvebot kpi …`: define a plan's KPIs and tune its KPI rules from the command line.

The library checks and writes; this prints what it did and turns its errors into messages.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from bot.cli_support import plan_transaction
from store.kpis import COMPARES, KpiRules, rules_for
from store.kpis import cells as kpi_cells
from store.kpis.importer import KpiImportRejected, KpiImportResult, define_kpis, import_kpis
from store.kpis.importer import one_row_sheet as options_sheet
from store.kpis.status import assess_plan
from store.spreadsheet import CellError

PLAN_HELP = "The plan (needed when there are several)."


def _rejected(exc: KpiImportRejected) -> click.ClickException:
    return click.ClickException("\n".join([exc.message, *map(str, exc.problems)]))


def _summary(result: KpiImportResult, dry_run: bool) -> list[str]:
    lead = "Dry run, nothing saved" if dry_run else f"KPIs of plan {result.plan_slug}"
    lines = [
        f"{lead}: {len(result.added)} added, {len(result.updated)} changed, "
        f"{result.unchanged} unchanged."
    ]
    lines += [f"  added {code}" for code in result.added]
    lines += [f"  {code}: {'; '.join(c)}" for code, c in result.updated.items()]
    lines += [f"  linked {link}" for link in result.linked]
    return lines


@click.group()
def kpi() -> None:
    """Define KPIs (units, polarity, targets, tolerance) and the plan's KPI rules."""


@kpi.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--plan", "slug", help=PLAN_HELP)
@click.option("--dry-run", is_flag=True, help="Check the file and show what would change.")
def import_command(file: Path, slug: str | None, dry_run: bool) -> None:
    """Define KPIs from a CSV or XLSX file, all or nothing.

    Columns: Code, Name, Unit, Polarity (higher, lower or target), Baseline, Target,
    Tolerance (10%), Frequency (monthly, quarterly, annual), Owner Email, Actions (refs such
    as 2.1, 3.2). KPIs are matched by code; readings are kept.
    """
    with plan_transaction(slug) as (session, plan, now):
        try:
            result = import_kpis(session, plan, file, at=now)
        except KpiImportRejected as exc:
            raise _rejected(exc) from None
        if dry_run:
            session.rollback()
    for line in _summary(result, dry_run):
        click.echo(line)


@kpi.command("add")
@click.argument("code")
@click.option("--name", help="What the KPI measures (needed for a new KPI).")
@click.option("--unit", help="%, weeks, days … (blank for a plain number).")
@click.option("--polarity", help="higher, lower or target: which way is better.")
@click.option("--baseline", help="The value when the plan started.")
@click.option("--target", help="The value to reach.")
@click.option("--tolerance", help="Green within this share of the target, e.g. 5%.")
@click.option("--frequency", help="monthly, quarterly or annual.")
@click.option("--owner", help="The email of who records its readings.")
@click.option("--actions", help="Linked action refs, e.g. 2.1,3.2.")
@click.option("--plan", "slug", help=PLAN_HELP)
def add_command(code: str, slug: str | None, **options: str | None) -> None:
    """Add a KPI, or change the fields given of an existing one.

    Example: improvebot kpi add K6 --name "Care proceedings duration" --unit weeks
    --polarity lower --baseline 44 --target 26 --tolerance 10% --actions 3.6
    """
    fields = {"code": code, **options}
    labels = {"code": "CODE"} | {name: f"--{name}" for name in options}
    with plan_transaction(slug) as (session, plan, now):
        try:
            result = define_kpis(session, plan, options_sheet(fields, labels), at=now)
        except KpiImportRejected as exc:
            problems = [f"{p.column}: {p.message}" if p.column else p.message for p in exc.problems]
            raise click.ClickException("\n".join(["Nothing was saved.", *problems])) from None
    for line in _summary(result, dry_run=False)[1:] or [f"{code.upper()} is unchanged."]:
        click.echo(line.strip())


@kpi.command("rules")
@click.option("--plan", "slug", help=PLAN_HELP)
@click.option("--tolerance", help="Default tolerance for the plan's KPIs, e.g. 5%.")
@click.option(
    "--compare",
    type=click.Choice(COMPARES),
    help="Direction against the previous reading, or the same period a year before.",
)
@click.option(
    "--steady-is-amber/--steady-is-red",
    default=None,
    help="Whether an off-target KPI holding steady is amber (default: red).",
)
@click.option(
    "--red-beyond", help="Red however it moves when this far off target, e.g. 25%; 'none' clears."
)
def rules_command(
    slug: str | None,
    tolerance: str | None,
    compare: str | None,
    steady_is_amber: bool | None,
    red_beyond: str | None,
) -> None:
    """Show the plan's KPI rules, or change them, and each KPI's RAG by them."""
    with plan_transaction(slug) as (session, plan, _now):
        rules = rules_for(plan.settings)
        changes: dict[str, object] = {}
        try:
            if tolerance is not None:
                changes["tolerance"] = kpi_cells.read_tolerance(tolerance)
            if red_beyond is not None:
                changes["red_beyond"] = (
                    None if red_beyond.lower() == "none" else kpi_cells.read_tolerance(red_beyond)
                )
        except CellError as exc:
            raise click.BadParameter(str(exc)) from None
        if compare is not None:
            changes["compare"] = compare
        if steady_is_amber is not None:
            changes["steady_is_amber"] = steady_is_amber
        if changes:
            if changes.get("tolerance", 0) is None:
                del changes["tolerance"]  # a blank tolerance keeps the plan's
            rules = dataclasses.replace(rules, **changes)  # type: ignore[arg-type]
            # A new dict, so SQLAlchemy sees the JSON column change.
            plan.settings = {**plan.settings, "kpi": rules.to_json()}
        for line in describe_rules(rules):
            click.echo(line)
        for status in assess_plan(session, plan):
            rag = status.rag.value if status.rag else "no RAG"
            click.echo(f"  {status.code} {status.latest_text} against {status.target_text}: {rag}")


def describe_rules(rules: KpiRules) -> list[str]:
    steady = "amber" if rules.steady_is_amber else "red"
    against = "the same period a year before" if rules.compare == "year" else "the previous reading"
    lines = [
        f"Green: on target or within {rules.tolerance:.0%} of it (a KPI's own tolerance wins).",
        f"Direction of travel: against {against}.",
        f"Amber: further off but improving; holding steady is {steady}.",
    ]
    if rules.red_beyond is not None:
        lines.append(f"Red however it moves when more than {rules.red_beyond:.0%} off target.")
    return lines
