"""Reading import files as they arrive: any encoding Excel saves, control characters, and
hostile files refused at a limit with bounded memory. Each test runs the command line on a
fresh database (PostgreSQL too, when configured)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from store.models import Action, Plan, Theme

from . import council_files, hostile_files

# A fresh `improvebot` process takes about 80 MB; before the limits these files took 575 to
# 870 MB. Twice the fresh size leaves room for the database driver and nothing more.
MAX_MB = 200
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="peak memory from Linux /proc")


def _import(database_url: str, path: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["plan", "import", str(path), *args], env={"IMPROVEBOT_DATABASE_URL": database_url}
    )


def _actions(db: sessionmaker[Session]) -> dict[str, Action]:
    with db() as s:
        return {a.ref: a for a in s.scalars(select(Action))}


# --- control characters -------------------------------------------------------------------------


def test_csv_with_nul_and_control_characters_imports(
    database_url: str, db: sessionmaker[Session], tmp_path: Path
) -> None:
    """NUL bytes and other control characters in a CSV are dropped (PostgreSQL refuses NUL in
    text), while tabs and line breaks inside a cell are kept."""
    actions = council_files.rows(rag_as_text=True)
    actions[0][3] = "Set up the\x00 Improvement\x0b Board"
    actions[1][9] = "As at June:\r\n\tclinic held\x00\x07"
    text = council_files.csv_text(actions=actions) + "\x1a"  # old DOS end-of-file mark
    path = council_files.write_csv(tmp_path / "westshire.csv", text)
    result = _import(database_url, path)
    assert result.exit_code == 0, result.output
    got = _actions(db)
    assert got["1.1"].title == "Set up the Improvement Board"
    assert got["1.2"].latest_note == "As at June:\n\tclinic held"


def test_xlsx_with_escaped_control_characters_imports(
    database_url: str, db: sessionmaker[Session], tmp_path: Path
) -> None:
    """Excel writes NUL and the CR of CRLF as _x0000_ and _x000D_: they are read as those
    characters and cleaned, not kept as junk text."""
    actions = council_files.rows(rag_as_text=True)
    actions[0][3] = "Set up the_x0000_ Improvement Board"
    actions[1][9] = "As at June:_x000D_\nclinic held"
    actions[2][1] = "2. Front_x000B_ door"
    path = council_files.workbook(tmp_path / "westshire.xlsx", actions=actions)
    result = _import(database_url, path)
    assert result.exit_code == 0, result.output
    got = _actions(db)
    assert got["1.1"].title == "Set up the Improvement Board"
    assert got["1.2"].latest_note == "As at June:\nclinic held"
    with db() as s:
        assert s.scalars(select(Theme.name).where(Theme.number == "2")).one() == "Front door"


# --- encodings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("westshire.txt", "utf-16", "\t"),  # Excel's "Unicode text": UTF-16 LE, a BOM, tabs
        ("westshire.csv", "utf-16", "\t"),  # the same, renamed .csv
        ("westshire.csv", "utf-16-be", ","),  # no BOM: told by its zero bytes
        ("westshire.csv", "utf-16-le", "\t"),
        ("westshire.csv", "utf-8-sig", ";"),  # Excel in a locale with decimal commas
        ("westshire.csv", "cp1252", ","),  # older Excel's CSV
    ],
)
def test_unicode_text_and_other_encodings_import(
    database_url: str,
    db: sessionmaker[Session],
    tmp_path: Path,
    name: str,
    encoding: str,
    delimiter: str,
) -> None:
    """A plan saved as Unicode text (UTF-16, tab-separated) or in another encoding imports
    with every action and its dashes and apostrophes intact."""
    actions = council_files.rows(rag_as_text=True)
    actions[0][9] = "Board met 3 times – the chair’s report is due"
    text = council_files.csv_text(actions=actions, delimiter=delimiter)
    path = council_files.write_csv(tmp_path / name, text, encoding)
    result = _import(database_url, path)
    assert result.exit_code == 0, result.output
    got = _actions(db)
    assert sorted(got) == ["1.1", "1.2", "2.1", "2.2", "3.1"]
    assert got["2.1"].status == "amber"
    assert got["1.1"].latest_note == "Board met 3 times – the chair’s report is due"
    with db() as s:
        themes = s.scalars(select(Theme.name).order_by(Theme.number)).all()
    assert themes == ["Leadership and governance", "Front door", "Practice"]


def test_unreadable_header_names_the_encoding(database_url: str, tmp_path: Path) -> None:
    """When no header is found, the message says how the file was read, so a wrong encoding
    shows."""
    path = council_files.write_csv(
        tmp_path / "notes.txt", "Westshire\tnotes\r\nNothing\there\r\n", "utf-16"
    )
    result = _import(database_url, path)
    assert result.exit_code == 1
    assert "(I read it as UTF-16 text with tabs between columns.)" in result.output


# --- limits -------------------------------------------------------------------------------------


@linux_only
@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda tmp: hostile_files.cell_at_the_end(tmp / "xfd.xlsx"),
            "Sheet 'Plan' goes on past row 20,000, the most I read (empty rows count too).",
        ),
        (
            lambda tmp: hostile_files.million_empty_rows(
                tmp / "blank.xlsx", hostile_files.small_plan(tmp / "small.xlsx")
            ),
            "Sheet 'Plan' goes on past row 20,000, the most I read (empty rows count too).",
        ),
        (
            lambda tmp: hostile_files.long_csv(tmp / "long.csv", 100_000),
            "The file has more than 5,000 rows below the header, the most I read.",
        ),
    ],
    ids=["cell-at-XFD1048576", "million-empty-rows", "100k-row-csv"],
)
def test_hostile_files_are_refused_at_a_limit_in_bounded_memory(
    database_url: str, db: sessionmaker[Session], tmp_path: Path, build: object, message: str
) -> None:
    """A file far beyond any plan is refused with the limit named, nothing is written, and the
    import stops at the limit instead of reading it all into memory."""
    path = build(tmp_path)  # type: ignore[operator]
    code, output, peak_mb = hostile_files.run_cli(
        database_url, tmp_path / "peak", "plan", "import", str(path)
    )
    assert code == 1, output
    assert "The file was not imported: 1 problem. Nothing was changed." in output
    assert message in output
    assert peak_mb < MAX_MB
    with db() as s:
        assert s.scalars(select(Plan)).all() == []


@linux_only
def test_a_dimension_tag_claiming_the_whole_sheet_is_not_believed(
    database_url: str, db: sessionmaker[Session], tmp_path: Path
) -> None:
    """A dimension tag saying A1:XFD1048576 on a small plan neither pads rows out to 16,384
    columns nor stops the import: the rows that are there are read."""
    small = hostile_files.small_plan(tmp_path / "small.xlsx")
    path = hostile_files.dimension_claims_everything(tmp_path / "claims.xlsx", small)
    code, output, peak_mb = hostile_files.run_cli(
        database_url, tmp_path / "peak", "plan", "import", str(path)
    )
    assert code == 0, output
    assert peak_mb < MAX_MB
    assert sorted(_actions(db)) == ["1.1", "1.2"]


def test_wide_rows_big_files_and_long_cells_are_refused(
    database_url: str, db: sessionmaker[Session], tmp_path: Path
) -> None:
    """Something beyond column 200, a file over 20 MB, or a cell over Excel's 32,767
    characters is refused with the limit named, and nothing is written."""
    wide = council_files.write_csv(
        tmp_path / "wide.csv", "Ref,Action" + "," * 300 + "x\r\n1,Chair\r\n"
    )
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    long = council_files.write_csv(tmp_path / "long.csv", f"Ref,Action\r\n1,{'x' * 40_000}\r\n")
    cases = {
        wide: "Row 1 has something in column KP (column 302); I read up to 200 columns.",
        big: "'big.csv' is 21.0 MB; I read files of up to 20 MB.",
        long: "Cell B2 holds 40,000 characters; a cell holds at most 32,767. Shorten it.",
    }
    for path, message in cases.items():
        result = _import(database_url, path)
        assert result.exit_code == 1
        assert message in result.output
    with db() as s:
        assert s.scalars(select(Plan)).all() == []
