"""Inbound Bot Framework tokens: real RS256 tokens from the fake, checked like Microsoft says."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import jwt
import pytest

from bot.teams.auth import InboundAuth, NoAuth, Unauthorized, activity_tenant, no_auth_requested
from tests.fakes.teams import APP_ID, TENANT_ID, FakeTeams, personal_message


@pytest.fixture
def make_auth(teams: FakeTeams) -> Iterator[Callable[..., InboundAuth]]:
    """InboundAuth for the fake's keys (or other settings), closed after the test."""
    made: list[InboundAuth] = []

    def make(**settings: Any) -> InboundAuth:
        made.append(InboundAuth(APP_ID, **{"openid_url": teams.openid_url, **settings}))
        return made[-1]

    yield make
    for auth in made:
        auth.close()


@pytest.fixture
def auth(make_auth: Callable[..., InboundAuth]) -> InboundAuth:
    return make_auth()


def _refused(auth: InboundAuth, header: str | None, service_url: str, **kw: object) -> str:
    with pytest.raises(Unauthorized) as refused:
        auth.verify(header, service_url, **kw)  # type: ignore[arg-type]
    return refused.value.reason


def test_genuine_request_is_accepted(teams: FakeTeams, auth: InboundAuth) -> None:
    """A token the Bot Framework signed for our app and this serviceUrl is accepted."""
    claims = auth.verify(f"Bearer {teams.token()}", teams.service_url)
    assert claims["aud"] == APP_ID
    assert claims["serviceurl"] == teams.service_url


def test_keys_are_fetched_once_and_reused(teams: FakeTeams, auth: InboundAuth) -> None:
    """Many requests cost one fetch of the metadata and keys, not one each."""
    for _ in range(20):
        auth.verify(f"Bearer {teams.token()}", teams.service_url)
    assert [c.route for c in teams.calls()] == ["openid", "keys"]


def test_requests_at_once_share_one_key_fetch(teams: FakeTeams, auth: InboundAuth) -> None:
    """Twenty first requests arriving together wait for one fetch rather than twenty."""
    errors: list[Exception] = []

    def one() -> None:
        try:
            auth.verify(f"Bearer {teams.token()}", teams.service_url)
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=one) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(teams.calls("keys")) == 1


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Bearer   ", "Basic dXNlcjpwYXNz", "Bearer not-a-jwt", "Bearer a.b.c"],
)
def test_missing_or_malformed_token_is_refused_offline(
    teams: FakeTeams, auth: InboundAuth, header: str | None
) -> None:
    """No token, or garbage, is refused at once without asking anyone for keys."""
    started = time.monotonic()
    _refused(auth, header, teams.service_url)
    assert time.monotonic() - started < 0.5
    assert teams.calls() == []


def test_unsigned_or_shared_secret_tokens_are_refused_offline(
    teams: FakeTeams, auth: InboundAuth
) -> None:
    """alg "none" and HS256 tokens (forgeable by anyone) are refused before any key fetch."""
    claims = {"iss": "https://api.botframework.com", "aud": APP_ID, "exp": time.time() + 600}
    for token in (
        jwt.encode(claims, None, algorithm="none"),
        jwt.encode(claims, "s" * 32, algorithm="HS256", headers={"kid": "fake-signing-key"}),
    ):
        assert "not RS256" in _refused(auth, f"Bearer {token}", teams.service_url)
    assert teams.calls() == []


@pytest.mark.parametrize(
    ("token_args", "reason"),
    [
        ({"expires_in": -600}, "expired"),
        ({"app_id": "someone-elses-app"}, "another app"),
        ({"issuer": "https://sts.windows.net/evil/"}, "not issued by the Bot Framework"),
        ({"stranger": True}, "signature"),
        ({"kid": "unknown-key"}, "unknown key"),
        ({"drop": ("exp",)}, "no exp claim"),
        ({"not_before": time.time() + 3600}, "not valid yet"),
    ],
)
def test_forged_or_stale_tokens_are_refused(
    teams: FakeTeams, auth: InboundAuth, token_args: dict[str, object], reason: str
) -> None:
    """Expired, someone else's, wrongly issued or wrongly signed tokens are refused."""
    token = teams.token(**token_args)  # type: ignore[arg-type]
    assert reason in _refused(auth, f"Bearer {token}", teams.service_url)


def test_a_little_clock_skew_is_forgiven(teams: FakeTeams, auth: InboundAuth) -> None:
    """A token that expired a minute ago still passes: Microsoft allows five minutes' skew."""
    auth.verify(f"Bearer {teams.token(expires_in=-60)}", teams.service_url)


