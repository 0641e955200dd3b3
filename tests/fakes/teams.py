"""A fake Bot Connector on 127.0.0.1: records every call, answers like Teams, fails on demand.

    fake = FakeTeams().start()
    fake.service_url                  -> "http://127.0.0.1:PORT/amer/" (what activities carry)
    fake.add_member(conversation_id, member("Ann Smith", "ann@council.gov.uk"))
    fake.fail(429, times=2, headers={"Retry-After": "3"}, path="/activities")
    fake.limit()                      # Teams' rate limits: 7 messages/s a conversation, 30 req/s
    fake.calls("send")                -> [Call(route, method, path, query, headers, body), ...]
    fake.wait_for(3, "send")

It also plays the Bot Framework's side of authentication: OpenID metadata and a key set at
fake.openid_url, real RS256 tokens from fake.token(...) signed with the published key, and a
login endpoint for msal (fake.login_http_client()). Builders at the bottom make the inbound
activities Teams posts to a bot: personal_message, channel_message, bot_added, card_action.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

APP_ID = "00000000-0000-4000-8000-0000000000b0"
BOT_ID = f"28:{APP_ID}"
BOT_NAME = "improvebot"
TENANT_ID = "11111111-1111-4111-8111-111111111111"
ISSUER = "https://api.botframework.com"
KID = "fake-signing-key"
PREFIX = "/amer"  # real service URLs have a path too (https://smba.trafficmanager.net/amer/)

Handler = Callable[["Call"], tuple[int, dict[str, Any]]]


@dataclass
class Call:
    # create, send, reply, update, member, pagedmembers; openid, keys; login, discovery, token
    route: str
    method: str
    path: str  # percent-decoded, without the service URL's prefix
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    raw_path: str = ""
    conversation: str | None = None
    at: float = field(default_factory=time.monotonic)
    status: int = 0

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


@dataclass
class Failure:
    status: int
    headers: dict[str, str]
    body: dict[str, Any] | None
    times: int
    path: str | None
    method: str | None
    delay: float = 0.0

    def matches(self, call: Call) -> bool:
        return (self.path is None or self.path in call.path) and (
            self.method is None or self.method == call.method
        )


class _Server(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (a timeout under test) is expected, not worth a traceback."""


