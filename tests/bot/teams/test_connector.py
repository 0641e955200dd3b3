"""The Bot Connector client over real HTTP to the fake: what is sent, and how failures map."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from email.utils import formatdate
from typing import Any

import pytest

from bot.delivery.transport import RetryLater, Transient, Undeliverable
from bot.teams.connector import NO_AUTH_TOKEN, Connector, Member, MsalToken, StaticToken
from tests.fakes.teams import BOT_ID, CHANNEL_ID, PERSONAL, TENANT_ID, FakeTeams, member

CARD = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "4.2"}]}
MESSAGE = {
    "type": "message",
    "text": "Action 4.2 is due on Friday",
    "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive", "content": CARD}],
}


@pytest.fixture
def make_connector() -> Iterator[Callable[..., Connector]]:
    """Connectors (a fixed test token unless told otherwise), closed after the test."""
    made: list[Connector] = []

    def make(tokens: Any = None, **settings: Any) -> Connector:
        made.append(Connector(tokens or StaticToken("test-token"), bot_id=BOT_ID, **settings))
        return made[-1]

    yield make
    for connector in made:
        connector.close()


@pytest.fixture
def connector(make_connector: Callable[..., Connector]) -> Connector:
    return make_connector()


def test_send_posts_the_activity_with_our_token(teams: FakeTeams, connector: Connector) -> None:
    """A message goes to the conversation under the stored serviceUrl, with the bot's token."""
    activity_id = connector.send(teams.service_url, PERSONAL, MESSAGE)
    [call] = teams.calls("send")
    assert call.method == "POST"
    assert call.path == f"/v3/conversations/{PERSONAL}/activities"
    assert call.header("Authorization") == "Bearer test-token"
    assert call.body == MESSAGE
    assert activity_id is not None and activity_id.isdigit()


def test_reply_goes_into_the_channel_thread(teams: FakeTeams, connector: Connector) -> None:
    """A follow-up lands under the digest's post: the thread is "<channel>;messageid=<root>"."""
    root = connector.send(teams.service_url, CHANNEL_ID, MESSAGE)
    assert root is not None
    connector.reply_in_thread(
        teams.service_url, CHANNEL_ID, root, {"type": "message", "text": "1/3"}
    )
    first, reply = teams.calls("send")
    assert first.conversation == CHANNEL_ID
    assert reply.conversation == f"{CHANNEL_ID};messageid={root}"
    # The id travels percent-encoded, as the Bot Framework SDKs send it.
    assert "%3Bmessageid%3D" in reply.raw_path


def test_update_replaces_the_message(teams: FakeTeams, connector: Connector) -> None:
    """Updating a card PUTs the new activity at the old message's id."""
    connector.update(teams.service_url, PERSONAL, "1700000000123", MESSAGE)
    [call] = teams.calls("update")
    assert call.method == "PUT"
    assert call.path == f"/v3/conversations/{PERSONAL}/activities/1700000000123"
    assert call.body == {**MESSAGE, "id": "1700000000123"}


def test_create_personal_chat_by_user_and_tenant(teams: FakeTeams, connector: Connector) -> None:
    """A reminder to someone with no chat yet opens their 1:1 chat and returns its id."""
    conversation = connector.create_personal(teams.service_url, "29:1sam", TENANT_ID)
    [call] = teams.calls("create")
    assert call.body == {
        "isGroup": False,
        "bot": {"id": BOT_ID},
        "members": [{"id": "29:1sam"}],
        "tenantId": TENANT_ID,
        "channelData": {"tenant": {"id": TENANT_ID}},
    }
    assert conversation.startswith("a:")


def test_member_has_email_upn_and_aad_id(teams: FakeTeams, connector: Connector) -> None:
    """Looking someone up gives what matching them to a plan owner needs."""
    teams.add_member(PERSONAL, member("Ann Smith", "Ann.Smith@council.gov.uk", user_id="29:1ann"))
    found = connector.member(teams.service_url, PERSONAL, "29:1ann")
    assert found == Member(
        id="29:1ann",
        name="Ann Smith",
        email="Ann.Smith@council.gov.uk",
        user_principal_name="ann.smith@council.gov.uk",
        aad_object_id="aad-AnnSmith",
        tenant_id=TENANT_ID,
    )


def test_unknown_member_is_undeliverable(teams: FakeTeams, connector: Connector) -> None:
    """Someone not in the chat is a permanent miss, with Teams' reason."""
    with pytest.raises(Undeliverable, match="404"):
        connector.member(teams.service_url, PERSONAL, "29:1nobody")


