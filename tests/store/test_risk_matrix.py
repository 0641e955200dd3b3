"""Risk matrices, ratings, bands and review frequencies."""

from __future__ import annotations

from datetime import date

import pytest

from store.models import Risk
from store.risks import read_code, review_due, worst_first
from store.risks.matrix import MATRICES, Rating, RatingError, RiskRules, read_matrix
from store.risks.reviews import ReviewError, after, every_text, read_every


@pytest.mark.parametrize(
    ("matrix", "typed", "levels", "shown"),
    [
        ("5x5", "4x3", (4, 3), "4x3"),
        ("5x5", "4 × 3", (4, 3), "4x3"),
        ("5x5", "4*3", (4, 3), "4x3"),
        ("4x4", "3x2", (3, 2), "3x2"),
        ("medway", "B2", (4, 3), "B2"),  # A is the most likely, 1 the worst impact
        ("medway", "e4", (1, 1), "E4"),
        ("letters", "C3", (3, 3), "C3"),  # A is the least likely, 1 the least impact
        ("letters", "E5", (5, 5), "E5"),
    ],
)
def test_ratings_read_and_written_on_each_matrix(
    matrix: str, typed: str, levels: tuple[int, int], shown: str
) -> None:
    """Each matrix reads its own form into levels and writes the levels back in that form."""
    rating = MATRICES[matrix].parse(typed)
    assert (rating.likelihood, rating.impact) == levels
    assert MATRICES[matrix].name(rating) == shown


@pytest.mark.parametrize(
    ("matrix", "typed"),
    [("5x5", "6x1"), ("5x5", "B2"), ("4x4", "5x4"), ("medway", "4x3"), ("medway", "F1"),
     ("medway", "A5"), ("letters", "C6"), ("5x5", "")],
)  # fmt: skip
def test_ratings_off_the_matrix_are_refused_with_its_form(matrix: str, typed: str) -> None:
    """A rating the matrix cannot hold says how this plan's matrix is typed."""
    with pytest.raises(RatingError, match="On this plan's matrix, type"):
        MATRICES[matrix].parse(typed)


def test_default_bands_match_the_councils_example() -> None:
    """On a 5 x 5 matrix: 15-25 red, 8-12 amber, 1-6 green."""
    rules = RiskRules.for_plan({})
    assert rules.bands_text == "15–25 red, 8–12 amber, 1–6 green"
    assert [rules.band(Rating(*r)) for r in ((5, 3), (3, 4), (2, 3), (1, 1))] == [
        "red", "amber", "green", "green",
    ]  # fmt: skip
    assert RiskRules.for_plan({"risk": {"matrix": "4x4"}}).bands_text == (
        "9–16 red, 4–8 amber, 1–3 green"
    )
    assert rules.describe("4x4") == "4x4 (16, red)"


def test_stored_settings_that_do_not_fit_are_ignored() -> None:
    """Bands outside the matrix, or a matrix nobody knows, fall back to the defaults."""
    odd = RiskRules.for_plan({"risk": {"matrix": "9x9", "bands": {"red": 40, "amber": 3}}})
    assert (odd.matrix.key, odd.bands.red) == ("5x5", 15)
    assert RiskRules.for_plan({"risk": "medway"}).matrix.key == "5x5"
    assert read_matrix("Medway").key == "medway" and read_matrix("4 × 4").key == "4x4"
    with pytest.raises(RatingError, match="is not a risk matrix"):
        read_matrix("3x3")


@pytest.mark.parametrize(
    ("typed", "every", "shown", "next_after_31_jan"),
    [
        ("monthly", "1m", "monthly", date(2027, 2, 28)),  # a calendar month, not 30 days
        ("quarterly", "3m", "quarterly", date(2027, 4, 30)),
        ("every 6 weeks", "6w", "every 6 weeks", date(2027, 3, 14)),
        ("6-weekly", "6w", "every 6 weeks", date(2027, 3, 14)),
        ("every other month", "2m", "every 2 months", date(2027, 3, 31)),
        ("fortnightly", "2w", "fortnightly", date(2027, 2, 14)),
    ],
)
def test_review_frequencies(typed: str, every: str, shown: str, next_after_31_jan: date) -> None:
    """How often, in councils' words, and the review after one on 31 January."""
    assert read_every(typed) == every
    assert every_text(every) == shown
    assert after(date(2027, 1, 31), every) == next_after_31_jan


def test_unreadable_frequency_says_what_to_type() -> None:
    with pytest.raises(ReviewError, match="such as monthly, quarterly, every 6 weeks"):
        read_every("whenever")


def test_codes_and_order() -> None:
    """R7, r7 and 7 are R7; risks sort by score, worst first, then by code; review due when
    its date has come and it is not closed."""
    assert [read_code(w) for w in ("R7", "r7", "7", "R", "X7")] == ["R7", "R7", "R7", None, None]
    risks = [
        Risk(code="R1", number=1, current="2x2", status="open", review_date=date(2027, 1, 1)),
        Risk(code="R2", number=2, current="5x4", status="open", review_date=date(2027, 2, 1)),
        Risk(code="R3", number=3, current=None, status="open", review_date=None),
        Risk(code="R4", number=4, current="4x5", status="closed", review_date=date(2027, 1, 1)),
    ]
    assert [r.code for r in worst_first(risks)] == ["R2", "R4", "R1", "R3"]
    today = date(2027, 1, 18)
    assert [r.code for r in risks if review_due(r, today)] == ["R1"]
