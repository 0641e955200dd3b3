"""/risk commands as typed values, and the readers that make them from the words typed.

Ratings stay text here ("B2", "4x3"): which is right depends on the plan's matrix, which only
the handler knows, so the handler reads them (store.risks.matrix) and says what to type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal, cast

from commands.args import QUOTES, ActionRef, Args, PersonRef, read_person, read_ref
from commands.boards.words import in_plan
from commands.errors import UsageError
from commands.text import check_length
from store.risks import read_code
from store.risks.reviews import read_every

_PLAN_CODE = re.compile(r"^([a-z][a-z0-9-]{0,39}):(.+)$", re.I)
MAX_TITLE = 500
CODE_HINT = "Risk codes look like R1 or R12."


@dataclass(frozen=True)
class RiskRef:
    """'R3', or 'send:R3' naming the plan by its short name."""

    code: str
    plan: str | None = None

    def __str__(self) -> str:
        return f"{self.plan}:{self.code}" if self.plan else self.code


@dataclass(frozen=True)
class AddRisk:
    title: str
    owner: PersonRef
    rating: str
    code: str | None = None
    inherent: str | None = None
    target: str | None = None
    review: date | None = None
    every: str | None = None
    plan: str | None = None


@dataclass(frozen=True)
class RateRisk:
    target: RiskRef
    rating: str
    reason: str
    which: Literal["current", "inherent", "target"] = "current"


@dataclass(frozen=True)
class ReviewRisk:
    target: RiskRef
    note: str | None = None


@dataclass(frozen=True)
class LinkRisk:
    target: RiskRef
    refs: tuple[ActionRef, ...]


@dataclass(frozen=True)
class CloseRisk:
    target: RiskRef
    status: Literal["closed", "tolerated", "open"]
    note: str | None = None


EditField = Literal[
    "title", "description", "cause", "consequence", "controls", "owner", "review", "every"
]
EDIT_FIELDS: tuple[EditField, ...] = (
    "title", "description", "cause", "consequence", "controls", "owner", "review", "every",
)  # fmt: skip


@dataclass(frozen=True)
class EditRisk:
    target: RiskRef
    field: EditField
    text: str = ""
    person: PersonRef | None = None
    day: date | None = None


@dataclass(frozen=True)
class ShowRisk:
    target: RiskRef


@dataclass(frozen=True)
class RiskHistory:
    target: RiskRef


RiskFilter = Literal["open", "all", "mine", "due", "red", "person"]


@dataclass(frozen=True)
class ListRisks:
    filter: RiskFilter = "open"
    person: PersonRef | None = None
    plan: str | None = None


# -- readers ------------------------------------------------------------------------------------
def read_ref_word(word: str) -> RiskRef:
    plan = None
    m = _PLAN_CODE.match(word)
    if m:
        plan, word = m[1].lower(), m[2]
    code = read_code(word)
    if code is None:
        raise UsageError(f"'{word}' is not a risk code. {CODE_HINT}")
    return RiskRef(code, plan)


def target(args: Args) -> RiskRef:
    return read_ref_word(args.expect(f"The risk code ({CODE_HINT})"))


def read_add(args: Args) -> AddRisk:
    plan = in_plan(args)
    code = None
    first = args.peek()
    if first and args.text[:1] not in QUOTES and read_code(first) and first[:1].upper() == "R":
        code = read_code(args.take() or "")
    if args.peek() is None:
        raise UsageError("The title is missing: put it in quotes.")
    quoted = args.text[:1] in QUOTES
    keys = ("owner", "rating", "current", "inherent", "target", "review", "every")
    title = args.take() if quoted else args.until(*keys)
    if not title:
        raise UsageError("The title is missing: put it in quotes.")
    check_length(title, "The title", MAX_TITLE)
    found: dict[str, str] = {}
    while not args.at_end():
        key = (args.take() or "").lower()
        if key not in keys:
            raise UsageError(
                f"I did not expect '{key}': after the title come owner, rating, target, "
                "review and every."
            )
        value = args.until(*keys)
        if not value:
            raise UsageError(f"Say what {key} is, after the word {key}.")
        found["rating" if key == "current" else key] = value
    if "owner" not in found:
        raise UsageError("The owner is missing: add owner @name or owner name@council.gov.uk.")
    if "rating" not in found:
        raise UsageError("The rating is missing: add rating and the current rating, such as 4x3.")
    return AddRisk(
        title=str(title),
        owner=read_person(found["owner"]),
        rating=found["rating"],
        code=code,
        inherent=found.get("inherent"),
        target=found.get("target"),
        review=args.date(found["review"], "The review date") if "review" in found else None,
        every=read_every(found["every"]) if "every" in found else None,
        plan=plan,
    )


def read_rate(args: Args) -> RateRisk:
    risk = target(args)
    which: Literal["current", "inherent", "target"] = "current"
    if (args.peek() or "").lower() in ("inherent", "target", "current"):
        which = cast(Literal["current", "inherent", "target"], (args.take() or "").lower())
    rating = args.until("because")
    if not rating:
        raise UsageError("The rating is missing: type it after the code, such as 4x3 or B2.")
    if args.take() is None:
        raise UsageError("A new rating needs a reason: add 'because' and the reason after it.")
    reason = args.rest()
    if not reason:
        raise UsageError("The reason is missing: type it after 'because'.")
    return RateRisk(risk, rating, reason, which)


def read_review(args: Args) -> ReviewRisk:
    risk = target(args)
    return ReviewRisk(risk, args.rest() or None)


def read_link(args: Args) -> LinkRisk:
    risk = target(args)
    words = [w for w in re.split(r"[,\s]+", args.rest()) if w and w.lower() != "and"]
    if not words:
        raise UsageError("Name the mitigating actions after the code, such as 2.1 4.3.")
    return LinkRisk(risk, tuple(read_ref(w) for w in words))


def read_close(args: Args) -> CloseRisk:
    risk = target(args)
    return CloseRisk(risk, "closed", args.rest() or None)


def _because(args: Args, what: str) -> str:
    if (args.peek() or "").lower() == "because":
        args.take()
    reason = args.rest()
    if not reason:
        raise UsageError(f"{what} needs a reason: add 'because' and the reason.")
    return reason


def read_tolerate(args: Args) -> CloseRisk:
    risk = target(args)
    return CloseRisk(risk, "tolerated", _because(args, "Tolerating a risk"))


def read_reopen(args: Args) -> CloseRisk:
    risk = target(args)
    return CloseRisk(risk, "open", _because(args, "Reopening a risk"))


def read_edit(args: Args) -> EditRisk:
    risk = target(args)
    word = (args.take() or "").lower()
    if word not in EDIT_FIELDS:
        raise UsageError(f"Say what to change after the code: {', '.join(EDIT_FIELDS)}.")
    field = word
    text = args.rest()
    if not text:
        raise UsageError(f"Type the new {field} after the word {field}.")
    if field == "owner":
        return EditRisk(risk, field, person=read_person(text))
    if field == "review":
        return EditRisk(risk, field, day=args.date(text, "The next review date"))
    if field == "every":
        return EditRisk(risk, field, text=read_every(text))
    check_length(text, f"The {field}")
    return EditRisk(risk, field, text=text)


def read_show(args: Args) -> ShowRisk:
    risk = target(args)
    args.end()
    return ShowRisk(risk)


def read_history(args: Args) -> RiskHistory:
    risk = target(args)
    args.end()
    return RiskHistory(risk)


_LIST_WORDS: dict[str, RiskFilter] = {
    "open": "open",
    "all": "all",
    "mine": "mine",
    "my": "mine",
    "due": "due",
    "review": "due",
    "red": "red",
}
LIST_CHOICES = "open, all, mine, due, red or @name"


def read_list(args: Args) -> ListRisks:
    plan = in_plan(args)
    word = (args.peek() or "open").lower()
    if word.startswith(("@", "<@", "<mailto:")) or "@" in word:
        person = args.person()
        args.end()
        return ListRisks("person", person=person, plan=plan)
    key = " ".join(args.rest().lower().split()) or "open"
    if key not in _LIST_WORDS:
        raise UsageError(f"'{key}' is not a list of risks I know. Use {LIST_CHOICES}.")
    return ListRisks(_LIST_WORDS[key], plan=plan)
