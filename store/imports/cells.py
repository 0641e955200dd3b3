"""Reading single cells of a plan file: refs, UK dates, RAG words, KPI codes and evidence.

Each reader returns a typed value or raises CellError with a message that says what to type.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from store.dates import HINT, DateError, in_range, parse_date
from store.domain import STATUS_WORDS, Status, is_ref, read_status, status_key, status_vocabulary
from store.sheets.colours import WHITE, Fill, match
from store.spreadsheet import CellError, CellValue, cell_text, trim_ref

FILE_HINT = "Type a UK date, day first: 31/03/2027, 31 Mar 2027, 2027-03-31, Mar-27 or Ongoing."
_NO_DATE = {"", "ongoing", "tbc", "tba", "n/a", "na", "-"}
_DOTTED = re.compile(r"\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})")
_KPI_CODE = re.compile(r"[A-Za-z0-9][\w.-]{0,15}")


@dataclass(frozen=True)
class KpiRef:
    code: str
    name: str


def read_ref(value: CellValue) -> str:
    if isinstance(value, date):
        raise CellError(
            f"Excel has turned this ref into the date {value:%d/%m/%Y}. "
            "Format the Ref column as Text and type the ref again."
        )
    ref = trim_ref(value)
    if not ref:
        raise CellError("The ref is missing. Type the action's number, such as 4.2.")
    if not is_ref(ref):
        raise CellError(
            f"'{ref}' is not an action ref. "
            "Type numbers separated by dots, such as 4, 4.2 or 1.2.3."
        )
    return ref


def read_date(value: CellValue, today: date) -> date | None:
    """A date cell: a real date, a UK date, a month (its last day), or Ongoing/TBC/blank."""
    if isinstance(value, date):
        try:
            return in_range(value, f"{value:%d/%m/%Y}")
        except DateError as exc:
            raise CellError(str(exc)) from None
    text = value.strip()
    if text.lower().rstrip(".") in _NO_DATE:
        return None
    words = text.replace(".", "/") if _DOTTED.fullmatch(text) else text
    try:
        found = parse_date(words, today)
        # A spreadsheet is read again later: a date that depends on the day it is read
        # ("next Friday", "31 Mar" with no year) would change on every import.
        if parse_date(words, today + timedelta(days=183)) != found:
            raise CellError(
                f"'{text}' depends on the day the file is imported. Type the full date, "
                "such as 31/03/2027 or Mar-27."
            )
    except DateError as exc:
        message = str(exc).replace(HINT, FILE_HINT)
        raise CellError(message if message.startswith("'") else f"'{text}': {message}") from None
    return found


def read_status_cell(
    value: CellValue,
    labels: Mapping[str, str],
    fill: Fill | None = None,
    *,
    by_colour: bool = False,
    cell: str = "",
) -> str:
    """A RAG cell: a status word or letter, optionally followed by words ("Green - on track"),
    or, with no text, its fill colour (see status_from_fill); the words win over the colour."""
    text = cell_text(value).strip()
    if not text:
        return status_from_fill(fill, by_colour=by_colour, cell=cell)
    leading = re.split(r"\s+[-–—]\s+|[(:,;]", text)[0].strip()
    for candidate in (text, leading, text.split()[0]):
        status = read_status(candidate, dict(labels))
        if status is not None:
            return status.value
    nearest = difflib.get_close_matches(status_key(text), status_vocabulary(dict(labels)), n=1)
    hint = f" Did you mean '{nearest[0]}'?" if nearest else ""
    raise CellError(f"'{text}' is not a status.{hint} Use {STATUS_WORDS} (or leave it empty).")


def status_from_fill(fill: Fill | None, *, by_colour: bool, cell: str) -> str:
    """The status a blank RAG cell shows by its fill.

    Grey means not started. No colour (or white) means not started only when the file shows
    no status by colour at all (`by_colour` false), as with a CSV or a tracker typed in words;
    in a file coloured elsewhere it is as likely forgotten, so it is refused, as is a colour
    that is not clearly a RAG colour. Refusals name the cell and say what to type.
    """
    found = match(fill) if fill is not None else None
    if found is not None and found.status not in (None, WHITE):
        return str(found.status)
    where = f"cell {cell}" if cell else "the cell"
    if found is not None and found.status is None:
        raise CellError(
            f"There is no status in {where}, and its fill colour does not say one: "
            f"{found.why}. Type the status: {STATUS_WORDS}."
        )
    if by_colour:
        raise CellError(
            f"There is no status in {where}: no text and no fill colour, while other rows show "
            f"their status by colour. Type the status ({STATUS_WORDS}), or fill the cell grey "
            "for not started."
        )
    return Status.NOT_STARTED.value


def read_kpis(text: str) -> tuple[KpiRef, ...]:
    """KPI codes, one per line or separated by ; or commas, each optionally with its name."""
    found: list[KpiRef] = []
    for line in re.split(r"[\n;]", text):
        pieces = [p.strip() for p in line.split(",")]
        # Commas separate codes ("K1, K3") unless they are inside a KPI's name.
        if not all(_is_code(p.split()[0].rstrip(":-")) for p in pieces if p):
            pieces = [line.strip()]
        for piece in filter(None, pieces):
            code, _sep, name = piece.partition(" ")
            code = code.rstrip(":-")
            if not _is_code(code):
                raise CellError(
                    f"'{piece}' does not start with a KPI code. Start each KPI with its code, "
                    "such as K1 or 'K1 Contacts decided within one working day'; "
                    "separate several with commas."
                )
            found.append(KpiRef(code.upper(), name.strip(" :-–—")[:300] or code.upper()))
    return tuple(dict.fromkeys(found))


def _is_code(word: str) -> bool:
    """K1, KPI12, CSC-04: letters and digits with at least one digit."""
    return bool(_KPI_CODE.fullmatch(word)) and any(c.isdigit() for c in word)


def read_evidence(text: str) -> tuple[str, ...]:
    """Evidence items: one per line (codes such as EV-QA-011 or links)."""
    return tuple(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))
