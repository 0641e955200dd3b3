"""Reminders, the digest and board posts reaching Teams through the outbox: one card per person
per day in their 1:1 chat, the digest's lists in its thread, Teams' limits and failures."""

from __future__ import annotations

import json
import time
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store import outbox, people
from store import teams as store_teams
from store.models import Action, OutboxMessage, Plan
from store.teams import Reference
from tests.bot.teams.rig import PEOPLE, TeamsRig, buttons, chat_of, seen, sends_to, tags
from tests.fakes.teams import CHANNEL_ID, TEAM_ID, TENANT_ID, FakeTeams


def _installed(rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]) -> None:
    """The app is in the plan's team, whose channel is the plan's channel."""
    teams.add_member(TEAM_ID, *PEOPLE.values())
    rig.install("team")
    teams.wait_for(1, "send")
    teams.reset()
    with db.begin() as s:
        s.scalars(select(Plan)).one().channel = f"teams:{CHANNEL_ID}"


def _sweep_and_send(rig: TeamsRig) -> None:
    assert rig.app is not None
    rig.app.sweeper().run(rig.now)
    stats = rig.app.sender(backoff=0.0).drain(deadline=30)
    assert stats.failed == 0


def _chat(db: sessionmaker[Session], handle: str) -> str:
    with db() as s:
        found = store_teams.personal(s, TENANT_ID, PEOPLE[handle]["id"])
        assert found is not None
        return found.conversation_id


def test_sweep_sends_one_card_per_person(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """Each person due a reminder gets one card in a 1:1 chat created by their Teams id, each action with its six buttons."""
    _installed(rig, teams, db)
    _sweep_and_send(rig)
    created = teams.calls("create")
    assert sorted(c.body["members"][0]["id"] for c in created) == sorted(
        PEOPLE[h]["id"] for h in ("amira.khan", "jane.smith", "sam.patel")
    )
    assert all(c.body["tenantId"] == TENANT_ID for c in created)
    for handle in ("amira.khan", "jane.smith", "sam.patel"):
        [card] = sends_to(teams, _chat(db, handle))
        assert seen(card).startswith(f"Good morning {PEOPLE[handle]['name'].split()[0]}.")
    [sam] = sends_to(teams, _chat(db, "sam.patel"))
    assert {ref: len(buttons(sam, ref)) for ref in ("1.9", "4.3", "1.10")} == {
        "1.9": 6,
        "4.3": 6,
        "1.10": 6,
    }
    assert list(buttons(sam, "1.9")) == [
        "Green",
        "Amber",
        "Red",
        "Complete",
        "Snooze a week",
        "Add update…",
    ]
    seen_sam = seen(sam)
    assert seen_sam.index("1.9") < seen_sam.index("4.3")
    # A second sweep of the same day sends nothing more.
    teams.reset()
    _sweep_and_send(rig)
    assert teams.calls("send") == [] and teams.calls("create") == []


def test_digest_posts_its_lists_in_a_thread(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """The weekly digest goes to the plan's Teams channel; its lists are replies in that post's thread."""
    _installed(rig, teams, db)
    _sweep_and_send(rig)
    [main] = sends_to(teams, CHANNEL_ID)
    assert seen(main).startswith("Weekly digest: ILACS improvement plan")
    assert "Details are in the thread." in seen(main)
    root = teams.calls("send")  # the fake answers each send with a fresh id
    thread = [c for c in root if c.conversation.startswith(f"{CHANNEL_ID};messageid=")]
    assert thread, "the lists go in the thread"
    root_id = {c.conversation.split("=")[1] for c in thread}
    assert len(root_id) == 1
    with db() as s:
        message = s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "digest")).one()
        assert message.state == "sent" and message.result["id"] == root_id.pop()
        assert message.result["thread_done"] == len(thread)
    assert any(seen(c).startswith("Overdue") for c in thread)


