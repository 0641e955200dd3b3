"""`improvebot report board|scrutiny` writes each format from one command."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from store.demo import build_demo
from store.imports import import_file

FIXTURES = Path(__file__).parents[1] / "fixtures"
SECTIONS = (
    'id="plan-on-a-page"',
    'id="exceptions"',
    'id="rag-by-theme"',
    'id="completed"',
    'id="themes-in-focus"',
    'id="kpis"',
    'id="trend"',
)


@pytest.fixture
def demo(db: sessionmaker[Session], now: datetime) -> None:
    with db.begin() as s:
        build_demo(s, now=now)


def _run(database_url: str, now: datetime, *args: str) -> Result:
    result = CliRunner().invoke(
        main,
        ["report", *args, "--now", now.isoformat()],
        env={"IMPROVEBOT_DATABASE_URL": database_url},
    )
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.usefixtures("demo")
def test_board_pack_html(database_url: str, now: datetime, tmp_path: Path) -> None:
    """The HTML pack is one self-contained file with every section and the SVG chart."""
    out = tmp_path / "pack.html"
    result = _run(database_url, now, "board", "--format", "html", "--output", str(out))
    assert f"Wrote HTML report to {out}" in result.output
    html = out.read_text(encoding="utf-8")
    assert all(section in html for section in SECTIONS)
    assert "<svg" in html and "@media print" in html and "@page" in html
    assert "Northshire Improvement Board" in html
    # Self-contained: no scripts, stylesheets or images fetched from anywhere.
    assert "<script" not in html and "<link" not in html and "src=" not in html


@pytest.mark.usefixtures("demo")
def test_board_pack_markdown(database_url: str, now: datetime, tmp_path: Path) -> None:
    """The Markdown pack has the same sections as headings, and the trend as a table."""
    out = tmp_path / "pack.md"
    _run(database_url, now, "board", "--output", str(out))  # format from the suffix
    text = out.read_text(encoding="utf-8")
    for heading in (
        "## Plan on a page",
        "## Exceptions by theme",
        "## RAG by theme and direction of travel",
        "## Themes in focus",
        "## Key performance indicators",
        "## RAG trend",
    ):
        assert heading in text
    assert "| Now, 16 Nov 2026 | 4 | 9 | 13 | 7 | 3 | 36 |" in text


@pytest.mark.usefixtures("demo")
def test_board_pack_xlsx(database_url: str, now: datetime, tmp_path: Path) -> None:
    """The workbook has a sheet per section (risks and findings coverage too) and a stacked bar
    chart of the trend."""
    out = tmp_path / "pack.xlsx"
    _run(database_url, now, "board", "--format", "xlsx", "--output", str(out))
    book = load_workbook(out)
    assert book.sheetnames == [
        "Plan on a page",
        "Red and amber",
        "Overdue",
        "Moved dates",
        "Completed",
        "Themes in focus",
        "KPIs",
        "Risk heat map",
        "Risk register",
        "Risks moved",
        "Risk reviews overdue",
        "Mitigating actions",
        "Findings coverage",
        "Trend",
    ]
    trend = book["Trend"]
    assert trend.max_row == 8  # a header, six boards and now
    (chart,) = trend._charts
    assert chart.grouping == "stacked" and len(chart.series) == 5
    assert book["KPIs"]["A2"].value == "K1"


@pytest.mark.usefixtures("demo", "pdf_available")
def test_board_pack_pdf(database_url: str, now: datetime, tmp_path: Path) -> None:
    """The PDF is A4, several pages long, and has the pack's text in it."""
    out = tmp_path / "pack.pdf"
    _run(database_url, now, "board", "--format", "pdf", "--output", str(out))
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 4
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)
    assert "Plan on a page" in reader.pages[0].extract_text()


@pytest.mark.usefixtures("demo")
def test_scrutiny_in_every_format(database_url: str, now: datetime, tmp_path: Path) -> None:
    """The scrutiny report comes out in each format, over a period given with --since."""
    for fmt in ("html", "md", "xlsx"):
        out = tmp_path / f"scrutiny.{fmt}"
        _run(database_url, now, "scrutiny", "--since", "1/8/2026", "--format", fmt, "-o", str(out))
        assert out.stat().st_size > 1000
    text = (tmp_path / "scrutiny.md").read_text(encoding="utf-8")
    assert "Period: Sat 1 Aug 2026 to Mon 16 Nov 2026" in text
    for heading in ("## Going well", "## Ones to watch", "## Things to do better"):
        assert heading in text
    assert load_workbook(tmp_path / "scrutiny.xlsx").sheetnames[:4] == [
        "Summary",
        "Things to do better",
        "Ones to watch",
        "Going well",
    ]


@pytest.mark.usefixtures("demo", "pdf_available")
def test_scrutiny_pdf(database_url: str, now: datetime, tmp_path: Path) -> None:
    """The scrutiny report also comes out as an A4 PDF."""
    out = tmp_path / "scrutiny.pdf"
    _run(database_url, now, "scrutiny", "--since", "1/8/2026", "--format", "pdf", "-o", str(out))
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    assert "Going well" in " ".join(page.extract_text() for page in reader.pages)


@pytest.mark.usefixtures("demo")
def test_errors_say_what_to_do(database_url: str, now: datetime, tmp_path: Path) -> None:
    """An unknown meeting or plan is refused with what to type instead."""
    env = {"IMPROVEBOT_DATABASE_URL": database_url}
    out = str(tmp_path / "x.html")
    result = CliRunner().invoke(main, ["report", "board", "--meeting", "999", "-o", out], env=env)
    assert result.exit_code == 1 and "There is no board meeting 999" in result.output
    result = CliRunner().invoke(main, ["report", "board", "--plan", "nope", "-o", out], env=env)
    assert result.exit_code == 1 and "There is no plan 'nope'. Choose one with --plan: demo" in (
        result.output
    )
    result = CliRunner().invoke(main, ["report", "board", "-o", str(tmp_path / "x.doc")], env=env)
    assert result.exit_code == 2 and "--format html|md|xlsx|pdf" in result.output


def test_imported_council_plan_without_a_meeting(
    db: sessionmaker[Session], database_url: str, now: datetime, tmp_path: Path
) -> None:
    """A plan loaded from a council's spreadsheet, with no board scheduled, still has a pack."""
    with db.begin() as s:
        import_file(s, FIXTURES / "council_plan.csv", at=now, today=now.date(), plan_slug="ilacs")
    out = tmp_path / "pack.html"
    _run(database_url, now, "board", "--plan", "ilacs", "--format", "html", "--output", str(out))
    html = out.read_text(encoding="utf-8")
    assert "No board meeting is scheduled: this is the plan as it stands." in html
    assert "since the plan was set up" in html
    assert "Plan report as at Mon 16 Nov 2026" in html


@pytest.mark.usefixtures("pdf_available")
def test_imported_council_plan_pdf(
    db: sessionmaker[Session], database_url: str, now: datetime, tmp_path: Path
) -> None:
    """The council-shaped plan's pack also comes out as PDF."""
    with db.begin() as s:
        import_file(s, FIXTURES / "council_plan.csv", at=now, today=now.date(), plan_slug="ilacs")
    pdf = tmp_path / "pack.pdf"
    _run(database_url, now, "board", "--plan", "ilacs", "--format", "pdf", "--output", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
