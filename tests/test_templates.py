"""Templates: every chat template renders, and user text can never ping or disguise a link."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import templates
from commands.boards.views import (
    AgendaView,
    BoardListView,
    MeetingLine,
    MoveLine,
    NextView,
    ThemeBlock,
)
from commands.help import HelpEntry, HelpView
from commands.kpis import KpiCard, KpiLine, KpiListView, KpiRecorded
from commands.plans.people import PeopleChanged
from commands.plans.people_view import PeopleView, PersonRow
from commands.plans.view import SettingRow, SettingsSection, SettingsView
from commands.risks.views import RiskCard, RiskChanged, RiskLine, RiskListView
from commands.views import (
    ActionCard,
    ActionLine,
    Changed,
    ErrorView,
    FieldChange,
    HistoryEntry,
    HistoryView,
    ListView,
    Notice,
)
from store.reports.coverage import Coverage, CoverageLine, CoveredAction
from store.reports.views import RagCounts, StatusLabel

# Slack's mentions and links, then Teams': an <at> mention, a Markdown link, HTML.
HOSTILE = (
    "<!channel> <!here> <@U123ABC> <https://evil.example|Click me> & more "
    "<at>Everyone</at> [click here](http://evil.example/x) <b>bold</b> <img src=x>"
)

LINE = ActionLine("4.2", HOSTILE, "red", "red", "Tue 31 Mar 2026", 3, HOSTILE, HOSTILE)
KPI = KpiLine("K1", HOSTILE, "84%", "Oct 2026", "95%", "80%", "amber", "improving")
RISK = RiskLine("R1", HOSTILE, "red", "4x4 (16, red)", "2x4 (8, amber)", HOSTILE, "open",
                "Mon 18 Jan 2027", True)  # fmt: skip
SAMPLES = {
    "chat/error": ErrorView(HOSTILE, "/action update <ref> <status> [note]"),
    "chat/notice": Notice(HOSTILE),
    "chat/changed": Changed(
        "4.2", HOSTILE, [FieldChange("status", "amber", "green")], HOSTILE, HOSTILE, HOSTILE
    ),
    "chat/announce_change": {
        "who": HOSTILE,
        "change": Changed("4.2", HOSTILE, [FieldChange("note", HOSTILE, HOSTILE)]),
    },
    "chat/action_card": ActionCard(
        LINE,
        HOSTILE,
        HOSTILE,
        HOSTILE,
        HOSTILE,
        HOSTILE,
        HOSTILE,
        HOSTILE,
        "now",
        [HOSTILE],
        [HOSTILE],
    ),
    "chat/action_list": ListView(HOSTILE, [LINE], 2, HOSTILE, HOSTILE),
    "chat/history": HistoryView(
        "4.2",
        HOSTILE,
        [
            HistoryEntry(
                "now", HOSTILE, "slack", [FieldChange("note", HOSTILE, HOSTILE)], HOSTILE, HOSTILE
            )
        ],
    ),
    "chat/help": HelpView(HOSTILE, [HelpEntry(HOSTILE, HOSTILE, (HOSTILE,))], True, HOSTILE),
    "chat/kpi_recorded": KpiRecorded("K1", HOSTILE, "84%", "Oct 2026", "82%", "amber", "improving"),
    "chat/kpi_card": KpiCard(
        KPI, "higher is better", "78%", "10%", [("Sep 2026", "82%")], [HOSTILE]
    ),
    "chat/kpi_list": KpiListView(HOSTILE, [KPI]),
    "chat/board_next": NextView(HOSTILE, HOSTILE, "Thu 3 Dec 2026 at 10:00", "in 17 days",
                                [HOSTILE], "Thu 19 Nov 2026", "Thu 26 Nov 2026", HOSTILE),
    "chat/board_list": BoardListView(
        HOSTILE, HOSTILE, [MeetingLine("Thu 3 Dec 2026 at 10:00", HOSTILE, HOSTILE, HOSTILE)],
        [HOSTILE],
    ),
    "chat/board_agenda": AgendaView(
        HOSTILE, HOSTILE, [ThemeBlock(HOSTILE, HOSTILE, [LINE])], [LINE], [LINE],
        [MoveLine("4.2", HOSTILE, "Tue 31 Mar 2026", "Wed 30 Jun 2026", HOSTILE, HOSTILE, "now")],
        HOSTILE, HOSTILE,
    ),
    "chat/away": {"until": HOSTILE, "delegate": HOSTILE},
    "chat/snoozed": {"ref": "4.2", "until": HOSTILE},
    "chat/pack_coming": {"fmt": "PDF", "meeting": HOSTILE, "past": True},
    "chat/evidence_added": {"ref": "4.2", "count": 2, "open": True, "text": HOSTILE},
    "chat/action_added": {"ref": "4.2", "title": HOSTILE, "theme": "4", "owner": HOSTILE,
                          "due": HOSTILE},
    "chat/no_board": {"plan": HOSTILE},
    "chat/board_changed": {"change": "cancelled", "when": HOSTILE, "following": HOSTILE,
                           "updates": HOSTILE, "papers": HOSTILE},
    "chat/setting_changed": {"echo": HOSTILE, "plan": HOSTILE},
    "chat/people": PeopleView(
        HOSTILE, [PersonRow(HOSTILE, HOSTILE, HOSTILE, HOSTILE, [HOSTILE], HOSTILE, HOSTILE)],
        HOSTILE,
    ),
    "chat/people_changed": PeopleChanged(HOSTILE, [HOSTILE]),
    "chat/plan_settings": SettingsView(
        HOSTILE, [SettingsSection(HOSTILE, [SettingRow(HOSTILE, HOSTILE, True)])], HOSTILE
    ),
    "chat/risk_added": {"code": "R1", "title": HOSTILE, "owner": HOSTILE, "rating": HOSTILE,
                        "review": HOSTILE},
    "chat/risk_changed": RiskChanged("R1", HOSTILE, [FieldChange("rating", HOSTILE, HOSTILE)],
                                     HOSTILE, HOSTILE, HOSTILE),
    "chat/risk_card": RiskCard(RISK, HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE,
                               "monthly", HOSTILE, HOSTILE, [HOSTILE], HOSTILE),
    "chat/risk_list": RiskListView(HOSTILE, [HOSTILE], HOSTILE, HOSTILE, [RISK], HOSTILE,
                                   [HOSTILE]),
    "chat/finding_added": {"code": "REC1", "source": HOSTILE, "text": HOSTILE,
                           "linked": [HOSTILE]},
    "chat/coverage": Coverage(HOSTILE, HOSTILE, [StatusLabel("red", HOSTILE)], [
        CoverageLine("REC1", HOSTILE, HOSTILE, RagCounts(red=1), [
            CoveredAction("4.2", HOSTILE, "red", HOSTILE, HOSTILE, 3)], "no open action"),
    ]),
}  # fmt: skip

CHAT_TEMPLATES = sorted(
    str(p.relative_to(Path(templates.__file__).parent)).removesuffix(".j2")
    for p in (Path(templates.__file__).parent / "chat").glob("*.j2")
)


def test_every_chat_template_has_a_sample() -> None:
    """A new template cannot slip past the rendering and escaping checks below."""
    assert sorted(SAMPLES) == CHAT_TEMPLATES


@pytest.mark.parametrize("name", CHAT_TEMPLATES)
def test_slack_rendering_escapes_user_text(name: str) -> None:
    """In Slack text, no user-supplied string can mention anyone or form a link."""
    text = templates.render(name, SAMPLES[name], "slack")
    assert text
    for raw in ("<!channel>", "<!here>", "<@U123ABC>", "<https://"):
        assert raw not in text
    assert "&lt;!channel&gt;" in text
    assert "&amp;quot;" not in text and "&#39;" not in text  # quotes are not HTML-escaped


@pytest.mark.parametrize("name", CHAT_TEMPLATES)
def test_console_rendering_shows_text_as_typed(name: str) -> None:
    """The console shows user text exactly as typed."""
    assert HOSTILE in templates.render(name, SAMPLES[name], "console")


# How a Teams card's TextBlock reads Markdown (each line of a reply is one TextBlock).
TEAMS_MARKDOWN = MarkdownIt("commonmark").enable(["strikethrough", "table"])


@pytest.mark.parametrize("name", CHAT_TEMPLATES)
def test_teams_rendering_makes_user_text_inert(name: str) -> None:
    """In Teams, no user-supplied string becomes a mention, a link or HTML, and it reads as typed."""
    text = templates.render(name, SAMPLES[name], "teams")
    assert text
    assert "<at" not in text.lower()
    source = (Path(templates.__file__).parent / f"{name}.j2").read_text()
    # Tags the bot writes itself ("<date>" in a usage line) show as text in a TextBlock.
    allowed = {"p", "/p", "strong", "/strong", "br", *re.findall(r"<(/?[a-z0-9]+)", source)}
    seen = []
    for line in text.splitlines():
        out = TEAMS_MARKDOWN.render(line.strip())  # a TextBlock per line, indent dropped
        tags = set(re.findall(r"<(/?[a-z0-9]+)", out)) - allowed
        assert tags == set(), (line, out)
        seen.append(html.unescape(re.sub(r"<[^>]+>", "", out)).replace("\u2060", ""))
    assert HOSTILE.split(" & ")[1] in "\n".join(seen)


def test_bot_formatting_survives_escaping() -> None:
    """Bold and status dots the bot adds are real Slack formatting, not escaped text."""
    text = templates.render("chat/action_list", ListView("Overdue", [LINE]), "slack")
    assert text.startswith("*Overdue*\n:red_circle: *4.2* ")


def test_missing_field_is_an_error() -> None:
    """A template that refers to a field the view lacks fails loudly (StrictUndefined)."""
    with pytest.raises(Exception, match="undefined"):
        templates.render("chat/changed", {"ref": "4.2"}, "slack")
