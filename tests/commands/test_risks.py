"""The risk register from chat, as transcripts: who can add, rate, review, link and close a
risk, what they see, and what the history keeps."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from commands.boundary import run
from commands.context import Who
from store import people, risks
from store.models import Change, Plan, Risk, Update
from store.risks import register
from tests.commands.test_concurrency import TickingClock, _at_once
from tests.plan_builder import Chat, build_plan

ADD_R1 = (
    '/risk add "Social worker recruitment and retention" owner @sam.patel rating 4x4 '
    "target 2x4 every month"
)


@pytest.fixture
def chat(db: sessionmaker[Session], now: datetime) -> Chat:
    with db.begin() as s:
        build_plan(s, now)
    chat = Chat(db, now)
    assert chat.say("amira.khan", ADD_R1).startswith("Added R1 ")
    return chat


def _risk(db: sessionmaker[Session], code: str) -> Risk:
    with db() as s:
        plan = s.scalars(select(Plan)).one()
        found = risks.by_code(s, plan.id, code)
        assert found is not None
        s.expunge(found)
        return found


def _changes(db: sessionmaker[Session], code: str) -> list[tuple[str, str | None, str | None]]:
    risk = _risk(db, code)
    with db() as s:
        rows = s.scalars(select(Change).where(Change.risk_id == risk.id).order_by(Change.id))
        return [(c.field, c.old, c.new) for c in rows]


def test_plan_lead_adds_a_risk_coded_in_turn(chat: Chat, db: sessionmaker[Session]) -> None:
    """A plan lead's risk gets the next code, its rating as current and inherent, and its
    first review a period on; the history records its first values."""
    reply = chat.say("amira.khan", '/risk add "Court delays" owner @jane.smith rating 3x3')
    assert reply.splitlines() == [
        "Added R2 Court delays to the risk register: owner Jane Smith, rated 3x3 (9, amber), "
        "next review Wed 16 Dec 2026.",
        "Link its mitigating actions with /risk link R2 <ref…>.",
    ]
    risk = _risk(db, "R2")
    assert (risk.current, risk.inherent, risk.target, risk.status, risk.review_date) == (
        "3x3", "3x3", None, "open", date(2026, 12, 16),
    )  # fmt: skip
    assert ("created", None, "R2") in _changes(db, "R2")
    assert ("current", None, "3x3") in _changes(db, "R2")


@pytest.mark.parametrize(
    ("who", "text", "said"),
    [
        ("tom.lee", '/risk add "x" owner @jane.smith rating 3x3',
         "Only a plan lead (Amira Khan) can add risks to the register."),
        ("amira.khan", '/risk add "x" owner stranger@council.gov.uk rating 3x3',
         'stranger@council.gov.uk is not in the plan: add them with `/plan people add '
         'stranger@council.gov.uk "Name"`'),
        ("amira.khan", '/risk add "x" owner @jane.smith rating 6x3',
         "'6x3' is not a rating. On this plan's matrix, type likelihood x impact, such as 4x3"),
        ("amira.khan", '/risk add R1 "x" owner @jane.smith rating 3x3',
         "ILACS improvement plan already has a risk R1. Leave the code out to take R2."),
        ("amira.khan", '/risk add "x" owner @jane.smith',
         "The rating is missing: add rating and the current rating, such as 4x3."),
        ("amira.khan", '/risk add "x" rating 3x3', "The owner is missing"),
    ],
)  # fmt: skip
def test_adding_is_refused_with_what_to_do(chat: Chat, who: str, text: str, said: str) -> None:
    """Only plan leads add risks; owners must be in the plan; ratings fit the matrix."""
    assert said in chat.say(who, text)


def test_owner_rates_with_a_reason_kept_in_history(chat: Chat, db: sessionmaker[Session]) -> None:
    """A new rating needs a reason; the reply says which way it moved, and the history keeps
    old, new, who and why."""
    assert "needs a reason" in chat.say("sam.patel", "/risk rate R1 5x4")
    reply = chat.say("sam.patel", "/risk rate R1 5x4 because two more team managers left")
    assert reply.splitlines() == [
        "Updated R1 Social worker recruitment and retention",
        "• Rating: 4x4 (16, red) → 5x4 (20, red)",
        "• Reason: two more team managers left",
        "The risk is worse: score 16 → 20. It will be in the weekly digest.",
    ]
    with db() as s:
        risk = risks.by_code(s, s.scalars(select(Plan)).one().id, "R1")
        assert risk is not None
        update = register.risk_history(s, risk)[-1]
        assert update.reason == "two more team managers left"
        assert update.person is not None and update.person.name == "Sam Patel"
        assert [(c.field, c.old, c.new) for c in update.changes] == [("current", "4x4", "5x4")]
    better = chat.say("sam.patel", "/risk rate R1 3x4 because agency staff converted")
    assert "better: score 20 → 12, from red to amber" in better
    target = chat.say("sam.patel", "/risk rate R1 target 2x3 because the board agreed")
    assert "• Target rating: 2x4 (8, amber) → 2x3 (6, green)" in target


def test_who_may_change_a_risk(chat: Chat, db: sessionmaker[Session], now: datetime) -> None:
    """The owner, the owner's delegate while away, and plan leads; not a theme lead or viewer.
    A refusal names who can."""
    refused = "Only the risk owner (Sam Patel) or a plan lead (Amira Khan) can rate R1."
    assert chat.say("tom.lee", "/risk rate R1 3x3 because x") == refused
    assert chat.say("val.jones", "/risk review R1") == refused.replace("rate", "review")
    assert chat.say("amira.khan", "/risk review R1 Checked").startswith("Updated R1")
    with db.begin() as s:
        sam = people.by_email(s, "sam.patel@council.gov.uk")
        jane = people.by_email(s, "jane.smith@council.gov.uk")
        assert sam is not None and jane is not None
        sam.away_until = now.date() + timedelta(days=7)
        sam.delegate_id = jane.id
    assert chat.say("jane.smith", "/risk review R1 For Sam").startswith("Updated R1")


def test_review_moves_the_next_review_on(chat: Chat, db: sessionmaker[Session]) -> None:
    """A review records the day and the note; the next review falls a period on."""
    assert chat.say("sam.patel", "/risk edit R1 every quarter").startswith("Updated R1")
    reply = chat.say("sam.patel", "/risk review R1 Controls checked")
    assert reply.splitlines()[-1] == "Next review Tue 16 Feb 2027."
    risk = _risk(db, "R1")
    assert (risk.reviewed_on, risk.review_date, risk.latest_note) == (
        date(2026, 11, 16), date(2027, 2, 16), "Controls checked",
    )  # fmt: skip
    assert ("reviewed", None, "2026-11-16") in _changes(db, "R1")
    history = chat.say("sam.patel", "/risk history R1")
    assert "Sam Patel via console: reviewed" in history
    assert "    note: Controls checked" in history


def test_link_mitigating_actions(chat: Chat, db: sessionmaker[Session]) -> None:
    """Actions are linked by ref, each kept in the history; unknown refs are refused."""
    assert chat.say("sam.patel", "/risk link R1 4.2, 1.9") == (
        "Linked 4.2, 1.9 to R1 as mitigating actions."
    )
    assert chat.say("sam.patel", "/risk link R1 4.2") == "4.2 was linked already."
    assert "There is no action 4.9 in ILACS improvement plan." in chat.say(
        "sam.patel", "/risk link R1 4.9"
    )
    card = chat.say("val.jones", "/risk show R1")
    assert "• 1.9 Publish the practice framework (amber, due Fri 6 Nov 2026)" in card
    assert [c for c in _changes(db, "R1") if c[0] == "action"] == [
        ("action", None, "4.2"), ("action", None, "1.9"),
    ]  # fmt: skip


def test_close_tolerate_reopen(chat: Chat, db: sessionmaker[Session]) -> None:
    """Closing takes a risk off the map; tolerating keeps it there; each is in the history."""
    chat.say("amira.khan", '/risk add "Court delays" owner @jane.smith rating 3x3')
    assert "needs a reason" in chat.say("jane.smith", "/risk tolerate R2")
    tolerated = chat.say("jane.smith", "/risk tolerate R2 because outside our control")
    assert "• Status: open → tolerated" in tolerated
    closed = chat.say("sam.patel", "/risk close R1 Risk has gone")
    assert "• Status: open → closed" in closed and "• Note: Risk has gone" in closed
    assert chat.say("sam.patel", "/risk close R1") == "R1 is already closed."
    assert "closed. Reopen it first" in chat.say("sam.patel", "/risk rate R1 3x3 because x")
    listing = chat.say("val.jones", "/risk list")
    assert "R1" not in listing and "R2 Court delays" in listing and "tolerated" in listing
    assert "R1" in chat.say("val.jones", "/risk list all")
    assert "• Status: closed → open" in chat.say("sam.patel", "/risk reopen R1 because back")
    assert _risk(db, "R1").status == "open"


def test_list_shows_the_heat_map_worst_first(chat: Chat) -> None:
    """The heat map as text, codes in their cells, then the risks highest score first."""
    chat.say("amira.khan", '/risk add "Court delays" owner @jane.smith rating 3x3')
    chat.say("amira.khan", '/risk add "Budget" owner @amira.khan rating 5x5')
    lines = chat.say("val.jones", "/risk list").splitlines()
    assert lines[0] == "Open risks in ILACS improvement plan, worst first (3)"
    assert lines[1].split() == ["Likelihood", "\\", "Impact", "1", "2", "3", "4", "5"]
    assert lines[2].split() == ["5", "Almost", "certain", "·", "·", "·", "·", "R3"]
    assert lines[3].split() == ["4", "Likely", "·", "·", "·", "R1", "·"]
    assert lines[4].split() == ["3", "Possible", "·", "·", "R2", "·", "·"]
    assert [line.split()[1] for line in lines[8:]] == ["R3", "R1", "R2"]
    assert "bands 15–25 red, 8–12 amber, 1–6 green" in lines[7]
    slack = chat.__class__(chat.db, chat.now, surface="slack").say("val.jones", "/risk list")
    assert slack.splitlines()[1] == "```" and ":red_circle: *R3* Budget" in slack


@pytest.mark.parametrize(
    ("text", "codes"),
    [("/risk list mine", ["R1"]), ("/risk list due", []), ("/risk list red", ["R1"]),
     ("/risk list @jane.smith", ["R2"])],
)  # fmt: skip
def test_list_filters(chat: Chat, text: str, codes: list[str]) -> None:
    """Mine, due for review, red, or someone's."""
    chat.say("amira.khan", '/risk add "Court delays" owner @jane.smith rating 3x3')
    lines = chat.say("sam.patel", text).splitlines()
    shown = [line.split()[1] for line in lines if line[:1] in "🔴🟠🟢"]
    assert shown == codes


