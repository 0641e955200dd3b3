"""`board report` from Teams: the pack reaches the requester's 1:1 chat as a short-lived,
signed link that improvebot serves."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy.orm import Session, sessionmaker

from tests.bot.teams.rig import PEOPLE, TeamsRig, card_of, seen
from tests.fakes.teams import CHANNEL_ID, FakeTeams


def _link(message: object) -> str:
    [button] = card_of(message)["actions"]
    assert button["type"] == "Action.OpenUrl" and button["title"] == "Download"
    return str(button["url"])


def test_board_pack_link_reaches_the_1to1_chat(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """Asked for in a channel: the reply says it is coming, the link arrives in a new 1:1 chat, and it downloads for an hour."""
    rig.link("amira.khan")
    rig.post(rig.mention("amira.khan", "board report html"))
    said, link_message = teams.wait_for(2, "send", timeout=20)
    assert said.conversation.startswith(f"{CHANNEL_ID};messageid=")
    assert "Preparing the board pack (HTML)" in seen(said)
    [created] = teams.calls("create")
    assert created.body["members"] == [{"id": PEOPLE["amira.khan"]["id"]}]
    assert link_message.conversation.startswith("a:1")  # the chat Teams created
    assert "Here is the board pack you asked for" in seen(link_message)
    url = _link(link_message)
    assert url.startswith(f"{rig.url}/teams/files/")
    got = httpx.get(url)
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/html")
    assert got.headers["content-disposition"].startswith("attachment;")
    assert b"ILACS improvement plan" in got.content
    # A changed link is refused; so is this one once its hour has passed.
    head, _, signature = url.rpartition(".")
    assert httpx.get(f"{head}x.{signature}").status_code == 404
    rig.clock.advance(timedelta(hours=1, minutes=1))
    assert httpx.get(url).status_code == 404


def test_in_a_1to1_chat_the_link_comes_there(rig: TeamsRig, teams: FakeTeams) -> None:
    """Asked for in the 1:1 chat, the link follows in the same chat; no new chat is made."""
    rig.link("jane.smith")
    rig.say("jane.smith", "board report md")
    said, link_message = teams.wait_for(2, "send", timeout=20)
    assert said.conversation == link_message.conversation
    assert teams.calls("create") == []
    got = httpx.get(_link(link_message))
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/markdown")


def test_a_link_still_works_after_a_restart(rig: TeamsRig, teams: FakeTeams) -> None:
    """The pack is made again when this process no longer holds it (another replica, a restart)."""
    rig.link("jane.smith")
    rig.say("jane.smith", "board report md")
    url = _link(teams.wait_for(2, "send", timeout=20)[1])
    assert rig.runtime is not None
    rig.runtime.files._kept.clear()
    assert httpx.get(url).status_code == 200
