"""The risk register from and to a spreadsheet: councils' headers, all or nothing with every
problem by row and column, history for every change, and a round trip through CSV and XLSX."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from store import risks
from store.models import Change, Plan, Risk, Update
from store.risks.exporter import export_risks
from store.risks.importer import RiskImportRejected, RiskImportResult, import_risks
from tests.plan_builder import build_plan
from tests.store.plan_files import write_csv

COUNCIL = [
    ["Ilacs improvement plan: corporate risk register, January 2027"],
    ["Risk Ref", "Risk", "Risk Description", "Cause", "Likelihood", "Impact", "Score",
     "Risk Rating", "Mitigation", "Risk Owner", "Review Date", "Review Frequency", "Status",
     "Latest Update"],
    ["R1", "Social worker recruitment and retention", "Not enough permanent staff",
     "Higher agency pay nearby", "Likely", "4 - Major", "16", "4x4", "Actions 4.2 and 1.9",
     "Sam Patel", "31/01/2027", "Quarterly", "Open", "Campaign relaunched"],
    ["R2", "Court delays", "", "", "3", "3", "9", "", "4.3", "jane.smith@council.gov.uk",
     "Mar-27", "monthly", "Tolerated", ""],
    ["R3", "Case management system upgrade slips", "", "", "", "", "", "2x3",
     "Weekly calls with the supplier", "Jane Smith", "", "", "open", ""],
]  # fmt: skip


def _plan(db: sessionmaker[Session], now: datetime) -> None:
    with db.begin() as s:
        build_plan(s, now)


def _import(db: sessionmaker[Session], path: Path, now: datetime) -> RiskImportResult:
    with db.begin() as s:
        plan = s.scalars(select(Plan)).one()
        return import_risks(s, plan, path, at=now, today=now.date())


def test_council_register_with_its_own_headers(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """Risk, Risk Description, Likelihood (a word), Impact ('4 - Major'), Score, Risk Rating,
    Mitigation, Risk Owner (a name), Review Date and Frequency are all read; prose in
    Mitigation becomes the controls."""
    _plan(db, now)
    result = _import(db, write_csv(tmp_path / "risks.csv", COUNCIL), now)
    assert (result.added, result.linked) == (
        ["R1", "R2", "R3"], ["R1 -> 4.2", "R1 -> 1.9", "R2 -> 4.3"],
    )  # fmt: skip
    with db() as s:
        found = {r.code: r for r in s.scalars(select(Risk))}
        r1, r2, r3 = found["R1"], found["R2"], found["R3"]
        assert (r1.current, r1.inherent, r1.review_date, r1.review_every, r1.status) == (
            "4x4", "4x4", date(2027, 1, 31), "3m", "open",
        )  # fmt: skip
        assert (r1.description, r1.cause, r1.latest_note) == (
            "Not enough permanent staff", "Higher agency pay nearby", "Campaign relaunched",
        )  # fmt: skip
        assert r1.owner is not None and r1.owner.name == "Sam Patel"
        assert (r2.current, r2.status, r2.review_date) == ("3x3", "tolerated", date(2027, 3, 31))
        assert (r3.current, r3.controls) == ("2x3", "Weekly calls with the supplier")
        assert r3.review_date == date(2026, 12, 16)  # a month on, with no date given
        assert s.scalar(select(func.count()).select_from(Update).where(Update.via == "import"))


def test_every_problem_by_row_and_column_and_nothing_saved(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """A file with any problem is refused whole, each problem named by row and column."""
    _plan(db, now)
    rows = [
        ["Ref", "Risk", "Likelihood", "Impact", "Score", "Mitigation", "Risk Owner"],
        ["R1", "Recruitment", "Very likely", "4", "", "4.2", "sam.patel@council.gov.uk"],
        ["R2", "Court delays", "3", "3", "12", "", "sam.patel@council.gov.uk"],
        ["R3", "Budget", "4", "4", "", "4.9", "sam.patel@council.gov.uk"],
        ["R3", "Placements", "2", "", "", "", "sam.patel@council.gov.uk"],
        ["R5", "", "2", "2", "", "", "sam.patel@council.gov.uk"],
    ]
    with pytest.raises(RiskImportRejected) as caught:
        _import(db, write_csv(tmp_path / "bad.csv", rows), now)
    assert caught.value.details == (
        "Row 2, column 'Likelihood': 'Very likely' is not a likelihood on this plan's matrix. "
        "Use 1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain.",
        "Row 3, column 'Score': Score 12 is not likelihood × impact: 3x3 scores 9.",
        "Row 4, column 'Mitigation': There is no action 4.9 in the plan. Give the refs of the "
        "actions that mitigate the risk, such as 4.1, 4.2.",
        "Row 5, column 'Ref': R3 is also on row 4. Give each risk its own.",
        "Row 5, column 'Impact': Give both likelihood and impact, or a Risk Rating such as 4x3.",
        "Row 6, column 'Risk': The risk has no title. Type what could go wrong.",
    )
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Risk)) == 0


def test_owners_must_already_be_in_the_plan(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """An owner not in the plan is refused with the command that adds them."""
    _plan(db, now)
    rows = [["Risk", "Risk Rating", "Risk Owner"], ["Recruitment", "4x4", "new.person@x.gov.uk"]]
    with pytest.raises(RiskImportRejected) as caught:
        _import(db, write_csv(tmp_path / "r.csv", rows), now)
    assert caught.value.details == (
        "Row 2, column 'Risk Owner': new.person@x.gov.uk is not in the plan: add them with "
        'improvebot plan people add new.person@x.gov.uk --name "Name"',
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_changes_nothing(
    db: sessionmaker[Session], now: datetime, tmp_path: Path, suffix: str
) -> None:
    """An exported register imports back unchanged, formula-like text included; the rating
    cell is filled in its band's colour in XLSX."""
    _plan(db, now)
    _import(db, write_csv(tmp_path / "risks.csv", COUNCIL), now)
    with db.begin() as s:
        r3 = risks.by_code(s, s.scalars(select(Plan)).one().id, "R3")
        assert r3 is not None
        r3.description = '=HYPERLINK("https://evil.example","click")'
    out = tmp_path / f"export{suffix}"
    with db() as s:
        assert export_risks(s, s.scalars(select(Plan)).one(), out) == 3
    before = _snapshot(db)
    result = _import(db, out, now + timedelta(hours=1))
    assert (result.added, result.updated, result.unchanged) == ([], {}, 3)
    assert _snapshot(db) == before
    if suffix == ".xlsx":
        sheet = openpyxl.load_workbook(out)["Risks"]
        head = [c.value for c in sheet[2]]
        r1 = [c for c in sheet[3]]
        assert r1[head.index("Risk Rating")].fill.fgColor.rgb.endswith("FF7C80")  # red
        described = sheet.cell(5, head.index("Risk Description") + 1)
        assert described.data_type == "s" and described.quotePrefix