def test_edit_fields_and_owner(chat: Chat, db: sessionmaker[Session]) -> None:
    """Controls, cause and the owner change with history; a new owner must be in the plan."""
    assert "• Controls: none → Weekly caseload tracking" in chat.say(
        "sam.patel", "/risk edit R1 controls Weekly caseload tracking"
    )
    assert "• Owner: Sam Patel → Jane Smith" in chat.say(
        "amira.khan", "/risk edit R1 owner @jane.smith"
    )
    assert "is not in the plan" in chat.say("amira.khan", "/risk edit R1 owner x@council.gov.uk")
    assert "• Next review: Wed 16 Dec 2026 → Thu 31 Dec 2026" in chat.say(
        "jane.smith", "/risk edit R1 review 31/12/2026"
    )
    assert "Say what to change after the code" in chat.say("jane.smith", "/risk edit R1 colour red")


def test_unknown_codes_suggest_the_nearest(chat: Chat) -> None:
    """A code the plan lacks is refused, naming the plan's risks."""
    assert chat.say("sam.patel", "/risk show R9") == (
        "There is no risk R9 in ILACS improvement plan. Risks: R1."
    )
    assert "is not a risk code" in chat.say("sam.patel", "/risk show X1")


def test_concurrent_ratings_chain_in_history(db: sessionmaker[Session], now: datetime) -> None:
    """Twenty ratings of one risk at once: each waits for the lock, so the history read in
    time order chains, each change starting from the rating the one before it left."""
    with db.begin() as s:
        build_plan(s, now)
    Chat(db, now).say("amira.khan", ADD_R1)
    clock = TickingClock(now + timedelta(minutes=1))
    sam = Who("console", "console", "sam.patel")
    ratings = ["3x3", "4x4", "5x4", "2x2"]

    def rate(n: int) -> bool:
        text = f"/risk rate R1 {ratings[n % 4]} because reason {n}"
        return run(text, sam, sessions=db, clock=clock).ok

    assert all(_at_once(20, rate))
    risk = _risk(db, "R1")
    with db() as s:
        updates = s.scalars(
            select(Update).where(Update.risk_id == risk.id, Update.reason.is_not(None))
            .order_by(Update.at, Update.id)
        ).all()  # fmt: skip
        times = [u.at for u in updates]
        assert all(a < b for a, b in itertools.pairwise(times))
        current = "4x4"
        for update in updates:
            for change in update.changes:
                assert change.old == current, update.reason
                current = change.new or ""
        assert risk.current == current
