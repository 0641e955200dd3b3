"""The parser: text as people type it -> typed commands; bad text -> a message saying what to type."""

from __future__ import annotations

from datetime import date

import pytest

from commands.actions.changes import (
    AddAction,
    AddEvidence,
    AssignAction,
    CompleteAction,
    MoveDue,
    NoteAction,
    SignOff,
    UpdateAction,
)
from commands.actions.reading import ListActions, ShowAction, ShowHistory
from commands.args import ActionRef, PersonRef
from commands.errors import UsageError
from commands.help import Help
from commands.kpis import KpiList, KpiShow, KpiUpdate
from commands.parse import parse, plan_hint
from commands.reminders import RemindAway, RemindBack, RemindSnooze
from commands.reports import BoardReport, DigestPreview
from store.domain import Status

TODAY = date(2026, 11, 22)  # a Sunday
R42 = ActionRef("4.2")

GOOD = [
    (
        "/action update 4.2 green Backlog cleared",
        UpdateAction(R42, Status.GREEN, "Backlog cleared"),
    ),
    ("action update 4.2 G", UpdateAction(R42, Status.GREEN)),
    ("/action 4.2 amber Two posts vacant", UpdateAction(R42, Status.AMBER, "Two posts vacant")),
    ("/action 4.2 on track", UpdateAction(R42, Status.GREEN)),
    ("/action 4.2 off-track", UpdateAction(R42, Status.RED)),
    ("/action 4.2 at risk of slipping", UpdateAction(R42, Status.AMBER, "of slipping")),
    ("/action 4.2 not started", UpdateAction(R42, Status.NOT_STARTED)),
    ("/action 4.2 not-started", UpdateAction(R42, Status.NOT_STARTED)),
    ("/action 4.2 B", UpdateAction(R42, Status.COMPLETE)),
    ("/action 4.2 blue", UpdateAction(R42, Status.COMPLETE)),
    ("/action 4.2 done", UpdateAction(R42, Status.COMPLETE)),
    ("/ACTION UPDATE 4.2 GREEN", UpdateAction(R42, Status.GREEN)),
    ("/action update 1.2.3 red", UpdateAction(ActionRef("1.2.3"), Status.RED)),
    ("/action update 4.2. red", UpdateAction(R42, Status.RED)),
    ("/action update send:4.2 red", UpdateAction(ActionRef("4.2", "send"), Status.RED)),
    ("/action send:4.2 red", UpdateAction(ActionRef("4.2", "send"), Status.RED)),
    ("/action note 4.2 Audit booked for March", NoteAction(R42, "Audit booked for March")),
    # Curly quotes and dashes from phones are kept in notes exactly as typed.
    (
        "/action note 4.2 \u201cAll\u201d cases \u2013 done",
        NoteAction(R42, "\u201cAll\u201d cases \u2013 done"),
    ),
    # Words people actually type: orange, trailing punctuation, the bot's own dots, "Action 4.2".
    ("/action 4.2 orange", UpdateAction(R42, Status.AMBER)),
    ("/action 4.2 green. Backlog cleared", UpdateAction(R42, Status.GREEN, "Backlog cleared")),
    ("/action 4.2 amber: two posts vacant", UpdateAction(R42, Status.AMBER, "two posts vacant")),
    ("/action 4.2 \U0001f7e2", UpdateAction(R42, Status.GREEN)),
    ("/action 4.2 :large_blue_circle:", UpdateAction(R42, Status.COMPLETE)),
    ("/action #4.2 red", UpdateAction(R42, Status.RED)),
    ("/action 4.2. red", UpdateAction(R42, Status.RED)),
    ("/action update Action 4.2 green", UpdateAction(R42, Status.GREEN)),
    ("/action Action 4.2 green", UpdateAction(R42, Status.GREEN)),
    ("/action note #4.2 Audit booked", NoteAction(R42, "Audit booked")),
    ("/action due 4.2 31.03.2027 because x", MoveDue(R42, date(2027, 3, 31), "x")),
    ("/action due 4.2 Q4 2026/27 because x", MoveDue(R42, date(2027, 3, 31), "x")),
    ("/action due 4.2 Q1 2027/28 because x", MoveDue(R42, date(2027, 6, 30), "x")),
    ("/action due 4.2 01/01/2026 anyway because x", MoveDue(R42, date(2026, 1, 1), "x", True)),
    (
        "/action due 4.2 31/03/2027 because recruitment was delayed",
        MoveDue(R42, date(2027, 3, 31), "recruitment was delayed"),
    ),
    ("/action due 4.2 31 Mar 2027 because x", MoveDue(R42, date(2027, 3, 31), "x")),
    ("/action due 4.2 2027-02-01 because x", MoveDue(R42, date(2027, 2, 1), "x")),
    ("/action due 4.2 Mar-27 because x", MoveDue(R42, date(2027, 3, 31), "x")),
    ("/action due 4.2 next Friday because x", MoveDue(R42, date(2026, 11, 27), "x")),
    ("/action due 4.2 in 2 weeks because x", MoveDue(R42, date(2026, 12, 6), "x")),
    ("/action due 4.2 end of March Because x", MoveDue(R42, date(2027, 3, 31), "x")),
    (
        "/action due 4.2 ongoing because it became business as usual",
        MoveDue(R42, None, "it became business as usual"),
    ),
    ("/action evidence 4.2 EV-QA-011", AddEvidence(R42, "EV-QA-011")),
    (
        "/action evidence 4.2 <https://x.example/a.pdf>",
        AddEvidence(R42, "<https://x.example/a.pdf>"),
    ),
    ("/action done 4.2", CompleteAction(R42)),
    ("/action done 4.2 All cases reallocated", CompleteAction(R42, "All cases reallocated")),
    ("/action signoff 4.2", SignOff(R42)),
    ("/action assign 4.2 @sam.patel", AssignAction(R42, PersonRef("handle", "sam.patel"))),
    (
        "/action assign 4.2 Sam.Patel@Council.gov.uk",
        AssignAction(R42, PersonRef("email", "sam.patel@council.gov.uk")),
    ),
    (
        "/action assign 4.2 <@U0123ABC|sam>",
        AssignAction(R42, PersonRef("slack", "U0123ABC", "sam")),
    ),
    ("/action assign 4.2 <@U0123ABC>", AssignAction(R42, PersonRef("slack", "U0123ABC"))),
    (
        "/action assign 4.2 <mailto:sam@x.gov.uk|sam@x.gov.uk>",
        AssignAction(R42, PersonRef("email", "sam@x.gov.uk")),
    ),
    ("/action show 4.2", ShowAction(R42)),
    ("/action history 4.2", ShowHistory(R42)),
    ("/action list", ListActions("mine")),
    ("/action list overdue", ListActions("overdue")),
    ("/action list not started", ListActions("not_started")),
    ("/action list theme 4", ListActions("theme", theme="4")),
    ("/action list @sam", ListActions("person", person=PersonRef("handle", "sam"))),
    ("/action list red in send", ListActions("red", plan="send")),
    (
        '/action add 4.6 "Audit return home interviews" owner @sam.patel due 30/06/2027',
        AddAction(
            ActionRef("4.6"),
            "Audit return home interviews",
            PersonRef("handle", "sam.patel"),
            date(2027, 6, 30),
        ),
    ),
    (
        "/action add 4.6 \u201cAudit\u201d due end of June owner sam@x.gov.uk theme 4",
        AddAction(
            ActionRef("4.6"), "Audit", PersonRef("email", "sam@x.gov.uk"), date(2027, 6, 30), "4"
        ),
    ),
    ("/kpi update K1 86%", KpiUpdate("K1", 86.0)),
    ("/kpi update k3 18.5 Oct 2026", KpiUpdate("K3", 18.5, "2026-10")),
    ("/kpi update K2 1,204 2026-Q3", KpiUpdate("K2", 1204.0, "2026-Q3")),
    ("/kpi show K1", KpiShow("K1")),
    ("/kpi list", KpiList()),
    (
        "/remind away until 05/01/2027 delegate @sam",
        RemindAway(date(2027, 1, 5), PersonRef("handle", "sam")),
    ),
    ("/remind away until next Monday", RemindAway(date(2026, 11, 23))),
    ("/remind snooze 4.2 7", RemindSnooze(R42, 7)),
    ("/remind snooze 4.2 2 weeks", RemindSnooze(R42, 14)),
    ("/remind snooze 4.2", RemindSnooze(R42, 7)),
    ("/remind back", RemindBack()),
    ("/board report", BoardReport()),
    ("/board report 17/12/2026 html", BoardReport(date(2026, 12, 17), "html")),
    ("/board report xlsx in send", BoardReport(None, "xlsx", "send")),
    ("/digest preview", DigestPreview()),
    ("help", Help()),
    ("/action help", Help("action")),
    ("/action", Help("action")),
    ("/action update help", Help("action update")),
    ("help kpi", Help("kpi")),
]


