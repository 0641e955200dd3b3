"""Escaping user text for Teams, and reading what someone said to the bot in a channel."""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from bot.teams.text import Mention, escape, mentions, strip_bot_mention

# CommonMark plus the extras Teams message text renders (strikethrough, tables).
MARKDOWN = MarkdownIt("commonmark").enable(["strikethrough", "table"])

HOSTILE = [
    "<at>Everyone</at> please approve",
    "[click here](http://evil.example/steal)",
    "![logo](http://evil.example/pixel.png)",
    "<https://evil.example>",
    "**Approved by the Director**",
    "_urgent_ and *very* urgent",
    "<b>bold</b> <script>alert(1)</script> <img src=x>",
    "&amp; &lt;at&gt;Everyone&lt;/at&gt; &#42;",
    "- first\n- second\n+ third\n* fourth",
    "1. one\n2) two",
    "# Heading\n### Smaller",
    "> quoted\n>also quoted",
    "~~struck out~~",
    "`code` and ```fence```",
    "Title\n===\nOther\n---",
    "- - -",
    "{{DATE(2026-11-16T10:00:00Z, SHORT)}}",
    "[ref]: http://evil.example\n[ref]",
    "a\\*b\\* and \\<at>x</at>",
    "| a | b |\n|---|---|\n| 1 | 2 |",
]

ORDINARY = [
    "Backlog cleared, 4.2 done",
    "O'Brien's team said \"fine\" – £3,000 (50%) by 05/01/2027",
    "Fish & chips; A&E waits; R&D",
    "Targets: 3 < 4 and 5 > 2",
    "Call 0161 123 4567 - ask for Sam",
    "see https://council.gov.uk/plan?id=4#x",
    "Ref 4.2.1 and 10. Done.",
]


def _rendered(markdown: str) -> tuple[set[str], str]:
    """The HTML tags a CommonMark renderer makes of this text, and the text a reader sees."""
    out = MARKDOWN.render(markdown)
    tags = set(re.findall(r"<(/?[a-z0-9]+)", out)) - {"p", "/p", "br"}
    seen = html.unescape(re.sub(r"<[^>]+>", "", out)).replace("\u2060", "").replace("\u00a0", " ")
    return tags, seen.strip()


@pytest.mark.parametrize("note", HOSTILE)
def test_hostile_note_renders_as_plain_text(note: str) -> None:
    """A note full of markup shows exactly as typed: no link, bold, list, heading or HTML."""
    tags, seen = _rendered(escape(note))
    assert tags == set()
    assert seen == note


@pytest.mark.parametrize("note", HOSTILE)
def test_no_mention_can_be_smuggled(note: str) -> None:
    """Teams turns <at>…</at> into a mention by matching its text; escaped notes never contain it."""
    assert "<at" not in escape(note).lower()


@pytest.mark.parametrize("note", ORDINARY)
def test_ordinary_text_is_left_alone(note: str) -> None:
    """Apostrophes, ampersands, quotes, dates and "4.2" go out exactly as typed."""
    assert escape(note) == note
    assert _rendered(escape(note)) == (set(), note)


def test_underscores_in_words_read_naturally() -> None:
    """snake_case and file names lose nothing: the escapes are ones every Teams client hides."""
    assert _rendered(escape("see budget_2026_final.xlsx")) == (set(), "see budget_2026_final.xlsx")


@pytest.mark.parametrize("note", [*HOSTILE, *ORDINARY])
def test_backslashes_only_where_mobile_cards_hide_them(note: str) -> None:
    """Teams mobile shows a backslash before anything but * _ [ ] ), so escape uses no other,
    except before a backslash or backtick the person typed themselves."""
    escaped = escape(note)
    for match in re.finditer(r"\\(.)", escaped, re.DOTALL):
        assert match.group(1) in "*_[]\\`", (note, escaped)


def test_windows_line_ends_become_plain_newlines() -> None:
    """A note pasted from Windows keeps its lines and carries no stray carriage returns."""
    assert escape("one\r\ntwo\rthree") == "one\ntwo\nthree"


BOT = {"id": "28:00000000-0000-0000-0000-0000000000b0", "name": "improvebot"}


def _mention(account: dict[str, str], text: str | None = None) -> dict[str, object]:
    return {"type": "mention", "mentioned": account, "text": text or f"<at>{account['name']}</at>"}


def test_channel_command_loses_the_bot_mention() -> None:
    """A channel message "@improvebot action update 4.2 green" reads as the command alone."""
    said = strip_bot_mention(
        "<at>improvebot</at> action update 4.2 green\n", [_mention(BOT)], BOT["id"]
    )
    assert said == "action update 4.2 green"


def test_other_mentions_stay_as_names() -> None:
    """Someone else @mentioned in the command is kept as their plain name, and listed."""
    ann = {"id": "29:ann", "name": "Ann Smith", "aadObjectId": "aad-ann"}
    entities = [_mention(BOT), _mention(ann), {"type": "clientInfo", "locale": "en-GB"}]
    text = "<at>improvebot</at>&nbsp;action assign 4.2 to <at>Ann Smith</at>"
    assert strip_bot_mention(text, entities, BOT["id"]) == "action assign 4.2 to Ann Smith"
    assert mentions(entities, BOT["id"]) == [Mention("29:ann", "Ann Smith")]


def test_bot_mention_anywhere_and_by_bare_app_id() -> None:
    """The bot's mention is removed wherever it is, whichever way its id is written."""
    app_id = BOT["id"].removeprefix("28:")
    said = strip_bot_mention("please <at>improvebot</at>   show   4.2", [_mention(BOT)], app_id)
    assert said == "please show 4.2"


def test_personal_chat_text_is_unchanged() -> None:
    """In a 1:1 chat there is no mention: the text is only trimmed."""
    assert strip_bot_mention("  action show 4.2 ", None, BOT["id"]) == "action show 4.2"
    assert strip_bot_mention(None, [], BOT["id"]) == ""
