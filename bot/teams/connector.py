"""Calling the Bot Connector, Teams' REST API, from sync threads (the sender's, the server's).

    connector = Connector(MsalToken(app_id, secret, tenant_id), bot_id=f"28:{app_id}")
    activity_id = connector.send(service_url, conversation_id, message(card=card))
    connector.reply_in_thread(service_url, channel_id, root_id, message(text="Done"))
    connector.update(service_url, conversation_id, activity_id, message(card=new_card))
    conversation_id = connector.create_personal(service_url, user_id, tenant_id)
    connector.member(service_url, conversation_id, user_id)  -> Member (email, UPN, AAD id)
    for person in connector.members(service_url, conversation_id): ...  # every page

service_url is the one the conversation's activities carry: store it with the conversation.
Failures raise the delivery exceptions, so the sender knows what to do next:

    429                              RetryLater(Retry-After, else a short backoff)
    401                              Transient (our token is dropped and fetched again)
    412, 502, 504, other 5xx,
    timeouts, connection errors      Transient
    403                              Undeliverable: the user blocked or removed the bot
    404 and other 4xx                Undeliverable, with Teams' reason

Teams answers within seconds; a call that takes over `timeout` (10 s) counts as transient.
With a `limiter` (bot/teams/limits.py) every call first waits for room in Teams' rate limits:
the app's, and for messages the conversation's.
"""

from __future__ import annotations

import base64
import json
import random
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Protocol, TypeVar
from urllib.parse import quote

import httpx
import msal
import pydantic
from microsoft_teams.api.models import (
    ConversationResource,
    PagedMembersResult,
    TeamsChannelAccount,
)

from bot.delivery.transport import RetryLater, Transient, Undeliverable
from bot.teams.limits import Limiter

BOT_SCOPE = "https://api.botframework.com/.default"
LOGIN = "https://login.microsoftonline.com"
# Multi-tenant bots get their token from the Bot Framework's own tenant.
MULTI_TENANT = "botframework.com"


def _placeholder() -> str:
    """A JWT-shaped, unsigned token: no-auth mode's stand-in (some tools decode the token)."""

    def part(data: dict[str, str]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part({'iss': 'improvebot'})}."


NO_AUTH_TOKEN = _placeholder()


# -- the bot's own token ---------------------------------------------------------------------
class TokenUnavailable(Exception):
    """No token for the Bot Connector: the login service is down or the credentials are wrong."""


class TokenSource(Protocol):
    def token(self) -> str: ...

    def invalidate(self) -> None: ...


class StaticToken:
    """The same token every time: no-auth mode (IMPROVEBOT_TEAMS_NO_AUTH=1) and tests."""

    def __init__(self, value: str = NO_AUTH_TOKEN) -> None:
        self.value = value

    def token(self) -> str:
        return self.value

    def invalidate(self) -> None:
        pass


class MsalToken:
    """Client credentials for https://api.botframework.com/.default, from msal, which keeps the
    token in memory and asks for a new one only near its expiry.

    tenant_id: the bot's tenant for a single-tenant app registration; None for multi-tenant.
    http_client: msal's pluggable HTTP client (tests send it to a fake login service).
    """

    def __init__(
        self,
        app_id: str,
        secret: str,
        tenant_id: str | None = None,
        *,
        login: str = LOGIN,
        scope: str = BOT_SCOPE,
        timeout: float = 10.0,
        http_client: Any = None,
    ) -> None:
        self.app_id = app_id
        self.authority = f"{login.rstrip('/')}/{tenant_id or MULTI_TENANT}"
        self.scope = scope
        self._secret = secret
        self._timeout = timeout
        self._http_client = http_client
        self._app: msal.ConfidentialClientApplication | None = None
        self._lock = threading.Lock()

    def token(self) -> str:
        try:
            with self._lock:
                if self._app is None:
                    self._app = msal.ConfidentialClientApplication(
                        self.app_id,
                        client_credential=self._secret,
                        authority=self.authority,
                        http_client=self._http_client,
                        timeout=self._timeout,
                    )
                app = self._app
            result = app.acquire_token_for_client(scopes=[self.scope])
        except (OSError, ValueError, httpx.HTTPError) as error:
            raise TokenUnavailable(f"login failed: {type(error).__name__}: {error}") from None
        if not isinstance(result, dict) or "access_token" not in result:
            problem = result.get("error_description") or result.get("error") if result else None
            raise TokenUnavailable(
                f"no token for app {self.app_id}: {problem}. Check the app id, secret and tenant."
            )
        return str(result["access_token"])

    def invalidate(self) -> None:
        """Forget the cached token (the Bot Connector refused it): the next call logs in again."""
        with self._lock:
            self._app = None


