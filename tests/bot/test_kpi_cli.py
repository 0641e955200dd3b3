"""`improvebot kpi import|add|rules`: a plan lead defines KPIs and tunes the plan's KPI rules."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from store.models import Kpi, Plan
from tests.plan_builder import build_plan


def _kpi(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["kpi", *args], env={"IMPROVEBOT_DATABASE_URL": database_url})


def test_import_then_dry_run(
    db: sessionmaker[Session], database_url: str, now: datetime, tmp_path: Path
) -> None:
    """Import reports what it added and linked; a dry run of a change saves nothing."""
    with db.begin() as s:
        build_plan(s, now)
    path = tmp_path / "kpis.csv"
    path.write_text("Code,Name,Unit,Target,Actions\nK1,Assessments on time,%,90,4.2\n")
    result = _kpi(database_url, "import", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "KPIs of plan ilacs: 1 added, 0 changed, 0 unchanged.",
        "  added K1",
        "  linked K1 -> 4.2",
    ]
    path.write_text("Code,Name,Unit,Target\nK1,Assessments on time,%,95\n")
    result = _kpi(database_url, "import", str(path), "--dry-run")
    assert "Dry run, nothing saved: 0 added, 1 changed" in result.output
    with db() as s:
        assert s.scalars(select(Kpi.target)).one() == 90


def test_import_refusal_lists_problems(
    db: sessionmaker[Session], database_url: str, now: datetime, tmp_path: Path
) -> None:
    """A bad file exits 1 with each problem on its own line, and nothing saved."""
    with db.begin() as s:
        build_plan(s, now)
    path = tmp_path / "kpis.csv"
    path.write_text("Code,Name,Target\nK1,Assessments,lots\nK2,,90\n")
    result = _kpi(database_url, "import", str(path))
    assert result.exit_code == 1
    assert "The KPIs were not saved: 2 problems. Nothing was changed." in result.output
    assert "Row 2, column 'Target': 'lots' is not a number." in result.output
    assert "Row 3, column 'Name': KPI K2 has no name. Type what it measures." in result.output


def test_add_and_change_one_kpi(
    db: sessionmaker[Session], database_url: str, now: datetime
) -> None:
    """`kpi add` defines a KPI from options, and changes only the options given later."""
    with db.begin() as s:
        build_plan(s, now)
    result = _kpi(
        database_url, "add", "k6", "--name", "Care proceedings", "--unit", "weeks",
        "--polarity", "lower", "--baseline", "44", "--target", "26", "--actions", "4.3",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "linked K6 -> 4.3" in result.output
    result = _kpi(database_url, "add", "K6", "--target", "30")
    assert result.output.strip() == "K6: target: 26 -> 30"
    result = _kpi(database_url, "add", "K6", "--polarity", "downwards")
    assert result.exit_code == 1
    assert "--polarity: 'downwards' is not a polarity." in result.output
    result = _kpi(database_url, "add", "K7")
    assert "--name: KPI K7 has no name. Type what it measures." in result.output


def test_rules_are_shown_and_set(
    db: sessionmaker[Session], database_url: str, now: datetime
) -> None:
    """`kpi rules` shows the plan's rules and stores only what differs from the defaults."""
    with db.begin() as s:
        plan_id = build_plan(s, now).id
    result = _kpi(database_url, "rules")
    assert "Green: on target or within 10% of it" in result.output
    result = _kpi(
        database_url, "rules", "--tolerance", "5%", "--compare", "year", "--steady-is-amber"
    )
    assert result.exit_code == 0, result.output
    assert "within 5% of it" in result.output and "same period a year before" in result.output
    with db() as s:
        assert s.get_one(Plan, plan_id).settings["kpi"] == {
            "tolerance": 0.05,
            "compare": "year",
            "steady_is_amber": True,
        }
    result = _kpi(database_url, "rules", "--tolerance", "lots")
    assert result.exit_code == 2 and "'lots' is not a number" in result.output


# --- KPI files that cannot be misread -----------------------------------------------------------

WESTSHIRE_KPIS = (
    "Westshire Council – Children's Services KPI scorecard 2026–27\r\n"
    "Code,Name,Unit,Polarity,Baseline,Target\r\n"
)


def _kpis(db: sessionmaker[Session]) -> dict[str, Kpi]:
    with db() as s:
        return {k.code: k for k in s.scalars(select(Kpi))}


