"""Teams end to end over real HTTP: installing into a team, commands in a 1:1 chat and in a
channel, refusals, typos and strangers; every reply read as a person would read it."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.teams import people as teams_people
from store import people
from store.models import Action, ChatIdentity, Person, Plan, TeamsConversation, Update
from tests.bot.teams.rig import (
    PEOPLE,
    STRANGER,
    TeamsRig,
    chat_of,
    seen,
    tags,
    wait_until,
)
from tests.fakes.teams import CHANNEL_ID, TEAM_ID, TENANT_ID, FakeTeams, member
from tests.plan_builder import Chat


def _action(db: sessionmaker[Session], ref: str) -> Action:
    with db() as s:
        return s.scalars(select(Action).where(Action.ref == ref)).one()


def _linked(db: sessionmaker[Session]) -> dict[str, str]:
    with db() as s:
        rows = s.execute(
            select(Person.email, ChatIdentity.user_id)
            .join(ChatIdentity)
            .where(ChatIdentity.platform == "teams", ChatIdentity.workspace == TENANT_ID)
        ).all()
    return {str(email).split("@")[0]: user for email, user in rows}


def test_install_into_a_team_links_the_roster(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session], monkeypatch: object
) -> None:
    """Adding the app to a team reads its roster page by page and links plan people by email or UPN."""
    monkeypatch.setattr(teams_people, "PAGE_SIZE", 2)  # type: ignore[attr-defined]
    by_upn = {
        **member("Tom Lee", "tlee@council.gov.uk"),
        "userPrincipalName": "tom.lee@council.gov.uk",
    }
    teams.add_member(TEAM_ID, PEOPLE["amira.khan"], by_upn, PEOPLE["jane.smith"], STRANGER)
    assert rig.install("team").status == 200
    [welcome] = teams.wait_for(1, "send")
    assert welcome.conversation == CHANNEL_ID
    assert "I found 3 of the plan's people in this team" in seen(welcome)
    pages = teams.calls("pagedmembers")
    assert len(pages) == 2 and all(p.conversation == TEAM_ID for p in pages)
    assert _linked(db) == {
        "amira.khan": PEOPLE["amira.khan"]["id"],
        "tom.lee": by_upn["id"],
        "jane.smith": PEOPLE["jane.smith"]["id"],
    }
    with db() as s:
        channel = s.scalars(select(TeamsConversation)).one()
    assert (channel.conversation_id, channel.team_id, channel.service_url) == (
        CHANNEL_ID,
        TEAM_ID,
        teams.service_url,
    )


def test_command_in_a_personal_chat(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """`action update 4.2 green …` in a 1:1 chat changes the action, with history via teams, and replies there."""
    rig.link("jane.smith")
    assert rig.say("jane.smith", "action update 4.2 green Backlog cleared").status == 200
    [reply] = teams.wait_for(1, "send")
    assert reply.conversation == chat_of("jane.smith")
    assert reply.header("Authorization") == "Bearer test-token"
    assert "Updated 4.2 Clear the assessment backlog" in seen(reply)
    assert "• Status: amber → green\n• Note: Backlog cleared" in seen(reply)
    action = _action(db, "4.2")
    assert (action.status, action.latest_note) == ("green", "Backlog cleared")
    with db() as s:
        update = s.scalars(select(Update).order_by(Update.id.desc())).first()
        assert update is not None and update.via == "teams"
        ref = s.scalars(select(TeamsConversation)).one()
        assert (ref.kind, ref.user_id, ref.service_url) == (
            "personal",
            PEOPLE["jane.smith"]["id"],
            teams.service_url,
        )


def test_leading_slash_is_optional(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """`/action 4.2 red` reads as it does in Slack."""
    rig.link("jane.smith")
    rig.say("jane.smith", "/action 4.2 red Waiting on recruitment")
    teams.wait_for(1, "send")
    assert _action(db, "4.2").status == "red"


def test_command_in_a_channel_after_a_mention(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """`@improvebot action show 4.2` in a channel: the mention is removed and the reply goes in the message's thread."""
    rig.link("val.jones")
    activity = rig.mention("val.jones", "action show 4.2")
    rig.post(activity)
    [reply] = teams.wait_for(1, "send")
    assert reply.conversation == f"{CHANNEL_ID};messageid={activity['id']}"
    assert reply.body["replyToId"] == activity["id"]
    assert "4.2 Clear the assessment backlog" in seen(reply)
    assert "Owner: Jane Smith" in seen(reply)


def test_mentioned_people_are_named_by_email(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """`action assign 4.2 @Sam Patel` (a Teams mention) gives the action to Sam, found by the member API."""
    rig.link("amira.khan")
    rig.roster(TEAM_ID, "sam.patel")
    sam = PEOPLE["sam.patel"]
    activity = rig.mention("amira.khan", "action assign 4.2 <at>Sam Patel</at>")
    activity["entities"].append(
        {
            "type": "mention",
            "mentioned": {"id": sam["id"], "name": "Sam Patel"},
            "text": "<at>Sam Patel</at>",
        }
    )
    rig.post(activity)
    [reply] = teams.wait_for(1, "send")
    assert "Owner: Jane Smith → Sam Patel" in seen(reply)
    with db() as s:
        assert _action(db, "4.2").owner_id == people.by_email(s, "sam.patel@council.gov.uk").id  # type: ignore[union-attr]


def test_refusal_says_who_can(rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]) -> None:
    """A viewer cannot update someone's action: the reply says who can, and nothing changes."""
    rig.link("val.jones")
    rig.say("val.jones", "action update 4.2 green")
    [reply] = teams.wait_for(1, "send")
    assert seen(reply).startswith("Only the owner (Jane Smith)")
    assert _action(db, "4.2").status == "amber"


