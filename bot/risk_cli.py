"""`improvebot risk …`: the risk register from and to a spreadsheet.

The library checks and writes; this prints what it did and turns its errors into messages.
"""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli_support import plan_transaction, today
from store.risks.exporter import export_risks
from store.risks.importer import RiskImportRejected, RiskImportResult, import_risks

PLAN_HELP = "The plan (needed when there are several)."


@click.group()
def risk() -> None:
    """The risk register: import it from, or export it to, a CSV or XLSX file."""


@risk.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--plan", "slug", help=PLAN_HELP)
@click.option("--dry-run", is_flag=True, help="Check the file and show what would change.")
def import_command(file: Path, slug: str | None, dry_run: bool) -> None:
    """Load risks from a CSV or XLSX file, all or nothing.

    Columns (councils' own names are read too): Ref, Risk, Risk Description, Cause,
    Consequence, Controls, Likelihood, Impact, Score, Risk Rating, Inherent Rating, Target
    Rating, Mitigation (action refs such as 4.1, 4.2), Risk Owner, Risk Owner Email, Review
    Date, Review Frequency, Status, Latest Update. Risks are matched by Ref.
    """
    with plan_transaction(slug) as (session, plan, now):
        try:
            result = import_risks(session, plan, file, at=now, today=today(plan, now))
        except RiskImportRejected as exc:
            raise click.ClickException("\n".join([exc.message, *exc.details])) from None
        if dry_run:
            session.rollback()
    for line in summary(result, dry_run):
        click.echo(line)


@risk.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "slug", help=PLAN_HELP)
def export_command(file: Path, slug: str | None) -> None:
    """Write the risk register to a CSV or XLSX file that `risk import` reads back."""
    with plan_transaction(slug, write=False) as (session, plan, _now):
        try:
            count = export_risks(session, plan, file)
        except OSError as exc:
            raise click.ClickException(
                f"Could not write {file}: {exc.strerror or exc}. Is it open in another program?"
            ) from None
    click.echo(f"Wrote {count} risk{'' if count == 1 else 's'} of plan {plan.slug} to {file}.")


def summary(result: RiskImportResult, dry_run: bool) -> list[str]:
    lead = "Dry run, nothing saved" if dry_run else f"Risks of plan {result.plan_slug}"
    lines = [
        f"{lead}: {len(result.added)} added, {len(result.updated)} changed, "
        f"{result.unchanged} unchanged."
    ]
    lines += [f"  added {code}" for code in result.added]
    lines += [f"  {code}: {', '.join(fields)} changed" for code, fields in result.updated.items()]
    lines += [f"  linked {link}" for link in result.linked]
    return lines
