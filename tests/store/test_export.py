"""Exporting a plan to CSV and XLSX: re-importable, in numeric ref order, formula-safe."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from store import history
from store.domain import Via, ref_key
from store.exporter import COLUMNS, ExportFailed, export_plan, plan_to_export
from store.imports import import_file
from store.models import Action
from store.plans import create_plan, plan_by_slug

from .plan_files import COUNCIL_CSV, read_csv, snapshot

TODAY = date(2026, 11, 16)
DANGEROUS = {
    "title": '=HYPERLINK("http://evil.example","Click")',
    "latest_note": "+44 7700 900123 called",
    "supporting": "@SUM(A1:A9)",
    "source": "-2+3",
}


def _council_plan(db: sessionmaker[Session], now: datetime) -> None:
    with db.begin() as s:
        import_file(s, COUNCIL_CSV, at=now, today=TODAY, plan_slug="ilacs")


def _export(db: sessionmaker[Session], path: Path, slug: str = "ilacs") -> Path:
    with db() as s:
        plan = plan_by_slug(s, slug)
        assert plan is not None
        export_plan(s, plan, path)
    return path


def _dangerous_plan(db: sessionmaker[Session], now: datetime) -> None:
    with db.begin() as s:
        plan = create_plan(s, slug="ilacs", name="ILACS", at=now)
        action = Action(plan_id=plan.id, ref="1.1", ref_key=ref_key("1.1"), **DANGEROUS)
        history.create_action(s, action, at=now, via=Via.CONSOLE)
        history.add_evidence(s, action, "=1+1", at=now, via=Via.CONSOLE, by=None)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_reimports_into_an_equal_plan(
    db: sessionmaker[Session], now: datetime, tmp_path: Path, suffix: str
) -> None:
    """Exporting a plan and importing the file into a new plan gives the same actions."""
    _council_plan(db, now)
    path = _export(db, tmp_path / f"ilacs{suffix}")
    with db.begin() as s:
        result = import_file(s, path, at=now, today=TODAY, plan_slug="copy")
    assert result.ignored_columns == ["Last updated"]
    with db() as s:
        original = snapshot(s, "ilacs")
        assert len(original) == 8
        assert snapshot(s, "copy") == original


def test_csv_export_orders_refs_numerically_and_writes_iso_dates(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """The plan's name comes first, as a title row; then refs 1.9 before 1.10, dates as ISO,
    blank due as Ongoing, status as a word."""
    _council_plan(db, now)
    title, header, *rows = read_csv(_export(db, tmp_path / "ilacs.csv"))
    assert title == ["council plan"]
    assert tuple(header) == COLUMNS
    assert [row[0] for row in rows] == ["1.1", "1.2", "1.9", "1.10", "2.1", "2.2", "3.1", "3.2"]
    by_ref = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_ref["1.1"]["Start date"] == "2025-09-01"
    assert by_ref["1.1"]["Due Date"] == "2025-11-30"
    assert by_ref["1.1"]["RAG Status"] == "complete"
    assert by_ref["1.1"]["Evidence"] == "EV-LM-001\nEV-LM-002"
    assert by_ref["2.2"]["Due Date"] == "Ongoing"
    assert by_ref["2.2"]["KPI"] == "K1, K2"
    assert by_ref["2.2"]["RAG Status"] == "not started"
    assert by_ref["1.2"]["Last updated"] == "2026-11-16"


def test_export_uses_the_plans_own_status_words(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """A plan that calls green 'On track' exports 'On track'."""
    _council_plan(db, now)
    with db.begin() as s:
        plan = plan_by_slug(s, "ilacs")
        assert plan is not None
        plan.status_labels = {"green": "On track"}
    _title, header, *rows = read_csv(_export(db, tmp_path / "ilacs.csv"))
    status = header.index("RAG Status")
    assert {row[0]: row[status] for row in rows}["1.2"] == "On track"


def test_csv_export_neutralises_formulas_and_reimports_the_text(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """Text starting with = + - @ gets a leading ' in CSV, and importing it (into the plan its
    title row names) gives the text back."""
    _dangerous_plan(db, now)
    _title, header, row = read_csv(_export(db, tmp_path / "plan.csv"))
    cells = dict(zip(header, row, strict=True))
    assert cells["Action"] == "'" + DANGEROUS["title"]
    assert cells["Progress Update"] == "'" + DANGEROUS["latest_note"]
    assert cells["Supporting officers"] == "'" + DANGEROUS["supporting"]
    assert cells["Source"] == "'" + DANGEROUS["source"]
    assert cells["Evidence"] == "'=1+1"
    with db.begin() as s:
        result = import_file(s, tmp_path / "plan.csv", at=now, today=TODAY)
    assert result.updated == {} and result.unchanged == 1


def test_xlsx_export_stores_formula_text_as_strings(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """Text starting with = + - @ is a plain string cell in XLSX, never a formula."""
    _dangerous_plan(db, now)
    path = _export(db, tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)  # not data_only: a formula would read as data_type 'f'
    sheet = book.active
    cells = {h.value: c for h, c in zip(sheet[2], sheet[3], strict=True)}
    for header, text in [
        ("Action", DANGEROUS["title"]),
        ("Progress Update", DANGEROUS["latest_note"]),
        ("Supporting officers", DANGEROUS["supporting"]),
        ("Source", DANGEROUS["source"]),
        ("Evidence", "=1+1"),
    ]:
        assert cells[header].data_type == "s"
        assert cells[header].value == text
        assert cells[header].quotePrefix
    book.close()
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_xlsx_export_colours_rag_cells_and_freezes_the_header(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """RAG cells are filled red, amber, green, blue or grey; the plan's name is the title row
    and the title and header rows stay in view."""
    _council_plan(db, now)
    book = openpyxl.load_workbook(_export(db, tmp_path / "ilacs.xlsx"))
    sheet = book.active
    assert sheet["A1"].value == "council plan"
    header = [c.value for c in sheet[2]]
    status = header.index("RAG Status") + 1
    fills = {
        sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=status).fill.fgColor.rgb[-6:]
        for r in range(3, sheet.max_row + 1)
    }
    assert fills["1.1"] == "9BC2E6"  # complete: blue
    assert fills["1.2"] == "92D050"  # green
    assert fills["1.10"] == "FFC000"  # amber
    assert fills["2.1"] == "FF7C80"  # red
    assert fills["2.2"] == "D9D9D9"  # not started: grey
    assert sheet.freeze_panes == "A3"
    action_width = sheet.column_dimensions["C"].width
    assert 20 < action_width <= 60
    due = sheet.cell(row=3, column=header.index("Due Date") + 1)
    assert due.is_date and due.number_format == "yyyy-mm-dd"
    book.close()


def test_export_refuses_other_formats_and_unknown_plans(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """Only .csv and .xlsx are written; an unknown or unnamed plan among several is refused."""
    _council_plan(db, now)
    with db.begin() as s:
        create_plan(s, slug="send", name="SEND", at=now)
    with db() as s, pytest.raises(ExportFailed, match=r"\.csv and \.xlsx files, not '\.pdf'"):
        export_plan(s, plan_to_export(s, "ilacs"), tmp_path / "plan.pdf")
    with db() as s, pytest.raises(ExportFailed, match="Choose one of: ilacs, send"):
        plan_to_export(s, None)
    with db() as s, pytest.raises(ExportFailed, match="There is no plan 'nope'"):
        plan_to_export(s, "nope")
    assert not (tmp_path / "plan.pdf").exists()


def test_cli_export_writes_the_file_or_explains(
    database_url: str, db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """`plan export FILE` writes the only plan; a .pdf name exits 1 with what to type."""
    _council_plan(db, now)
    env = {"IMPROVEBOT_DATABASE_URL": database_url}
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["plan", "export", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert f"Wrote 8 actions of plan ilacs to {out}." in result.output
    assert out.exists()
    result = CliRunner().invoke(main, ["plan", "export", str(tmp_path / "out.pdf")], env=env)
    assert result.exit_code == 1
    assert "Name the file plan.xlsx or plan.csv." in result.output
