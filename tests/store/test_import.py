"""Importing a council's plan spreadsheet: synonyms, UK dates, all-or-nothing, re-import."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from store.domain import Role, Status
from store.imports import ImportRejected, ImportResult, PlanNotChosen, import_file
from store.imports.cells import read_date, read_kpis, read_status_cell
from store.kpis.importer import KPI_SCHEMA
from store.models import Action, Change, Membership, Person, Plan, Update
from store.plans import create_plan, plan_by_slug, role_of
from store.risks.importer import RISK_SCHEMA
from store.spreadsheet import PLAN, CellError, Schema, field_for, normalise_header

from .plan_files import BROKEN_CSV, COUNCIL_CSV, council_xlsx, read_csv, snapshot, write_csv

TODAY = date(2026, 11, 16)


def _import(
    s: Session, path: Path, at: datetime, slug: str | None = None, name: str | None = None
) -> ImportResult:
    return import_file(s, path, at=at, today=TODAY, plan_slug=slug, plan_name=name)


def _count(s: Session, model: type[object]) -> int:
    return s.scalar(select(func.count()).select_from(model)) or 0


# --- reading cells ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Ref No.", "ref"),
        ("Action No", "ref"),
        ("  lead officer ", "owner"),
        ("Lead-Officer E-mail", "owner_email"),
        ("Progress\nUpdate", "note"),
        ("RAG Status", "status"),
        ("BRAG", "status"),
        ("By when?", "due"),
        ("Monitoring & Evaluation", "evidence"),
        ("Reason for amber/red", None),
        ("evidence_ref", "evidence"),
        ("Evidence References", "evidence"),
        ("supporting_officer", "supporting"),
        ("Supporting Officer(s)", "supporting"),
        ("Theme Lead", "theme_lead"),
        ("theme_lead_email", "theme_lead_email"),
        ("Workstream Leads", "theme_lead"),
        ("SRO", "plan_lead"),
        ("Senior Responsible Officer", "plan_lead"),
        ("Improvement Lead", "plan_lead"),
        ("Plan Lead Email", "plan_lead_email"),
        ("Lead Officer Email", "owner_email"),
        ("leadOfficerEmail", "owner_email"),
        ("Priorities", "theme"),
        ("KPIs", "kpi"),
        ("Progress", "note"),
        ("Status", "status"),
    ],
)
def test_headers_match_case_and_punctuation_insensitively(header: str, field: str | None) -> None:
    """Column names are recognised whatever their case, spacing, punctuation, snake_case or
    camelCase, and singular or plural."""
    assert field_for(header) == field


@pytest.mark.parametrize("schema", [PLAN, KPI_SCHEMA, RISK_SCHEMA], ids=["plan", "kpi", "risk"])
def test_no_two_fields_share_a_header_once_normalised(schema: Schema) -> None:
    """Folding case, punctuation and plurals never makes one header mean two fields."""
    seen: dict[str, str] = {}
    for field, headers in schema.headers.items():
        for header in headers:
            assert seen.setdefault(normalise_header(header), field) == field, header


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("31/03/2026", date(2026, 3, 31)),
        ("31/03/26", date(2026, 3, 31)),
        ("31 Mar 2026", date(2026, 3, 31)),
        ("Mar-26", date(2026, 3, 31)),
        ("March 2026", date(2026, 3, 31)),
        ("2026-03-31", date(2026, 3, 31)),
        ("31.03.2026", date(2026, 3, 31)),
        (date(2026, 3, 31), date(2026, 3, 31)),
        ("Ongoing", None),
        ("TBC", None),
        ("", None),
    ],
)
def test_date_cells_read_uk_forms(cell: str | date, expected: date | None) -> None:
    """UK dates, months (their last day), real date cells and Ongoing/TBC/blank are read."""
    assert read_date(cell, TODAY) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31/02/2026", "'31/02/2026': February 2026 has no day 31. Type a UK date"),
        ("02/13/2026", "the day comes first. Type 13/02/2026"),
        ("next Friday", "depends on the day the file is imported"),
        ("31 Mar", "depends on the day the file is imported"),
        ("soon", "'soon' is not a date I can read"),
    ],
)
def test_unreadable_dates_say_what_to_type(cell: str, message: str) -> None:
    """A date that is wrong, month-first or relative is refused with what to type instead."""
    with pytest.raises(CellError, match=message):
        read_date(cell, TODAY)


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("Green - on track", Status.GREEN),
        ("Amber (at risk)", Status.AMBER),
        ("R", Status.RED),
        ("B", Status.COMPLETE),
        ("Blue", Status.COMPLETE),
        ("Completed", Status.COMPLETE),
        ("Not started", Status.NOT_STARTED),
        ("", Status.NOT_STARTED),
        ("On target - see note", Status.GREEN),
    ],
)
def test_status_cells_read_words_letters_and_plan_labels(cell: str, status: Status) -> None:
    """A RAG cell may be a letter, a colour, a plan's own label or any of them followed by words."""
    assert read_status_cell(cell, {"green": "On target"}) == status.value


