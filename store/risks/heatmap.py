"""The heat map: risks placed on the plan's matrix by rating, as a plain view-model that chat
(text), the board pack (SVG, coloured cells, a table) and the scrutiny report all draw.

Rows run from the most likely at the top to the least; columns from the least impact on the
left to the greatest, so the worst corner is top right, as councils draw it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from store.risks import number_of
from store.risks.matrix import Rating, RiskRules


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    score: int
    band: str  # red, amber or green
    codes: list[str]


@dataclass(frozen=True)
class HeatRow:
    name: str  # the likelihood as the plan writes it: "4" or "B"
    word: str  # "Likely"
    cells: list[HeatCell]  # impact from the least


@dataclass(frozen=True)
class HeatMap:
    matrix: str  # the matrix's title
    rows: list[HeatRow]  # likelihood from the most
    impacts: list[tuple[str, str]]  # (name, word), from the least impact
    bands: str  # "15–25 red, 8–12 amber, 1–6 green"
    unrated: list[str]  # codes of risks with no current rating

    @property
    def placed(self) -> int:
        return sum(len(c.codes) for r in self.rows for c in r.cells)

    def count(self, band: str) -> int:
        return sum(len(c.codes) for r in self.rows for c in r.cells if c.band == band)


def heat_map(rules: RiskRules, ratings: Iterable[tuple[str, str | None]]) -> HeatMap:
    """The map of (code, rating key) pairs, such as ("R1", "4x4"): every rating the matrix
    cannot hold (from before a change of matrix) is listed as unrated, never dropped."""
    matrix = rules.matrix
    where: dict[tuple[int, int], list[str]] = {}
    unrated = []
    for code, key in sorted(ratings, key=lambda pair: number_of(pair[0])):
        rating = Rating.from_key(key)
        if rating is None or not matrix.fits(rating):
            unrated.append(code)
            continue
        where.setdefault((rating.likelihood, rating.impact), []).append(code)
    rows = []
    for likelihood in range(matrix.likelihood.size, 0, -1):
        cells = []
        for impact in range(1, matrix.impact.size + 1):
            score = likelihood * impact
            codes = where.get((likelihood, impact), [])
            cells.append(HeatCell(likelihood, impact, score, rules.bands.band(score), codes))
        rows.append(
            HeatRow(matrix.likelihood.name(likelihood), matrix.likelihood.word(likelihood), cells)
        )
    impacts = [
        (matrix.impact.name(level), matrix.impact.word(level))
        for level in range(1, matrix.impact.size + 1)
    ]
    return HeatMap(matrix.title, rows, impacts, rules.bands_text, unrated)


def text_grid(heat: HeatMap, width: int = 9) -> list[str]:
    """The map as lines of fixed-width text, for chat: codes in each cell, or a count when
    they do not fit, · for none."""
    label = max(len(f"{r.name} {r.word}") for r in heat.rows)
    head = "Likelihood \\ Impact".ljust(label + 2)
    lines = [head + "".join(name.center(width) for name, _ in heat.impacts)]
    for row in heat.rows:
        cells = []
        for cell in row.cells:
            shown = " ".join(cell.codes)
            if len(shown) > width - 1:
                shown = f"{len(cell.codes)} risks"
            cells.append((shown or "·").center(width))
        lines.append(f"{row.name} {row.word}".ljust(label + 2) + "".join(cells))
    return lines
