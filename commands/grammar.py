"""One reader per command: turns the words after the command name into a typed command."""

from __future__ import annotations

import re

from commands.args import Args, read_number, read_person, read_ref
from commands.errors import UsageError
from commands.syntax import (
    ActionRef,
    AddAction,
    AddEvidence,
    AssignAction,
    CompleteAction,
    KpiList,
    KpiShow,
    KpiUpdate,
    ListActions,
    ListFilter,
    MoveDue,
    NoteAction,
    PersonRef,
    RemindAway,
    RemindBack,
    RemindSnooze,
    ShowAction,
    ShowHistory,
    SignOff,
    UpdateAction,
)
from store.periods import PeriodError, parse_period

_KPI_CODE = re.compile(r"^(?:([a-z][a-z0-9-]{0,39}):)?([a-z]{1,4}\d{1,3}[a-z]?)$", re.I)


def update(args: Args) -> UpdateAction:
    target = args.ref()
    status = args.status()
    return UpdateAction(target, status, args.rest() or None)


def note(args: Args) -> NoteAction:
    target = args.ref()
    text = args.rest()
    if not text:
        raise UsageError("The note is missing: type it after the ref.")
    return NoteAction(target, text)


def due(args: Args) -> MoveDue:
    target = args.ref()
    when = args.until("because")
    if args.take() is None:
        raise UsageError(
            "Moving a due date needs a reason: add 'because' and the reason after the date."
        )
    reason = args.rest()
    if not reason:
        raise UsageError("The reason is missing: type it after 'because'.")
    if when.lower() in ("ongoing", "none"):
        return MoveDue(target, None, reason)
    return MoveDue(target, args.date(when, "The new due date"), reason)


def evidence(args: Args) -> AddEvidence:
    target = args.ref()
    text = args.rest()
    if not text:
        raise UsageError("The evidence is missing: type a link or a description after the ref.")
    return AddEvidence(target, text)


def done(args: Args) -> CompleteAction:
    target = args.ref()
    return CompleteAction(target, args.rest() or None)


def signoff(args: Args) -> SignOff:
    target = args.ref()
    args.end()
    return SignOff(target)


def assign(args: Args) -> AssignAction:
    target = args.ref()
    person = args.person("The new owner")
    args.end()
    return AssignAction(target, person)


def show(args: Args) -> ShowAction:
    target = args.ref()
    args.end()
    return ShowAction(target)


def history(args: Args) -> ShowHistory:
    target = args.ref()
    args.end()
    return ShowHistory(target)


_LIST_WORDS: dict[str, ListFilter] = {
    "mine": "mine",
    "my": "mine",
    "all": "all",
    "open": "open",
    "overdue": "overdue",
    "late": "overdue",
    "due": "due",
    "stale": "stale",
    "red": "red",
    "amber": "amber",
    "green": "green",
    "complete": "complete",
    "done": "complete",
    "blue": "complete",
    "not started": "not_started",
    "not-started": "not_started",
}
LIST_CHOICES = "mine, all, open, overdue, due, stale, red, amber, green, complete, theme 4 or @name"


def listing(args: Args) -> ListActions:
    plan = None
    body = args.until("in")
    if args.take() is not None:
        plan = args.expect("The plan's short name").lower()
        args.end()
    inner = Args(body, today=args.today, labels=args.labels)
    word = (inner.peek() or "mine").lower()
    if word == "theme":
        inner.take()
        number = inner.expect("The theme number").rstrip(".")
        inner.end()
        return ListActions("theme", theme=number, plan=plan)
    if word.startswith(("@", "<@", "<mailto:")) or "@" in word:
        person = inner.person()
        inner.end()
        return ListActions("person", person=person, plan=plan)
    key = " ".join(inner.rest().lower().split()) or "mine"
    if key not in _LIST_WORDS:
        raise UsageError(f"'{key}' is not a list I know. Use {LIST_CHOICES}.")
    return ListActions(_LIST_WORDS[key], plan=plan)


def add(args: Args) -> AddAction:
    target = args.ref()
    if args.peek() is None:
        raise UsageError("The title is missing: put it in quotes after the ref.")
    title = args.take() if args.text.startswith('"') else args.until("owner", "due", "theme")
    if not title:
        raise UsageError("The title is missing: put it in quotes after the ref.")
    owner: PersonRef | None = None
    due_date = None
    theme = None
    while not args.at_end():
        key = (args.take() or "").lower()
        if key == "owner":
            owner = read_person(args.expect("The owner (an @name or an email)"))
        elif key == "due":
            when = args.until("owner", "theme")
            due_date = None if when.lower() == "ongoing" else args.date(when, "The due date")
        elif key == "theme":
            theme = args.expect("The theme number").rstrip(".")
        else:
            raise UsageError(
                f"I did not expect '{key}': after the title come owner, due and theme."
            )
    if owner is None:
        raise UsageError("The owner is missing: add owner @name or owner name@council.gov.uk.")
    return AddAction(target, str(title), owner, due_date, theme)


def _kpi_code(args: Args) -> tuple[str, str | None]:
    word = args.expect("The KPI code (such as K1)")
    m = _KPI_CODE.match(word)
    if not m:
        raise UsageError(f"'{word}' is not a KPI code. Codes look like K1 or KPI12.")
    return m[2].upper(), (m[1] or "").lower() or None


def kpi_update(args: Args) -> KpiUpdate:
    code, plan = _kpi_code(args)
    value = read_number(args.expect("The value"), "the value")
    period_text = args.rest()
    try:
        period = parse_period(period_text) if period_text else None
    except PeriodError as error:
        raise UsageError(str(error)) from None
    return KpiUpdate(code, value, period, plan)


def kpi_show(args: Args) -> KpiShow:
    code, plan = _kpi_code(args)
    args.end()
    return KpiShow(code, plan)


def kpi_list(args: Args) -> KpiList:
    plan = None
    if args.peek() and args.peek() == "in":
        args.take()
        plan = args.expect("The plan's short name").lower()
    args.end()
    return KpiList(plan)


def remind_away(args: Args) -> RemindAway:
    if (args.peek() or "").lower() == "until":
        args.take()
    when = args.until("delegate")
    until = args.date(when, "The date you are back")
    delegate = None
    if args.take() is not None:
        delegate = args.person("The delegate")
    args.end()
    return RemindAway(until, delegate)


_SNOOZE = re.compile(r"^(\d+|a|an|one|two)\s*(d|day|days|w|wk|week|weeks)?$")


def remind_snooze(args: Args) -> RemindSnooze:
    target: ActionRef = read_ref(args.expect("The action ref (such as 4.2)"))
    text = " ".join(args.rest().lower().split()) or "7"
    m = _SNOOZE.match(text)
    if not m:
        raise UsageError(f"'{text}' is not a number of days. Type 7, 14 days or 2 weeks.")
    count = {"a": 1, "an": 1, "one": 1, "two": 2}.get(m[1]) or int(m[1])
    days = count * 7 if (m[2] or "").startswith("w") else count
    if not 1 <= days <= 90:
        raise UsageError("Snooze for 1 to 90 days.")
    return RemindSnooze(target, days)


def remind_back(args: Args) -> RemindBack:
    args.end()
    return RemindBack()