def test_token_for_another_service_url_is_refused(teams: FakeTeams, auth: InboundAuth) -> None:
    """A token is bound to the serviceUrl in its activity: replies cannot be redirected."""
    token = teams.token(service_url="https://smba.trafficmanager.net/emea/")
    assert "serviceUrl" in _refused(auth, f"Bearer {token}", teams.service_url)
    assert "serviceUrl" in _refused(
        auth, f"Bearer {teams.token(drop=('serviceurl',))}", teams.service_url
    )
    assert "serviceUrl" in _refused(auth, f"Bearer {teams.token()}", "")


def test_service_url_compares_without_trailing_slash(teams: FakeTeams, auth: InboundAuth) -> None:
    """ "…/amer/" in the token and "…/amer" in the activity are the same service."""
    auth.verify(f"Bearer {teams.token()}", teams.service_url.rstrip("/"))


def test_key_not_endorsed_for_teams_is_refused(teams: FakeTeams, auth: InboundAuth) -> None:
    """A key Microsoft endorses only for other channels cannot vouch for a Teams activity."""
    teams.endorsements = ["skype"]
    assert "not endorsed" in _refused(auth, f"Bearer {teams.token()}", teams.service_url)


def test_unknown_key_is_looked_up_once_a_minute_at_most(
    teams: FakeTeams, auth: InboundAuth
) -> None:
    """A token naming a new key triggers one refetch (key rollover), not one per request."""
    auth.verify(f"Bearer {teams.token()}", teams.service_url)
    for _ in range(5):
        _refused(auth, f"Bearer {teams.token(kid='rolled-over')}", teams.service_url)
    assert len(teams.calls("keys")) == 1  # fetched at start; the refetch waits a minute
    auth.refetch_every = 0
    _refused(auth, f"Bearer {teams.token(kid='rolled-over')}", teams.service_url)
    assert len(teams.calls("keys")) == 2


def test_stale_keys_still_serve_when_microsoft_is_down(
    teams: FakeTeams, make_auth: Callable[..., InboundAuth]
) -> None:
    """Once keys are known, an outage of the key service does not lock everyone out."""
    auth = make_auth(keys_lifetime=0.05, retry_failed_after=0)
    auth.verify(f"Bearer {teams.token()}", teams.service_url)
    time.sleep(0.1)
    teams.fail(503, path="/botframework/", times=10)
    auth.verify(f"Bearer {teams.token()}", teams.service_url)
    assert len(teams.calls("openid")) == 2


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_keys_refuse_quickly(
    teams: FakeTeams, make_auth: Callable[..., InboundAuth]
) -> None:
    """With no route to Microsoft the request is refused promptly, and again at once."""
    auth = make_auth(openid_url=f"http://127.0.0.1:{_closed_port()}/openid")
    started = time.monotonic()
    assert "could not be fetched" in _refused(auth, f"Bearer {teams.token()}", teams.service_url)
    assert time.monotonic() - started < 3
    started = time.monotonic()
    _refused(auth, f"Bearer {teams.token()}", teams.service_url)
    assert time.monotonic() - started < 0.2


def test_hanging_key_service_refuses_within_the_budget(teams: FakeTeams, auth: InboundAuth) -> None:
    """A key service that accepts the connection and never answers costs at most ~2 s."""
    teams.stall(30, path="/botframework/")
    started = time.monotonic()
    assert "could not be fetched" in _refused(auth, f"Bearer {teams.token()}", teams.service_url)
    assert time.monotonic() - started < 3


def test_single_tenant_refuses_other_tenants(
    teams: FakeTeams, make_auth: Callable[..., InboundAuth]
) -> None:
    """A council's own bot accepts its tenant's activities and refuses everyone else's."""
    auth = make_auth(tenants=[TENANT_ID.upper()])
    activity = personal_message("hello", service_url=teams.service_url)
    token = f"Bearer {teams.token()}"
    auth.verify(token, teams.service_url, tenant_id=activity_tenant(activity))
    assert "not allowed" in _refused(auth, token, teams.service_url, tenant_id="other-tenant")
    assert "not allowed" in _refused(auth, token, teams.service_url, tenant_id=None)


def test_no_auth_mode_only_on_loopback() -> None:
    """Unchecked requests are for local trials: the mode refuses to start on a public address."""
    assert no_auth_requested({"IMPROVEBOT_TEAMS_NO_AUTH": "1"})
    assert not no_auth_requested({})
    assert NoAuth("127.0.0.1").verify(None, None) == {}
    NoAuth("localhost")
    NoAuth("::1")
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        NoAuth("0.0.0.0")  # noqa: S104 - the point: it must refuse
