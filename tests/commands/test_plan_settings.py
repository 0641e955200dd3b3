"""/plan: everyone sees the settings; plan leads change them and see the new value."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store.models import Plan
from tests.plan_builder import Chat, build_plan


@pytest.fixture
def chat(db: sessionmaker[Session], now: datetime) -> Chat:
    """Plan 'ilacs' (Amira Khan leads it), as of Monday 16 November 2026."""
    with db.begin() as s:
        build_plan(s, now)
    return Chat(db, now)


def _plan(db: sessionmaker[Session]) -> Plan:
    with db() as s:
        return s.scalars(select(Plan)).one()


def test_settings_show_the_defaults(chat: Chat) -> None:
    """/plan settings shows every setting, the reminder defaults among them, marked default."""
    reply = chat.say("val.jones", "/plan settings")
    for line in (
        "Settings of ILACS improvement plan",
        "• Short name: ilacs",
        "• Channel: #ilacs",
        "• Time zone: Europe/London (default)",
        "• Bank holidays: England (ENG) (default)",
        "• Closure days: none (default)",
        "• Weekly digest: Mondays at 09:00 (default)",
        "• Evidence before complete: off (default)",
        "• Plan lead's sign-off to close: off (default)",
        "• Status changes posted to the channel: off (default)",
        "• green: green (default)",
        "• Due soon: 7 days and 1 working day before the due date (default)",
        "• Overdue: the first working day after the due date, then weekly (default)",
        "• Stale: open actions not updated for 28 days (default)",
        "• Board preparation: 5 working days before the updates deadline, and on the day (default)",
        "• Escalation: to the theme lead, then the plan lead, after 14 days overdue (default)",
        "• Meetings: no series scheduled (/board schedule)",
    ):
        assert line in reply.splitlines()


@pytest.mark.parametrize(
    ("command", "echo"),
    [
        ("/plan channel #children-improvement", "The channel is now #children-improvement"),
        ("/plan channel <#C0123ABCD|improvement>", "The channel is now C0123ABCD"),
        ("/plan timezone europe/belfast", "The time zone is now Europe/Belfast"),
        (
            "/plan region Northern Ireland",
            "Working days now follow the bank holidays of Northern Ireland (NIR)",
        ),
        ("/plan digest Friday 8:30am", "The weekly digest is now posted Fridays at 08:30"),
        (
            "/plan closure 24/12/2026 to 01/01/2027",
            "Closure days are now Thu 24 Dec 2026 to Fri 1 Jan 2027",
        ),
        ("/plan closure clear", "There are no closure days now"),
        ("/plan labels green On track", "Green is shown as 'On track'"),
        ("/plan evidence on", "Evidence before complete: on"),
        ("/plan signoff on", "Plan lead's sign-off to close: on"),
        ("/plan confirmations on", "Status changes posted to the channel: on"),
        ("/plan reminders stale 35", "Stale reminders: open actions not updated for 35 days"),
        ("/plan reminders due soon off", "Due soon reminders: off"),
        (
            "/plan reminders board 3 working days",
            "Board preparation reminders: 3 working days before the updates deadline, "
            "and on the day",
        ),
        (
            "/plan reminders overdue 14",
            "Overdue reminders: the first working day after the due date, then every 14 days",
        ),
    ],
)
def test_each_change_echoes_the_new_value(chat: Chat, command: str, echo: str) -> None:
    """A plan lead's change replies with the value the plan now has."""
    assert chat.say("amira.khan", command) == f"{echo} (ILACS improvement plan)."


def test_changes_are_kept_and_shown(chat: Chat, db: sessionmaker[Session]) -> None:
    """Changes are stored, /plan settings shows them, and only changed reminders are stored."""
    for command in (
        "/plan region SCT",
        "/plan closure 24/12/2026 to 31/12/2026",
        "/plan closure 02/04/2027",
        "/plan reminders stale 35",
        "/plan reminders escalation off",
        "/plan labels amber Some slippage",
    ):
        chat.say("amira.khan", command)
    plan = _plan(db)
    assert plan.region == "SCT"
    assert plan.closure_days[0] == "2026-12-24" and plan.closure_days[-1] == "2027-04-02"
    assert plan.reminder_policy == {"stale_days": 35, "escalation": False}
    reply = chat.say("val.jones", "/plan settings")
    assert "• Closure days: Thu 24 Dec 2026 to Thu 31 Dec 2026; Fri 2 Apr 2027" in reply
    assert "• Escalation: off" in reply
    assert "• amber: Some slippage" in reply
    assert "Some slippage → green" in chat.say("jane.smith", "/action 4.2 green")


