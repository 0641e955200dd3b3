"""RAG status from a cell's fill colour, for trackers that show RAG only as colour.

A fill is resolved to an RGB colour (theme colours with their tint, indexed palette colours),
then matched to the nearest of many reference colours by distance in CIELAB (ΔE76), so the
usual Excel reds, ambers (oranges and yellows too), greens, blues and greys read whatever
exact shade a council picked. A colour far from every reference, or about as near to two
different statuses, is not guessed: the importer names the cell and asks for the status in
words. White reads as no colour.
"""

from __future__ import annotations

import colorsys
import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from openpyxl.styles.colors import COLOR_INDEX
from openpyxl.xml.functions import fromstring

from store.domain import Status

WHITE = "white"
OTHER = "other"  # purples and magentas: near enough to blue or red to be misread otherwise
REFERENCES: dict[str, tuple[str, ...]] = {
    Status.RED.value: (
        "FF0000", "C00000", "CC0000", "FF7C80", "FFC7CE", "E6B8B7", "F8696B", "DA9694",
        "FF5050", "E06666", "EA9999", "F4CCCC", "C0504D", "FF6666",
    ),
    Status.AMBER.value: (
        "FFC000", "FFBF00", "FFA500", "FF9900", "F79646", "ED7D31", "F4B084", "FCD5B4",
        "F6B26B", "FFFF00", "FFD966", "FFE699", "FFEB9C", "FFCC00", "FFD700", "FFFF99",
        "FFF2CC", "FCE5CD",
    ),
    Status.GREEN.value: (
        "00B050", "92D050", "00FF00", "008000", "70AD47", "9BBB59", "A9D08E", "C6EFCE",
        "C6E0B4", "C4D79B", "D8E4BC", "E2EFDA", "63BE7B", "93C47D", "B6D7A8", "38761D",
        "D9EAD3",
    ),
    Status.COMPLETE.value: (
        "0070C0", "00B0F0", "0000FF", "002060", "1F4E79", "4472C4", "4F81BD", "5B9BD5",
        "8EA9DB", "8DB4E2", "9BC2E6", "B4C6E7", "BDD7EE", "C5D9F1", "DDEBF7", "6FA8DC",
        "9FC5E8", "CFE2F3", "3366FF", "4A86E8", "C9DAF8",
    ),
    Status.NOT_STARTED.value: (
        "D9D9D9", "BFBFBF", "C0C0C0", "A6A6A6", "969696", "808080", "7F7F7F", "D0CECE",
        "AEAAAA", "CCCCCC", "B7B7B7", "999999",
    ),
    WHITE: ("FFFFFF", "FDFDFD"),
    OTHER: (
        "7030A0", "8064A2", "B1A0C7", "CCC0DA", "9900FF", "B4A7D6", "D9D2E9", "800080",
        "FF00FF", "993366", "660066", "CC99FF", "000000",
    ),
}  # fmt: skip
MAX_DISTANCE = 28.0  # ΔE to the nearest reference; further is a colour with no RAG meaning
MARGIN = 6.0  # the nearest other status must be this much further, or the colour is ambiguous
# Theme colour index -> position in the theme's colour scheme (Excel swaps dark and light).
_THEME_ORDER = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4",
                "accent5", "accent6", "hlink", "folHlink")  # fmt: skip
_DRAWINGML = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@dataclass(frozen=True)
class Fill:
    """A cell's fill: its RGB colour ("RRGGBB"), or None with `what` it is when no single
    colour can be worked out (a gradient, a theme colour the workbook does not define)."""

    rgb: str | None
    what: str

    @classmethod
    def of(cls, rgb: str) -> Fill:
        return cls(rgb.upper(), f"#{rgb.upper()}")


@dataclass(frozen=True)
class Match:
    """What a colour reads as: a status value, WHITE, or None (with why, for the message)."""

    status: str | None
    why: str = ""