@pytest.mark.parametrize(("text", "expected"), GOOD, ids=[t for t, _ in GOOD])
def test_reads_command(text: str, expected: object) -> None:
    """Each way people write a command reads as the command they meant."""
    assert parse(text, today=TODAY) == expected


BAD = [
    (
        "/action update 4.2 closed",
        "'closed' is not a status. Did you mean complete? Use red, amber, green, complete or "
        "not-started.",
    ),
    (
        "/action update 4.2 gren",
        "'gren' is not a status. Did you mean green? Use red, amber, green, complete or not-started.",
    ),
    (
        "/action update 4.2",
        "The status is missing. Use red, amber, green, complete or not-started.",
    ),
    (
        "/acton update 4.2 green",
        "'acton' is not a command. Did you mean action? Type help to see them all.",
    ),
    (
        "/action updte 4.2 green",
        "'updte' is not a /action command. Did you mean update? Type /action help to see them.",
    ),
    # A date is never read as a ref...
    (
        "/action update 31/03/2026 green",
        "'31/03/2026' is not an action ref. Refs are numbers like 4 or 4.2 or 1.2.3.",
    ),
    # ...and a ref is never read as a date.
    (
        "/action due 4.2 4.3 because x",
        "'4.3' is not a date I can read. Type a UK date, day first: "
        "31/03/2027, 31.03.2027, 31 Mar 2027, 2027-03-31, next Friday, end of March or Q4 2026/27.",
    ),
    (
        "/action due 4.2 31/03/2027",
        "Moving a due date needs a reason: add 'because' and the reason after the date.",
    ),
    (
        "/action due 4.2 02/13/2027 because x",
        "'02/13/2027' is not a UK date: the day comes first. Type 13/02/2027.",
    ),
    (
        "/action due 4.2 31/02/2027 because x",
        "February 2027 has no day 31. Type a UK date, day first: "
        "31/03/2027, 31.03.2027, 31 Mar 2027, 2027-03-31, next Friday, end of March or Q4 2026/27.",
    ),
    (
        "/action due 4.2 because x",
        "The new due date is missing. Type a UK date such as 31/03/2027 or end of March.",
    ),
    ("/action note 4.2", "The note is missing: type it after the ref."),
    ("/action show", "The action ref (such as 4.2) is missing."),
    ("/action show 4.2 please", "I did not expect 'please' at the end."),
    (
        "/action assign 4.2 sam",
        "'sam' is not a person. Name them as @name, by email (name@council.gov.uk) or by name in quotes (\"Sam Patel\").",
    ),
    (
        "/action list purple",
        "'purple' is not a list I know. Use mine, all, open, overdue, due, stale, red, amber, green, complete, theme 4 or @name.",
    ),
    (
        '/action add 4.6 "Audit" due 30/06/2027',
        "The owner is missing: add owner @name or owner name@council.gov.uk.",
    ),
    ('/action add 4.6 "Audit', 'A quote is not closed: put a " after the text.'),
    (
        "/kpi update K1 lots",
        "'lots' is not a number. Type the value as a number such as 86 or 86%.",
    ),
    ("/kpi update 4.2 80", "'4.2' is not a KPI code. Codes look like K1 or KPI12."),
    (
        "/kpi update K1 80 Smarch",
        "'Smarch' is not a period I can read. Type a period such as 2026-03, Mar 2026, Mar-26, 2026-Q1, Q1 2026 or 2026.",
    ),
    (
        "/remind snooze 4.2 forever",
        "'forever' is not a number of days. Type 7, 14 days or 2 weeks.",
    ),
    ("/remind snooze 4.2 365", "Snooze for 1 to 90 days."),
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=[t for t, _ in BAD])
def test_refuses_with_what_to_type(text: str, message: str) -> None:
    """Bad input gets the exact message saying what was wrong and what to type instead."""
    with pytest.raises(UsageError) as caught:
        parse(text, today=TODAY)
    assert caught.value.message == message


def test_usage_line_comes_with_argument_errors() -> None:
    """An argument error carries the command's usage line so the reply can show it."""
    with pytest.raises(UsageError) as caught:
        parse("/action due 4.2 tomorrow", today=TODAY)
    assert caught.value.usage == "/action due <ref> <date> because <reason>"


def test_plan_labels_read_as_statuses() -> None:
    """A plan that calls green 'On track' and amber 'Some slippage' can use its own words."""
    labels = {"green": "On track", "amber": "Some slippage"}
    assert parse("/action 4.2 some slippage", today=TODAY, labels=labels) == UpdateAction(
        R42, Status.AMBER
    )
    with pytest.raises(UsageError, match="Did you mean some slippage"):
        parse("/action 4.2 some-slipage", today=TODAY, labels=labels)


@pytest.mark.parametrize(
    ("text", "plan"),
    [
        ("/action update send:4.2 green", "send"),
        ("/action list red in send", "send"),
        ("/kpi show send:K1", "send"),
        ("/action update 4.2 green", None),
        ("/action note 4.2 met in the send team", None),
    ],
)
def test_plan_hint(text: str, plan: str | None) -> None:
    """The plan a command names is found before parsing, so its own status words apply."""
    assert plan_hint(text) == plan
