"""Many people's slash commands at once, over real HTTP: each gets its own reply, in the ack,
and each change is applied exactly once."""

from __future__ import annotations

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store import actions, history
from store.models import Plan, Update
from tests.bot.slack_rig import Response, SlackRig

COMMANDS = 60
STATUSES = ("green", "amber", "red")


def mixed(n: int) -> tuple[str, str]:
    """The n-th command: (Slack user, text). Each change carries its own note, "mixed n"."""
    status = STATUSES[n % 3]
    return [
        ("UJANE", f"/action update 4.2 {status} mixed {n}"),
        ("UJANE", f"/action note 4.2 mixed {n}"),
        ("UTOM", f"/action update 4.3 {status} mixed {n}"),
        ("UAMIRA", f"/action note 1.1 mixed {n}"),
        ("UVAL", "/action show 4.2"),
        ("UAMIRA", "/action list all" if n % 2 else "/action history 4.3"),
    ][n % 6]


def test_mixed_commands_at_once_each_answered_and_applied_once(
    rig: SlackRig, db: sessionmaker[Session]
) -> None:
    """60 commands from four people at once: updates, notes, shows, lists, histories. Every
    request is answered with its own reply; every note is in the history once; each action's
    status changes chain, each from the status the one before it left."""
    start = threading.Barrier(COMMANDS)

    def send(n: int) -> Response:
        user, text = mixed(n)
        start.wait()
        return rig.command(user, text)

    with ThreadPoolExecutor(max_workers=COMMANDS) as pool:
        answers = list(pool.map(send, range(COMMANDS)))

    for n, answer in enumerate(answers):
        _user, text = mixed(n)
        assert answer.status == 200, (text, answer.body)
        reply = answer.json()["text"]
        assert "Something went wrong" not in reply and "already done" not in reply, (text, reply)
        if " mixed " in text:
            assert f"mixed {n}" in reply, (text, reply)  # its own reply, not another's
        elif "show" in text:
            assert "Clear the assessment backlog" in reply
    with db() as s:
        plan = s.scalars(select(Plan)).one()
        notes = list(s.scalars(select(Update.note).where(Update.note.like("mixed %"))))
        sent = [f"mixed {n}" for n in range(COMMANDS) if " mixed " in mixed(n)[1]]
        assert sorted(notes) == sorted(sent)
        for ref in ("4.2", "4.3"):
            action = actions.by_ref(s, plan.id, ref)
            assert action is not None
            status = None
            for update in history.action_history(s, action):
                for change in update.changes:
                    if change.field == "status":
                        assert status is None or change.old == status, (ref, update.note)
                        status = change.new
            assert action.status == status
            times = [u.at for u in history.action_history(s, action)]
            assert all(a <= b for a, b in itertools.pairwise(times))