@cache
def match(fill: Fill) -> Match:
    if fill.rgb is None:
        return Match(None, f"it is {fill.what}")
    ranked = sorted((_distance(fill.rgb, ref), status) for status, ref in _references())
    best, status = ranked[0]
    if best > MAX_DISTANCE or status == OTHER:
        return Match(None, f"{fill.what} is not a red, amber, green, blue or grey")
    rival = next(d for d, other in ranked if other != status)
    if rival - best < MARGIN:
        other = next(o for d, o in ranked if o != status)
        return Match(None, f"{fill.what} is between {_name(status)} and {_name(other)}")
    return Match(status)


def _name(status: str) -> str:
    names = {Status.COMPLETE.value: "blue", Status.NOT_STARTED.value: "grey", OTHER: "purple"}
    return names.get(status, status)


@cache
def _references() -> tuple[tuple[str, str], ...]:
    return tuple((status, ref) for status, refs in REFERENCES.items() for ref in refs)


@cache
def _distance(rgb: str, other: str) -> float:
    return math.dist(_lab(rgb), _lab(other))


@cache
def _lab(rgb: str) -> tuple[float, float, float]:
    """sRGB hex -> CIELAB (D65), where distance follows how different colours look."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(rgb[i : i + 2], 16) / 255) for i in (0, 2, 4))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


class FillReader:
    """Resolves the fills of one workbook's cells, each distinct fill once."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.by_id: dict[int, Fill | None] = {}
        self._theme: list[str] | None = None

    def fill_of(self, cell: Any) -> Fill | None:
        """The fill of a read-only cell, or None when it has none (or a pattern of nothing)."""
        if not getattr(cell, "has_style", False):
            return None
        fill_id = cell.style_array.fillId
        if fill_id not in self.by_id:
            self.by_id[fill_id] = self._resolve(cell.fill)
        return self.by_id[fill_id]

    def _resolve(self, fill: Any) -> Fill | None:
        if getattr(fill, "tagname", "") == "gradientFill":
            return Fill(None, "a gradient fill")
        pattern = getattr(fill, "patternType", None)
        if pattern is None or pattern == "none":
            return None
        # Solid fills show fgColor; other patterns mix it with bgColor, and fgColor dominates.
        return self._colour(fill.fgColor)

    def _colour(self, colour: Any) -> Fill:
        kind = getattr(colour, "type", None)
        if kind == "rgb" and isinstance(colour.rgb, str) and len(colour.rgb) >= 6:
            return Fill.of(colour.rgb[-6:])
        if kind == "indexed":
            # A workbook may define its own palette (old .xls files); openpyxl keeps it there.
            palette = getattr(self.book, "_colors", None) or COLOR_INDEX
            if 0 <= colour.indexed < len(palette):
                return Fill.of(palette[colour.indexed][-6:])
            return Fill(None, f"system colour {colour.indexed}")
        if kind == "theme":
            theme = self._theme_colours()
            if 0 <= colour.theme < len(theme) and theme[colour.theme]:
                return Fill.of(_tinted(theme[colour.theme], colour.tint or 0.0))
            return Fill(None, f"theme colour {colour.theme}")
        return Fill(None, "an automatic colour")

    def _theme_colours(self) -> list[str]:
        if self._theme is None:
            self._theme = _theme_colours(getattr(self.book, "loaded_theme", None))
        return self._theme


def _theme_colours(xml: bytes | None) -> list[str]:
    """The twelve theme colours in the order cells index them, from the workbook's theme."""
    if not xml:
        return []
    root = fromstring(xml)
    scheme = root.find(f"{_DRAWINGML}themeElements/{_DRAWINGML}clrScheme")
    if scheme is None:
        return []
    found: dict[str, str] = {}
    for entry in scheme:
        name = entry.tag.removeprefix(_DRAWINGML)
        for colour in entry:
            value = colour.get("lastClr") or colour.get("val") or ""
            if len(value) == 6:
                found[name] = value
    return [found.get(name, "") for name in _THEME_ORDER]


def _tinted(rgb: str, tint: float) -> str:
    """Excel's tint: lighten (tint > 0) or darken (tint < 0) the colour's luminance."""
    if not tint:
        return rgb
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, saturation = colorsys.rgb_to_hls(r, g, b)
    light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
    r, g, b = colorsys.hls_to_rgb(hue, min(max(light, 0.0), 1.0), saturation)
    return "".join(f"{round(c * 255):02X}" for c in (r, g, b))
