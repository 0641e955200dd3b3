"""Evidence addresses as links: only http(s), trimmed of prose, and safe in every surface."""

from __future__ import annotations

import pytest

from templates import escape_markdown
from templates.links import Part, first_url, markdown, parts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EV-QA-011 Audit report", [Part("EV-QA-011 Audit report")]),
        ("https://x.gov.uk/a", [Part("https://x.gov.uk/a", "https://x.gov.uk/a")]),
        (
            "See https://x.gov.uk/a.pdf.",
            [Part("See "), Part("https://x.gov.uk/a.pdf", "https://x.gov.uk/a.pdf"), Part(".")],
        ),
        (
            "(https://x.gov.uk/a_(b))",
            [
                Part("("),
                Part("https://x.gov.uk/a_(b)", "https://x.gov.uk/a_%28b%29"),
                Part(")"),
            ],
        ),
        ("javascript:alert(1)", [Part("javascript:alert(1)")]),
        ("file:///etc/passwd https://", [Part("file:///etc/passwd https://")]),
        (
            'https://x.gov.uk/a"><b>',
            [Part('https://x.gov.uk/a"><b>', "https://x.gov.uk/a%22%3E%3Cb%3E")],
        ),
        (
            "http://x.gov.uk/a%20b%zz",
            [Part("http://x.gov.uk/a%20b%zz", "http://x.gov.uk/a%20b%25zz")],
        ),
    ],
)
def test_parts(text: str, expected: list[Part]) -> None:
    """Each address becomes a link to a percent-encoded URL; the rest stays text."""
    assert parts(text) == expected


def test_markdown_link_cannot_break_out() -> None:
    """A pipe, bracket or parenthesis in an address cannot end the link or the table cell."""
    text = markdown("https://x.gov.uk/a|b](c)d [x]", escape_markdown)
    assert text == r"[https://x.gov.uk/a\|b\](c)d](https://x.gov.uk/a%7Cb%5D%28c%29d) \[x\]"


def test_first_url_for_a_spreadsheet_cell() -> None:
    """A cell holds one hyperlink: the first http(s) address among the items."""
    assert first_url(["EV-1", "javascript:x", "see https://x.gov.uk/a and https://y"]) == (
        "https://x.gov.uk/a"
    )
    assert first_url(["EV-1"]) is None
