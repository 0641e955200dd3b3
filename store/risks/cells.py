"""Reading single cells of a risk register file: codes, likelihood and impact, ratings and
scores, status, mitigating action refs.

Each reader returns a typed value or raises CellError saying what to type instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from store.domain import is_ref, ref_key
from store.risks import read_code as risk_code
from store.risks.matrix import Matrix, Rating, RatingError, Scale
from store.risks.reviews import ReviewError, read_every
from store.spreadsheet import CellError, CellValue, cell_text, trim_ref

STATUS_WORDS = {
    "open": ("open", "active", "live", "current", "treat", "treating", "reduce", "new"),
    "tolerated": ("tolerated", "tolerate", "accepted", "accept", "tolerating"),
    "closed": ("closed", "close", "retired", "archived", "removed", "terminated", "terminate"),
}
_LEADING = re.compile(r"^\s*([A-Za-z]|\d{1,2})\b\s*(?:[-–:.)]\s*)?(.*)$")
_REFS_ONLY = re.compile(r"^(?:actions?\s+)?[\d.\s,;&]+(?:and[\d.\s,;&]+)*$", re.I)
_DOTTED = re.compile(r"(?<![\d.])\d{1,4}(?:\.\d{1,4}){1,4}(?![\d.])")


def _text(value: CellValue) -> str:
    return " ".join(cell_text(value).split())


def read_code(value: CellValue) -> str | None:
    text = _text(value)
    if not text:
        return None
    code = risk_code(text)
    if code is None:
        raise CellError(f"'{text}' is not a risk code. Type R and a number, such as R3.")
    return code


def read_level(value: CellValue, scale: Scale, what: str) -> int | None:
    """'4', 'B', 'Likely', or '4 - Likely': a level of the plan's scale; blank is None."""
    text = _text(value)
    if not text:
        return None
    for level, word in enumerate(scale.words, 1):
        if text.lower() == word.lower():
            return level
    # "4", "B", or "4 - Likely (60-80%)": the level first, the council's own words after it.
    m = _LEADING.match(text)
    found = scale.level(m[1]) if m else None
    if found is None:
        raise CellError(f"'{text}' is not a {what} on this plan's matrix. Use {scale.listing()}.")
    return found


def read_rating(value: CellValue, matrix: Matrix) -> Rating | int | None:
    """A rating as the plan writes it ('4x3', 'B2', '4x3 (12)'), or a score alone (12) for a
    Risk Rating column that holds the score; blank is None."""
    text = _text(value)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    first = re.split(r"\s*[(–:,]|\s+-\s+", text, maxsplit=1)[0]
    try:
        return matrix.parse(first)
    except RatingError as error:
        raise CellError(error.message) from None


def read_score(value: CellValue) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not text.isdigit():
        raise CellError(f"'{text}' is not a score. Type a whole number, such as 12.")
    return int(text)


def read_status(value: CellValue) -> str:
    text = _text(value).lower()
    if not text:
        return "open"
    for status, words in STATUS_WORDS.items():
        if text in words:
            return status
    raise CellError(f"'{_text(value)}' is not a risk status. Use open, tolerated or closed.")


def read_every_cell(value: CellValue) -> str | None:
    text = _text(value)
    if not text:
        return None
    try:
        return read_every(text)
    except ReviewError as error:
        raise CellError(error.message) from None


def read_mitigation(value: CellValue, known: Sequence[str]) -> tuple[tuple[str, ...], str]:
    """The mitigating actions a cell names, and its words when it is prose rather than refs.

    A cell of refs alone ('4.1, 4.2', 'Actions 4.1 and 4.2') may give whole numbers too; in
    prose only dotted refs (4.2) are read, so '40 social workers' is never action 40. Every
    ref must be an action of the plan."""
    text = cell_text(value).strip()
    if not text:
        return (), ""
    if _REFS_ONLY.match(text):
        words = [trim_ref(w) for w in re.split(r"[\s,;&]+|\band\b", text) if trim_ref(w)]
        words = [w for w in words if w.lower() not in ("action", "actions")]
        prose = ""
    else:
        words, prose = _DOTTED.findall(text), text
    by_key = {ref_key(r): r for r in known}
    found = []
    for word in words:
        if not is_ref(word) or ref_key(word) not in by_key:
            raise CellError(
                f"There is no action {word} in the plan. Give the refs of the actions that "
                "mitigate the risk, such as 4.1, 4.2."
            )
        found.append(by_key[ref_key(word)])
    return tuple(dict.fromkeys(found)), prose