def _snapshot(db: sessionmaker[Session]) -> list[tuple[object, ...]]:
    with db() as s:
        return [
            (r.code, r.title, r.description, r.current, r.target, r.owner_id, r.status,
             r.review_date, r.review_every, r.controls, tuple(a.ref for a in r.actions))
            for r in s.scalars(select(Risk).order_by(Risk.number))
        ]  # fmt: skip


def test_reimport_records_a_new_rating_with_its_reason(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """A changed rating is a change in the risk's history, via import, with the file named."""
    _plan(db, now)
    _import(db, write_csv(tmp_path / "risks.csv", COUNCIL), now)
    COUNCIL_NEW = [row[:] for row in COUNCIL]
    COUNCIL_NEW[2][4:8] = ["Almost certain", "4", "20", "5x4"]
    result = _import(
        db, write_csv(tmp_path / "risks-feb.csv", COUNCIL_NEW), now + timedelta(days=1)
    )
    assert result.updated == {"R1": ["current"]} and result.unchanged == 2
    with db() as s:
        change = s.scalars(
            select(Change).where(Change.field == "current", Change.old.is_not(None))
        ).one()
        update = s.get(Update, change.update_id)
        assert update is not None
        assert (change.old, change.new, update.via, update.reason) == (
            "4x4", "5x4", "import", "changed by import of risks-feb.csv",
        )  # fmt: skip


def test_a_letters_matrix_reads_letters(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """On the medway matrix, B2 and likelihood letters are read."""
    _plan(db, now)
    with db.begin() as s:
        s.scalars(select(Plan)).one().settings = {"risk": {"matrix": "medway"}}
    rows = [["Risk", "Likelihood", "Impact", "Risk Owner"], ["Recruitment", "B", "2", "Sam Patel"]]
    _import(db, write_csv(tmp_path / "r.csv", rows), now)
    with db() as s:
        assert s.scalars(select(Risk.current)).one() == "4x3"


def _risk_cli(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["risk", *args], env={"IMPROVEBOT_DATABASE_URL": database_url})


def test_cli_import_dry_run_and_export(
    db: sessionmaker[Session], database_url: str, now: datetime, tmp_path: Path
) -> None:
    """`improvebot risk import` reports what it did, a dry run saves nothing, a bad file exits
    1 with its problems, and `risk export` writes the register."""
    _plan(db, now)
    path = write_csv(tmp_path / "risks.csv", COUNCIL)
    dry = _risk_cli(database_url, "import", str(path), "--dry-run")
    assert dry.exit_code == 0 and dry.output.startswith("Dry run, nothing saved: 3 added")
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Risk)) == 0
    done = _risk_cli(database_url, "import", str(path))
    assert done.output.splitlines()[:2] == [
        "Risks of plan ilacs: 3 added, 0 changed, 0 unchanged.", "  added R1",
    ]  # fmt: skip
    bad = write_csv(tmp_path / "bad.csv", [["Risk", "Risk Rating"], ["Budget", "9x9"]])
    refused = _risk_cli(database_url, "import", str(bad))
    assert refused.exit_code == 1 and "Row 2, column 'Risk Rating': '9x9' is not a rating" in (
        refused.output
    )
    out = tmp_path / "out.xlsx"
    exported = _risk_cli(database_url, "export", str(out))
    assert exported.output.strip() == f"Wrote 3 risks of plan ilacs to {out}."
