"""Finding what identifies a child or family in a note: the detectors, one per kind.

Each detector returns what it found, as typed. They are tuned to pass ordinary plan text
(refs such as 4.2, KPI figures, evidence codes such as EV-QA-011, staff names beside recent
dates, phone numbers) and catch what should live only in the case system:

- nhs: ten digits (3-3-4 or run together) whose last is a valid Modulus 11 check digit;
  not a phone number (one said to be, by "tel", "call", "ext" … just before it);
- dob: a date labelled as a birth date ("DOB", "date of birth", "born"), or a full date at
  least a year and at most 26 years ago right after a personal name ("Jayden Smith
  (12/03/2015)"): a date in the last year beside a name is a meeting, not a birthday;
- case: a case-system reference, by the plan's own patterns (LCS-######) or named as one
  ("Mosaic ID 1234567", "case ref 123456", "Liquidlogic 7654321");
- postcode: a full UK postcode (NS1 4AB), not an outward code alone (NS1);
- pseudonym: "Child A"-style names next to a surname ("Child A Smith", "Jones, Child B").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from store.privacy.words import NOT_NAMES

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for m in names
}
_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
DATE = (
    r"(?:(?P<d1>\d{1,2})[/.-](?P<m1>\d{1,2})[/.-](?P<y1>\d{4}|\d{2})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH_WORDS})\.?,?\s+(?P<y2>\d{{4}}))"
)
_DATE = re.compile(rf"(?<![\d/.-]){DATE}(?![\d/])", re.I)
_LABEL = re.compile(
    r"(?:\bd\.?\s?o\.?\s?b\.?|\bdate\s+of\s+birth|\bborn(?:\s+on)?|\bbirth\s+date|\bbirthday"
    r"|(?<=[a-z])\s+b\.)\s*[:\-]?\s*$",
    re.I,
)
# A personal name: two capitalised words (the last two before the date), each letters with a
# hyphen or apostrophe.
# O'Neil, McDonald and Smith-Jones are one word each.
_WORD = r"[A-Z](?:'[A-Z])?[a-z]+(?:[A-Z][a-z]+)?(?:[-'][A-Z]?[a-z]+)?"
_NAME_BEFORE = re.compile(rf"({_WORD})\s+({_WORD})\s*[,(\-–]?\s*$")

_NHS = re.compile(r"(?<![\w/.-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w/-]|\.\d)")
# Ten digits said to be something else: a phone number, an order, an invoice, an account.
_NOT_NHS = re.compile(
    r"\b(?:tel|telephone|phone|call|ring|ext|extension|mobile|fax|helpline|po|order|invoice|"
    r"inv|ticket|account|acct|a/c|contract|requisition|req|cost\s+centre|budget\s+code)"
    r"\b[.:]?(?:\s+[a-z']+){0,3}?\s*(?:no\.?\s*|number\s*)?(?:on\s+|:\s*)?$",
    re.I,
)
_NHS_LABEL = re.compile(r"\b(?:nhs|chi)\b(?:\s+(?:no|number))?\.?\s*[:#]?\s*$", re.I)
_SYSTEMS = (
    r"mosaic|liquid\s?logic|lcs|eclipse|care\s?first|protocol|azeus|paris|"
    r"case|client|person|child|family|subject"
)
_NAMED_REF = re.compile(
    rf"\b(?:{_SYSTEMS})(?:\s+(?:id|no|number|ref|reference|record))?\.?\s*[:#]?\s*(\d{{5,10}})\b",
    re.I,
)
_POSTCODE = re.compile(
    r"(?<![\w-])([A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]?)\s?(\d)([ABD-HJLNP-UW-Z]{2})(?![\w-])", re.I
)
_ORDINALS = {"st", "nd", "rd", "th"}
# Key stages and school years look like outward codes: "KS2 3RD", "Y10 4TH".
_SCHOOL = re.compile(r"^(?:KS\d|Y\d{1,2})$", re.I)
_PSEUDONYM = r"(?:Child|Young\s+Person|YP|Sibling|Baby|Infant|Unborn|Mother|Father|Parent|Carer)"
_PSEUDONYM_THEN_NAME = re.compile(
    rf"\b({_PSEUDONYM}\s+[A-Z])\s*[,(]?\s*(?:(?:sur|family\s+)name\s+)?({_WORD})\b"
)
_NAME_THEN_PSEUDONYM = re.compile(
    rf"\b({_WORD})\s*(?:family)?\s*[,:\-–(]?\s*({_PSEUDONYM}\s+[A-Z])\b"
)


def nhs_numbers(text: str) -> Iterator[str]:
    for m in _NHS.finditer(text):
        digits = m[1] + m[3] + m[4]
        before = text[max(0, m.start() - 40) : m.start()]
        if _NOT_NHS.search(before) and not _NHS_LABEL.search(before):
            continue
        if valid_nhs(digits):
            yield m[0]


def valid_nhs(digits: str) -> bool:
    """The Modulus 11 check: weights 10 down to 2 on the first nine digits; 11 less the
    remainder is the tenth (11 reads as 0; 10 means no valid number has these nine)."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def birth_dates(text: str, today: date) -> Iterator[str]:
    for m in _DATE.finditer(text):
        day = _date_of(m)
        if day is None:
            continue
        before = text[max(0, m.start() - 60) : m.start()]
        if _LABEL.search(before):
            yield m[0]
            continue
        years_ago = (today - day).days / 365.25
        if not 1 <= years_ago <= 26:
            continue
        named = _NAME_BEFORE.search(before)
        if named and not any(w in NOT_NAMES for w in named.groups() if w):
            start = m.start() - len(before) + named.start()
            end = m.end() + (text[m.end() : m.end() + 1] == ")")
            yield text[start:end]


def _date_of(m: re.Match[str]) -> date | None:
    if m["d1"]:
        day, month, year = int(m["d1"]), int(m["m1"]), m["y1"]
    else:
        day, month, year = int(m["d2"]), _MONTHS[m["m2"].lower()], m["y2"]
    full = int(year) if len(year) == 4 else 2000 + int(year)
    try:
        return date(full, month, day)
    except ValueError:
        return None


def case_references(text: str, patterns: tuple[str, ...]) -> Iterator[str]:
    for pattern in patterns:
        yield from (m[0] for m in compiled(pattern).finditer(text))
    yield from (m[0].strip() for m in _NAMED_REF.finditer(text))


@lru_cache(maxsize=256)
def compiled(pattern: str) -> re.Pattern[str]:
    """A plan's pattern as a regular expression: # a digit, @ a letter, a space or a hyphen
    any separator or none; everything else itself, in any case."""
    parts = []
    for char in pattern:
        if char == "#":
            parts.append(r"\d")
        elif char == "@":
            parts.append("[A-Za-z]")
        elif char in " -/_":
            parts.append(r"[\s/_-]?")
        else:
            parts.append(re.escape(char))
    return re.compile(r"(?<![A-Za-z0-9])" + "".join(parts) + r"(?![A-Za-z0-9])", re.I)


def postcodes(text: str) -> Iterator[str]:
    for m in _POSTCODE.finditer(text):
        if _SCHOOL.match(m[1]):
            continue
        if m[3] in _ORDINALS:  # "in 3rd", "NS2 4th": a lower-case ordinal, not a postcode
            continue
        yield m[0]


def pseudonyms(text: str) -> Iterator[str]:
    for m in _PSEUDONYM_THEN_NAME.finditer(text):
        if m[2] not in NOT_NAMES:
            yield m[0]
    for m in _NAME_THEN_PSEUDONYM.finditer(text):
        if m[1] not in NOT_NAMES:
            yield m[0]
