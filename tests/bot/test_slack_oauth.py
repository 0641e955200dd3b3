"""Multi-workspace install: the OAuth flow, tokens encrypted at rest, commands from a new workspace."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from store import people
from tests.bot.slack_rig import SlackRig, _send
from tests.fakes.slack import FakeSlack

KEY = Fernet.generate_key().decode()


@pytest.fixture
def oauth_rig(
    db: sessionmaker[Session], now: datetime, fake: FakeSlack, plan_in_slack: None
) -> Iterator[SlackRig]:
    rig = SlackRig(
        db,
        now,
        fake,
        settings_extra={
            "slack_bot_token": None,
            "slack_client_id": "111.222",
            "slack_client_secret": "shh",
            "token_key": KEY,
        },
    ).start()
    yield rig
    rig.stop()


def _install(rig: SlackRig, code: str) -> str:
    """Visit /slack/install, then come back to /slack/oauth_redirect as Slack would."""
    page = urllib.request.urlopen(rig.url + "/slack/install", timeout=10)
    cookie = page.headers["Set-Cookie"].split(";")[0]
    html = page.read().decode()
    link = re.search(r'href="(https://slack.com/oauth/v2/authorize\?[^"]+)"', html)
    assert link is not None, html
    query = parse_qs(urlparse(link[1].replace("&amp;", "&")).query)
    assert query["client_id"] == ["111.222"]
    assert "users:read.email" in query["scope"][0]
    state = query["state"][0]
    back = urllib.request.Request(
        f"{rig.url}/slack/oauth_redirect?code={code}&state={state}", headers={"Cookie": cookie}
    )
    answer = _send(back)
    assert answer.status == 200, answer.body
    return answer.body


def test_install_stores_encrypted_token_and_serves_new_workspace(
    oauth_rig: SlackRig, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    """After install, the bot token is stored encrypted and used (decrypted) for that workspace's requests."""
    _install(oauth_rig, "abc")
    assert fake.calls("oauth.v2.access")[0].body["code"] == "abc"
    with db() as s:
        stored = (
            s.execute(text("SELECT bot_token FROM slack_bots WHERE team_id = 'T0OTHER'"))
            .scalars()
            .all()
        )
        installed = (
            s.execute(text("SELECT bot_token FROM slack_installations WHERE team_id = 'T0OTHER'"))
            .scalars()
            .all()
        )
    assert stored and installed
    assert all(not t.startswith("xox") for t in [*stored, *installed])
    assert Fernet(KEY.encode()).decrypt(stored[-1].encode()).decode() == "xoxb-installed-abc"
    fake.add_user("UOTHER", "Jane Smith", "jane.smith@council.gov.uk")
    first = oauth_rig.command("UOTHER", "/action list", team="T0OTHER")
    assert first.status == 200
    (lookup,) = fake.wait_for("users.info")
    assert lookup.headers["Authorization"] == "Bearer xoxb-installed-abc"
    (reply,) = fake.wait_for("response/UOTHER")
    assert reply.body["text"].startswith("*Your actions in ILACS improvement plan (1)*")
    with db() as s:
        assert people.by_identity(s, "slack", "T0OTHER", "UOTHER") is not None


def test_uninstalled_workspace_is_refused(oauth_rig: SlackRig) -> None:
    """A request from a workspace that never installed the app does not reach the plan."""
    answer = oauth_rig.command("UJANE", "/action 4.2 green", team="T0NEVER")
    assert answer.status in (200, 401)
    assert "Updated" not in answer.body


def test_install_without_key_refuses_to_start(
    db: sessionmaker[Session], now: datetime, fake: FakeSlack
) -> None:
    """Multi-workspace mode will not run without a key to encrypt tokens, and says how to make one."""
    from bot.slack.oauth import MissingKey

    rig = SlackRig(
        db,
        now,
        fake,
        settings_extra={
            "slack_bot_token": None,
            "slack_client_id": "1",
            "slack_client_secret": "2",
        },
    )
    with pytest.raises(MissingKey, match="IMPROVEBOT_TOKEN_KEY"):
        rig.start()