@cache
def _signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@cache
def _stranger_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeTeams:
    def __init__(self) -> None:
        self.roster: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.endorsements = ["msteams", "emulator"]
        self.throttled = 0  # 429s answered because a rate limit was exceeded
        self._calls: list[Call] = []
        self._failures: list[Failure] = []
        self._handlers: dict[str, Handler] = {}
        self._limits: tuple[int, int] | None = None
        self._per_conversation: dict[str, deque[float]] = defaultdict(deque)
        self._overall: deque[float] = deque()
        self._ids = itertools.count(1_700_000_000_001)
        self._lock = threading.Lock()
        self._released = threading.Event()
        self._login_clients: list[LoginHttpClient] = []
        self.server = _Server(("127.0.0.1", 0), self._request_handler())
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # -- lifecycle -----------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def service_url(self) -> str:
        return f"{self.url}{PREFIX}/"

    @property
    def openid_url(self) -> str:
        return f"{self.url}/botframework/v1/.well-known/openidconfiguration"

    def start(self) -> FakeTeams:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._released.set()  # let stalled answers finish
        for client in self._login_clients:
            client.close()
        self.server.shutdown()
        self.server.server_close()

    # -- test controls -------------------------------------------------------------------
    def add_member(self, conversation_id: str, *members: dict[str, Any]) -> None:
        self.roster[conversation_id].extend(members)

    def fail(
        self,
        status: int = 500,
        *,
        times: int = 1,
        path: str | None = None,
        method: str | None = None,
        headers: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        """The next `times` calls (whose path contains `path`) answer with this status."""
        with self._lock:
            self._failures.append(Failure(status, headers or {}, body, times, path, method))

    def stall(self, seconds: float, *, times: int = 1, path: str | None = None) -> None:
        """The next `times` calls wait this long before answering (for client timeouts)."""
        with self._lock:
            self._failures.append(Failure(200, {}, None, times, path, None, delay=seconds))

    def limit(self, per_conversation: int = 7, overall: int = 30) -> None:
        """Enforce Teams' limits: messages a second per conversation, requests a second in all.
        Calls over either limit get 429 with Retry-After: 1 and are counted in `throttled`."""
        self._limits = (per_conversation, overall)

    def on(self, route: str, handler: Handler) -> None:
        self._handlers[route] = handler

    def calls(self, route: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if route is None or c.route == route]

    def wait_for(self, count: int, route: str | None = None, timeout: float = 5.0) -> list[Call]:
        """Senders and request threads run elsewhere: poll for the calls they make."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls(route)
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(
            f"expected {count} {route or ''} call(s), got {len(self.calls(route))}"
        )

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()
            self._failures.clear()
            self.throttled = 0

    # -- tokens the Bot Framework would send ---------------------------------------------
    def token(
        self,
        app_id: str = APP_ID,
        *,
        service_url: str | None = None,
        issuer: str = ISSUER,
        expires_in: float = 3600,
        not_before: float | None = None,
        kid: str = KID,
        stranger: bool = False,
        drop: tuple[str, ...] = (),
        **claims: Any,
    ) -> str:
        """A real RS256 JWT as the Bot Connector signs it (stranger=True: signed with a key
        that is not in the published set, under the same key id)."""
        now = time.time()
        payload: dict[str, Any] = {
            "iss": issuer,
            "aud": app_id,
            "iat": int(now),
            "nbf": int(not_before if not_before is not None else now),
            "exp": int(now + expires_in),
            "serviceurl": service_url if service_url is not None else self.service_url,
            **claims,
        }
        for name in drop:
            payload.pop(name, None)
        key = _stranger_key() if stranger else _signing_key()
        return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})

    def jwks(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(_signing_key().public_key()))
        return {
            "keys": [{**public, "kid": KID, "use": "sig", "endorsements": list(self.endorsements)}]
        }

    def login_http_client(self) -> LoginHttpClient:
        """An http_client for msal that sends login.microsoftonline.com calls here instead."""
        self._login_clients.append(LoginHttpClient(f"{self.url}/login"))
        return self._login_clients[-1]

    # -- answering -----------------------------------------------------------------------
    def _answer(self, call: Call) -> tuple[int, dict[str, str], Any, float]:
        with self._lock:
            self._calls.append(call)
            failure = next((f for f in self._failures if f.matches(call)), None)
            if failure is not None:
                failure.times -= 1
                if failure.times <= 0:
                    self._failures.remove(failure)
                if not failure.delay:
                    return failure.status, failure.headers, _error_body(failure), 0.0
            if self._over_limit(call):
                self.throttled += 1
                return 429, {"Retry-After": "1"}, _error(429, "Too many requests"), 0.0
        delay = failure.delay if failure else 0.0
        if call.route in self._handlers:
            status, body = self._handlers[call.route](call)
            return status, {}, body, delay
        status, body = self._default(call)
        return status, {}, body, delay

    def _over_limit(self, call: Call) -> bool:
        if self._limits is None or call.route in ("openid", "keys", "login", "discovery", "token"):
            return False
        per_conversation, overall = self._limits
        now = time.monotonic()
        for window in (self._overall, *self._per_conversation.values()):
            while window and now - window[0] >= 1.0:
                window.popleft()
        if len(self._overall) >= overall:
            return True
        messages = call.route in ("send", "reply", "update") and call.conversation
        if messages and len(self._per_conversation[call.conversation or ""]) >= per_conversation:
            return True
        self._overall.append(now)
        if messages:
            self._per_conversation[call.conversation or ""].append(now)
        return False

    def _default(self, call: Call) -> tuple[int, Any]:
        if call.route == "openid":
            return 200, {
                "issuer": ISSUER,
                "authorization_endpoint": "https://invalid.botframework.com",
                "jwks_uri": f"{self.url}/botframework/v1/.well-known/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        if call.route == "keys":
            return 200, self.jwks()
        if call.route == "login":
            tenant = call.path.split("/")[2]
            base = f"https://login.microsoftonline.com/{tenant}"
            return 200, {
                "issuer": f"{base}/v2.0",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "token_endpoint": f"{base}/oauth2/v2.0/token",
            }
        if call.route == "discovery":
            hosts = ["login.microsoftonline.com", "login.windows.net", "sts.windows.net"]
            return 200, {
                "tenant_discovery_endpoint": "https://login.microsoftonline.com/common/v2.0/"
                ".well-known/openid-configuration",
                "api-version": "1.1",
                "metadata": [
                    {"preferred_network": hosts[0], "preferred_cache": hosts[1], "aliases": hosts}
                ],
            }
        if call.route == "token":
            n = len(self.calls("token"))
            return 200, {"token_type": "Bearer", "expires_in": 3599, "access_token": f"bf-{n}"}
        if call.route == "create":
            return 200, {"id": f"a:1{next(self._ids)}", "activityId": None}
        if call.route in ("send", "reply"):
            return 200, {"id": str(next(self._ids))}
        if call.route == "update":
            return 200, {"id": call.path.rsplit("/", 1)[-1]}
        if call.route == "member":
            user = call.path.rsplit("/", 1)[-1]
            for one in self.roster.get(call.conversation or "", []):
                if user in (one.get("id"), one.get("aadObjectId")):
                    return 200, one
            return 404, _error(404, "The member was not found in the conversation.", "NotFound")
        if call.route == "pagedmembers":
            members = self.roster.get(call.conversation or "", [])
            size = int(call.query.get("pageSize") or 200)
            start = int(call.query.get("continuationToken", "page-0").removeprefix("page-"))
            page: dict[str, Any] = {"members": members[start : start + size]}
            if start + size < len(members):
                page["continuationToken"] = f"page-{start + size}"
            return 200, page
        return 404, _error(404, f"No such route: {call.method} {call.path}", "NotFound")

    def _request_handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the Bot Connector does
            disable_nagle_algorithm = True  # headers and body go out at once, no 40 ms stall

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body: Any = None
                if raw and "json" in self.headers.get("Content-Type", ""):
                    body = json.loads(raw)
                elif raw:
                    body = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                call = _route(self.command, url.path)
                call.query = {k: v[0] for k, v in parse_qs(url.query).items()}
                call.headers = dict(self.headers.items())
                call.body = body
                status, headers, answer, delay = fake._answer(call)
                if delay:
                    fake._released.wait(delay)
                call.status = status
                data = json.dumps(answer).encode() if answer is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = _handle
            do_POST = _handle
            do_PUT = _handle

        return Handler


def _route(method: str, raw_path: str) -> Call:
    """Which Bot Connector (or login) operation a request is, with its conversation id."""
    segments = [unquote(s) for s in raw_path.split("/")]
    path = "/".join(segments)
    if path.startswith(PREFIX + "/"):
        path, segments = path[len(PREFIX) :], segments[0:1] + segments[2:]
    call = Call("unknown", method, path, {}, {}, None, raw_path=raw_path)
    if path.startswith("/botframework/"):
        call.route = "keys" if path.endswith("/keys") else "openid"
    elif path.startswith("/login/"):
        call.route = "token" if path.endswith("/token") else "login"
        if path.endswith("/discovery/instance"):
            call.route = "discovery"
    elif segments[1:3] == ["v3", "conversations"]:
        rest = segments[3:]
        call.conversation = rest[0] if rest else None
        shape = (method, len(rest), rest[1] if len(rest) > 1 else "")
        call.route = {
            ("POST", 0, ""): "create",
            ("POST", 2, "activities"): "send",
            ("POST", 3, "activities"): "reply",
            ("PUT", 3, "activities"): "update",
            ("GET", 3, "members"): "member",
            ("GET", 2, "pagedmembers"): "pagedmembers",
        }.get(shape, "unknown")
    return call


def _error(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code or str(status), "message": message}}


def _error_body(failure: Failure) -> dict[str, Any]:
    if failure.body is not None:
        return failure.body
    if failure.status == 403:
        return _error(
            403, "User blocked the conversation with the bot.", "ConversationBlockedByUser"
        )
    if failure.status == 404:
        return _error(404, "Conversation not found.", "ConversationNotFound")
    if failure.status == 412:
        return _error(412, "Precondition failed, please try again.", "PreconditionFailed")
    if failure.status == 429:
        return _error(429, "Too many requests", "ThrottledRequest")
    return _error(failure.status, "Something went wrong", "ServiceError")


class LoginHttpClient:
    """msal's pluggable http_client, sending https://login.microsoftonline.com to the fake."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._http = httpx.Client(timeout=5.0)

    def _url(self, url: str) -> str:
        return url.replace("https://login.microsoftonline.com", self.base)

    def get(self, url: str, params: Any = None, headers: Any = None, **_: Any) -> _Response:
        return _Response(self._http.get(self._url(url), params=params, headers=headers))

    def post(
        self, url: str, params: Any = None, data: Any = None, headers: Any = None, **_: Any
    ) -> _Response:
        answer = self._http.post(self._url(url), params=params, data=data, headers=headers)
        return _Response(answer)

    def close(self) -> None:
        self._http.close()


class _Response:
    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.text = response.text
        self.headers = response.headers
        self._response = response

    def raise_for_status(self) -> None:
        self._response.raise_for_status()


# -- inbound activities, as Teams posts them to POST /api/messages ----------------------------
ANN = {"id": "29:1ann", "name": "Ann Smith", "aadObjectId": "aaaaaaaa-0000-4000-8000-00000000a001"}
BOT = {"id": BOT_ID, "name": BOT_NAME}
TEAM_ID = "19:team@thread.tacv2"
CHANNEL_ID = "19:general@thread.tacv2"
PERSONAL = "a:1personal-ann"


def member(
    name: str, email: str, *, user_id: str | None = None, aad: str | None = None
) -> dict[str, Any]:
    """A roster entry as Teams returns it (TeamsChannelAccount)."""
    given, _, surname = name.partition(" ")
    slug = email.split("@")[0].replace(".", "")
    return {
        "id": user_id or f"29:1{slug}",
        "name": name,
        "givenName": given,
        "surname": surname,
        "email": email,
        "userPrincipalName": email.lower(),
        "aadObjectId": aad or f"aad-{slug}",
        "tenantId": TENANT_ID,
        "userRole": "user",
    }


def _activity(
    kind: str, service_url: str, conversation: dict[str, Any], **rest: Any
) -> dict[str, Any]:
    return {
        "type": kind,
        "id": f"f:{time.monotonic_ns()}",
        "timestamp": "2026-11-16T10:00:00.000Z",
        "localTimestamp": "2026-11-16T10:00:00.000+00:00",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": ANN,
        "recipient": BOT,
        "conversation": {"tenantId": TENANT_ID, **conversation},
        "locale": "en-GB",
        **rest,
    }


def _personal() -> dict[str, Any]:
    return {"conversationType": "personal", "id": PERSONAL}


def _tenant() -> dict[str, Any]:
    return {"tenant": {"id": TENANT_ID}}


def personal_message(text: str, *, service_url: str, user: dict[str, str] = ANN) -> dict[str, Any]:
    """Someone typing to the bot in their 1:1 chat with it."""
    return {
        **_activity("message", service_url, _personal(), textFormat="plain", text=text),
        "from": user,
        "channelData": _tenant(),
        "entities": [{"type": "clientInfo", "locale": "en-GB", "country": "GB", "platform": "Web"}],
    }


def channel_message(
    text: str, *, service_url: str, root_id: str | None = None, user: dict[str, str] = ANN
) -> dict[str, Any]:
    """ "@improvebot <text>" posted in a team channel (a new post, or a reply under root_id)."""
    message_id = str(time.monotonic_ns())
    thread = root_id or message_id
    conversation = {
        "isGroup": True,
        "conversationType": "channel",
        "id": f"{CHANNEL_ID};messageid={thread}",
    }
    mention = f"<at>{BOT_NAME}</at>"
    return {
        **_activity("message", service_url, conversation, textFormat="plain"),
        "id": message_id,
        "from": user,
        "text": f"{mention} {text}",
        "entities": [
            {"type": "mention", "mentioned": BOT, "text": mention},
            {"type": "clientInfo", "locale": "en-GB", "country": "GB", "platform": "Web"},
        ],
        "channelData": {
            "teamsChannelId": CHANNEL_ID,
            "teamsTeamId": TEAM_ID,
            "channel": {"id": CHANNEL_ID},
            "team": {"id": TEAM_ID},
            **_tenant(),
        },
        **({"replyToId": root_id} if root_id else {}),
    }


def bot_added(*, service_url: str, scope: str = "personal") -> dict[str, Any]:
    """conversationUpdate when the app is installed: in a 1:1 chat, or to a team."""
    if scope == "team":
        conversation = {"isGroup": True, "conversationType": "channel", "id": CHANNEL_ID}
        channel_data: dict[str, Any] = {
            "eventType": "teamMemberAdded",
            "team": {"id": TEAM_ID, "name": "Improvement Board", "aadGroupId": "group-guid"},
            "settings": {"selectedChannel": {"id": CHANNEL_ID}},
            **_tenant(),
        }
    else:
        conversation, channel_data = _personal(), _tenant()
    return _activity(
        "conversationUpdate",
        service_url,
        conversation,
        membersAdded=[{"id": BOT_ID}],
        channelData=channel_data,
    )


def card_action(
    verb: str,
    data: dict[str, Any],
    *,
    service_url: str,
    inputs: dict[str, Any] | None = None,
    reply_to_id: str = "1700000000001",
) -> dict[str, Any]:
    """A press on an Action.Execute button: the adaptiveCard/action invoke, with the button's
    data merged with the card's input values, as Teams sends it."""
    return {
        **_activity("invoke", service_url, _personal()),
        "name": "adaptiveCard/action",
        "replyToId": reply_to_id,
        "channelData": {**_tenant(), "source": {"name": "message"}},
        "value": {
            "action": {"type": "Action.Execute", "verb": verb, "data": {**data, **(inputs or {})}},
            "trigger": "manual",
        },
    }