def test_members_follow_continuation_tokens(teams: FakeTeams, connector: Connector) -> None:
    """A team's roster arrives a page at a time; everyone is read, in order."""
    people = [member(f"Person {n}", f"person{n}@council.gov.uk") for n in range(5)]
    teams.add_member(CHANNEL_ID, *people)
    found = list(connector.members(teams.service_url, CHANNEL_ID, page_size=2))
    assert [m.email for m in found] == [p["email"] for p in people]
    pages = teams.calls("pagedmembers")
    assert [c.query for c in pages] == [
        {"pageSize": "2"},
        {"pageSize": "2", "continuationToken": "page-2"},
        {"pageSize": "2", "continuationToken": "page-4"},
    ]


def test_rate_limit_says_when_to_retry(teams: FakeTeams, connector: Connector) -> None:
    """429 with Retry-After becomes RetryLater for that long; the sender waits it out."""
    teams.fail(429, headers={"Retry-After": "3"})
    with pytest.raises(RetryLater) as later:
        connector.send(teams.service_url, PERSONAL, MESSAGE)
    assert later.value.after == 3.0


def test_rate_limit_with_a_date_or_nothing(
    teams: FakeTeams, make_connector: Callable[..., Connector]
) -> None:
    """Retry-After as an HTTP date is honoured; with none, a short jittered backoff is used."""
    connector = make_connector(backoff=0.5)
    teams.fail(429, headers={"Retry-After": formatdate(time.time() + 30, usegmt=True)})
    with pytest.raises(RetryLater) as dated:
        connector.send(teams.service_url, PERSONAL, MESSAGE)
    assert dated.value.after is not None and 25 <= dated.value.after <= 31
    teams.fail(429)
    with pytest.raises(RetryLater) as bare:
        connector.send(teams.service_url, PERSONAL, MESSAGE)
    assert bare.value.after is not None and 0.5 <= bare.value.after <= 1.0


@pytest.mark.parametrize("status", [412, 500, 502, 503, 504])
def test_retryable_statuses_are_transient(
    teams: FakeTeams, connector: Connector, status: int
) -> None:
    """Microsoft says to retry 412, 502 and 504 (and 5xx): the message is tried again later."""
    teams.fail(status)
    with pytest.raises(Transient, match=str(status)):
        connector.send(teams.service_url, PERSONAL, MESSAGE)


def test_blocked_bot_is_undeliverable(teams: FakeTeams, connector: Connector) -> None:
    """403 when the user blocked or uninstalled the bot: stop trying, and say why."""
    teams.fail(403)
    with pytest.raises(Undeliverable, match="the user blocked or removed the bot"):
        connector.send(teams.service_url, PERSONAL, MESSAGE)
    teams.fail(
        403,
        body={"error": {"code": "Forbidden", "message": "x", "subCode": "MessageWritesBlocked"}},
    )
    with pytest.raises(Undeliverable, match="the user blocked or removed the bot"):
        connector.send(teams.service_url, PERSONAL, MESSAGE)


def test_other_refusals_keep_teams_reason(teams: FakeTeams, connector: Connector) -> None:
    """Other 403s, 404s and 4xxs are permanent, with Teams' own words in the reason."""
    teams.fail(403, body={"error": {"code": "BotDisabledByAdmin", "message": "Bot disabled"}})
    with pytest.raises(Undeliverable, match="BotDisabledByAdmin: Bot disabled"):
        connector.send(teams.service_url, PERSONAL, MESSAGE)
    teams.fail(404)
    with pytest.raises(Undeliverable, match="ConversationNotFound"):
        connector.send(teams.service_url, PERSONAL, MESSAGE)
    teams.fail(400, body={"error": {"code": "BadSyntax", "message": "Activity too big"}})
    with pytest.raises(Undeliverable, match="Activity too big"):
        connector.send(teams.service_url, PERSONAL, MESSAGE)


def test_slow_teams_is_transient_after_the_timeout(
    teams: FakeTeams, make_connector: Callable[..., Connector]
) -> None:
    """A call Teams does not answer in time fails as transient instead of holding the thread."""
    connector = make_connector(timeout=0.5)
    teams.stall(5)
    started = time.monotonic()
    with pytest.raises(Transient, match="in time"):
        connector.send(teams.service_url, PERSONAL, MESSAGE)
    assert time.monotonic() - started < 2


