"""Risk matrices: how a plan names likelihood and impact, scores a rating and bands the score.

A rating is two levels, likelihood and impact, each counted from 1 (the least) up; it is kept
as "4x3" whatever the plan calls it. The matrix gives the levels their names and words:

    5x5      likelihood 1-5 x impact 1-5, typed 4x3; scores 1-25 (the default)
    4x4      likelihood 1-4 x impact 1-4, typed 3x2; scores 1-16
    medway   likelihood A (very high) to E (very low) x impact 1 (catastrophic) to 4 (minor),
             typed B2, as Medway and others write it; scores 1-20
    letters  likelihood A (rare) to E (almost certain) x impact 1 (low) to 5 (disaster),
             typed C3; scores 1-25

The score is likelihood level x impact level; bands turn it into red, amber or green (by
default 15-25 red, 8-12 amber, 1-6 green on a 5 x 5 matrix). A plan keeps its choice in
Plan.settings["risk"], e.g. {"matrix": "medway", "bands": {"red": 12, "amber": 6}}.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from store.errors import UserError


class RatingError(UserError):
    """A rating, matrix or band that cannot be used; the message says what to type."""


@dataclass(frozen=True, order=True)
class Rating:
    likelihood: int
    impact: int

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def key(self) -> str:
        """How it is stored, whatever the matrix calls it: '4x3'."""
        return f"{self.likelihood}x{self.impact}"

    @classmethod
    def from_key(cls, key: str | None) -> Rating | None:
        if not key:
            return None
        likelihood, _, impact = key.partition("x")
        return cls(int(likelihood), int(impact))


@dataclass(frozen=True)
class Scale:
    names: tuple[str, ...]  # as typed, for level 1 (the least) upwards
    words: tuple[str, ...]  # what each level means, level 1 upwards

    @property
    def size(self) -> int:
        return len(self.names)

    def name(self, level: int) -> str:
        return self.names[level - 1]

    def word(self, level: int) -> str:
        return self.words[level - 1]

    def level(self, name: str) -> int | None:
        found = [n for n, typed in enumerate(self.names, 1) if typed.lower() == name.lower()]
        return found[0] if found else None

    def listing(self) -> str:
        """'1 Rare … 5 Almost certain', or 'A Very high … E Very low' for a falling scale."""
        order = range(1, self.size + 1)
        if self.names[0] > self.names[-1]:  # A, B … named from the top: list A first
            order = range(self.size, 0, -1)
        return ", ".join(f"{self.name(n)} {self.word(n).lower()}" for n in order)


@dataclass(frozen=True)
class Bands:
    red: int  # scores from here up are red
    amber: int  # from here up to red are amber; below, green

    def band(self, score: int) -> str:
        return "red" if score >= self.red else "amber" if score >= self.amber else "green"

    def text(self, scores: tuple[int, ...]) -> str:
        """'15–25 red, 8–12 amber, 1–6 green': each band from its least to its greatest score
        the matrix can give."""
        parts = []
        for band, low, high in (
            ("red", self.red, max(scores)),
            ("amber", self.amber, self.red - 1),
            ("green", 1, self.amber - 1),
        ):
            inside = [s for s in scores if low <= s <= high]
            if len(inside) > 1:
                parts.append(f"{inside[0]}–{inside[-1]} {band}")
            elif inside:
                parts.append(f"{inside[0]} {band}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Matrix:
    key: str
    title: str
    likelihood: Scale
    impact: Scale
    letters: bool  # typed as a likelihood letter and an impact number: B2
    bands: Bands  # the default bands

    @property
    def top(self) -> int:
        return self.likelihood.size * self.impact.size

    @property
    def scores(self) -> tuple[int, ...]:
        """Every score a rating can have, least first."""
        sizes = range(1, self.likelihood.size + 1), range(1, self.impact.size + 1)
        return tuple(sorted({a * b for a in sizes[0] for b in sizes[1]}))

    @property
    def example(self) -> str:
        return self.name(Rating(min(4, self.likelihood.size), 3))

    @property
    def form(self) -> str:
        """How a rating is typed on this matrix, in words."""
        if self.letters:
            return (
                f"a likelihood letter and an impact number, such as {self.example} "
                f"(likelihood {self.likelihood.listing()}; impact {self.impact.listing()})"
            )
        return (
            f"likelihood x impact, such as {self.example} (likelihood {self.likelihood.listing()}; "
            f"impact {self.impact.listing()})"
        )

    def name(self, rating: Rating) -> str:
        """How the plan writes a rating: '4x3' or 'B2'."""
        likelihood = self.likelihood.name(rating.likelihood)
        impact = self.impact.name(rating.impact)
        return f"{likelihood}{impact}" if self.letters else f"{likelihood}x{impact}"

    def fits(self, rating: Rating) -> bool:
        return 1 <= rating.likelihood <= self.likelihood.size and (
            1 <= rating.impact <= self.impact.size
        )

    def parse(self, text: str) -> Rating:
        """A rating as people type it on this matrix: '4x3', '4 x 3', '4×3', '4*3', or 'B2'."""
        word = " ".join(text.strip().split())
        if self.letters:
            m = _LETTER_FORM.fullmatch(word)
            found = (self.likelihood.level(m[1]), self.impact.level(m[2])) if m else (None, None)
        else:
            m = _NUMBER_FORM.fullmatch(word)
            found = (self.likelihood.level(m[1]), self.impact.level(m[2])) if m else (None, None)
        likelihood, impact = found
        if likelihood is None or impact is None:
            shown = f"'{word}' is not a rating" if word else "The rating is missing"
            raise RatingError(f"{shown}. On this plan's matrix, type {self.form}.")
        return Rating(likelihood, impact)


_NUMBER_FORM = re.compile(r"(\d{1,2}) ?[x×*] ?(\d{1,2})", re.I)
_LETTER_FORM = re.compile(r"([a-z]) ?(\d{1,2})", re.I)

_FIVE_LIKELIHOOD = ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")
_FIVE_IMPACT = ("Negligible", "Minor", "Moderate", "Major", "Catastrophic")

MATRICES: dict[str, Matrix] = {
    "5x5": Matrix(
        "5x5",
        "5 × 5: likelihood 1–5 × impact 1–5",
        Scale(("1", "2", "3", "4", "5"), _FIVE_LIKELIHOOD),
        Scale(("1", "2", "3", "4", "5"), _FIVE_IMPACT),
        letters=False,
        bands=Bands(red=15, amber=8),
    ),
    "4x4": Matrix(
        "4x4",
        "4 × 4: likelihood 1–4 × impact 1–4",
        Scale(("1", "2", "3", "4"), ("Unlikely", "Possible", "Likely", "Very likely")),
        Scale(("1", "2", "3", "4"), ("Minor", "Moderate", "Major", "Critical")),
        letters=False,
        bands=Bands(red=9, amber=4),
    ),
    "medway": Matrix(
        "medway",
        "letters A–E × 1–4: likelihood A (very high) to E, impact 1 (catastrophic) to 4",
        Scale(("E", "D", "C", "B", "A"), ("Very low", "Low", "Significant", "High", "Very high")),
        Scale(("4", "3", "2", "1"), ("Minor", "Moderate", "Major", "Catastrophic")),
        letters=True,
        bands=Bands(red=12, amber=6),
    ),
    "letters": Matrix(
        "letters",
        "letters A–E × 1–5: likelihood A (rare) to E, impact 1 (low) to 5",
        Scale(("A", "B", "C", "D", "E"), _FIVE_LIKELIHOOD),
        Scale(("1", "2", "3", "4", "5"), ("Low", "Minor", "Moderate", "Major", "Disaster")),
        letters=True,
        bands=Bands(red=15, amber=8),
    ),
}
DEFAULT_MATRIX = "5x5"
MATRIX_WORDS = "5x5, 4x4, medway (A–E × 1–4) or letters (A–E × 1–5)"


@dataclass(frozen=True)
class RiskRules:
    """A plan's matrix and bands."""

    matrix: Matrix
    bands: Bands

    @classmethod
    def for_plan(cls, settings: Mapping[str, Any] | None) -> RiskRules:
        """The plan's stored choice over the defaults; anything unreadable is ignored, so a
        hand-edited setting never stops the register from showing."""
        section = (settings or {}).get("risk")
        section = section if isinstance(section, Mapping) else {}
        matrix = MATRICES.get(str(section.get("matrix", DEFAULT_MATRIX)), MATRICES[DEFAULT_MATRIX])
        bands = matrix.bands
        stored = section.get("bands")
        if isinstance(stored, Mapping):
            red, amber = stored.get("red"), stored.get("amber")
            if isinstance(red, int) and isinstance(amber, int) and 1 < amber < red <= matrix.top:
                bands = Bands(red=red, amber=amber)
        return cls(matrix, bands)

    def band(self, rating: Rating | None) -> str | None:
        return self.bands.band(rating.score) if rating is not None else None

    def name(self, key: str | None, empty: str = "not rated") -> str:
        rating = Rating.from_key(key)
        return self.matrix.name(rating) if rating is not None else empty

    def describe(self, key: str | None) -> str:
        """'4x4 (16, red)': the rating as the plan writes it, its score and band."""
        rating = Rating.from_key(key)
        if rating is None:
            return "not rated"
        return f"{self.matrix.name(rating)} ({rating.score}, {self.bands.band(rating.score)})"

    @property
    def bands_text(self) -> str:
        return self.bands.text(self.matrix.scores)


def read_matrix(word: str) -> Matrix:
    key = word.strip().lower().replace("×", "x").replace(" ", "")
    key = {"5": "5x5", "4": "4x4", "medway-style": "medway", "a-e": "medway"}.get(key, key)
    if key not in MATRICES:
        raise RatingError(f"'{word.strip()}' is not a risk matrix. Use {MATRIX_WORDS}.")
    return MATRICES[key]


def check_bands(matrix: Matrix, red: int, amber: int) -> Bands:
    if not 1 < amber < red <= matrix.top:
        raise RatingError(
            f"Bands need 1 < amber < red ≤ {matrix.top} on a {matrix.title} matrix: such as "
            f"red {matrix.bands.red} amber {matrix.bands.amber}."
        )
    return Bands(red=red, amber=amber)
