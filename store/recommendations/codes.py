"""Reading the findings a source names: "Ofsted recommendation 3", "Rec 3", "R3", "AFI 2",
"areas for priority action 1 and 2", "DfE notice item 4" …

Each kind of finding has a prefix, so codes read the same however they were written:

    REC  an Ofsted recommendation ("what needs to improve")
    AFI  an area for improvement (a focused visit, a monitoring visit)
    APA  an area for priority action
    DFE  an item of a DfE improvement notice or direction

A source naming no number ("DfE improvement notice", "Ofsted monitoring visit") names no
finding: it is the whole document, so it is never linked by guesswork.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.errors import UserError

KINDS = {
    "REC": "Ofsted recommendation",
    "AFI": "Ofsted area for improvement",
    "APA": "Ofsted area for priority action",
    "DFE": "DfE improvement notice item",
}
SOURCES = {"REC": "Ofsted", "AFI": "Ofsted", "APA": "Ofsted", "DFE": "DfE improvement notice"}
_KIND_WORDS = (
    (r"areas?\s+for\s+priority\s+action|priority\s+actions?|apas?", "APA"),
    (r"areas?\s+for\s+improvement|afis?", "AFI"),
    (
        r"(?:dfe\s+)?(?:improvement\s+)?(?:notice|direction)(?:\s+(?:items?|paras?|paragraphs?))?",
        "DFE",
    ),
    (r"recommendations?|recs?\.?|r(?=\s?\d)", "REC"),
)
_NUMBERS = r"(\d{1,2}(?:\s*(?:,|&|and|\+)\s*\d{1,2})*)"
_REFERENCE = re.compile(
    r"\b(?:"
    + "|".join(f"(?P<k{n}>{words})" for n, (words, _) in enumerate(_KIND_WORDS))
    + rf")\s*(?:no\.?\s*|number\s*|#\s*)?-?\s*{_NUMBERS}(?!\s*[./]\d)(?![\d%])",
    re.I,
)
_CODE = re.compile(r"^([A-Z]{1,6})-?(\d{1,3})([A-Z]?)$")
_CUSTOM = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,23}$")


class CodeError(UserError):
    pass


@dataclass(frozen=True)
class Named:
    """A finding a piece of text names: its code, and the text after the reference."""

    code: str
    rest: str


def references(text: str | None) -> list[Named]:
    """Every finding `text` names, in order: 'Ofsted recommendations 2 and 4: Improve…' gives
    REC2 and REC4, each with the words after the reference."""
    if not text:
        return []
    found: list[Named] = []
    for m in _REFERENCE.finditer(text):
        prefix = next(_KIND_WORDS[n][1] for n in range(len(_KIND_WORDS)) if m[f"k{n}"])
        rest = text[m.end() :].strip().lstrip(":.-–— ").strip()
        for number in re.findall(r"\d{1,2}", m[len(_KIND_WORDS) + 1]):
            found.append(Named(f"{prefix}{int(number)}", rest))
    return list({n.code: n for n in found}.values())


def read_code(text: str) -> str:
    """A code as a plan lead types it: 'REC3', 'rec 3', 'Recommendation 3', 'AFI-2', or the
    plan's own (FV-2): letters, digits and hyphens, starting with a letter."""
    word = " ".join(text.strip().split())
    named = references(word)
    if len(named) == 1 and not named[0].rest:
        return named[0].code
    if word.isdigit() and len(word) <= 2:
        return f"REC{int(word)}"
    if _CUSTOM.fullmatch(word):
        return word.upper()
    raise CodeError(
        f"'{word}' is not a recommendation code. Type one such as REC3 (an Ofsted "
        "recommendation), AFI2 (an area for improvement), APA1 or DFE4 (a DfE notice item)."
    )


def sort_key(code: str) -> str:
    """REC2 before REC10: the letters, then the number padded."""
    m = _CODE.match(code.upper())
    if not m:
        return code.upper()
    return f"{m[1]}{int(m[2]):04d}{m[3]}"


def names_code(text: str, code: str) -> bool:
    """True when `text` holds `code` as a word of its own (a plan's own codes, such as FV-2)."""
    pattern = re.escape(code).replace(r"\-", "[-\\s]?")
    return re.search(rf"(?<![A-Za-z0-9]){pattern}(?![A-Za-z0-9])", text, re.I) is not None