def test_hostile_title_is_inert_on_the_reminder_card(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """An action title with <at>, a Markdown link and HTML shows as typed on the card and pings nobody."""
    hostile = "<at>Everyone</at> [click](http://evil.example) <b>bold</b>"
    with db.begin() as s:
        s.scalars(select(Action).where(Action.ref == "4.2")).one().title = hostile
    _installed(rig, teams, db)
    _sweep_and_send(rig)
    [jane] = sends_to(teams, _chat(db, "jane.smith"))
    assert f"4.2 {hostile}" in seen(jane)
    assert tags(jane) == set() and "<at>" not in json.dumps(jane.body)


def _queue_to_jane(db: sessionmaker[Session], now: datetime, n: int = 1) -> str:
    """Jane has a 1:1 chat already; queue `n` plain messages to her."""
    conversation = chat_of("jane.smith")
    with db.begin() as s:
        jane = people.by_email(s, "jane.smith@council.gov.uk")
        assert jane is not None
        people.link_identity(s, jane, "teams", TENANT_ID, PEOPLE["jane.smith"]["id"])
        outbox.enqueue_many(
            s,
            [
                outbox.Message(f"t{k}", "test", "teams", f"person:{jane.id}", {"text": f"m{k}"})
                for k in range(n)
            ],
            now,
        )
    return conversation


def _store_chat(rig: TeamsRig, db: sessionmaker[Session], conversation: str) -> None:
    with db.begin() as s:
        ref = Reference(
            conversation,
            "personal",
            TENANT_ID,
            rig.fake.service_url,
            user_id=PEOPLE["jane.smith"]["id"],
        )
        store_teams.remember(s, ref, rig.now)


def _states(db: sessionmaker[Session]) -> list[tuple[str, str | None]]:
    with db() as s:
        return [
            (m.state, m.last_error)
            for m in s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        ]


def test_blocked_bot_is_a_permanent_failure(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session], now: datetime
) -> None:
    """403 (the user blocked or removed the bot) fails the message with that reason, without retrying."""
    _store_chat(rig, db, _queue_to_jane(db, now))
    teams.fail(403, path="/activities")
    assert rig.app is not None
    stats = rig.app.sender(backoff=0.0).drain(deadline=10)
    assert (stats.sent, stats.failed) == (0, 1)
    assert _states(db) == [("failed", "the user blocked or removed the bot")]
    assert len(teams.calls("send")) == 1


def test_throttled_and_failing_calls_are_retried(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session], now: datetime
) -> None:
    """429 is waited out (Retry-After), 412, 502 and 504 are retried with backoff; then it is sent once."""
    _store_chat(rig, db, _queue_to_jane(db, now))
    teams.fail(429, headers={"Retry-After": "1"}, path="/activities")
    for status in (412, 502, 504):
        teams.fail(status, path="/activities")
    assert rig.app is not None
    started = time.monotonic()
    stats = rig.app.sender(backoff=0.0).drain(deadline=20)
    assert stats.sent == 1 and time.monotonic() - started >= 1.0
    assert [c.status for c in teams.calls("send")] == [429, 412, 502, 504, 200]
    assert _states(db) == [("sent", None)]


def test_one_conversation_is_paced_inside_teams_limits(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session], now: datetime
) -> None:
    """Ten messages to one person, with the fake enforcing 7 a second (and the app's 30): none refused."""
    teams.limit()
    _store_chat(rig, db, _queue_to_jane(db, now, n=10))
    assert rig.app is not None
    stats = rig.app.sender(backoff=0.0).drain(deadline=20)
    assert stats.sent == 10 and teams.throttled == 0
    sent = [c.at for c in teams.calls("send")]
    assert all(later - first >= 1.0 for first, later in zip(sent, sent[7:], strict=False))


def test_someone_unknown_to_teams_is_a_clear_failure(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session], now: datetime
) -> None:
    """A reminder to someone Teams has never shown us fails with what to do about it."""
    with db.begin() as s:
        sam = people.by_email(s, "sam.patel@council.gov.uk")
        assert sam is not None
        outbox.enqueue_many(
            s, [outbox.Message("x", "test", "teams", f"person:{sam.id}", {"text": "x"})], now
        )
    assert rig.app is not None
    rig.app.sender(backoff=0.0).drain(deadline=10)
    assert _states(db) == [
        (
            "failed",
            "Sam Patel is not known in Teams yet: add improvebot to a team they are in, or ask "
            "them to send it a message",
        )
    ]


