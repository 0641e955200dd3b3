"""Importing a plan from a council's spreadsheet, all or nothing, with history for every change.

    ImportFailed         the file cannot be imported; the message says what to do
     ├── ImportRejected  rows have problems; .problems lists every one (row, column, message)
     └── PlanNotChosen   several plans exist and none was named; .slugs lists them

Every row is read and checked before anything is written. Actions are matched by ref: new refs
are created, changed cells go through store.history with via "import", and an unchanged file
writes nothing at all. The caller owns the transaction (and rolls it back for a dry run).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.import_apply import Applier, FieldChange, ImportResult
from store.import_rows import Problem, check_rows
from store.models import Plan, Theme
from store.plans import all_plans, create_plan, is_slug, plan_by_slug, slugify
from store.spreadsheet import SheetError, read_sheet

__all__ = [
    "FieldChange",
    "ImportFailed",
    "ImportRejected",
    "ImportResult",
    "PlanNotChosen",
    "Problem",
    "import_file",
]


class ImportFailed(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportRejected(ImportFailed):
    def __init__(self, problems: Sequence[Problem]) -> None:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"The file was not imported: {count}. Nothing was changed.")
        self.problems = list(problems)


class PlanNotChosen(ImportFailed):
    def __init__(self, slugs: Sequence[str]) -> None:
        super().__init__(f"There are {len(slugs)} plans: {', '.join(slugs)}. Say which one.")
        self.slugs = list(slugs)


def import_file(
    session: Session,
    path: Path,
    *,
    at: datetime,
    today: date,
    plan_slug: str | None = None,
    plan_name: str | None = None,
) -> ImportResult:
    """Import `path` into a plan: the one named, the only one, or a new one.

    Raises ImportRejected, before writing anything, when any row has a problem.
    """
    plan, slug, name = choose_plan(session, path, plan_slug, plan_name)
    try:
        sheet = read_sheet(path)
    except SheetError as exc:
        raise ImportRejected([Problem(exc.row, None, exc.message)]) from None
    labels = {k: str(v) for k, v in plan.status_labels.items()} if plan else {}
    themes = _theme_names(session, plan) if plan else {}
    checked = check_rows(sheet, labels=labels, themes=themes, today=today)
    if checked.problems:
        raise ImportRejected(checked.problems)
    created = plan is None
    if plan is None:
        plan = create_plan(session, slug=slug, name=name, at=at)
    result = ImportResult(path.name, plan.slug, plan.name, created)
    result.ignored_columns = list(sheet.ignored)
    Applier(session, plan, result, at=at, reason=f"changed by import of {path.name}").apply(checked)
    return result


def choose_plan(
    session: Session, path: Path, slug: str | None, name: str | None
) -> tuple[Plan | None, str, str]:
    """The plan to import into (None when it is to be made), with the slug and name to use.

    With a slug: that plan, or a new one. With only a name: the plan of that name's slug, or a
    new one, so naming a second plan never merges it into the first. With neither: the only
    plan, or a new one named after the file when there is none.
    """
    if name is not None and not name.strip():
        raise ImportFailed("The plan name is empty. Give a name such as 'ILACS improvement plan'.")
    plan_name = " ".join((name or path.stem.replace("_", " ")).split())[:200] or "Improvement plan"
    if slug is not None:
        slug = slug.strip().lower()
        if not is_slug(slug):
            raise ImportFailed(
                f"'{slug}' is not a plan slug. Use lower-case letters, digits and hyphens, "
                "starting with a letter, such as ilacs-2026."
            )
        return plan_by_slug(session, slug), slug, plan_name
    if name is not None:
        slug = slugify(plan_name)
        return plan_by_slug(session, slug), slug, plan_name
    plans = all_plans(session)
    if len(plans) == 1:
        return plans[0], plans[0].slug, plans[0].name
    if not plans:
        return None, slugify(plan_name), plan_name
    raise PlanNotChosen([p.slug for p in plans])


def _theme_names(session: Session, plan: Plan) -> dict[str, str]:
    rows = session.execute(select(Theme.number, Theme.name).where(Theme.plan_id == plan.id))
    return {number: name for number, name in rows}