# -- what the Bot Connector gives back -------------------------------------------------------
@dataclass(frozen=True)
class Member:
    id: str  # the Teams user id ("29:…"), for creating a 1:1 chat
    name: str
    email: str | None
    user_principal_name: str | None
    aad_object_id: str | None
    tenant_id: str | None = None


@dataclass(frozen=True)
class MembersPage:
    members: list[Member]
    continuation_token: str | None


def thread_id(channel_conversation_id: str, root_id: str) -> str:
    """The conversation id of a reply thread under a channel post."""
    channel = channel_conversation_id.split(";messageid=")[0]
    return f"{channel};messageid={root_id}"


class Connector:
    def __init__(
        self,
        tokens: TokenSource,
        *,
        bot_id: str | None = None,
        timeout: float = 10.0,
        backoff: float = 1.0,
        transport: httpx.BaseTransport | None = None,
        limiter: Limiter | None = None,
    ) -> None:
        self.tokens = tokens
        self.bot_id = bot_id  # "28:<app id>", named as the bot when creating a 1:1 chat
        self.backoff = backoff
        self.limiter = limiter
        self._http = httpx.Client(
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
            headers={"User-Agent": "improvebot"},
        )

    def close(self) -> None:
        self._http.close()

    # -- messages ----------------------------------------------------------------------------
    def send(
        self, service_url: str, conversation_id: str, activity: Mapping[str, Any]
    ) -> str | None:
        """Post a new message; its activity id (None if Teams gave none, as it may with 202)."""
        path = _conversation(conversation_id, "activities")
        answer = self._call("POST", service_url, path, activity, conversation=conversation_id)
        return _id(answer)

    def reply_in_thread(
        self, service_url: str, channel_id: str, root_id: str, activity: Mapping[str, Any]
    ) -> str | None:
        """Post under a channel post. Teams ignores replyToId for threading: the thread is its
        own conversation, "<channel id>;messageid=<root id>"."""
        return self.send(service_url, thread_id(channel_id, root_id), activity)

    def update(
        self,
        service_url: str,
        conversation_id: str,
        activity_id: str,
        activity: Mapping[str, Any],
    ) -> None:
        """Replace a message the bot sent (a card after its buttons were used, say)."""
        path = _conversation(conversation_id, "activities", activity_id)
        body = {**activity, "id": activity_id}
        self._call("PUT", service_url, path, body, conversation=conversation_id)

    # -- conversations and people ------------------------------------------------------------
    def create_personal(self, service_url: str, user_id: str, tenant_id: str) -> str:
        """The 1:1 chat with a user (Teams id or AAD object id) who has the app installed, or
        shares a team with it; Teams returns the existing chat if there is one."""
        body: dict[str, Any] = {
            "isGroup": False,
            "members": [{"id": user_id}],
            "tenantId": tenant_id,
            "channelData": {"tenant": {"id": tenant_id}},
        }
        if self.bot_id:
            body["bot"] = {"id": self.bot_id}
        answer = self._call("POST", service_url, "v3/conversations", body)
        created = _parse(ConversationResource, answer)
        if not created.id:
            raise Transient("Teams created a conversation but gave no id")
        return created.id

    def member(self, service_url: str, conversation_id: str, user_id: str) -> Member:
        """One member of a chat or team, with their email and UPN."""
        answer = self._call("GET", service_url, _conversation(conversation_id, "members", user_id))
        return _member(_parse(TeamsChannelAccount, answer))

    def members_page(
        self,
        service_url: str,
        conversation_id: str,
        *,
        page_size: int | None = None,
        continuation_token: str | None = None,
    ) -> MembersPage:
        query = {"pageSize": page_size, "continuationToken": continuation_token}
        answer = self._call(
            "GET",
            service_url,
            _conversation(conversation_id, "pagedmembers"),
            params={k: v for k, v in query.items() if v is not None},
        )
        page = _parse(PagedMembersResult, answer)
        return MembersPage([_member(m) for m in page.members or []], page.continuation_token)

    def members(
        self, service_url: str, conversation_id: str, *, page_size: int | None = None
    ) -> Iterator[Member]:
        """Everyone in a chat or team, page after page."""
        token: str | None = None
        seen: set[str] = set()
        while True:
            page = self.members_page(
                service_url, conversation_id, page_size=page_size, continuation_token=token
            )
            yield from page.members
            token = page.continuation_token
            if not token or token in seen:  # a repeated token would loop for ever
                return
            seen.add(token)

    # -- the HTTP call -----------------------------------------------------------------------
    def _call(
        self,
        method: str,
        service_url: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        *,
        params: Mapping[str, Any] | None = None,
        conversation: str | None = None,
    ) -> Any:
        try:
            token = self.tokens.token()
        except TokenUnavailable as error:
            raise Transient(f"no Bot Framework token: {error}") from None
        url = service_url.rstrip("/") + "/" + path
        try:
            with self.limiter.slot(conversation) if self.limiter else nullcontext():
                response = self._http.request(
                    method,
                    url,
                    json=dict(body) if body is not None else None,
                    params=dict(params) if params else None,
                    headers={"Authorization": f"Bearer {token}"},
                )
        except httpx.TimeoutException:
            raise Transient(f"Teams did not answer {method} {path} in time") from None
        except httpx.TransportError as error:
            raise Transient(f"could not reach Teams: {type(error).__name__}: {error}") from None
        if not response.is_success:
            raise self._failure(response)
        if not response.content.strip():
            return None  # 201/202 with no body: Teams sometimes gives no activity id
        try:
            return response.json()
        except ValueError:
            raise Transient(f"Teams answered {method} {path} with something not JSON") from None

    def _failure(self, response: httpx.Response) -> Exception:
        status = response.status_code
        code, message = _error(response)
        said = f"{code}: {message}" if code and message else (code or message or "no detail")
        if status == 429:
            return RetryLater(_retry_after(response) or self._jittered(), "Teams rate limit (429)")
        if status == 401:
            self.tokens.invalidate()
            return Transient(f"Teams refused our token (401 {said}); logging in again")
        if status == 412 or status >= 500:
            return Transient(f"Teams answered {status} ({said})")
        if status == 403:
            if (
                not (code or message)
                or "MessageWritesBlocked" in response.text
                or (code == "ConversationBlockedByUser")
            ):
                return Undeliverable("the user blocked or removed the bot")
            return Undeliverable(f"Teams refused it (403 {said})")
        if status == 404:
            return Undeliverable(f"Teams could not find the conversation or person (404 {said})")
        return Undeliverable(f"Teams answered {status} ({said})")

    def _jittered(self) -> float:
        return self.backoff * (1 + random.random())  # noqa: S311 - jitter, not a secret


