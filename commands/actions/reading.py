"""Commands that read actions: show, history, list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select

from commands import resolve, views
from commands.args import ActionRef, Args, PersonRef
from commands.context import Context, Reply
from commands.errors import NotFound, UsageError
from commands.spec import Spec
from commands.views import HistoryEntry, HistoryView, ListView
from store import actions, history, plans
from store.domain import Status
from store.models import Action, Person, Theme, Update

# A chat reply shows this many of an action's latest updates; older ones are counted.
HISTORY_SHOWN = 50

# Who made a change when no person did: the operator at the command line, an import …
_NOBODY = {"cli": "the command line"}
# Long lists are cut here; a chat message is no place for 150 rows.
LIST_LIMIT = 40
STALE_DAYS = 28

ListFilter = Literal[
    "mine", "all", "open", "overdue", "due", "stale", "red", "amber", "green", "complete",
    "not_started", "theme", "person",
]  # fmt: skip


@dataclass(frozen=True)
class ShowAction:
    target: ActionRef


@dataclass(frozen=True)
class ShowHistory:
    target: ActionRef


@dataclass(frozen=True)
class ListActions:
    filter: ListFilter = "mine"
    theme: str | None = None
    person: PersonRef | None = None
    plan: str | None = None


# -- readers ------------------------------------------------------------------------------------
def read_show(args: Args) -> ShowAction:
    target = args.ref()
    args.end()
    return ShowAction(target)


def read_history(args: Args) -> ShowHistory:
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


def read_list(args: Args) -> ListActions:
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


# -- handlers -----------------------------------------------------------------------------------
def show(cmd: ShowAction, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target)
    return Reply("chat/action_card", views.card(action, plan, ctx.today(plan)))


def show_history(cmd: ShowHistory, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target)
    updates = history.action_history(ctx.session, action, latest=HISTORY_SHOWN)
    earlier = 0
    if len(updates) == HISTORY_SHOWN:
        earlier = history.history_length(ctx.session, action) - HISTORY_SHOWN
    names = _names(ctx, plan.id, updates)
    entries = []
    for update in updates:
        listed = [c for c in update.changes if c.field not in ("latest_note", "created")]
        changes = views.field_changes(plan, listed, names)
        created = any(c.field == "created" for c in update.changes)
        entries.append(
            HistoryEntry(
                when=views.when(update.at, plan),
                who=update.person.display if update.person else _NOBODY.get(update.via, update.via),
                # With no person, who already says where it came from ("import").
                via="created" if created else (update.via if update.person else ""),
                changes=[] if created else changes,
                note=update.note,
                reason=update.reason,
                event=None if created else views.event(update.changes),
            )
        )
    return Reply("chat/history", HistoryView(action.ref, action.title, entries, earlier))


def _names(ctx: Context, plan_id: int, updates: Sequence[Update]) -> dict[str, str]:
    # Only the owners these changes name: a database may hold thousands of people.
    owners = {
        int(value)
        for update in updates
        for c in update.changes
        if c.field == "owner_id"
        for value in (c.old, c.new)
        if value and value.isdigit()
    }
    found = ctx.session.scalars(select(Person).where(Person.id.in_(owners))) if owners else ()
    names = {f"owner_id:{p.id}": p.display for p in found}
    for theme in ctx.session.scalars(select(Theme).where(Theme.plan_id == plan_id)):
        names[f"theme_id:{theme.id}"] = f"{theme.number} {theme.name}"
    return names


def listing(cmd: ListActions, ctx: Context) -> Reply:
    plan = resolve.plan(ctx, cmd.plan)
    today = ctx.today(plan)
    session = ctx.session
    found: Sequence[Action]
    if cmd.filter == "mine":
        heading, found = "Your actions", actions.owned_by(session, plan.id, ctx.person.id)
    elif cmd.filter == "person" and cmd.person is not None:
        who = resolve.person(ctx, plan, cmd.person)
        heading, found = (
            f"Actions owned by {who.display}",
            actions.owned_by(session, plan.id, who.id),
        )
    elif cmd.filter == "theme" and cmd.theme is not None:
        if plans.theme(session, plan, cmd.theme) is None:
            known = ", ".join(t.number for t in plan.themes) or "none yet"
            raise NotFound(f"{plan.name} has no theme {cmd.theme}. Its themes are {known}.")
        heading, found = f"Theme {cmd.theme}", actions.in_theme(session, plan.id, cmd.theme)
    elif cmd.filter == "overdue":
        heading, found = "Overdue actions", actions.overdue(session, plan.id, today)
    elif cmd.filter == "due":
        heading, found = "Due in the next 14 days", actions.due_within(session, plan.id, today, 14)
    elif cmd.filter == "stale":
        heading = f"Open actions not updated for {STALE_DAYS} days"
        found = actions.stale(session, plan.id, ctx.now, STALE_DAYS)
    elif cmd.filter == "open":
        heading, found = "Open actions", actions.open_actions(session, plan.id)
    elif cmd.filter == "all":
        heading, found = "All actions", actions.all_actions(session, plan.id)
    else:
        status = Status(cmd.filter)
        heading = f"{plan.label(status.value).capitalize()} actions"
        found = actions.with_status(session, plan.id, status)
    lines = [views.line(a, plan, today) for a in found]
    view = ListView(
        heading=f"{heading} in {plan.name} ({len(lines)})",
        lines=lines[:LIST_LIMIT],
        more=max(len(lines) - LIST_LIMIT, 0),
        empty="None." if cmd.filter != "mine" else "You own no actions in this plan.",
        hint=f"Narrow it with /action list {LIST_CHOICES}." if len(lines) > LIST_LIMIT else None,
    )
    return Reply("chat/action_list", view)


ROWS = (
    Spec(
        "action", "show", "/action show <ref>",
        "Everything about one action.",
        ("/action show 4.2",),
        ShowAction, read_show, show,
    ),
    Spec(
        "action", "history", "/action history <ref>",
        "Every change to an action: who, when, what and why.",
        ("/action history 4.2",),
        ShowHistory, read_history, show_history,
    ),
    Spec(
        "action", "list",
        "/action list [mine | overdue | due | stale | red | amber | theme <n> | @person]",
        "List actions: yours by default.",
        ("/action list", "/action list overdue", "/action list theme 4", "/action list @sam.patel"),
        ListActions, read_list, listing,
    ),
)  # fmt: skip
