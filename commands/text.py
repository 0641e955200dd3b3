"""Normalising what people type and reading it word by word."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

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
