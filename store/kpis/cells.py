"""Reading single cells of a KPI definition file (or `kpi add` options).

Each reader returns a typed value or raises CellError with a message that says what to type.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence
from datetime import date

from store.domain import is_ref, ref_key
from store.kpis import POLARITIES
from store.people import is_email, normalise_email
from store.spreadsheet import CellError, CellValue, cell_text, trim_ref

_CODE = re.compile(r"[A-Za-z0-9][\w.-]{0,15}")
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?")  # 1,200 or 12,500.5
LARGEST = 1e12  # no count, rate or duration a council measures comes near this
POLARITY_WORDS = {
    "higher": ("higher", "higher is better", "high", "up", "increase", "bigger is better"),
    "lower": ("lower", "lower is better", "low", "down", "decrease", "smaller is better"),
    "target": ("target", "closest to target", "on target", "closer to target", "nearest"),
}
FREQUENCY_WORDS = {
    "monthly": ("monthly", "month", "every month", "m"),
    "quarterly": ("quarterly", "quarter", "every quarter", "q"),
    "annual": ("annual", "annually", "yearly", "year", "every year", "y"),
}
UNIT_WORDS = {"percent": "%", "percentage": "%", "per cent": "%", "%": "%"}


def _words(value: CellValue) -> str:
    return " ".join(cell_text(value).lower().split())


def read_code(value: CellValue) -> str:
    """K1, KPI12, CSC-04: letters and digits with at least one digit, up to 16 characters."""
    text = cell_text(value).strip()
    if not text:
        raise CellError("The KPI code is missing. Type a short code such as K1.")
    if not _CODE.fullmatch(text) or not any(c.isdigit() for c in text):
        raise CellError(
            f"'{text}' is not a KPI code. Type letters and digits, up to 16, such as K1 or CSC-04."
        )
    return text.upper()


def read_number(value: CellValue) -> float | None:
    """95, 95%, 18.5, 1,200 or blank (no value).

    Never misread: a decimal comma (18,5) is refused rather than read as 185, as are nan,
    inf, exponents (1e309) and numbers too big to be a KPI. Nothing a council measures is
    negative (counts, rates, percentages, durations), so negatives are refused too.
    """
    if isinstance(value, date):
        raise CellError(f"{value:%d/%m/%Y} is a date, not a number. Type a number such as 95.")
    written = cell_text(value).strip()
    text = written.removesuffix("%").strip()
    shown = written if len(written) <= 20 else written[:20] + "…"
    if not text:
        return None
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    elif text.count(",") == 1 and _NUMBER.fullmatch(text.replace(",", ".")):
        raise CellError(
            f"'{shown}' has a comma where a decimal point goes. Type {text.replace(',', '.')} "
            "with a point (commas go only between thousands, as in 1,200)."
        )
    if not _NUMBER.fullmatch(text):
        raise CellError(
            f"'{shown}' is not a number. Type a number such as 95, 95% or 18.5, or leave it empty."
        )
    number = float(text)
    if not math.isfinite(number) or abs(number) > LARGEST:
        raise CellError(f"'{shown}' is too big for a KPI value. Type the number it should be.")
    if number < 0:
        raise CellError(
            f"'{shown}' is negative, and no KPI goes below 0 (counts, rates, percentages and "
            "durations). Type 0 or more."
        )
    return number


def check_percentage(number: float, written: CellValue, *, unit: str) -> float:
    """`number`, checked: a KPI value in %, or typed with %, is between 0 and 100."""
    percent = unit == "%" or cell_text(written).strip().endswith("%")
    if percent and number > 100:
        raise CellError(
            f"'{cell_text(written).strip()}' is not a percentage. Type a number from 0 to 100, "
            "such as 95%."
        )
    return number


def read_tolerance(value: CellValue) -> float | None:
    """A share of the target: 10%, 0.1 or 10 all mean a tenth; blank means the plan's own."""
    number = read_number(value)
    if number is None:
        return None
    written = cell_text(value).strip()
    share = number / 100 if written.endswith("%") or number > 1 else number
    if not 0 <= share <= 1:
        raise CellError(
            f"'{written}' is not a tolerance. Type a share of the target between 0% and 100%, "
            "such as 10%, or leave it empty for the plan's tolerance."
        )
    return round(share, 6)


def _choose(value: CellValue, words: dict[str, tuple[str, ...]], what: str, default: str) -> str:
    text = _words(value)
    if not text:
        return default
    for meaning, synonyms in words.items():
        if text in synonyms:
            return meaning
    nearest = difflib.get_close_matches(text, [w for ws in words.values() for w in ws], n=1)
    hint = f" Did you mean '{nearest[0]}'?" if nearest else ""
    raise CellError(
        f"'{cell_text(value).strip()}' is not a {what}.{hint} "
        f"Use {', '.join(words)} (or leave it empty)."
    )


def read_polarity(value: CellValue) -> str:
    """Which way is better: higher, lower or closest to the target (default higher)."""
    return _choose(value, POLARITY_WORDS, "polarity", POLARITIES[0])


def read_frequency(value: CellValue) -> str:
    return _choose(value, FREQUENCY_WORDS, "frequency", "monthly")


def read_unit(value: CellValue) -> str:
    text = cell_text(value).strip()
    if len(text) > 16:
        raise CellError(f"'{text}' is too long for a unit. Type up to 16 characters, such as %.")
    return UNIT_WORDS.get(text.lower(), text)


def read_owner(value: CellValue) -> str | None:
    text = cell_text(value).strip()
    if not text:
        return None
    if not is_email(text):
        raise CellError(
            f"'{text}' is not an email address. Type the owner's email, such as "
            "jane.smith@council.gov.uk, or leave the cell empty."
        )
    return normalise_email(text)


def read_actions(value: CellValue, known: Sequence[str]) -> tuple[str, ...]:
    """Action refs separated by commas, semicolons, spaces or lines; each must be in the plan."""
    text = cell_text(value)
    refs = [trim_ref(part) for part in re.split(r"[,;\s]+", text) if trim_ref(part)]
    by_key = {ref_key(r): r for r in known}
    found: list[str] = []
    for ref in refs:
        if not is_ref(ref):
            raise CellError(f"'{ref}' is not an action ref. Type refs such as 2.1, 3.2.")
        if ref_key(ref) not in by_key:
            near = difflib.get_close_matches(ref, list(known), n=2, cutoff=0.5)
            hint = f" Did you mean {' or '.join(near)}?" if near else ""
            raise CellError(f"There is no action {ref} in the plan.{hint}")
        found.append(by_key[ref_key(ref)])
    return tuple(dict.fromkeys(found))
