"""Jinja2 templates and the one place their output is escaped.

Each surface has its own environment. For Slack every interpolated value passes through
`finalize`, which escapes &, < and > so a note containing <!channel> or <@U123> can never
ping anyone or disguise a link; text the bot builds itself (a mention, bold) is marked Safe
by the filter that made it and left alone. For Teams the same hook applies bot/teams/text.py's
escape, so <at>…</at>, Markdown links and HTML in a note show as typed and do nothing. HTML
reports use Jinja's autoescape instead.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from templates import links
from templates.teams_text import escape as escape_teams

HERE = Path(__file__).parent
SURFACES = ("slack", "teams", "console", "html", "markdown")


class Safe(str):
    """Text the bot built and escaped itself: finalize leaves it alone."""

    __slots__ = ()


def escape_mrkdwn(text: str) -> str:
    # Only these three, in this order; Slack shows HTML entities for quotes literally.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_markdown(text: str) -> str:
    out = escape_mrkdwn(text)
    for char in "\\`*_[]#|":
        out = out.replace(char, "\\" + char)
    return out


_ESCAPE: dict[str, Callable[[str], str]] = {
    "slack": escape_mrkdwn,
    "teams": escape_teams,
    "console": str,
    "markdown": escape_markdown,
}
_BOLD = {"slack": "*{}*", "teams": "**{}**", "console": "{}", "markdown": "**{}**"}
# Teams cards have no code spans (and a backslash escape inside one would show): a usage
# line stands out in bold instead.
_CODE = {"slack": "`{}`", "teams": "**{}**", "console": "{}", "markdown": "`{}`"}
_DOTS = {
    "slack": {
        "red": ":red_circle:",
        "amber": ":large_orange_circle:",
        "green": ":large_green_circle:",
        "complete": ":large_blue_circle:",
        "not_started": ":white_circle:",
    },
    "unicode": {
        "red": "\U0001f534",
        "amber": "\U0001f7e0",
        "green": "\U0001f7e2",
        "complete": "\U0001f535",
        "not_started": "\u26aa",
    },
}


# Characters that reorder or hide text (bidi overrides and isolates, zero-width marks): a
# note could use them to disguise a link or a file name. Nothing the bot shows keeps them.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# A line break inside one value could fake a line of the bot's own ("• Status: …").
_BREAKS = re.compile("[ \t]*(?:\r\n|[\r\n\u2028\u2029\x85])+[ \t]*")


def _text(value: Any) -> str:
    return "" if value is None else _INVISIBLE.sub("", str(value))


def one_line(value: Any) -> str:
    """A value as chat shows it: on one line, line breaks shown as ' / '."""
    return _BREAKS.sub(" / ", _text(value))


@cache
def environment(surface: str) -> Environment:
    if surface not in SURFACES:
        raise ValueError(f"unknown surface {surface!r}")
    if surface == "html":
        env = Environment(
            loader=FileSystemLoader(HERE),
            undefined=StrictUndefined,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=lambda value: value if hasattr(value, "__html__") else _text(value),
        )
        env.filters["link_parts"] = links.parts  # evidence: text and <a href> runs
        env.globals["surface"] = surface
        return env
    escape = _ESCAPE[surface]

    def finalize(value: Any) -> str:
        if isinstance(value, Safe):
            return value
        return escape(one_line(value))

    def wrap(pattern: str) -> Any:
        return lambda value: Safe(pattern.format(escape(one_line(value))))

    dots = _DOTS["slack" if surface == "slack" else "unicode"]
    env = Environment(
        loader=FileSystemLoader(HERE),
        undefined=StrictUndefined,
        autoescape=False,  # noqa: S701 - chat text: finalize escapes it for its surface
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        finalize=finalize,
    )
    env.filters["b"] = wrap(_BOLD[surface])
    env.filters["code"] = wrap(_CODE[surface])
    env.filters["dot"] = lambda status: Safe(dots.get(_text(status), ""))
    env.filters["linked"] = lambda text: Safe(  # evidence with its addresses as links
        links.markdown(_text(text), escape) if surface == "markdown" else escape(_text(text))
    )
    # Not Jinja's capitalize, which lowercases the rest; and on the whole value, so escaping
    # sees it whole ("<" + "at>" escaped apart would make a tag again).
    env.filters["first_upper"] = lambda value: _text(value)[:1].upper() + _text(value)[1:]
    env.filters["plural"] = lambda n, word, many=None: (
        f"{n} {word if n == 1 else many or word + 's'}"
    )
    env.globals["surface"] = surface
    return env


def context_of(view: Any) -> dict[str, Any]:
    """A view-model's fields as template variables (dataclass or mapping)."""
    if dataclasses.is_dataclass(view) and not isinstance(view, type):
        return {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}
    if isinstance(view, dict):
        return dict(view)
    raise TypeError(f"templates render dataclasses or dicts, not {type(view).__name__}")


def render(template: str, view: Any, surface: str) -> str:
    """Render `template` (e.g. 'chat/changed') for a surface; trailing space trimmed."""
    name = template if template.endswith(".j2") else f"{template}.j2"
    return environment(surface).get_template(name).render(context_of(view)).strip()