def test_unreachable_teams_is_transient(connector: Connector) -> None:
    """Connection refused (network down) is retried later, not lost."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(Transient, match="could not reach Teams"):
        connector.send(f"http://127.0.0.1:{port}/amer/", PERSONAL, MESSAGE)


def test_no_auth_token_is_a_jwt_shaped_placeholder(
    teams: FakeTeams, make_connector: Callable[..., Connector]
) -> None:
    """In no-auth mode the connector still sends a Bearer token, shaped like a JWT."""
    make_connector(StaticToken()).send(teams.service_url, PERSONAL, MESSAGE)
    assert teams.calls("send")[0].header("Authorization") == f"Bearer {NO_AUTH_TOKEN}"
    assert NO_AUTH_TOKEN.count(".") == 2


def _msal(teams: FakeTeams, tenant_id: str | None = None) -> MsalToken:
    return MsalToken(
        "00000000-0000-4000-8000-0000000000b0",
        "the-secret",
        tenant_id,
        http_client=teams.login_http_client(),
    )


def test_msal_token_is_fetched_once_and_reused(
    teams: FakeTeams, make_connector: Callable[..., Connector]
) -> None:
    """The bot logs in once (client credentials for the Bot Framework) and reuses the token."""
    connector = make_connector(_msal(teams))
    for _ in range(3):
        connector.send(teams.service_url, PERSONAL, MESSAGE)
    [login] = teams.calls("token")
    assert login.path == "/login/botframework.com/oauth2/v2.0/token"
    assert login.body["grant_type"] == "client_credentials"
    assert login.body["scope"] == "https://api.botframework.com/.default"
    assert {c.header("Authorization") for c in teams.calls("send")} == {"Bearer bf-1"}


def test_single_tenant_bot_logs_in_to_its_tenant(
    teams: FakeTeams, make_connector: Callable[..., Connector]
) -> None:
    """A single-tenant app registration gets its token from the council's own tenant."""
    make_connector(_msal(teams, TENANT_ID)).send(teams.service_url, PERSONAL, MESSAGE)
    assert teams.calls("token")[0].path == f"/login/{TENANT_ID}/oauth2/v2.0/token"


def test_refused_token_is_replaced(
    teams: FakeTeams, make_connector: Callable[..., Connector]
) -> None:
    """A 401 (say, a rotated secret) is retried later with a freshly fetched token."""
    connector = make_connector(_msal(teams))
    teams.fail(401, path="/activities")
    with pytest.raises(Transient, match="401"):
        connector.send(teams.service_url, PERSONAL, MESSAGE)
    connector.send(teams.service_url, PERSONAL, MESSAGE)
    assert [c.header("Authorization") for c in teams.calls("send")] == [
        "Bearer bf-1",
        "Bearer bf-2",
    ]


def test_wrong_credentials_are_transient_and_say_what_to_check(
    teams: FakeTeams, make_connector: Callable[..., Connector]
) -> None:
    """A bad secret keeps the message queued and names what to fix."""
    teams.fail(
        401, path="/token", body={"error": "invalid_client", "error_description": "bad secret"}
    )
    with pytest.raises(Transient, match="Check the app id, secret and tenant"):
        make_connector(_msal(teams)).send(teams.service_url, PERSONAL, MESSAGE)
    assert teams.calls("send") == []


def test_fake_enforces_teams_rate_limits(teams: FakeTeams, connector: Connector) -> None:
    """Over 7 messages a second to one chat is throttled as Teams would; other chats are not."""
    teams.limit()
    for _ in range(7):
        connector.send(teams.service_url, PERSONAL, MESSAGE)
    with pytest.raises(RetryLater):
        connector.send(teams.service_url, PERSONAL, MESSAGE)
    connector.send(teams.service_url, "a:1someone-else", MESSAGE)
    assert teams.throttled == 1


def test_fake_enforces_the_overall_request_rate(teams: FakeTeams, connector: Connector) -> None:
    """Past the app's requests-a-second limit every call is throttled, whichever chat it is for."""
    teams.limit(overall=10)
    for n in range(10):
        connector.send(teams.service_url, f"a:1person-{n}", MESSAGE)
    with pytest.raises(RetryLater):
        connector.member(teams.service_url, "a:1person-0", "29:1ann")
    assert teams.throttled == 1


def test_accepted_without_an_id_still_counts_as_sent(
    teams: FakeTeams, connector: Connector
) -> None:
    """Teams may answer 202 with no body: the message is sent, there is just no id to update."""
    teams.on("send", lambda call: (202, None))
    assert connector.send(teams.service_url, PERSONAL, MESSAGE) is None


def test_garbled_answer_is_transient(teams: FakeTeams, connector: Connector) -> None:
    """A 200 whose body is not what Teams sends is retried rather than half-understood."""
    teams.on("create", lambda call: (200, {"unexpected": True}))
    with pytest.raises(Transient, match="unexpected ConversationResource"):
        connector.create_personal(teams.service_url, "29:1sam", TENANT_ID)


def test_roster_with_a_repeating_token_ends(teams: FakeTeams, connector: Connector) -> None:
    """A roster that keeps handing back the same continuation token is read once, not forever."""
    ann = member("Ann Smith", "ann.smith@council.gov.uk")
    teams.on("pagedmembers", lambda call: (200, {"members": [ann], "continuationToken": "same"}))
    assert [m.name for m in connector.members(teams.service_url, CHANNEL_ID)] == ["Ann Smith"] * 2
