"""Report templates: each renders sample view-models, and user text is only ever text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from jinja2 import UndefinedError

import templates
from bot.reports.html import board_html, scrutiny_html
from bot.reports.markdown import board_markdown, scrutiny_markdown
from store.kpis.status import KpiLine
from store.reports.views import (
    ActionItem,
    BoardPack,
    CompletedItem,
    FocusTheme,
    MeetingInfo,
    MovedDate,
    RagCounts,
    ScrutinyGroup,
    ScrutinyItem,
    ScrutinyReport,
    StatusLabel,
    ThemeExceptions,
    ThemeSummary,
    TrendPoint,
)

NASTY = '<script>alert("x")</script> | *bold* [link](http://evil.example) & more'
STATUSES = [
    StatusLabel(s, s.replace("_", " "))
    for s in ("red", "amber", "green", "complete", "not_started")
]
COUNTS = RagCounts(red=2, amber=3, green=5, complete=1, not_started=1)
ITEM = ActionItem(
    "4.2", NASTY, "4", NASTY, "red", "red", "Tue 31 Mar 2026", 12, NASTY, [NASTY], NASTY
)
KPI = KpiLine("K1", NASTY, "80%", "Oct 2026", "90%", "72%", "amber", "improving", NASTY)


def sample_pack(meeting: bool = True) -> BoardPack:
    return BoardPack(
        plan_name=NASTY,
        plan_slug="demo",
        title=NASTY,
        meeting=MeetingInfo(1, NASTY, "Thu 3 Dec 2026, 10:00", "2026-12-03", [NASTY], False)
        if meeting
        else None,
        as_at="Mon 16 Nov 2026, 10:00",
        since="since the board on Thu 29 Oct 2026",
        generated="Mon 16 Nov 2026, 10:00",
        statuses=STATUSES,
        overall=COUNTS,
        overall_before=COUNTS,
        overall_direction="steady",
        themes=[ThemeSummary("4", NASTY, NASTY, COUNTS, COUNTS, "worsening", True)],
        exceptions=[
            ThemeExceptions(
                "4",
                NASTY,
                [ITEM],
                [ITEM],
                [
                    MovedDate(
                        "4.2",
                        NASTY,
                        "4",
                        NASTY,
                        "Tue 31 Mar 2026",
                        "Fri 1 May 2026",
                        "Mon 9 Nov 2026",
                        NASTY,
                    )
                ],
            )
        ],
        completed=[CompletedItem("4.3", NASTY, "4", NASTY, "Mon 9 Nov 2026", [NASTY], NASTY, True)],
        focus=[FocusTheme("4", NASTY, NASTY, COUNTS, [ITEM])],
        kpis=[KPI],
        trend=[
            TrendPoint("Board", "29 Oct 2026", COUNTS, False),
            TrendPoint("Now", "16 Nov 2026", COUNTS, True),
        ],
    )


def sample_scrutiny() -> ScrutinyReport:
    item = ScrutinyItem("action", "4.2", NASTY, "4", NASTY, "red", "red", [NASTY], NASTY)
    return ScrutinyReport(
        plan_name=NASTY,
        plan_slug="demo",
        title=NASTY,
        period="Mon 17 Aug 2026 to Mon 16 Nov 2026",
        generated="Mon 16 Nov 2026, 10:00",
        statuses=STATUSES,
        overall=COUNTS,
        overall_before=COUNTS,
        overall_direction=None,
        themes=[ThemeSummary("4", NASTY, NASTY, COUNTS, COUNTS, None, False)],
        groups=[
            ScrutinyGroup(key, NASTY, NASTY, [item])
            for key in ("do_better", "to_watch", "going_well")
        ],
        kpis=[KPI],
    )


RENDERERS = {
    "report/board.html": lambda: board_html(sample_pack()),
    "report/board.md": lambda: board_markdown(sample_pack()),
    "report/scrutiny.html": lambda: scrutiny_html(sample_scrutiny()),
    "report/scrutiny.md": lambda: scrutiny_markdown(sample_scrutiny()),
}
REPORT_DIR = Path(templates.__file__).parent / "report"


def test_every_report_template_has_a_sample() -> None:
    """Each top-level report template is rendered below (partials start with _)."""
    found = sorted(
        f"report/{p.name.removesuffix('.j2')}"
        for p in REPORT_DIR.glob("*.j2")
        if not p.name.startswith("_")
    )
    assert found == sorted(RENDERERS)


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_report_template_renders(name: str) -> None:
    """Every report template renders a full sample view-model without an undefined name."""
    text = RENDERERS[name]()
    assert len(text) > 1000 and "4.2" in text and "K1" in text


@pytest.mark.parametrize("name", [n for n in RENDERERS if n.endswith(".html")])
def test_html_prints_user_text_as_text(name: str) -> None:
    """A note containing <script> is printed as text, never run."""
    html = RENDERERS[name]()
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


@pytest.mark.parametrize("name", [n for n in RENDERERS if n.endswith(".md")])
def test_markdown_escapes_user_text(name: str) -> None:
    """User text cannot break a Markdown table, add a link or emphasis, or smuggle in HTML."""
    text = RENDERERS[name]()
    assert "<script" not in text and "[link](" not in text and " *bold* " not in text
    assert r"\| \*bold\* \[link\]" in text


def test_html_pack_without_a_meeting() -> None:
    """With no meeting, the pack says so instead of naming one."""
    html = board_html(sample_pack(meeting=False))
    assert "No board meeting is scheduled" in html


def test_missing_field_is_an_error() -> None:
    """A report template given a view without a field it uses fails loudly."""
    with pytest.raises(UndefinedError, match="has no attribute 'title'"):
        templates.render("report/board.md", {"pack": {}}, "markdown")


def test_themes_in_focus_leave_out_empty_columns() -> None:
    """A theme whose actions have no note and no evidence gets no such columns (and no
    "none"s): the action's title has the room."""
    bare = dataclasses.replace(ITEM, title="Clear the backlog", note="", evidence=[])
    pack = dataclasses.replace(
        sample_pack(), focus=[FocusTheme("4", "Care", "Tom", COUNTS, [bare])]
    )
    html = board_html(pack).split('<section id="themes-in-focus">', 1)[1].split("</section>")[0]
    assert "<th>Action and success measure</th><th>Owner</th><th>RAG and due</th></tr>" in html
    assert "Latest note" not in html and "Evidence" not in html and "none" not in html
    md = board_markdown(pack).split("## Themes in focus", 1)[1].split("## Key", 1)[0]
    assert "| Ref | Action | Owner | RAG | Due |\n" in md and "Evidence" not in md
