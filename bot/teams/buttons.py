"""Buttons on reminder and dashboard cards (Action.Execute): applied while Teams waits, and
answered with the card drawn again.

A press runs the same command text as typing it (same permissions, same history, via
"teams"), with a `once` key for this card and action, so a second press (a double click, a
retry, a stale copy of the card) applies nothing and the card shows what was done. The new card
has a receipt (what, by whom, when) where that action's buttons were. A refusal leaves the
buttons and says why under the action. "Add update…" swaps in the form; its Save and Cancel
swap the card back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from bot.teams import action_card, cards, form, render
from bot.teams.action_card import VERB
from bot.teams.activity import Inbound
from commands import boundary, forms
from commands.args import ActionRef
from commands.context import Reply, Who
from store import teams
from store.dates import uk
from store.domain import UK_TIME

if TYPE_CHECKING:
    from bot.teams.runtime import TeamsRuntime

log = logging.getLogger(__name__)

STALE = (
    "That button is not one I can read (it may be from an old message). "
    "Type the command instead, such as action update 4.2 green."
)
COMMAND = {
    "green": ("action update {t} green", "Set to green"),
    "amber": ("action update {t} amber", "Set to amber"),
    "red": ("action update {t} red", "Set to red"),
    "done": ("action done {t}", "Marked complete"),
    "snooze": ("remind snooze {t} 7", "Snoozed for a week"),
}


def on_press(runtime: TeamsRuntime, inbound: Inbound) -> dict[str, Any]:
    """The invoke response for one press: a card to put in place, or a short message."""
    found = cards.card_action(inbound.raw)
    target = _target(found[1]) if found and found[0].startswith(VERB) else None
    if found is None or target is None:
        return cards.invoke_message(STALE)
    kind = found[0].removeprefix(VERB)
    card_id, plan, ref = target
    press = Press(runtime, inbound, card_id, plan, ref)
    if kind in COMMAND:
        return press.command(*COMMAND[kind])
    if kind == "form":
        return press.open_form()
    if kind == "save":
        return press.save(found[1])
    if kind == "cancel":
        return press.redraw()
    return cards.invoke_message(STALE)


class Press:
    def __init__(
        self, runtime: TeamsRuntime, inbound: Inbound, card_id: str, plan: str, ref: str
    ) -> None:
        self.runtime, self.inbound = runtime, inbound
        self.card_id, self.plan, self.ref = card_id, plan, ref
        self.key = action_card.key(plan, ref)

    def command(self, text: str, done: str) -> dict[str, Any]:
        once = f"teams-press:{self.card_id}:{self.key}"
        reply = self._as_sender(
            lambda who: boundary.run(
                text.format(t=self.key),
                who,
                sessions=self.runtime.sessions,
                clock=self.runtime.clock.now,
                once=once,
            )
        )
        return self._answer(reply, done)

    def open_form(self) -> dict[str, Any]:
        reply = self._prefill()
        if not reply.ok:
            return self.redraw(note=render.text(reply.template, reply.view))
        return cards.invoke_response(form.build(self.card_id, reply.view))

    def save(self, data: Mapping[str, Any]) -> dict[str, Any]:
        try:
            update = form.read(data, self.plan, self.ref)
        except form.Unreadable as problem:
            return self._form_again(data, problem.field, problem.message)
        reply = self._as_sender(
            lambda who: boundary.serve(
                who,
                lambda ctx: forms.submit(update, ctx),
                sessions=self.runtime.sessions,
                clock=self.runtime.clock.now,
                once=f"teams-form:{self.card_id}:{self.key}",
            )
        )
        if reply.ok or reply.error == "AlreadyDone":
            summary = f"Updated: {reply.view.summary}" if reply.ok else ""
            return self._answer(reply, summary)
        return self._form_again(data, reply.field or "note", reply.view.message)

    def redraw(self, note: str | None = None) -> dict[str, Any]:
        """The card as it stands (after Cancel, or with a note under this action)."""
        with self.runtime.sessions() as session:
            state = teams.card(session, self.card_id)
            if state is None:
                return cards.invoke_message(STALE)
            view, done = state.view, dict(state.done)
        return cards.invoke_response(
            action_card.build(self.card_id, view, done, notes={self.key: note} if note else {})
        )

    # -- the pieces --------------------------------------------------------------------------
    def _answer(self, reply: Reply, done: str) -> dict[str, Any]:
        if reply.ok:
            receipt = action_card.receipt(done, reply.by, _when(self.runtime))
            self.runtime.later(self._posts, reply)
            return self._mark(receipt)
        if reply.error == "AlreadyDone":
            # The first press's receipt, or (while it is still being written) this one's.
            return self._mark(render.text(reply.template, reply.view), keep=False)
        return self.redraw(note=render.text(reply.template, reply.view))

    def _mark(self, receipt: str, *, keep: bool = True) -> dict[str, Any]:
        """Record the receipt (unless one is there) and draw the card with it, holding the
        card's row so two presses at once on one card both keep their receipts."""
        with self.runtime.sessions.begin() as session:
            state = teams.card(session, self.card_id, lock=True)
            if state is None:
                return cards.invoke_message(STALE)
            if keep:
                teams.mark_done(state, self.key, receipt)
            view, done = state.view, {self.key: receipt, **state.done}
        return cards.invoke_response(action_card.build(self.card_id, view, done))

    def _form_again(self, typed: Mapping[str, Any], field: str, message: str) -> dict[str, Any]:
        reply = self._prefill()
        if not reply.ok:
            return self.redraw(note=render.text(reply.template, reply.view))
        built = form.build(self.card_id, reply.view, typed=typed, errors={field: message})
        return cards.invoke_response(built)

    def _prefill(self) -> Reply:
        target = ActionRef(self.ref, self.plan)
        return self._as_sender(
            lambda who: boundary.serve(
                who,
                lambda ctx: forms.prefill(target, ctx),
                sessions=self.runtime.sessions,
                clock=self.runtime.clock.now,
                write=False,
            )
        )

    def _as_sender(self, work: Callable[[Who], Reply]) -> Reply:
        return self.runtime.as_known(self.inbound, work, quick=True)

    def _posts(self, reply: Reply) -> None:
        for post in reply.posts:
            self.runtime.post(self.inbound, post.channel, render.post(post))


def _target(data: Mapping[str, Any]) -> tuple[str, str, str] | None:
    """The card, plan and ref a button carries, or None when its data is not ours."""
    found = tuple(data.get(name) for name in ("card", "plan", "ref"))
    if all(isinstance(part, str) and part and len(part) <= 100 for part in found):
        return found  # type: ignore[return-value]
    return None


def _when(runtime: TeamsRuntime) -> str:
    # Receipts read in UK time, as Slack's do.
    moment = runtime.clock.now().astimezone(UK_TIME)
    return f"{uk(moment.date())} {moment:%H:%M}"
