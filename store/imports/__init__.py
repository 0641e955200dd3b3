"""Importing a plan from a council's spreadsheet, all or nothing, with history for every change.

    ImportFailed         the file cannot be imported; the message says what to do
     ├── ImportRejected  rows have problems; .problems lists every one (row, column, message)
     └── PlanNotChosen   other plans exist and neither the options nor the file name one

Every row is read and checked before anything is written. Actions are matched by ref: new refs
are created, changed cells go through store.history with via "import", and an unchanged file
writes nothing at all. An import never goes into a plan by guesswork: see choose_plan. The
caller owns the transaction (and rolls it back for a dry run).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import recommendations
from store.domain import Via
from store.errors import UserError
from store.imports import naming
from store.imports.apply import Applier, FieldChange, ImportResult
from store.imports.rows import Problem, check_rows
from store.models import Plan, Theme
from store.plans import all_plans, create_plan, is_slug, plan_by_slug
from store.privacy import PrivacyRules
from store.spreadsheet import Sheet, SheetError, read_sheet

__all__ = [
    "FieldChange",
    "ImportFailed",
    "ImportRejected",
    "ImportResult",
    "PlanNotChosen",
    "Problem",
    "import_file",
]


class ImportFailed(UserError):
    pass


class ImportRejected(ImportFailed):
    def __init__(self, problems: Sequence[Problem]) -> None:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"The file was not imported: {count}. Nothing was changed.")
        self.problems = list(problems)
        self.details = tuple(map(str, self.problems))


class PlanNotChosen(ImportFailed):
    """Other plans exist and nothing says this file is one of them: .plans lists them, and
    .title is the file's title row (to suggest for --new), if it has one."""

    def __init__(self, file_name: str, plans: Sequence[Plan], title: str | None) -> None:
        said = f"its title '{title}' is not the name of" if title else "it does not name"
        super().__init__(
            f"Nothing was changed: {file_name} could be any plan, and {said} any of the "
            f"{len(plans)} plan{'s' if len(plans) != 1 else ''} here."
        )
        self.plans = [(p.slug, p.name) for p in plans]
        self.slugs = [p.slug for p in plans]
        self.title = title


@dataclass(frozen=True)
class Target:
    """The plan an import goes into: `plan`, or a new one with `slug` and `name`."""

    plan: Plan | None
    slug: str
    name: str
    chosen_by: str  # how, as the dry run says it


def import_file(
    session: Session,
    path: Path,
    *,
    at: datetime,
    today: date,
    plan_slug: str | None = None,
    plan_name: str | None = None,
    new_name: str | None = None,
) -> ImportResult:
    """Import `path` into the plan choose_plan finds (or makes).

    Raises ImportRejected, before writing anything, when any row has a problem.
    """
    slug = _checked_slug(plan_slug)
    for option, value in (("--name", plan_name), ("--new", new_name)):
        if value is not None and not value.strip():
            raise ImportFailed(f"{option} is empty. Give a name such as 'ILACS improvement plan'.")
    if plan_name is not None and new_name is not None:
        raise ImportFailed("Use just one of --name and --new.")
    try:
        sheet = read_sheet(path)
    except SheetError as exc:
        raise ImportRejected([Problem(exc.row, None, exc.message)]) from None
    target = choose_plan(session, sheet, path, slug, plan_name, new_name)
    plan = target.plan
    labels = {k: str(v) for k, v in plan.status_labels.items()} if plan else {}
    themes = _theme_names(session, plan) if plan else {}
    rules = PrivacyRules.for_plan(plan.settings if plan else None)
    checked = check_rows(sheet, labels=labels, themes=themes, today=today, privacy=rules)
    if checked.problems:
        raise ImportRejected(checked.problems)
    created = plan is None
    if plan is None:
        plan = create_plan(session, slug=target.slug, name=target.name, at=at)
    result = ImportResult(path.name, plan.slug, plan.name, created, chosen_by=target.chosen_by)
    result.ignored_columns = list(sheet.ignored)
    Applier(session, plan, result, at=at, reason=f"changed by import of {path.name}").apply(checked)
    # The findings the Source and Ofsted ref columns name, added and linked (idempotent).
    given = [(row.ref, row.finding) for row in checked.rows if row.finding]
    linked = recommendations.link_sources(
        session, plan, at=at, via=Via.IMPORT, create=True, given=given
    )
    result.findings_added, result.findings_linked = linked.added, linked.links
    return result


def choose_plan(
    session: Session,
    sheet: Sheet,
    path: Path,
    slug: str | None,
    name: str | None,
    new: str | None,
) -> Target:
    """The plan to import into, never one the user did not mean.

    --new NAME: always a new plan. --plan SLUG: that plan, or a new one with that slug.
    --name NAME: the plan of that name, or a new one. With none of them: the plan whose name
    is the file's title row; a new plan when there are no plans at all; otherwise
    PlanNotChosen, listing the plans. A new plan is named by --new, --name, the file's title
    row or, failing those, the file's name.
    """
    title = naming.title(sheet.above)
    named = _tidy(new or name or title or path.stem.replace("_", " ")) or "Improvement plan"
    if new is not None:
        if slug is not None and plan_by_slug(session, slug) is not None:
            raise ImportFailed(
                f"There is already a plan '{slug}', and --new makes a new plan. Give another "
                f"slug with --plan, or leave out --new to update {slug}."
            )
        return Target(None, slug or naming.new_slug(session, named), named, "as --new says")
    if slug is not None:
        return Target(plan_by_slug(session, slug), slug, named, "as --plan says")
    plans = all_plans(session)
    if name is not None:
        found = naming.named_in(plans, [name])
        if found:
            return Target(found[0], found[0].slug, found[0].name, "as --name says")
        return Target(None, naming.new_slug(session, named), named, "as --name says")
    found = naming.named_in(plans, sheet.above)
    if len(found) == 1:
        return Target(found[0], found[0].slug, found[0].name, "which the file's title names")
    if len(found) > 1:
        slugs = ", ".join(p.slug for p in found)
        raise ImportFailed(
            f"Nothing was changed: {len(found)} plans are called '{found[0].name}' ({slugs}). "
            f"Say which with --plan, such as --plan {found[0].slug}."
        )
    if not plans:
        source = "the file's title" if title else "the file's name"
        return Target(None, naming.new_slug(session, named), named, f"named from {source}")
    raise PlanNotChosen(path.name, plans, title)


def _checked_slug(slug: str | None) -> str | None:
    if slug is None:
        return None
    slug = slug.strip().lower()
    if not is_slug(slug):
        raise ImportFailed(
            f"'{slug}' is not a plan slug. Use lower-case letters, digits and hyphens, "
            "starting with a letter, such as ilacs-2026."
        )
    return slug


def _tidy(name: str) -> str:
    return " ".join(name.split())[: naming.MAX_NAME]


def _theme_names(session: Session, plan: Plan) -> dict[str, str]:
    rows = session.execute(select(Theme.number, Theme.name).where(Theme.plan_id == plan.id))
    return {number: name for number, name in rows}