def test_someone_added_to_the_plan_later_is_found_in_the_team(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session], now: datetime
) -> None:
    """A reminder to someone not linked yet reads the known teams' rosters again and reaches them."""
    rig.install("team")  # nobody from the plan in the team yet
    teams.wait_for(1, "send")
    teams.add_member(TEAM_ID, PEOPLE["sam.patel"])
    with db.begin() as s:
        sam = people.by_email(s, "sam.patel@council.gov.uk")
        assert sam is not None
        message = outbox.Message("x", "test", "teams", f"person:{sam.id}", {"text": "Hello Sam"})
        outbox.enqueue_many(s, [message], now)
    assert rig.app is not None
    assert rig.app.sender(backoff=0.0).drain(deadline=10).sent == 1
    [created] = teams.calls("create")
    assert created.body["members"] == [{"id": PEOPLE["sam.patel"]["id"]}]


def test_where_a_plans_messages_go(rig: TeamsRig, db: sessionmaker[Session]) -> None:
    """Teams alone: every plan goes to Teams. With Slack too: a plan whose channel is a Teams conversation goes to Teams, others to Slack."""
    from bot.app import create_app
    from bot.settings import Settings

    with db() as s:
        plan = s.scalars(select(Plan)).one()
    assert rig.app is not None and rig.app.platform_for(plan) == ("teams", "")
    both = create_app(
        Settings(
            teams_app_id="x",
            slack_signing_secret="s",
            slack_bot_token="xoxb-1",
            teams_tenant_id=TENANT_ID.upper(),
        ),
        sessions=db,
    )
    assert both.platform_for(plan) == ("slack", "")
    plan.channel = f"teams:{CHANNEL_ID}"
    assert both.platform_for(plan) == ("teams", TENANT_ID)


def test_board_reminder_posts_in_the_channel(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session], now: datetime
) -> None:
    """On the morning of a board meeting the plan's Teams channel is told, with its themes."""
    from datetime import timedelta

    from store.models import BoardMeeting

    _installed(rig, teams, db)
    start = now + timedelta(hours=4)
    with db.begin() as s:
        plan = s.scalars(select(Plan)).one()
        s.add(
            BoardMeeting(
                plan_id=plan.id,
                title="Improvement Board",
                starts_at=start,
                occurrence=start,
                themes=["4"],
                created_at=now - timedelta(days=60),
            )
        )
    _sweep_and_send(rig)
    posts = [seen(c) for c in sends_to(teams, CHANNEL_ID)]
    board = [p for p in posts if p.startswith("The Improvement Board meets today")]
    assert len(board) == 1 and "Themes in focus: 4 Children in care" in board[0]


def test_risks_due_for_review_reach_teams(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """A risk due for review is in its owner's reminder card and on their dashboard in Teams,
    as in Slack; the plan lead's overview counts it."""
    from tests.plan_builder import Chat

    _installed(rig, teams, db)
    added = Chat(db, rig.now).say(
        "amira.khan",
        '/risk add "Social worker recruitment" owner @sam.patel rating 4x4 review today',
    )
    assert "R1" in added, added
    _sweep_and_send(rig)
    [sam] = sends_to(teams, _chat(db, "sam.patel"))
    shown = seen(sam)
    assert "R1" in shown and "Social worker recruitment" in shown
    assert shown.index("1.9") < shown.index("R1")  # after the actions, as in Slack
    teams.reset()
    rig.say("sam.patel", "dashboard")
    [home] = teams.wait_for(1, "send")
    assert "My risks" in seen(home) and "Social worker recruitment" in seen(home)
    rig.say("amira.khan", "dashboard")
    lead = teams.wait_for(2, "send")[1]
    assert "Risks:" in seen(lead) and "due for review: R1" in seen(lead)
