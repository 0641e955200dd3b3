"""Normalising what people type and reading it word by word."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from commands.errors import UsageError

# Phones and Word turn quotes curly and hyphens into dashes; commands should not care.
_REPLACEMENTS = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


# C0 and C1 control characters except tab and newline: NUL among them, which PostgreSQL
# refuses in text, and escapes a terminal or a spreadsheet could act on.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_COMMAND = 4000  # Slack's own limit for a slash command's text
MAX_FIELD = 3000  # a note, title, reason or piece of evidence


def clean(text: str) -> str:
    """What people type, safe to store: line endings made \\n, control characters removed."""
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def check_length(text: str, what: str, limit: int = MAX_FIELD) -> None:
    if len(text) > limit:
        raise UsageError(
            f"{what} is {len(text):,} characters long; the most I take is {limit:,}. "
            "Shorten it, or put the detail in a document and add it as evidence (a link)."
        )


def normalise(text: str) -> str:
    return text.translate(_REPLACEMENTS).strip()


def nearest(word: str, choices: Iterable[str], n: int = 2) -> list[str]:
    return difflib.get_close_matches(word, list(choices), n=n, cutoff=0.6)


def did_you_mean(options: list[str]) -> str:
    if not options:
        return ""
    return f" Did you mean {' or '.join(options)}?"


def one_of(words: list[str]) -> str:
    """'red, amber or green'."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"