def test_labels_back_to_default(chat: Chat, db: sessionmaker[Session]) -> None:
    """'default' removes a plan's own label."""
    chat.say("amira.khan", "/plan labels green On track")
    assert chat.say("amira.khan", "/plan labels green default") == (
        "Green is shown as 'green' (ILACS improvement plan)."
    )
    assert _plan(db).status_labels == {}


def test_channel_here_uses_the_channel_typed_in(db: sessionmaker[Session], now: datetime) -> None:
    """'/plan channel here' in a channel makes it the plan's channel; in a DM it says where."""
    with db.begin() as s:
        build_plan(s, now)
    assert Chat(db, now).say("amira.khan", "/plan channel here") == (
        "Type /plan channel here in the channel itself, or name it: #channel."
    )
    in_channel = Chat(db, now, channel="#ilacs")
    assert in_channel.say("amira.khan", "/plan channel here") == (
        "The channel is now #ilacs (ILACS improvement plan)."
    )


@pytest.mark.parametrize(
    "command",
    [
        "/plan channel #x",
        "/plan timezone Europe/Paris",
        "/plan region WLS",
        "/plan digest Monday 10:00",
        "/plan closure 24/12/2026",
        "/plan labels red Off track",
        "/plan evidence off",
        "/plan reminders stale off",
    ],
)
def test_only_plan_leads_change_settings(chat: Chat, command: str) -> None:
    """Anyone else is refused, and told who can."""
    assert chat.say("tom.lee", command) == (
        "Only a plan lead (Amira Khan) can change the plan's settings."
    )


@pytest.mark.parametrize(
    ("command", "reply"),
    [
        (
            "/plan timezone Europe/Lundon",
            "'Europe/Lundon' is not a time zone. Did you mean Europe/London or Europe/Lisbon? "
            "Use an Area/City name such as Europe/London.",
        ),
        (
            "/plan region UK",
            "'UK' is not a UK nation. Use ENG (England), WLS (Wales), SCT (Scotland), "
            "NIR (Northern Ireland).\nUsage: /plan region <ENG|WLS|SCT|NIR>",
        ),
        (
            "/plan digest Monday 1:30",
            "01:30 is skipped or repeated on Sun 28 Mar 2027, when the clocks change. "
            "Choose another time.",
        ),
        (
            "/plan digest Moonday 09:00",
            "'Moonday' is not a day of the week. Use Monday, Tuesday, Wednesday, Thursday, "
            "Friday, Saturday, Sunday.\nUsage: /plan digest <weekday> <HH:MM>",
        ),
        (
            "/plan closure 01/01/2027 to 24/12/2026",
            "The last day, Thu 24 Dec 2026, is before the first, Fri 1 Jan 2027. "
            "Give the first day first.",
        ),
        (
            "/plan closure 01/01/2027 to 01/03/2027",
            "A closure is at most 31 days. Add a longer one in parts.",
        ),
        ("/plan labels amber On track", "'On track' already means green. Choose another label."),
        ("/plan labels amber Green", "'Green' already means green. Choose another label."),
        (
            "/plan evidence maybe",
            "'maybe' is not on or off. Type on or off.\nUsage: /plan evidence on|off",
        ),
        (
            "/plan reminders nagging off",
            "'nagging' is not a kind of reminder. Use due, overdue, stale, board, escalation or risk.",
        ),
        (
            "/plan reminders stale 3",
            "Stale reminders take 7 to 180 days without an update, not 3.",
        ),
        (
            "/plan channel improvement",
            "'improvement' is not a channel. Type it as #channel-name, or type 'here' in the "
            "channel.\nUsage: /plan channel <#channel>",
        ),
    ],
)
def test_bad_values_say_what_to_type(chat: Chat, command: str, reply: str) -> None:
    """A value that cannot be used is refused with what to type instead."""
    assert chat.say("amira.khan", command) == reply
