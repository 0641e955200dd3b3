"""Checking that a request to POST /api/messages really comes from the Bot Framework.

    auth = InboundAuth(app_id)                       # keys from login.botframework.com
    claims = auth.verify(environ.get("HTTP_AUTHORIZATION"), activity.get("serviceUrl"),
                         channel_id=activity.get("channelId"), tenant_id=activity_tenant(activity))
    # raises Unauthorized(reason): answer 401, log the reason, show the caller nothing more

Microsoft's rules ("Authenticate requests from the Bot Connector service"; docs/teams.md):
a Bearer JWT signed (RS256) by a key listed at the OpenID metadata's jwks_uri and endorsed for
the activity's channel, issuer https://api.botframework.com, audience our app id, not expired
(5 minutes' clock skew allowed), and a serviceUrl claim equal to the activity's serviceUrl.

Safe offline and fast: a missing or malformed token is refused before any network. Keys are
fetched by one thread at a time within `budget` seconds (2 s), kept for a day, fetched again
at most once a minute for an unknown key id, and kept when a later fetch fails. When they
cannot be fetched at all the request is refused within the budget, and for the next few
seconds at once.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

log = logging.getLogger(__name__)

ISSUER = "https://api.botframework.com"
OPENID_METADATA = "https://login.botframework.com/v1/.well-known/openidconfiguration"
NO_AUTH_ENV = "IMPROVEBOT_TEAMS_NO_AUTH"
_ASYMMETRIC = ("RS256", "RS384", "RS512")


class Unauthorized(Exception):
    """The request is refused; `reason` is for the log, never for the caller."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class _Key:
    jwk: jwt.PyJWK
    # None when the key lists no endorsements (then no channel check is possible).
    endorsements: frozenset[str] | None


class InboundAuth:
    def __init__(
        self,
        app_id: str,
        *,
        openid_url: str = OPENID_METADATA,
        tenants: Iterable[str] = (),
        budget: float = 2.0,
        keys_lifetime: float = 24 * 3600,
        refetch_every: float = 60.0,
        retry_failed_after: float = 5.0,
        leeway: float = 300.0,
        http: httpx.Client | None = None,
    ) -> None:
        if not app_id:
            raise ValueError("Checking Teams requests needs the bot's app id")
        self.app_id = app_id
        self.openid_url = openid_url
        # Single-tenant: only these tenants' activities are accepted (empty: any tenant).
        self.tenants = frozenset(t.lower() for t in tenants)
        self.budget = budget
        self.keys_lifetime = keys_lifetime
        self.refetch_every = refetch_every
        self.retry_failed_after = retry_failed_after
        self.leeway = leeway
        self._http = http or httpx.Client(follow_redirects=False)
        self._lock = threading.Lock()
        self._keys: dict[str, _Key] = {}
        self._algorithms = ["RS256"]
        self._fetched_at: float | None = None
        self._tried_at: float | None = None
        self._failure: str | None = None

    def verify(
        self,
        authorization: str | None,
        service_url: str | None,
        *,
        channel_id: str | None = None,
        tenant_id: str | None = None,
    ) -> dict[str, Any]:
        """The token's claims if the request is genuine; Unauthorized(reason) if not.
        channel_id is the activity's channelId (a Teams bot's are all "msteams")."""
        token = _bearer(authorization)
        kid = self._key_id(token)
        key = self._key(kid)
        channel = channel_id or "msteams"
        if key.endorsements is not None and channel not in key.endorsements:
            raise Unauthorized(f"the signing key is not endorsed for channel {channel}")
        claims = self._decode(token, key)
        claimed = claims.get("serviceurl", claims.get("serviceUrl"))
        if not service_url:
            raise Unauthorized("the activity has no serviceUrl")
        if not isinstance(claimed, str) or _same_url(claimed) != _same_url(service_url):
            raise Unauthorized("the token was issued for another serviceUrl")
        if self.tenants and (tenant_id or "").lower() not in self.tenants:
            raise Unauthorized(f"tenant {tenant_id or '(none)'} is not allowed")
        return claims

    def close(self) -> None:
        self._http.close()

    # -- the token --------------------------------------------------------------------------
    def _key_id(self, token: str) -> str:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise Unauthorized("the token is not a JWT") from None
        if header.get("alg") not in self._algorithms:
            raise Unauthorized(f"the token is signed with {header.get('alg')!r}, not RS256")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise Unauthorized("the token names no signing key")
        return kid

    def _decode(self, token: str, key: _Key) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.jwk.key,
                algorithms=self._algorithms,
                audience=self.app_id,
                issuer=ISSUER,
                leeway=self.leeway,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("the token has expired") from None
        except jwt.InvalidAudienceError:
            raise Unauthorized("the token is for another app") from None
        except jwt.InvalidIssuerError:
            raise Unauthorized("the token was not issued by the Bot Framework") from None
        except jwt.ImmatureSignatureError:
            raise Unauthorized("the token is not valid yet") from None
        except jwt.InvalidSignatureError:
            raise Unauthorized("the token's signature does not match its key") from None
        except jwt.MissingRequiredClaimError as error:
            raise Unauthorized(f"the token has no {error.claim} claim") from None
        except jwt.InvalidTokenError as error:
            raise Unauthorized(f"the token is invalid: {error}") from None
        return claims

    # -- the keys ---------------------------------------------------------------------------
    def _key(self, kid: str) -> _Key:
        key = self._keys.get(kid)
        if key is not None and self._fresh(time.monotonic()):
            return key
        if not self._lock.acquire(timeout=self.budget):
            raise Unauthorized("the signing keys are still being fetched")
        try:
            key = self._keys.get(kid)
            now = time.monotonic()
            if key is not None and self._fresh(now):
                return key
            if self._may_fetch(now, known=key is not None):
                self._fetch()
            key = self._keys.get(kid)
        finally:
            self._lock.release()
        if key is not None:
            return key  # possibly stale: better than refusing everyone while Microsoft is down
        if self._failure:
            raise Unauthorized(f"the signing keys could not be fetched: {self._failure}")
        raise Unauthorized("the token is signed by an unknown key")

    def _fresh(self, now: float) -> bool:
        return self._fetched_at is not None and now - self._fetched_at < self.keys_lifetime

    def _may_fetch(self, now: float, *, known: bool) -> bool:
        if self._tried_at is None:
            return True
        since = now - self._tried_at
        if not self._fresh(now):
            return since >= self.retry_failed_after
        return not known and since >= self.refetch_every

    def _fetch(self) -> None:
        deadline = time.monotonic() + self.budget
        self._tried_at = time.monotonic()
        try:
            metadata = self._get_json(self.openid_url, deadline)
            jwks_uri = metadata["jwks_uri"]
            if not isinstance(jwks_uri, str):
                raise ValueError("the OpenID metadata has no jwks_uri")
            algorithms = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
            keys = _keys(self._get_json(jwks_uri, deadline))
        except (httpx.HTTPError, OSError, ValueError, KeyError, TypeError) as error:
            self._failure = f"{type(error).__name__}: {error}"
            log.warning("Teams signing keys unavailable from %s: %s", self.openid_url, error)
            return
        self._keys = keys
        self._algorithms = [a for a in _ASYMMETRIC if a in algorithms] or ["RS256"]
        self._fetched_at = time.monotonic()
        self._failure = None

    def _get_json(self, url: str, deadline: float) -> Mapping[str, Any]:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no time left to fetch {url}")
        response = self._http.get(url, timeout=httpx.Timeout(left))
        response.raise_for_status()
        data = response.json()
        if not isinstance(data, dict):
            raise ValueError(f"{url} did not answer with a JSON object")
        return data