def test_kpi_values_that_could_be_misread_are_refused(
    db: sessionmaker[Session], database_url: str, now: datetime, tmp_path: Path
) -> None:
    """A decimal comma is refused rather than read as 185; a percentage over 100, a negative
    count, nan, inf, 1e309 and a 400-digit number are refused too, each by row and column,
    and nothing is saved."""
    with db.begin() as s:
        build_plan(s, now)
    path = tmp_path / "kpis.csv"
    path.write_text(
        WESTSHIRE_KPIS
        + 'K1,Contacts decided within one working day,%,higher,78,"18,5"\r\n'
        + "K2,Assessments within 45 working days,%,higher,64%,150%\r\n"
        + "K3,Average caseload,,lower,-3,17\r\n"
        + "K4,Re-referrals within 12 months,%,lower,nan,inf\r\n"
        + f"K5,Care proceedings in weeks,weeks,lower,1e309,{'1' + '0' * 400}\r\n",
        encoding="utf-8",
    )
    result = _kpi(database_url, "import", str(path))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: The KPIs were not saved: 7 problems. Nothing was changed.",
        "Row 3, column 'Target': '18,5' has a comma where a decimal point goes. Type 18.5 with "
        "a point (commas go only between thousands, as in 1,200).",
        "Row 4, column 'Target': '150%' is not a percentage. Type a number from 0 to 100, such "
        "as 95%.",
        "Row 5, column 'Baseline': '-3' is negative, and no KPI goes below 0 (counts, rates, "
        "percentages and durations). Type 0 or more.",
        "Row 6, column 'Baseline': 'nan' is not a number. Type a number such as 95, 95% or "
        "18.5, or leave it empty.",
        "Row 6, column 'Target': 'inf' is not a number. Type a number such as 95, 95% or 18.5, "
        "or leave it empty.",
        "Row 7, column 'Baseline': '1e309' is not a number. Type a number such as 95, 95% or "
        "18.5, or leave it empty.",
        "Row 7, column 'Target': '10000000000000000000…' is too big for a KPI value. Type the "
        "number it should be.",
    ]
    assert _kpis(db) == {}


def test_kpi_workbook_reads_percent_cells_and_thousands_as_shown(
    db: sessionmaker[Session], database_url: str, now: datetime, tmp_path: Path
) -> None:
    """A cell formatted as a percentage (0.95 shown as 95%) is 95, not 0.95; 1,200 is twelve
    hundred; a name with a NUL escaped in the workbook is cleaned."""
    with db.begin() as s:
        build_plan(s, now)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Westshire Council – Children's Services KPI scorecard 2026–27"])
    sheet.append(["Code", "Name", "Unit", "Polarity", "Baseline", "Target"])
    sheet.append(
        ["K1", "Contacts decided_x0000_ within one working day", "%", "higher", 0.78, 0.95]
    )
    sheet.append(["K2", "Contacts a year", "", "higher", "1,200", "1,500.5"])
    for cell in ("E3", "F3"):
        sheet[cell].number_format = "0%"
    book.save(tmp_path / "kpis.xlsx")
    result = _kpi(database_url, "import", str(tmp_path / "kpis.xlsx"))
    assert result.exit_code == 0, result.output
    kpis = _kpis(db)
    assert (kpis["K1"].name, kpis["K1"].baseline, kpis["K1"].target) == (
        "Contacts decided within one working day",
        78,
        95,
    )
    assert (kpis["K2"].baseline, kpis["K2"].target) == (1200, 1500.5)


def test_kpi_csv_with_nul_bytes_imports(
    db: sessionmaker[Session], database_url: str, now: datetime, tmp_path: Path
) -> None:
    """NUL bytes in a KPI CSV are dropped, so the file imports (PostgreSQL refuses NUL)."""
    with db.begin() as s:
        build_plan(s, now)
    path = tmp_path / "kpis.csv"
    path.write_text(
        WESTSHIRE_KPIS + "K1,Contacts\x00 decided within one working day,%,higher,78,95\x00\r\n",
        encoding="utf-8",
    )
    result = _kpi(database_url, "import", str(path))
    assert result.exit_code == 0, result.output
    assert _kpis(db)["K1"].name == "Contacts decided within one working day"


def test_kpi_add_refuses_a_decimal_comma_and_nan(
    db: sessionmaker[Session], database_url: str, now: datetime
) -> None:
    """`kpi add` reads its numbers by the same rule as files."""
    with db.begin() as s:
        build_plan(s, now)
    result = _kpi(database_url, "add", "K9", "--name", "Caseload", "--target", "18,5")
    assert result.exit_code == 1
    assert "--target: '18,5' has a comma where a decimal point goes. Type 18.5" in result.output
    result = _kpi(database_url, "add", "K9", "--name", "Caseload", "--baseline", "nan")
    assert "--baseline: 'nan' is not a number." in result.output
    assert _kpis(db) == {}
