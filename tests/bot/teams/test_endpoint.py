"""POST /api/messages over real HTTP: only the Bot Framework gets in, refusals are quick 401s
that change nothing, and Teams has its answer before any slow work is done."""

from __future__ import annotations

import time

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from store.models import Action, SeenEvent, TeamsConversation
from tests.bot.teams.rig import TeamsRig, buttons
from tests.fakes.teams import FakeTeams, card_action


def _untouched(db: sessionmaker[Session], teams: FakeTeams) -> None:
    """Nothing was stored, changed or sent."""
    with db() as s:
        assert s.scalar(select(func.count()).select_from(TeamsConversation)) == 0
        assert s.scalar(select(func.count()).select_from(SeenEvent)) == 0
        assert s.scalars(select(Action.status).where(Action.ref == "4.2")).one() == "amber"
    time.sleep(0.2)  # anything queued would have reached the fake by now
    assert teams.calls("send") == []


def test_no_token_or_a_bad_one_gets_401_and_changes_nothing(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """Without a token, with a forged one, one for another app or another serviceUrl: 401, nothing done."""
    rig.link("jane.smith")
    activity = rig.personal("jane.smith", "action update 4.2 green")
    for auth in (
        None,
        "Basic amFuZTpzZWNyZXQ=",
        f"Bearer {teams.token(stranger=True)}",
        f"Bearer {teams.token('another-app')}",
        f"Bearer {teams.token(service_url='https://evil.example/')}",
        f"Bearer {teams.token(expires_in=-3600)}",
    ):
        answer = rig.post(activity, auth=auth)
        assert (answer.status, answer.body) == (401, {"error": "Unauthorized"}), auth
    _untouched(db, teams)


def test_refused_quickly_when_the_keys_cannot_be_fetched(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """With Microsoft's key service hanging, a genuine-looking request gets 401 within the budget: never a 500, never a hang."""
    teams.stall(30, path="/botframework/", times=10)
    rig.link("jane.smith")
    for _ in range(2):
        answer = rig.post(rig.personal("jane.smith", "action update 4.2 green"))
        assert answer.status == 401 and answer.seconds < 3
    _untouched(db, teams)


def test_a_press_without_a_token_changes_nothing(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """A forged button press (no token) gets 401 and the action stays as it was."""
    rig.link("jane.smith")
    rig.say("jane.smith", "dashboard")
    [dashboard] = teams.wait_for(1, "send")
    button = buttons(dashboard.body, "4.2")["Green"]
    activity = card_action(button["verb"], button["data"], service_url=teams.service_url)
    assert rig.post(activity, auth=None).status == 401
    with db() as s:
        assert s.scalars(select(Action.status).where(Action.ref == "4.2")).one() == "amber"


def test_teams_has_its_answer_before_the_slow_work(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """A command is answered 200 at once, even while posting its reply to Teams takes seconds."""
    rig.link("jane.smith")
    teams.stall(3, path="/activities")
    answer = rig.say("jane.smith", "action update 4.2 green")
    assert answer.status == 200 and answer.seconds < 1
    teams.wait_for(1, "send")


def test_what_is_not_an_activity(rig: TeamsRig) -> None:
    """A body that is not JSON is refused like any unauthenticated request; only POST is served."""
    answer = httpx.post(
        f"{rig.url}/api/messages",
        content=b"not json",
        headers={"Authorization": f"Bearer {rig.fake.token()}"},
    )
    assert answer.status_code == 401
    assert httpx.get(f"{rig.url}/api/messages").status_code == 405
    assert httpx.get(f"{rig.url}/healthz").text == "ok\n"
