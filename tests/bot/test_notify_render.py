"""Notification payloads (risks in reminders and digests too): inside Slack's limits, and user
text never pings or links."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.slack import notify as render
from store.kpis.status import KpiLine
from store.notify.views import (
    BoardLine,
    BoardReminder,
    Count,
    Digest,
    Line,
    Reminder,
    RiskNotice,
    Section,
)
from tests.fakes.slack import Call, check_blocks

HOSTILE = "<!channel> <!here> <@U123> <https://evil.example|intranet> & co"
LINE = Line("4.2", HOSTILE, "red", HOSTILE, "Tue 31 Mar 2026", HOSTILE, 3)
RISK = RiskNotice("R1", HOSTILE, "red", "5x4 (20, red)", HOSTILE, HOSTILE)
BOARD = BoardLine("Thu 10 Dec 2026 at 10:00", [HOSTILE], "Thu 26 Nov 2026", "Thu 3 Dec 2026", 7)
DIGEST = Digest(
    HOSTILE,
    "Mon 16 Nov 2026",
    "Mon 9 Nov 2026",
    [Count("red", HOSTILE, 3, "+1")],
    [Section("Overdue", [LINE] * 70)],
    [KpiLine("K1", HOSTILE, "80%", "Oct 2026", "95%", "90%", "red", "worsening")],
    BOARD,
    [RISK] * 3,
)
PAYLOADS = {
    "reminder": render.reminder(
        Reminder(
            HOSTILE,
            HOSTILE,
            [(replace(LINE, ref=f"4.{n}"), "ilacs", HOSTILE) for n in range(40)],
            [replace(RISK, code=f"R{n}") for n in range(30)],
        ),
    ),
    "digest": render.digest(DIGEST),
    "board": render.board_reminder(BoardReminder(HOSTILE, BOARD, today=False)),
}


@pytest.mark.parametrize("kind", PAYLOADS)
def test_slack_payloads_escape_user_text(kind: str) -> None:
    """No title, note, name or plan name in a notification can mention anyone or form a link."""
    dumped = json.dumps(PAYLOADS[kind], ensure_ascii=False)
    for raw in ("<!channel>", "<!here>", "<@U123>", "<https://"):
        assert raw not in dumped
    assert "&lt;!channel&gt;" in dumped


@pytest.mark.parametrize("kind", PAYLOADS)
def test_slack_payloads_fit_block_kit(kind: str) -> None:
    """Every message (and every thread reply) passes Slack's Block Kit checks."""
    payload = PAYLOADS[kind]
    for message in [payload, *payload.get("thread", [])]:
        assert check_blocks(Call("chat.postMessage", {}, message)) is None
        assert len(message["text"]) < 40_000


def test_long_digest_lists_are_split_across_thread_replies() -> None:
    """A 70-line list goes into the thread in parts, each short."""
    thread = PAYLOADS["digest"]["thread"]
    parts = [r["text"] for r in thread if "Overdue" in r["text"].splitlines()[0]]
    assert len(parts) == 3 and parts[1].startswith("*Overdue (continued)*")


def test_a_long_reminder_keeps_room_for_risks() -> None:
    """With 40 actions and 30 risks due, the DM holds what fits of each and says how many more."""
    texts = json.dumps(PAYLOADS["reminder"]["blocks"], ensure_ascii=False)
    assert "*R0*" in texts and "…and 6 more: /risk list due" in texts
    assert "See them all with /action list mine." in texts


def test_messages_queued_before_compact_lines_still_render() -> None:
    """A reminder or digest queued by an older version (lines with field names) is sent
    with the same text as one queued now (lines as lists)."""
    from dataclasses import asdict

    from store.notify.views import digest_json, reminder_json
    from templates import notify

    reminder = Reminder("Sam", HOSTILE, [(LINE, "ilacs", "Overdue by 3 days")], [RISK])
    for render_as, view in (("reminder", reminder_json(reminder)), ("digest", digest_json(DIGEST))):
        old = json.loads(json.dumps(view))
        if render_as == "reminder":
            old["items"] = [[asdict(LINE), slug, why] for _line, slug, why in old["items"]]
        else:
            for section in old["sections"]:
                section["lines"] = [asdict(LINE) for _ in section["lines"]]
        new_text = notify.text({"render": render_as, "view": view}, "console")
        assert notify.text({"render": render_as, "view": old}, "console") == new_text
        assert LINE.title in new_text