def _keys(keyset: Mapping[str, Any]) -> dict[str, _Key]:
    keys: dict[str, _Key] = {}
    for entry in keyset.get("keys") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
            continue
        try:
            jwk = jwt.PyJWK(entry)
        except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError):
            continue  # a key type we cannot use; Microsoft may list others
        endorsements = entry.get("endorsements")
        keys[entry["kid"]] = _Key(
            jwk, frozenset(endorsements) if isinstance(endorsements, list) else None
        )
    if not keys:
        raise ValueError("the key set has no usable signing keys")
    return keys


def _bearer(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").strip().partition(" ")
    if not authorization or scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("no Bearer token")
    token = token.strip()
    if token.count(".") != 2:
        raise Unauthorized("the token is not a JWT")
    return token


def _same_url(url: str) -> str:
    return url.strip().rstrip("/").lower()


def activity_tenant(activity: Mapping[str, Any]) -> str | None:
    """The tenant an activity comes from (conversation.tenantId, else channelData.tenant.id)."""
    conversation = activity.get("conversation")
    if isinstance(conversation, Mapping) and conversation.get("tenantId"):
        return str(conversation["tenantId"])
    channel_data = activity.get("channelData")
    tenant = channel_data.get("tenant") if isinstance(channel_data, Mapping) else None
    if isinstance(tenant, Mapping) and tenant.get("id"):
        return str(tenant["id"])
    return None


# -- no-auth mode, for local trials ----------------------------------------------------------
def no_auth_requested(environ: Mapping[str, str]) -> bool:
    return environ.get(NO_AUTH_ENV, "") == "1"


class NoAuth:
    """Accepts every request, unchecked: only for a server bound to loopback (local trials with
    a fake connector or the Agents Playground). Anywhere else it refuses to start."""

    def __init__(self, host: str) -> None:
        if not _loopback(host):
            raise ValueError(
                f"{NO_AUTH_ENV}=1 accepts unchecked requests, so the server must listen on "
                f"127.0.0.1 or localhost, not {host!r}. Unset it and configure the app id."
            )

    def verify(
        self,
        authorization: str | None,
        service_url: str | None,
        *,
        channel_id: str | None = None,
        tenant_id: str | None = None,
    ) -> dict[str, Any]:
        return {}


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
