"""Reading people from plan files: action owners, theme leads and the plan's leads.

A person cell holds a name (often a job title), "Name <email>", or an email; an email column
beside it gives the email. Theme leads are one per theme and plan leads may be several, so
the rows are gathered here and checked against each other before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.people import is_email, normalise_email
from store.spreadsheet import CellError

_NAMED_EMAIL = re.compile(r"(.*?)\s*<([^<>]*)>")
_SEVERAL = re.compile(r"[;\n]")  # commas stay: "Head of Service, Children in Need" is one


@dataclass(frozen=True)
class OwnerRef:
    """A person as the file names them; both blank means nobody."""

    name: str
    email: str | None

    @property
    def label(self) -> str:
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email or ""


def read_person(text: str) -> OwnerRef:
    """'Jane Smith <jane.smith@council.gov.uk>', 'jane.smith@council.gov.uk' or a name."""
    name, email = text.strip(), None
    named = _NAMED_EMAIL.fullmatch(name)
    if named:
        name, email = named[1], named[2]
    elif "@" in name and " " not in name:
        name, email = "", name
    if email is not None and not is_email(email):
        raise CellError(bad_email(email))
    if len(name) > 200:
        raise CellError("The name is longer than 200 characters. Type just the name.")
    return OwnerRef(name, normalise_email(email))


def read_email(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    if not is_email(text):
        raise CellError(bad_email(text))
    return normalise_email(text)


def several(text: str) -> list[str]:
    """The people in a cell that may list several, one per line or separated by ;."""
    return [part.strip() for part in _SEVERAL.split(text) if part.strip()]


def bad_email(text: str) -> str:
    return (
        f"'{text}' is not an email address. Type it in full, such as "
        "jane.smith@council.gov.uk, or leave the cell empty."
    )


def may_be_one(a: OwnerRef, b: OwnerRef) -> bool:
    """Whether two mentions can be one person: no two different emails or names."""
    if a.email and b.email and a.email != b.email:
        return False
    return not (a.name and b.name and _key(a.name) != _key(b.name))


def is_one(a: OwnerRef, b: OwnerRef) -> bool:
    """Whether two mentions are surely one person: the same email, or the same name and no
    two different emails."""
    if a.email and a.email == b.email:
        return True
    return bool(a.name and b.name) and may_be_one(a, b)


def merged(a: OwnerRef, b: OwnerRef) -> OwnerRef:
    """One mention filled in from another of the same person."""
    return OwnerRef(a.name or b.name, a.email or b.email)


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


class Leads:
    """Theme leads (one per theme) and plan leads, gathered from every row of a file."""

    def __init__(self) -> None:
        self.themes: dict[str, tuple[OwnerRef, int]] = {}  # theme number -> (lead, first row)
        self.plan: list[OwnerRef] = []

    def theme_lead(self, number: str, lead: OwnerRef, row: int) -> None:
        first = self.themes.get(number)
        if first is None:
            self.themes[number] = (lead, row)
        elif may_be_one(first[0], lead):
            self.themes[number] = (merged(first[0], lead), first[1])
        else:
            raise CellError(
                f"Theme {number}'s lead is {first[0].label} on row {first[1]}. "
                f"Give theme {number} one lead, on every row or on its first row only."
            )

    def plan_lead(self, lead: OwnerRef) -> None:
        for at, known in enumerate(self.plan):
            if is_one(known, lead):
                self.plan[at] = merged(known, lead)
                return
        self.plan.append(lead)
