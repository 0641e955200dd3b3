"""Defining KPIs from a file: every field, matched by code, all or nothing with row and column."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store import actions
from store.kpis.importer import KpiImportRejected, import_kpis
from store.models import Change, Kpi, Plan, Update
from tests.plan_builder import build_plan

GOOD = (
    "Code,Name,Unit,Polarity,Baseline,Target,Tolerance,Frequency,Owner Email,Actions\n"
    "K1,Assessments within 45 working days,%,higher,64%,90%,5%,monthly,"
    'jane.smith@council.gov.uk,"4.2, 4.3"\n'
    "K2,Average caseload,,lower is better,24,17,,quarterly,,1.9\n"
)


def _file(tmp_path: Path, text: str, name: str = "kpis.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _plan(db: sessionmaker[Session], now: datetime) -> int:
    with db.begin() as s:
        return build_plan(s, now).id


def _kpis(s: Session, plan_id: int) -> dict[str, Kpi]:
    return {k.code: k for k in s.scalars(select(Kpi).where(Kpi.plan_id == plan_id))}


def test_import_defines_every_field(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """Each column lands in its field, owners are found by email and actions are linked."""
    plan_id = _plan(db, now)
    with db.begin() as s:
        result = import_kpis(s, s.get_one(Plan, plan_id), _file(tmp_path, GOOD), at=now)
    assert result.added == ["K1", "K2"]
    assert result.linked == ["K1 -> 4.2", "K1 -> 4.3", "K2 -> 1.9"]
    with db() as s:
        k1, k2 = _kpis(s, plan_id)["K1"], _kpis(s, plan_id)["K2"]
        assert (k1.unit, k1.polarity, k1.baseline, k1.target, k1.tolerance) == (
            "%",
            "higher",
            64,
            90,
            0.05,
        )
        assert k1.owner is not None and k1.owner.email == "jane.smith@council.gov.uk"
        assert (k2.polarity, k2.frequency, k2.tolerance, k2.owner) == (
            "lower",
            "quarterly",
            0.10,
            None,
        )
        linked = actions.by_ref(s, plan_id, "4.2")
        assert linked is not None and [k.code for k in linked.kpis] == ["K1"]
        # The link is in the action's history, and the definition in the KPI's.
        assert s.scalars(select(Change).where(Change.field == "kpi", Change.new == "K1")).all()
        notes = [u.note for u in s.scalars(select(Update).where(Update.kpi_id == k1.id))]
        assert notes and notes[0].startswith("K1 defined: name Assessments")


def test_reimport_updates_by_code_and_keeps_readings(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """A second file changes only what differs, by code; unchanged rows write nothing."""
    plan_id = _plan(db, now)
    with db.begin() as s:
        import_kpis(s, s.get_one(Plan, plan_id), _file(tmp_path, GOOD), at=now)
    changed = GOOD.replace("64%,90%,5%", "64%,95%,5%")
    with db.begin() as s:
        result = import_kpis(s, s.get_one(Plan, plan_id), _file(tmp_path, changed), at=now)
    assert result.updated == {"K1": ["target: 90 -> 95"]}
    assert result.unchanged == 1 and not result.added and not result.linked


def test_bad_file_is_refused_whole(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """A file with any bad cell writes nothing and names every problem by row and column."""
    plan_id = _plan(db, now)
    bad = GOOD + (
        "K3,Re-referrals,%,sideways,27,abc,150%,fortnightly,not-an-email,9.9\n"
        "K1,Duplicate,%,higher,,,,,,\n"
        "X,No digits,%,,,,,,,\n"
    )
    with db.begin() as s, pytest.raises(KpiImportRejected) as caught:
        import_kpis(s, s.get_one(Plan, plan_id), _file(tmp_path, bad), at=now)
    problems = [str(p) for p in caught.value.problems]
    assert problems == [
        "Row 4, column 'Polarity': 'sideways' is not a polarity. Use higher, lower, target "
        "(or leave it empty).",
        "Row 4, column 'Target': 'abc' is not a number. Type a number such as 95, 95% or 18.5, "
        "or leave it empty.",
        "Row 4, column 'Tolerance': '150%' is not a tolerance. Type a share of the target "
        "between 0% and 100%, such as 10%, or leave it empty for the plan's tolerance.",
        "Row 4, column 'Frequency': 'fortnightly' is not a frequency. Use monthly, quarterly, "
        "annual (or leave it empty).",
        "Row 4, column 'Owner Email': 'not-an-email' is not an email address. Type the owner's "
        "email, such as jane.smith@council.gov.uk, or leave the cell empty.",
        "Row 4, column 'Actions': There is no action 9.9 in the plan. Did you mean 1.9?",
        "Row 5, column 'Code': KPI K1 is also on row 2. Give each KPI its own code.",
        "Row 6, column 'Code': 'X' is not a KPI code. Type letters and digits, up to 16, "
        "such as K1 or CSC-04.",
    ]
    with db() as s:
        assert _kpis(s, plan_id) == {}


def test_xlsx_with_synonyms_and_a_title_row(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """An Excel file with a title row and other header words reads the same."""
    plan_id = _plan(db, now)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Performance scorecard 2026/27"])
    sheet.append(["KPI code", "Indicator", "Good is", "Target", "Tolerance %", "Linked actions"])
    sheet.append(["csc-04", "Care proceedings in weeks", "closest to target", 26, 0.1, "4.3"])
    path = tmp_path / "scorecard.xlsx"
    book.save(path)
    with db.begin() as s:
        result = import_kpis(s, s.get_one(Plan, plan_id), path, at=now)
    assert result.added == ["CSC-04"]
    with db() as s:
        kpi = _kpis(s, plan_id)["CSC-04"]
        assert (kpi.polarity, kpi.target, kpi.tolerance) == ("target", 26, 0.1)


def test_missing_columns_are_named(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """A file without a Name column says which column to add."""
    plan_id = _plan(db, now)
    with db.begin() as s, pytest.raises(KpiImportRejected) as caught:
        import_kpis(s, s.get_one(Plan, plan_id), _file(tmp_path, "Code,Target\nK1,90\n"), at=now)
    assert "There is no 'Name' column" in str(caught.value.problems[0])
