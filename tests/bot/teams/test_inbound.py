"""Inbound activities as Teams posts them, checked the way the coming adapter will: the token
on a waitress thread, then the text or button press read out of the activity."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpx
import pytest
from microsoft_teams.api import (
    ActivityTypeAdapter,
    AdaptiveCardInvokeActivity,
    ConversationUpdateActivity,
    MessageActivity,
)
from waitress.server import create_server

from bot.slack.server import stop
from bot.teams import cards
from bot.teams.auth import InboundAuth, Unauthorized, activity_tenant
from bot.teams.text import strip_bot_mention
from tests.fakes.teams import (
    APP_ID,
    BOT_ID,
    CHANNEL_ID,
    FakeTeams,
    bot_added,
    card_action,
    channel_message,
    personal_message,
)

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _messages_endpoint(auth: InboundAuth) -> WSGIApp:
    """POST /api/messages reduced to its first step: refuse anything not from the Bot Framework."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        activity = json.loads(environ["wsgi.input"].read(length) or b"{}")
        try:
            auth.verify(
                environ.get("HTTP_AUTHORIZATION"),
                activity.get("serviceUrl"),
                channel_id=activity.get("channelId"),
                tenant_id=activity_tenant(activity),
            )
        except Unauthorized:
            start_response("401 Unauthorized", [("Content-Type", "application/json")])
            return [b'{"error": "Unauthorized"}']
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b"{}"]

    return app


@pytest.fixture
def serve() -> Iterator[Callable[[InboundAuth], str]]:
    """Serve the endpoint on waitress (as improvebot serves Slack), on loopback."""
    servers: list[Any] = []

    def start(auth: InboundAuth) -> str:
        server = create_server(_messages_endpoint(auth), host="127.0.0.1", port=0, threads=4)
        threading.Thread(target=server.run, daemon=True).start()
        servers.append((server, auth))
        return f"http://127.0.0.1:{server.effective_port}/api/messages"

    yield start
    for server, auth in servers:
        stop(server)
        auth.close()


def test_genuine_activity_is_accepted_and_others_get_401(
    teams: FakeTeams, serve: Callable[[InboundAuth], str]
) -> None:
    """Over real HTTP: Teams' request is let in; no token or a forged one gets 401, never 500."""
    url = serve(InboundAuth(APP_ID, openid_url=teams.openid_url))
    activity = personal_message("action show 4.2", service_url=teams.service_url)
    genuine = {"Authorization": f"Bearer {teams.token()}"}
    assert httpx.post(url, json=activity, headers=genuine).status_code == 200
    assert httpx.post(url, json=activity).status_code == 401
    forged = {"Authorization": f"Bearer {teams.token(stranger=True)}"}
    assert httpx.post(url, json=activity, headers=forged).status_code == 401
    elsewhere = {**activity, "serviceUrl": "https://evil.example/"}
    assert httpx.post(url, json=elsewhere, headers=genuine).status_code == 401


def test_endpoint_refuses_promptly_when_keys_cannot_be_fetched(
    teams: FakeTeams, serve: Callable[[InboundAuth], str]
) -> None:
    """With Microsoft's key service hanging, Teams gets a 401 in about 2 s, well inside its 15."""
    teams.stall(30, path="/botframework/")
    url = serve(InboundAuth(APP_ID, openid_url=teams.openid_url))
    activity = personal_message("hello", service_url=teams.service_url)
    started = time.monotonic()
    answer = httpx.post(url, json=activity, headers={"Authorization": f"Bearer {teams.token()}"})
    assert answer.status_code == 401
    assert time.monotonic() - started < 3


def test_personal_message_reads_as_typed(teams: FakeTeams) -> None:
    """A 1:1 message is a message activity whose text is the command itself."""
    activity = personal_message("action show 4.2", service_url=teams.service_url)
    assert isinstance(ActivityTypeAdapter.validate_python(activity), MessageActivity)
    said = strip_bot_mention(
        activity["text"], activity.get("entities"), activity["recipient"]["id"]
    )
    assert said == "action show 4.2"


def test_channel_message_loses_the_mention_and_knows_its_thread(teams: FakeTeams) -> None:
    """ "@improvebot digest preview" in a channel gives the command, and a thread to answer in."""
    activity = channel_message(
        "digest preview", service_url=teams.service_url, root_id="1700000000042"
    )
    parsed = ActivityTypeAdapter.validate_python(activity)
    assert isinstance(parsed, MessageActivity)
    assert parsed.is_recipient_mentioned  # what the Teams SDK itself concludes
    said = strip_bot_mention(activity["text"], activity["entities"], activity["recipient"]["id"])
    assert said == "digest preview"
    assert activity["conversation"]["id"] == f"{CHANNEL_ID};messageid=1700000000042"


def test_install_event_names_the_bot_among_new_members(teams: FakeTeams) -> None:
    """Installing the app (1:1 or to a team) arrives as a conversationUpdate adding the bot."""
    for scope in ("personal", "team"):
        activity = bot_added(service_url=teams.service_url, scope=scope)
        assert isinstance(ActivityTypeAdapter.validate_python(activity), ConversationUpdateActivity)
        assert BOT_ID in [m["id"] for m in activity["membersAdded"]]
        assert activity_tenant(activity) == activity["channelData"]["tenant"]["id"]


def test_button_press_parses_with_the_sdk(teams: FakeTeams) -> None:
    """An Action.Execute press is the SDK's AdaptiveCardInvokeActivity, verb and data intact."""
    activity = card_action(
        "action.done", {"action": "action.done", "ref": "4.2"}, service_url=teams.service_url
    )
    parsed = ActivityTypeAdapter.validate_python(activity)
    assert isinstance(parsed, AdaptiveCardInvokeActivity)
    assert parsed.value.action.verb == "action.done"
    assert cards.card_action(activity) == ("action.done", {"action": "action.done", "ref": "4.2"})