def _conversation(conversation_id: str, *rest: str) -> str:
    return "/".join(
        ["v3/conversations", *(quote(part, safe="") for part in (conversation_id, *rest))]
    )


def _id(answer: Any) -> str | None:
    value = answer.get("id") if isinstance(answer, dict) else None
    return str(value) if value else None


Model = TypeVar("Model", bound=pydantic.BaseModel)


def _parse(model: type[Model], answer: Any) -> Model:
    """Teams' answer read with the Teams SDK's own model of it."""
    try:
        return model.model_validate(answer or {})
    except pydantic.ValidationError as error:
        raise Transient(f"Teams answered with an unexpected {model.__name__}: {error}") from None


def _member(account: TeamsChannelAccount) -> Member:
    return Member(
        id=str(account.id),
        name=account.name or "",
        email=account.email,
        user_principal_name=account.user_principal_name,
        aad_object_id=account.aad_object_id,
        tenant_id=account.tenant_id,
    )


def _error(response: httpx.Response) -> tuple[str, str]:
    """Teams' error code and message, from {"error": {"code", "message"}} when it sends one."""
    try:
        data = response.json()
    except ValueError:
        return "", response.text[:200].strip()
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict):
        return "", ""
    return str(error.get("code") or ""), str(error.get("message") or "")[:200]


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds from a Retry-After header: a number, or an HTTP date."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return None
