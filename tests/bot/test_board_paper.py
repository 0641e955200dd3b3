"""The board pack reads like a board paper: Riverside's pack, written by `improvebot report`
after people have updated the plan from chat, in HTML, Markdown, XLSX and PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from tests.council_plan import LINK_PATHWAY, LINK_THRESHOLDS, NOW, build_council
from tests.pdf_layout import family, fonts, layout, link_uris
from tests.plan_builder import Chat

COMPARED = "Compared with the Improvement Board of Thursday 17 December 2026."
HOSTILE_LINK = 'https://riverside.gov.uk/ehm"><script>alert(1)</script>'
NOT_A_LINK = "javascript:alert(document.cookie)"


@pytest.fixture
def riverside(db: sessionmaker[Session]) -> None:
    """Riverside, with evidence added from chat: a link that tries to break out of its
    attribute, and a javascript: address that must never become a link."""
    with db.begin() as s:
        build_council(s)
    chat = Chat(db, NOW)
    assert chat.say("priya.nair", f"/action evidence 2.3 {HOSTILE_LINK}").startswith(
        "Evidence added to 2.3."
    )
    assert chat.say("priya.nair", f"/action evidence 2.3 {NOT_A_LINK}").startswith(
        "Evidence added to 2.3."
    )


def _report(database_url: str, out: Path, *args: str) -> Path:
    result = CliRunner().invoke(
        main,
        ["report", *args, "--now", NOW.isoformat(), "--output", str(out)],
        env={"IMPROVEBOT_DATABASE_URL": database_url},
    )
    assert result.exit_code == 0, result.output
    return out


def _board(database_url: str, tmp_path: Path, fmt: str, *args: str) -> Path:
    return _report(database_url, tmp_path / f"pack.{fmt}", "board", "--format", fmt, *args)


def _section(html: str, name: str) -> str:
    return html.split(f'<section id="{name}"', 1)[1].split("</section>", 1)[0]


@pytest.mark.usefixtures("riverside")
def test_html_pack_links_evidence_and_marks_overdue_once(database_url: str, tmp_path: Path) -> None:
    """Evidence addresses are links (escaped, http and https only); an amber action that is
    also overdue is marked so among the red and amber, not listed again as overdue; the
    comparison reads as a sentence."""
    html = _board(database_url, tmp_path, "html").read_text(encoding="utf-8")
    assert f'<p class="compared">{COMPARED}</p>' in html
    focus = _section(html, "themes-in-focus")
    thresholds = LINK_THRESHOLDS.replace("&", "&amp;")
    assert f'<a href="{thresholds}">{thresholds}</a> (draft for partners)' in focus
    assert f'<a href="{LINK_PATHWAY}">' in focus
    # The hostile address is one link, percent-encoded: it never closes the attribute.
    assert (
        '<a href="https://riverside.gov.uk/ehm%22%3E%3Cscript%3Ealert%281%29%3C/script%3E">'
    ) in focus
    assert "<script>" not in html and 'href="javascript' not in html
    assert "javascript:alert(document.cookie)" in focus  # shown as text
    assert "none" not in focus  # no column of "none"s
    exceptions = _section(html, "exceptions")
    assert exceptions.count("<td>1.3</td>") == 1 and "49 days overdue" in exceptions
    assert exceptions.count("<td>2.1</td>") == 1 and "34 days overdue" in exceptions
    assert "<h4>Also overdue</h4>" in exceptions and exceptions.count("<td>2.3</td>") == 1
    assert "5 red or amber, 3 overdue" in _section(html, "plan-on-a-page")


@pytest.mark.usefixtures("riverside")
def test_markdown_pack_links_safely_and_names_theme_leads(
    database_url: str, tmp_path: Path
) -> None:
    """Markdown links carry the address percent-encoded, so nothing a person typed can end
    the link or the table cell; each theme's lead is in the plan-on-a-page table."""
    text = _board(database_url, tmp_path, "md").read_text(encoding="utf-8")
    assert f"\n{COMPARED}\n" in text
    assert (
        "[https://riverside.gov.uk/docs/thresholds?v=2&amp;lang=en]"
        "(https://riverside.gov.uk/docs/thresholds?v=2&lang=en) (draft for partners)"
    ) in text
    assert "(https://riverside.gov.uk/ehm%22%3E%3Cscript%3Ealert%281%29%3C/script%3E)" in text
    assert "](javascript" not in text and "<script>" not in text
    for lead in (
        "| 1. Leadership, governance and oversight | Marcus Hill |",
        "| 2. Front door and early help (in focus) | Priya Nair |",
        "| 3. Children in care and care leavers (in focus) | Owen Reid |",
        "| 4. Workforce and practice quality | Ruth Evans |",
    ):
        assert lead in text
    assert "| 1.3 | Commission an external audit" in text
    assert text.count("| 1.3 |") == 1 and "Mon 30 Nov 2026 (49 days overdue)" in text
    # Every table row has as many cells as its header: no | in a link split a cell.
    for table in re.findall(r"(?:^\|.*\|\n)+", text, flags=re.M):
        lines = table.splitlines()
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in lines}
        assert len(widths) == 1, lines[0]