def test_unknown_status_suggests_the_nearest() -> None:
    """A misspelt status is refused with the nearest status word."""
    with pytest.raises(CellError, match=r"'gren' is not a status\. Did you mean 'green'"):
        read_status_cell("gren", {})


# --- importing files ----------------------------------------------------------------------------


def test_messy_council_csv_imports_every_action(db: sessionmaker[Session], now: datetime) -> None:
    """A council CSV with a BOM, synonyms, mixed dates and mixed-case emails imports whole."""
    with db.begin() as s:
        result = _import(s, COUNCIL_CSV, now)
    assert result.plan_created and result.plan_slug == "council-plan"
    assert result.added == ["1.1", "1.2", "1.9", "1.10", "2.1", "2.2", "3.1", "3.2"]
    assert result.ignored_columns == ["Reason for amber/red"]
    assert result.themes_added == [
        "1. Leadership and management",
        "2. Front door and early help",
        "3. Practice",
    ]
    with db() as s:
        got = snapshot(s, "council-plan")
        plan = plan_by_slug(s, "council-plan")
        assert plan is not None
        by_ref = {a.ref: a for a in plan.actions}
        assert [a.ref for a in plan.actions] == [
            "1.1",
            "1.2",
            "1.9",
            "1.10",
            "2.1",
            "2.2",
            "3.1",
            "3.2",
        ]
        assert got["1.1"][8] == "complete" and got["1.1"][10] == ("EV-LM-001", "EV-LM-002")
        assert got["1.2"][1] == ("1", "Leadership and management")  # blank: the row above's
        assert got["1.10"][7:9] == (date(2026, 3, 31), "amber")  # Mar-26, "Amber (at risk)"
        assert got["2.1"][7:9] == (date(2026, 3, 31), "red")  # 31.03.2026, R
        assert got["2.2"][6:9] == (None, None, "not_started")  # TBC, Ongoing
        assert got["2.2"][2] == ("Head of Service, Children in Need", None)  # a job title
        assert got["2.2"][11] == ("K1", "K2")
        assert got["3.1"][1] == ("3", "Practice")  # plain name: number from the ref
        assert got["3.2"][7:9] == (date(2027, 3, 31), "not_started")
        # Jane Smith's two spellings of her email are one person, stored lower-cased.
        assert got["2.1"][2] == got["3.2"][2] == ("Jane Smith", "jane.smith@example-council.gov.uk")
        assert by_ref["1.1"].baseline_due == by_ref["1.1"].due_date == date(2025, 11, 30)
        jane = by_ref["2.1"].owner
        assert jane is not None and role_of(s, plan, jane) is Role.OWNER
        assert _count(s, Person) == 7
        vias = set(s.scalars(select(Update.via)))
        assert vias == {"import"}