def test_typo_gets_a_suggestion(rig: TeamsRig, teams: FakeTeams) -> None:
    """A misspelt command is answered with the nearest one and the way to see them all."""
    rig.link("jane.smith")
    rig.say("jane.smith", "action updte 4.2 green")
    [reply] = teams.wait_for(1, "send")
    assert (
        seen(reply)
        == "'updte' is not a /action command. Did you mean update? Type /action help to see them."
    )


def test_someone_new_is_found_by_the_member_api(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """Sam's first message: the member API gives his email, he is linked, and the command runs."""
    rig.roster(chat_of("sam.patel"), "sam.patel")
    rig.say("sam.patel", "action done 4.3 All care plans reviewed")
    [reply] = teams.wait_for(1, "send")
    assert teams.calls("member")[0].path.endswith(PEOPLE["sam.patel"]["id"])
    assert "Updated 4.3" in seen(reply)
    assert _linked(db) == {"sam.patel": PEOPLE["sam.patel"]["id"]}


def test_a_stranger_is_told_to_ask_a_plan_lead(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """A Teams user in no plan is told to ask a plan lead, exactly as in Slack, and nothing is linked."""
    teams.add_member(chat_of("pat"), STRANGER)
    rig.say("pat", "action list")
    [reply] = teams.wait_for(1, "send")
    assert seen(reply) == (
        "I don't know you yet: ask a plan lead (Amira Khan) to add your email "
        "(pat.doe@elsewhere.gov.uk) to the plan."
    )
    assert _linked(db) == {}


def test_hostile_note_is_shown_as_typed(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session], now: datetime
) -> None:
    """A note with an <at> mention, a Markdown link and HTML (typed in Slack, say) reaches Teams inert: no mention, link or tag."""
    rig.link("jane.smith")
    hostile = "<at>Everyone</at> see [the report](http://evil.example/x) <b>now</b> **done**"
    Chat(db, now).say("jane.smith", f"action note 4.2 {hostile}")
    rig.say("jane.smith", "action show 4.2")
    [reply] = teams.wait_for(1, "send")
    assert f"Latest note: {hostile}" in seen(reply)
    assert tags(reply) == set()
    assert "<at>" not in json.dumps(reply.body)
    assert _action(db, "4.2").latest_note == hostile


def test_markup_typed_in_teams_is_kept_as_text(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """Markdown and HTML typed to the bot are stored as typed and echoed inert."""
    rig.link("jane.smith")
    rig.say("jane.smith", "action note 4.2 see [x](http://evil.example) <img src=x> _now_")
    [reply] = teams.wait_for(1, "send")
    assert "Note: see [x](http://evil.example) <img src=x> _now_" in seen(reply)
    assert tags(reply) == set()
    assert _action(db, "4.2").latest_note == "see [x](http://evil.example) <img src=x> _now_"


def test_a_repeated_activity_is_handled_once(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """Teams resending a message (same id) changes and answers once."""
    rig.link("jane.smith")
    activity = rig.personal("jane.smith", "action note 4.2 Progress at last")
    for _ in range(3):
        assert rig.post(activity).status == 200
    teams.wait_for(1, "send")
    rig.say("jane.smith", "action history 4.2")
    history = teams.wait_for(2, "send")
    assert len(history) == 2
    assert seen(history[1]).count("Progress at last") == 1


def test_plan_channel_here_in_a_teams_channel(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """A plan lead typing `@improvebot plan channel here` makes this Teams channel the plan's, and its messages go to Teams."""
    rig.link("amira.khan")
    rig.post(rig.mention("amira.khan", "plan channel here"))
    [reply] = teams.wait_for(1, "send")
    assert f"The channel is now teams:{CHANNEL_ID}" in seen(reply)
    with db() as s:
        plan = s.scalars(select(Plan)).one()
        assert plan.channel == f"teams:{CHANNEL_ID}"
        assert rig.app is not None and rig.app.platform_for(plan) == ("teams", "")


def test_install_in_a_personal_chat_greets_and_links(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """Adding the app in a 1:1 chat looks the person up, links them and says what to type."""
    rig.roster(chat_of("jane.smith"), "jane.smith")
    rig.install("personal", handle="jane.smith")
    [hello] = teams.wait_for(1, "send")
    assert hello.conversation == chat_of("jane.smith")
    assert seen(hello).startswith("Hello Jane Smith. I keep the improvement plan")
    assert _linked(db) == {"jane.smith": PEOPLE["jane.smith"]["id"]}


def test_new_members_of_the_team_are_linked(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """Someone joining a team the bot is in is matched to the plan at once."""
    activity = rig.install("team")
    teams.wait_for(1, "send")
    assert _linked(db) == {}
    rig.roster(TEAM_ID, "sam.patel")  # Sam joins the team
    joined = {
        **rig.mention("amira.khan", ""),
        "type": "conversationUpdate",
        "membersAdded": [{"id": PEOPLE["sam.patel"]["id"]}],
        "conversation": {
            "isGroup": True,
            "conversationType": "channel",
            "id": CHANNEL_ID,
            "tenantId": TENANT_ID,
        },
    }
    joined.pop("text")
    assert rig.post(joined).status == 200 and activity.status == 200
    wait_until(lambda: "sam.patel" in _linked(db))
