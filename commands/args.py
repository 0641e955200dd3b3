"""Reading a command's arguments word by word: refs, statuses, people, dates, numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from commands.errors import UsageError
from commands.text import did_you_mean, nearest, normalise
from store.dates import parse_date
from store.domain import STATUS_WORDS, Status, is_ref, read_status, status_vocabulary
from store.people import is_email

_PLAN_REF = re.compile(r"^([a-z][a-z0-9-]{0,39}):(.+)$", re.IGNORECASE)
_SLACK_USER = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$")
_SLACK_MAILTO = re.compile(r"^<mailto:([^|>]+)(?:\|[^>]*)?>$")
_HANDLE = re.compile(r"^@([\w.'-]+)$")


@dataclass(frozen=True)
class ActionRef:
    """'4.2', or 'send:4.2' naming the plan by its short name."""

    ref: str
    plan: str | None = None

    def __str__(self) -> str:
        return f"{self.plan}:{self.ref}" if self.plan else self.ref


@dataclass(frozen=True)
class PersonRef:
    """Someone named in a command: a Slack mention, an email, an @handle, or a name in quotes
    ("Dr Shah"), matched by any part of it."""

    kind: Literal["slack", "email", "handle", "name"]
    value: str
    label: str | None = None

    def __str__(self) -> str:
        if self.kind == "slack":
            return f"@{self.label}" if self.label else f"<@{self.value}>"
        if self.kind == "name":
            return f'"{self.value}"'
        return self.value if self.kind == "email" else f"@{self.value}"


# Words people put before a ref: "Action 4.2", "Ref 4.2", "No. 4.2".
REF_WORDS = ("action", "ref", "no", "no.", "number")
# Phones and word processors turn quotes curly; any of these opens or closes a quoted title.
QUOTES = '"\u201c\u201d\u201e'


# Words that are not statuses but say which one was meant.
SUGGESTED = {"closed": "complete", "finished": "complete", "signed off": "complete"}


class Args:
    """The unread part of a command's text, with the context needed to read dates and words.

    The text is kept as typed, so a note or a title keeps its curly quotes and dashes; the
    words read as refs, statuses, dates and keywords are normalised as they are read.
    """

    def __init__(self, text: str, *, today: date, labels: dict[str, str] | None = None) -> None:
        self.text = text.strip()
        self.today = today
        self.labels = labels or {}

    # -- words ------------------------------------------------------------------------------
    def peek(self) -> str | None:
        word, _ = self._split()
        return word

    def take(self) -> str | None:
        word, self.text = self._split()
        return word

    def expect(self, what: str) -> str:
        word = self.take()
        if word is None:
            raise UsageError(f"{what} is missing.")
        return word

    def rest(self) -> str:
        text, self.text = self.text, ""
        return text

    def at_end(self) -> bool:
        return not self.text

    def end(self) -> None:
        if self.text:
            raise UsageError(f"I did not expect '{self.text}' at the end.")

    def until(self, *stops: str) -> str:
        """The words before the first stop word (not consumed), e.g. a date before 'because'."""
        pattern = re.compile(r"\s(?:" + "|".join(map(re.escape, stops)) + r")(?:\s|$)", re.I)
        m = pattern.search(" " + self.text)
        cut = len(self.text) if m is None else max(m.start() - 1, 0)
        found, self.text = self.text[:cut].strip(), self.text[cut:].strip()
        return found

    def _split(self) -> tuple[str | None, str]:
        text = self.text
        if not text:
            return None, ""
        if text[0] in QUOTES:
            end = next((n for n, c in enumerate(text) if n and c in QUOTES), -1)
            if end == -1:
                raise UsageError('A quote is not closed: put a " after the text.')
            return text[1:end], text[end + 1 :].strip()
        parts = text.split(None, 1)
        return normalise(parts[0]), parts[1].strip() if len(parts) > 1 else ""

    # -- typed values -----------------------------------------------------------------------
    def ref(self) -> ActionRef:
        word = self.expect("The action ref (such as 4.2)")
        if word.lower() in REF_WORDS and self.peek() is not None:
            word = self.expect("The action ref (such as 4.2)")
        return read_ref(word)

    def status(self) -> Status:
        """One or two words: 'green', 'G', 'on track', 'not started', or a plan's own label."""
        two = normalise(" ".join(self.text.split()[:2]))
        for candidate in (two, self.peek() or ""):
            found = read_status(candidate, self.labels) if candidate else None
            if found is not None:
                for _ in candidate.split():
                    self.take()
                return found
        word = self.peek()
        if word is None:
            raise UsageError(f"The status is missing. Use {STATUS_WORDS}.")
        meant = SUGGESTED.get(word.lower().rstrip(".,:;!?"))
        hint = did_you_mean(
            [meant] if meant else nearest(word.lower(), status_vocabulary(self.labels), n=1)
        )
        raise UsageError(f"'{word}' is not a status.{hint} Use {STATUS_WORDS}.")

    def person(self, what: str = "The person") -> PersonRef:
        word = self.expect(f"{what} (an @name or an email)")
        return read_person(word)

    def date(self, text: str, what: str = "The date") -> date:
        if not text:
            raise UsageError(
                f"{what} is missing. Type a UK date such as 31/03/2027 or end of March."
            )
        return parse_date(normalise(text), self.today)


def read_ref(word: str) -> ActionRef:
    plan = None
    word = word.lstrip("#")
    m = _PLAN_REF.match(word)
    if m and not is_ref(word):
        plan, word = m[1].lower(), m[2]
    word = word.rstrip(".")
    if not is_ref(word):
        raise UsageError(f"'{word}' is not an action ref. Refs are numbers like 4 or 4.2 or 1.2.3.")
    return ActionRef(ref=word, plan=plan)


def read_person(word: str) -> PersonRef:
    if m := _SLACK_USER.match(word):
        return PersonRef("slack", m[1], m[2] or None)
    if m := _SLACK_MAILTO.match(word):
        word = m[1]
    if is_email(word):
        return PersonRef("email", word.lower())
    if m := _HANDLE.match(word):
        return PersonRef("handle", m[1])
    if " " in word.strip():  # only a quoted name has a space in one word
        return PersonRef("name", " ".join(word.split()))
    raise UsageError(
        f"'{word}' is not a person. Name them as @name, by email (name@council.gov.uk) or "
        'by name in quotes ("Sam Patel").'
    )


# 1,234 and 12,345.5 group thousands; 18,5 and 18,50 are a decimal comma.
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d{1,2}$")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
# No KPI a council keeps comes near this; beyond it a value is a slip of the keyboard.
LARGEST = 1e12


def read_number(word: str, what: str) -> float:
    """A reading as people type it: 86, 86%, 18.5, 18,5 (a decimal comma) or 1,234. Never
    NaN, infinity or a figure so large it can only be a mistake."""
    text = word.strip().removesuffix("%")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    elif _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    if not _NUMBER.match(text):
        raise UsageError(f"'{word}' is not a number. Type {what} as a number such as 86 or 86%.")
    value = float(text)
    if abs(value) > LARGEST:
        raise UsageError(f"'{word}' is far too large for {what}. Type it as a number such as 86.")
    return value
