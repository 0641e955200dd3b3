"""Escaping for Teams: anything a person typed made inert in a card or a message.

What Teams renders (sources in docs/teams.md):
- Adaptive Card TextBlock and Fact title/value: a Markdown subset: **bold**, _italic_ or
  *italic*, bullet lists ("- ", "* ", "+ "), numbered lists ("1. "), [links](url), and the
  {{DATE(...)}} / {{TIME(...)}} functions. No HTML. Desktop and web follow CommonMark; the
  mobile apps use Adaptive Cards' own parser, which honours a backslash only before
  * _ [ ] and ), and shows it before anything else.
- Message text (textFormat "markdown", the default): Markdown with headings, ~~strike~~,
  `code`, > quotes and ![images](url), a subset of HTML, and <at>name</at>, which becomes a
  live mention when a mention entity names it.

So escape() uses the backslash only where every parser honours it (* _ [ ]; also \\ and `,
which mobile cards show with their backslash) and elsewhere breaks the syntax with characters
that look like nothing: a word joiner after "<" and "&" (no tag, mention, autolink or entity),
between "~~" and "{{", after the first "-" or "=" of a rule, underline or table line ("---",
"===", "|---|"), and before a line-start ">" (no quote); a no-break space after a line-start
list or heading marker. Ordinary text is untouched: apostrophes, quotes, "4.2", "A & B";
"snake_case" is shown as typed.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
NO_BREAK_SPACE = "\u00a0"

_BACKSLASHED = re.compile(r"([\\*_\[\]`])")
_TAG_OR_AUTOLINK = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_DOUBLED = re.compile(r"([~{])(?=\1)")
_LINE_MARKER = re.compile(r"^([ \t]*(?:[-+]|#{1,6}|\d{1,9}[.)]))[ \t]", re.MULTILINE)
_QUOTE = re.compile(r"^([ \t]*)>", re.MULTILINE)
_RULE_LINE = re.compile(r"^([ \t]*)([-=])(?=(?:[ \t]*\2)*[ \t]*$)", re.MULTILINE)
_TABLE_RULE = re.compile(r"^[ \t|:-]*-[ \t|:-]*$", re.MULTILINE)


def escape(text: str) -> str:
    """User text made inert for a card TextBlock, a Fact, or message text: it reads as typed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _BACKSLASHED.sub(r"\\\1", text)
    text = _TAG_OR_AUTOLINK.sub("<" + WORD_JOINER, text)
    text = _ENTITY.sub("&" + WORD_JOINER, text)
    text = _DOUBLED.sub(r"\1" + WORD_JOINER, text)
    text = _RULE_LINE.sub(r"\1\2" + WORD_JOINER, text)
    text = _TABLE_RULE.sub(_break_table_rule, text)
    text = _QUOTE.sub(r"\1" + WORD_JOINER + ">", text)
    return _LINE_MARKER.sub(r"\1" + NO_BREAK_SPACE, text)


def _break_table_rule(line: re.Match[str]) -> str:
    """A line like |---|---| under a header row makes a table: a word joiner unmakes it."""
    text = line.group(0)
    if "|" not in text:
        return text
    dash = text.index("-") + 1
    return text[:dash] + WORD_JOINER + text[dash:]
