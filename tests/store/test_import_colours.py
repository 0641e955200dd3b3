"""RAG from fill colour: nearest reference colour by how colours look, never a guess."""

from __future__ import annotations

import pytest

from store.sheets.colours import WHITE, Fill, _tinted, match


@pytest.mark.parametrize(
    ("rgb", "status"),
    [
        ("FF0000", "red"),
        ("C00000", "red"),  # Excel's dark red
        ("FFC7CE", "red"),  # the "Bad" cell style
        ("F8696B", "red"),  # conditional formatting's red
        ("FFC000", "amber"),  # Excel's "Orange"
        ("FFFF00", "amber"),  # yellow, as many councils show amber
        ("FFEB9C", "amber"),  # the "Neutral" cell style
        ("F4B183", "amber"),  # an orange tint
        ("00B050", "green"),
        ("92D050", "green"),
        ("C6EFCE", "green"),  # the "Good" cell style
        ("0070C0", "complete"),  # blue: BRAG's complete
        ("BDD7EE", "complete"),
        ("D9D9D9", "not_started"),
        ("A6A6A6", "not_started"),
        ("FFFFFF", WHITE),
    ],
)
def test_usual_excel_colours_read_as_their_status(rgb: str, status: str) -> None:
    """Reds, ambers (oranges and yellows too), greens, blues and greys read as their status."""
    assert match(Fill.of(rgb)).status == status


@pytest.mark.parametrize(
    ("rgb", "why"),
    [
        ("7030A0", "#7030A0 is not a red, amber, green, blue or grey"),  # purple
        ("000000", "#000000 is not a red, amber, green, blue or grey"),
        ("FF6600", "#FF6600 is between amber and red"),
        ("EFEFEF", "#EFEFEF is between white and grey"),
    ],
)
def test_colours_with_no_clear_status_are_not_guessed(rgb: str, why: str) -> None:
    """A colour far from every RAG colour, or about as near two of them, gives no status."""
    assert match(Fill.of(rgb)).status is None
    assert match(Fill.of(rgb)).why == why


def test_tints_lighten_and_darken_like_excel() -> None:
    """A theme colour's tint moves its lightness: +0.6 lightens, -0.25 darkens."""
    assert _tinted("70AD47", 0.6) == "C5E0B4"
    assert _tinted("4472C4", -0.25) == "2F5597"