@pytest.mark.usefixtures("riverside")
def test_xlsx_pack_has_hyperlinks_and_the_sentence(database_url: str, tmp_path: Path) -> None:
    """Evidence cells are hyperlinks to their first http(s) address; red and amber rows say
    how overdue they are, and the overdue sheet does not repeat them."""
    book = load_workbook(_board(database_url, tmp_path, "xlsx"))
    assert book["Plan on a page"]["A4"].value == COMPARED
    focus = {row[1].value: row for row in book["Themes in focus"].iter_rows(min_row=2)}
    assert focus["2.2"][7].hyperlink.target == LINK_THRESHOLDS
    assert focus["3.2"][7].hyperlink.target == LINK_PATHWAY
    assert focus["2.3"][7].hyperlink.target.startswith("https://riverside.gov.uk/ehm%22%3E")
    assert focus["2.1"][7].hyperlink is None
    red_amber = {row[1].value: row for row in book["Red and amber"].iter_rows(min_row=2)}
    assert red_amber["1.3"][6].value == 49 and red_amber["4.1"][6].value is None
    assert [row[1].value for row in book["Overdue"].iter_rows(min_row=2)] == ["2.3"]


@pytest.mark.usefixtures("riverside", "pdf_available")
def test_pdf_pack_reads_like_a_board_paper(
    database_url: str, tmp_path: Path, db: sessionmaker[Session]
) -> None:
    """With a long theme in focus, the A4 PDF has no near-empty page and no row split over
    two pages, repeats header rows where a table carries on, uses one font throughout, links
    its evidence and keeps the action's title wide."""
    chat = Chat(db, NOW)
    for n in range(4, 16):
        reply = chat.say(
            "dana.okoro",
            f'/action add 2.{n} "Audit a sample of early help cases for the quality of plans, '
            f'round {n}" owner @priya.nair due 31/03/2027 theme 2',
        )
        assert reply.startswith("Added"), reply
        chat.say("priya.nair", f"/action note 2.{n} Audit booked with the partnership team.")
    pdf = _board(database_url, tmp_path, "pdf").read_bytes()
    html = _board(database_url, tmp_path, "html").read_text(encoding="utf-8")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages} == {
        (595, 842)
    }
    assert COMPARED in reader.pages[0].extract_text()
    found = layout(html)
    assert len(found.fill) == len(reader.pages)
    assert all(fill >= 0.35 for fill in found.fill[:-1]), found.fill
    assert found.fill[-1] >= 0.15, found.fill
    assert found.continued >= 1  # theme 2's table runs over a page break …
    assert found.headless == [] and found.split_rows == []  # … with its header, rows whole
    assert {family(font) for font in fonts(pdf)} == {"DejaVu-Sans"}
    uris = link_uris(pdf)
    assert LINK_THRESHOLDS in uris and LINK_PATHWAY in uris
    assert not [uri for uri in uris if not uri.startswith(("https://", "http://"))]
    assert len(found.action_share) == 2 and min(found.action_share) >= 0.35


@pytest.mark.usefixtures("riverside")
def test_scrutiny_report_shows_each_kpis_owner(database_url: str, tmp_path: Path) -> None:
    """The scrutiny report names each KPI's owner, in its groups and its KPI table."""
    md = _report(database_url, tmp_path / "s.md", "scrutiny").read_text(encoding="utf-8")
    assert "| K1 | Contacts decided within one working day | Kai Brown | 81% |" in md
    assert "| K2 | Average social worker caseload | Ruth Evans | red |" in md  # a group row
    assert "| K3 | Care leavers with an up-to-date pathway plan | Owen Reid | 97% |" in md
    html = _report(database_url, tmp_path / "s.html", "scrutiny").read_text(encoding="utf-8")
    assert '<span class="muted">Owen Reid</span>' in _section(html, "kpis")
    book = load_workbook(_report(database_url, tmp_path / "s.xlsx", "scrutiny"))
    assert [(r[0].value, r[2].value) for r in book["KPIs"].iter_rows(min_row=2)] == [
        ("K1", "Kai Brown"),
        ("K2", "Ruth Evans"),
        ("K3", "Owen Reid"),
    ]