def test_xlsx_with_title_rows_and_date_cells_imports_like_the_csv(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """An XLSX with title rows above the header, real date cells and numeric refs reads the same."""
    xlsx = council_xlsx(tmp_path / "council_plan.xlsx")
    with db.begin() as s:
        _import(s, COUNCIL_CSV, now, slug="from-csv")
        _import(s, xlsx, now, slug="from-xlsx")
    with db() as s:
        assert snapshot(s, "from-xlsx") == snapshot(s, "from-csv")


def test_broken_file_reports_every_problem_and_writes_nothing(
    db: sessionmaker[Session], now: datetime
) -> None:
    """Every problem is reported with its row and column, and nothing at all is written."""
    with db.begin() as s, pytest.raises(ImportRejected) as caught:
        _import(s, BROKEN_CSV, now)
    got = {(p.row, p.column): p.message for p in caught.value.problems}
    assert set(got) == {
        (2, "Due Date"),
        (3, "Due Date"),
        (3, "RAG"),
        (4, "Action"),
        (5, "Ref"),
        (6, "Owner Email"),
    }
    assert "February 2026 has no day 31" in got[2, "Due Date"]
    assert "Type 13/02/2026" in got[3, "Due Date"]
    assert "Did you mean 'green'" in got[3, "RAG"]
    assert "also on row 3" in got[5, "Ref"]
    assert "'jane.smith@council' is not an email address" in got[6, "Owner Email"]
    with db() as s:
        assert [_count(s, m) for m in (Plan, Action, Person, Update, Membership)] == [0] * 5


def test_reimporting_an_unchanged_file_writes_no_history(
    db: sessionmaker[Session], now: datetime
) -> None:
    """Importing the same file again changes nothing and adds no history rows."""
    with db.begin() as s:
        _import(s, COUNCIL_CSV, now)
    with db() as s:
        before = (_count(s, Update), _count(s, Change), _count(s, Person))
    with db.begin() as s:
        result = _import(s, COUNCIL_CSV, now + timedelta(days=7), slug="council-plan")
    assert (result.added, result.updated, result.unchanged) == ([], {}, 8)
    assert result.people_added == [] and not result.plan_created
    with db() as s:
        assert (_count(s, Update), _count(s, Change), _count(s, Person)) == before


def test_edited_reimport_records_each_change_via_import(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """Changed cells update actions with history rows marked 'import'; new refs are added."""
    with db.begin() as s:
        _import(s, COUNCIL_CSV, now)
    rows = read_csv(COUNCIL_CSV)
    by_ref = {row[0]: row for row in rows[1:]}
    by_ref["1.2"][10] = "Amber - report late"
    by_ref["2.1"][9] = "30/06/2026"
    by_ref["3.1"][12] += "\nEV-PR-004"
    rows.remove(by_ref["1.9."])
    rows.append(["4.1", "Permanence", "Track every child's plan for permanence"] + [""] * 12)
    edited = write_csv(tmp_path / "council_plan_v2.csv", rows)
    later = now + timedelta(days=14)
    with db.begin() as s:
        result = _import(s, edited, later, slug="council-plan")
    assert result.added == ["4.1"]
    assert result.not_in_file == ["1.9"]
    assert result.unchanged == 4
    assert {ref: [(c.field, c.old, c.new) for c in cs] for ref, cs in result.updated.items()} == {
        "1.2": [("status", "green", "amber")],
        "2.1": [("due date", "2026-03-31", "2026-06-30")],
        "3.1": [("evidence", "(blank)", "EV-PR-004")],
    }
    with db() as s:
        updates = s.scalars(select(Update).where(Update.at == later)).all()
        assert {u.via for u in updates} == {"import"}
        changes = {(c.field, c.old, c.new): c.update for u in updates for c in u.changes}
        assert ("status", "green", "amber") in changes
        moved = changes["due_date", "2026-03-31", "2026-06-30"]
        assert moved.reason == "changed by import of council_plan_v2.csv"
        assert ("evidence", None, "EV-PR-004") in changes
        plan = plan_by_slug(s, "council-plan")
        assert plan is not None
        untouched = next(a for a in plan.actions if a.ref == "1.9")
        assert untouched.updated_at == now
        new = next(a for a in plan.actions if a.ref == "4.1")
        assert new.theme is not None and (new.theme.number, new.theme.name) == ("4", "Permanence")


def test_several_plans_and_none_named_is_refused(db: sessionmaker[Session], now: datetime) -> None:
    """With several plans and no --plan the import refuses and lists the slugs to choose from."""
    with db.begin() as s:
        create_plan(s, slug="ilacs", name="ILACS plan", at=now)
        create_plan(s, slug="send", name="SEND WSoA", at=now)
    with db.begin() as s, pytest.raises(PlanNotChosen) as caught:
        _import(s, COUNCIL_CSV, now)
    assert caught.value.slugs == ["ilacs", "send"]


def test_the_only_plan_is_not_guessed_and_a_named_one_is_created(
    db: sessionmaker[Session], now: datetime
) -> None:
    """Even the only plan is not guessed: a file that does not name it is refused; --plan
    goes into it, and --plan with --name makes a new plan so named."""
    with db.begin() as s:
        create_plan(s, slug="ilacs", name="ILACS plan", at=now)
    with db.begin() as s, pytest.raises(PlanNotChosen) as caught:
        _import(s, COUNCIL_CSV, now)
    assert caught.value.slugs == ["ilacs"]
    with db.begin() as s:
        only = _import(s, COUNCIL_CSV, now, slug="ilacs")
        named = _import(s, COUNCIL_CSV, now, slug="send-wsoa", name="SEND written statement")
    assert (only.plan_slug, only.plan_created) == ("ilacs", False)
    assert (named.plan_slug, named.plan_name, named.plan_created) == (
        "send-wsoa",
        "SEND written statement",
        True,
    )


def test_cp1252_file_and_section_heading_rows(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """A CSV saved by old Excel in cp1252 reads, and a lone 'Theme 2: Practice' row sets the theme."""
    text = (
        "Ref,Action,Lead Officer,Due Date\r\n"
        "Theme 2: Practice,,,\r\n"
        "2.1,Director’s audit of £ spend,Director’s office,Ongoing\r\n"
    )
    path = tmp_path / "old_excel.csv"
    path.write_bytes(text.encode("cp1252"))
    with db.begin() as s:
        _import(s, path, now)
    with db() as s:
        ((title, theme, owner, *_),) = snapshot(s, "old-excel").values()
    assert title == "Director’s audit of £ spend"
    assert theme == ("2", "Practice")
    assert owner == ("Director’s office", None)


def test_flat_refs_number_plain_themes_in_order(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """With refs 1, 2, 3 a plain theme name is numbered in the order names first appear."""
    rows = [
        ["No.", "Workstream", "Actions"],
        ["1", "Leadership", "Appoint a chair"],
        ["2", "Practice", "Practice model"],
        ["3", "leadership", "Publish minutes"],
    ]
    with db.begin() as s:
        _import(s, write_csv(tmp_path / "flat.csv", rows), now)
    with db() as s:
        themes = {ref: values[1] for ref, values in snapshot(s, "flat").items()}
    assert themes == {"1": ("1", "Leadership"), "2": ("2", "Practice"), "3": ("1", "Leadership")}


def test_one_theme_number_with_two_names_is_a_problem(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """Two names for theme 1 (from refs 1.1 and 1.2) are reported on the second row."""
    rows = [
        ["Ref", "Theme", "Action"],
        ["1.1", "Leadership", "Appoint a chair"],
        ["1.2", "Practice", "Practice model"],
    ]
    with db.begin() as s, pytest.raises(ImportRejected) as caught:
        _import(s, write_csv(tmp_path / "themes.csv", rows), now)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (3, "Theme")
    assert "Theme 1 is called 'Leadership' on row 2" in problem.message


def test_missing_ref_column_and_missing_header_are_explained(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """A file without a Ref column, or with no header row at all, is refused with what to do."""
    no_ref = write_csv(tmp_path / "no_ref.csv", [["Action", "Owner"], ["Appoint a chair", "DCS"]])
    no_header = write_csv(tmp_path / "notes.csv", [["Some notes"], ["More notes"]])
    with db.begin() as s, pytest.raises(ImportRejected) as first:
        _import(s, no_ref, now)
    with db.begin() as s, pytest.raises(ImportRejected) as second:
        _import(s, no_header, now)
    assert str(first.value.problems[0]).startswith("Row 1: There is no 'Ref' column.")
    assert "could not find the header row" in second.value.problems[0].message


def test_owner_cell_may_hold_an_email(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """An owner cell 'Name <email>' or a bare email finds the person by email."""
    rows = [
        ["Ref", "Action", "Owner"],
        ["1", "Appoint a chair", "Jane Smith <Jane.Smith@Example.gov.uk>"],
        ["2", "Publish minutes", "jane.smith@example.gov.uk"],
        ["3", "Bad owner", "Jane <jane@>"],
    ]
    with db.begin() as s, pytest.raises(ImportRejected) as caught:
        _import(s, write_csv(tmp_path / "owners.csv", rows), now)
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "Owner")]
    with db.begin() as s:
        _import(s, write_csv(tmp_path / "owners.csv", rows[:3]), now)
    with db() as s:
        owners = {values[2] for values in snapshot(s, "owners").values()}
    assert owners == {("Jane Smith", "jane.smith@example.gov.uk")}


# --- the command line ---------------------------------------------------------------------------


def _cli(database_url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, args, env={"IMPROVEBOT_DATABASE_URL": database_url})
    return result.exit_code, result.output


def test_cli_prints_every_problem_and_exits_non_zero(
    database_url: str, db: sessionmaker[Session]
) -> None:
    """`plan import` of a broken file prints each problem with row and column and exits 1."""
    code, output = _cli(database_url, "plan", "import", str(BROKEN_CSV))
    assert code == 1
    assert "The file was not imported: 6 problems. Nothing was changed." in output
    assert "Row 2, column 'Due Date': '31/02/2026': February 2026 has no day 31." in output
    assert "Row 3, column 'RAG': 'gren' is not a status." in output
    assert "Row 4, column 'Action':" in output
    with db() as s:
        assert _count(s, Plan) == 0


def test_cli_dry_run_prints_the_result_and_writes_nothing(
    database_url: str, db: sessionmaker[Session]
) -> None:
    """`plan import --dry-run` lists what would happen and leaves the database unchanged."""
    code, output = _cli(database_url, "plan", "import", str(COUNCIL_CSV), "--dry-run")
    assert code == 0, output
    assert "Dry run of council_plan.csv: nothing was written." in output
    assert "Would create plan council-plan (council plan), named from the file's name." in output
    assert "Actions added (8): 1.1, 1.2, 1.9, 1.10, 2.1, 2.2, 3.1, 3.2" in output
    assert "Columns ignored (1): Reason for amber/red" in output
    with db() as s:
        assert [_count(s, m) for m in (Plan, Action, Person, Update)] == [0] * 4


def test_cli_import_summarises_and_refuses_to_guess_the_plan(
    database_url: str, db: sessionmaker[Session]
) -> None:
    """`plan import` prints a summary; when the file names no plan and others exist, it lists
    them and says what to type."""
    code, output = _cli(database_url, "plan", "import", str(COUNCIL_CSV))
    assert code == 0, output
    assert "8 added, 0 updated, 0 unchanged, 7 people added." in output
    code, _ = _cli(database_url, "plan", "import", str(COUNCIL_CSV), "--plan", "second")
    assert code == 0
    code, output = _cli(database_url, "plan", "import", str(COUNCIL_CSV))
    assert code == 1
    assert "council_plan.csv could be any plan, and it does not name any of the 2 plans" in output
    assert "  council-plan  council plan\n  second        council plan\n" in output
    assert "--plan SLUG (such as --plan council-plan), or --new NAME" in output
    code, output = _cli(database_url, "plan", "import", str(COUNCIL_CSV), "--plan", "second")
    assert "0 added, 0 updated, 8 unchanged" in output


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("K1, k3", [("K1", "K1"), ("K3", "K3")]),
        ("K1 Contacts decided, by the MASH", [("K1", "Contacts decided, by the MASH")]),
        ("K1: Contacts\nKPI12 - Caseloads", [("K1", "Contacts"), ("KPI12", "Caseloads")]),
    ],
)
def test_kpi_cells_read_codes_and_names(cell: str, codes: list[tuple[str, str]]) -> None:
    """A KPI cell lists codes, each optionally with its name; commas inside a name are kept."""
    assert [(k.code, k.name) for k in read_kpis(cell)] == codes


def test_kpi_cell_without_a_code_says_what_to_type() -> None:
    """A KPI named without its code is refused with an example of what to type."""
    with pytest.raises(CellError, match="does not start with a KPI code"):
        read_kpis("Contacts decided within one working day")


def test_file_that_is_not_a_workbook_is_refused(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """A CSV renamed .xlsx, or an old .xls file, is refused with how to save it instead."""
    fake = tmp_path / "plan.xlsx"
    fake.write_text("Ref,Action\n1,Chair\n")
    old = tmp_path / "plan.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with db.begin() as s, pytest.raises(ImportRejected, match="1 problem") as caught:
        _import(s, fake, now)
    assert "is not a readable Excel workbook" in caught.value.problems[0].message
    with db.begin() as s, pytest.raises(ImportRejected) as caught:
        _import(s, old, now)
    assert "Save it as an Excel workbook (.xlsx)" in caught.value.problems[0].message
