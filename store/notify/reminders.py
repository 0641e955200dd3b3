"""Which actions need whom today, and why.

Rules (each kind configurable per plan in store.policy):
- due soon: 7 days before the due date (on the working day on or before that day), and
  1 working day before it;
- overdue: the first working day after the due date, then at most every 7 days per action;
  the first sweep that finds an action overdue reminds at once, however long ago it fell due;
- stale: an open action not updated for 28 days, then at most every 7 days;
- board preparation: owners of open actions not updated since the last board, N working days
  before the next board's updates deadline and on the deadline day, themes in focus first;
- escalation: overdue more than 14 days goes to the theme lead (or the plan leads when the
  theme has none); more than twice that, to the plan leads as well; at most weekly;
- risk review: a risk (open or tolerated) whose review date has come goes to its owner on
  that day, then every 7 days until it is reviewed.
An owner who is away has their items sent to their delegate, or to nobody. Snoozed actions
are left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property

from store.dates import uk
from store.models import BoardMeeting, Person
from store.notify.rows import ActionRow, RiskRow
from store.policy import ReminderPolicy
from store.workdays import WorkingDays

# How urgent each kind is, for ordering a DM (lower first).
URGENCY = {"escalation": 0, "overdue": 1, "board_prep": 2, "due_soon": 3, "stale": 4}
# Kinds that repeat weekly at most, per action.
REPEATING = ("overdue", "stale", "escalation")


@dataclass
class Item:
    action_id: int
    kinds: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def urgency(self) -> int:
        return min(URGENCY[k] for k in self.kinds)


@dataclass(frozen=True)
class Board:
    """The next meeting and what preparing for it means today."""

    meeting: BoardMeeting
    starts: date
    updates_due: date
    previous_start: datetime | None
    themes: tuple[str, ...]


@dataclass
class Inputs:
    today: date
    now: datetime
    policy: ReminderPolicy
    workdays: WorkingDays
    actions: list[ActionRow]
    people: dict[int, Person]
    plan_leads: list[int]
    theme_leads: dict[int, int]  # theme id -> lead person id
    # (action id, kind) -> the day it was last reminded about
    last: dict[tuple[int, str], date]
    board: Board | None = None
    recipients: dict[int, int | None] = field(default_factory=dict)

    @cached_property
    def due_soon_dates(self) -> frozenset[date]:
        """The due dates that earn a due-soon reminder today: those whose reminder day (a week
        before, moved back to a working day; or N working days before) is today. Worked out
        once a day, not once per action."""
        found = set()
        horizon = self.policy.due_soon_days + 3 * max(self.policy.due_soon_working_days, 1) + 14
        for offset in range(horizon + 1):
            due = self.today + timedelta(days=offset)
            week_before = self.workdays.on_or_before(
                due - timedelta(days=self.policy.due_soon_days)
            )
            day_before = self.workdays.working_days_before(due, self.policy.due_soon_working_days)
            if self.today in (week_before, day_before):
                found.add(due)
        return frozenset(found)


def decide(x: Inputs) -> dict[int, dict[int, Item]]:
    """Recipient person id -> action id -> item, for one plan on one day."""
    out: dict[int, dict[int, Item]] = defaultdict(dict)

    def add(person_id: int | None, action: ActionRow, kind: str, reason: str) -> None:
        recipient = _recipient(person_id, x)
        if recipient is None:
            return
        items = out[recipient]
        item = items.get(action.id)
        if item is None:  # not setdefault: that would make an Item for every call
            item = items[action.id] = Item(action.id)
        if kind not in item.kinds:
            item.kinds.append(kind)
            item.reasons.append(reason)

    for action in x.actions:
        if not action.is_open or (action.snoozed_until and action.snoozed_until >= x.today):
            continue
        for kind, reason in _owner_kinds(action, x):
            add(action.owner_id, action, kind, reason)
        for person_id, reason in _escalations(action, x):
            add(person_id, action, "escalation", reason)
    return out


def _owner_kinds(action: ActionRow, x: Inputs) -> list[tuple[str, str]]:
    p, due, found = x.policy, action.due_date, []
    if due is not None and due >= x.today and p.due_soon and due in x.due_soon_dates:
        found.append(("due_soon", f"Due {uk(due)}"))
    if (
        due is not None
        and due < x.today
        and p.overdue
        and _repeat_due(action, "overdue", x, p.overdue_every_days)
    ):
        days = (x.today - due).days
        found.append(("overdue", f"Overdue by {days} day{'s' * (days != 1)} (was due {uk(due)})"))
    updated = action.updated_at.date()
    if p.stale and (x.today - updated).days >= p.stale_days and _repeat_due(action, "stale", x, 7):
        found.append(("stale", f"Not updated since {uk(updated)}"))
    if x.board is not None and p.board_prep and _board_day(x.board, x):
        since = x.board.previous_start
        if since is None or action.updated_at < since:
            meeting = f"Improvement Board {uk(x.board.starts)}"
            found.append(("board_prep", f"{meeting}: please update by {uk(x.board.updates_due)}"))
    return found


def _board_day(board: Board, x: Inputs) -> bool:
    deadline = board.updates_due
    prep = x.workdays.working_days_before(deadline, x.policy.board_prep_days)
    return x.today in (prep, deadline)


def _escalations(action: ActionRow, x: Inputs) -> list[tuple[int, str]]:
    p, due = x.policy, action.due_date
    if not p.escalation or due is None or not action.is_open:
        return []
    days = (x.today - due).days
    if days <= p.escalation_days or not _repeat_due(action, "escalation", x, 7):
        return []
    owner = x.people.get(action.owner_id or -1)
    reason = f"Escalated: overdue by {days} days, owner {owner.display if owner else 'none'}"
    lead = x.theme_leads.get(action.theme_id or -1)
    to = [lead] if lead and lead != action.owner_id else list(x.plan_leads)
    if days > 2 * p.escalation_days:
        to += [lead_id for lead_id in x.plan_leads if lead_id not in to]
    return [(person_id, reason) for person_id in to]


def risk_reviews(risks: list[RiskRow], x: Inputs) -> dict[int, list[tuple[RiskRow, str]]]:
    """Recipient person id -> the risks due for review they hear about today, and why."""
    every = x.policy.risk_review_every_days
    out: dict[int, list[tuple[RiskRow, str]]] = defaultdict(list)
    if not x.policy.risk_review:
        return out
    for risk in risks:
        due = risk.review_date
        if risk.status == "closed" or due is None or due > x.today:
            continue
        last = risk.reminded_on
        if last is not None and last >= due and (x.today - last).days < every:
            continue  # reminded about this review already, less than `every` days ago
        recipient = _recipient(risk.owner_id, x)
        if recipient is None:
            continue
        late = (x.today - due).days
        said = "today" if late == 0 else f"since {uk(due)} ({late} day{'s' * (late != 1)})"
        out[recipient].append((risk, f"Review due {said}: /risk review {risk.code} [note]"))
    return out


def _repeat_due(action: ActionRow, kind: str, x: Inputs, every: int) -> bool:
    last = x.last.get((action.id, kind))
    return last is None or (x.today - last).days >= every


def _recipient(person_id: int | None, x: Inputs) -> int | None:
    """The person, or their delegate while they are away, or nobody (once per person)."""
    key = person_id or -1
    if key not in x.recipients:
        x.recipients[key] = _resolve(person_id, x)
    return x.recipients[key]


def _resolve(person_id: int | None, x: Inputs) -> int | None:
    person = x.people.get(person_id or -1)
    if person is None:
        return None
    if not person.is_away(x.today):
        return person.id
    delegate = x.people.get(person.delegate_id or -1)
    if delegate is None or delegate.is_away(x.today):
        return None
    return delegate.id


def ordered(
    items: dict[int, Item], actions: dict[int, ActionRow], focus: tuple[str, ...]
) -> list[Item]:
    """Most urgent first; among board items, the themes in focus first; then by ref."""

    def key(item: Item) -> tuple[int, int, str]:
        action = actions[item.action_id]
        return (item.urgency, 0 if action.theme_number in focus else 1, action.ref_key)

    return sorted(items.values(), key=key)
