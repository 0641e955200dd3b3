"""Reading theme cells: "1. Leadership and management", "Theme 2: Practice" or a plain name.

A plain name takes its number from the ref when refs are hierarchical (4.2 is in theme 4),
else from a theme of that name already in the plan, else the next free number in the order
names first appear. A blank cell means the theme of the row above: councils merge the theme
cells of a block of actions, and a merged cell reads as blank below its first row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from store.spreadsheet import CellError

_NUMBERED = re.compile(
    r"(?:(?:theme|priority|workstream|ambition)\s*)?(\d{1,4}(?:\.\d{1,4}){0,2})\.?"
    r"(?:\s*[:).\-–—]\s*|\s+|$)(.*)",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class ThemeRef:
    number: str
    name: str


def parse_theme(text: str) -> ThemeRef | None:
    """The number and name of a numbered theme cell, or None for a plain name."""
    m = _NUMBERED.fullmatch(text.strip())
    return ThemeRef(m[1], " ".join(m[2].split())) if m else None


class ThemeReader:
    """Gives each row's theme a number, checking one number is not given two names."""

    def __init__(self, existing: Mapping[str, str], *, hierarchical: bool) -> None:
        self.hierarchical = hierarchical
        self.by_name = {_key(name): number for number, name in existing.items() if name}
        self.numbers = set(existing)
        self.named: dict[str, tuple[str, int]] = {}  # number -> (name, row) as the file has it
        self.current: ThemeRef | None = None

    def heading(self, text: str) -> None:
        """A row holding only a section title: a numbered one sets the theme of rows below."""
        found = parse_theme(text)
        if found is not None:
            self.current = self._remember(found, None)

    def read(self, text: str, ref: str, row: int) -> ThemeRef | None:
        text = " ".join(text.split())
        if not text:
            return self.current
        found = parse_theme(text)
        if found is None:
            number = self._number_for(text, ref)
            if number is None:
                return None  # the ref is wrong, and that is reported on its own
            found = ThemeRef(number, text)
        if len(found.name) > 300:
            raise CellError("The theme name is longer than 300 characters. Shorten it.")
        self.current = self._remember(found, row)
        return self.current

    def _number_for(self, name: str, ref: str) -> str | None:
        if self.hierarchical:
            return ref.split(".")[0] if ref else None
        known = self.by_name.get(_key(name))
        if known is not None:
            return known
        tops = [int(n.split(".")[0]) for n in self.numbers if n.split(".")[0].isdigit()]
        return str(max(tops, default=0) + 1)

    def _remember(self, theme: ThemeRef, row: int | None) -> ThemeRef:
        first = self.named.get(theme.number)
        if first is None:
            if theme.name:
                self.named[theme.number] = (theme.name, row or 0)
        elif theme.name and _key(theme.name) != _key(first[0]):
            where = f" on row {first[1]}" if first[1] else ""
            raise CellError(
                f"Theme {theme.number} is called '{first[0]}'{where}. "
                f"Use one name for theme {theme.number} on every row."
            )
        self.numbers.add(theme.number)
        if theme.name:
            self.by_name.setdefault(_key(theme.name), theme.number)
        return theme


def _key(name: str) -> str:
    return " ".join(name.casefold().split())
