"""A fake Slack Web API on 127.0.0.1: records every call, answers like Slack, fails on demand.

    fake = FakeSlack(); fake.start()
    WebClient(token="xoxb-test", base_url=fake.base_url)
    fake.fail("chat.postMessage", status=429, headers={"Retry-After": "1"})
    fake.calls("chat.update")  -> [Call(method, headers, body), ...]
    fake.pace_channels(1.0)    # Slack's limit: a second post to a channel within 1 s is a 429
    fake.go_down(); fake.come_back()   # an outage: connections refused, then the same port

Block Kit limits are checked the way Slack checks them, so a message the bot builds too big
fails here as it would in production.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

Handler = Callable[["Call"], dict[str, Any]]


@dataclass
class Call:
    method: str
    headers: dict[str, str]
    body: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    status: int = 0
    ok: bool = False


@dataclass
class Failure:
    status: int
    headers: dict[str, str]
    body: dict[str, Any] | None
    times: int


class _Server(ThreadingHTTPServer):
    # A deep listen queue: bursts of concurrent requests must not be refused.
    request_queue_size = 128
    daemon_threads = True


class FakeSlack:
    def __init__(self) -> None:
        self.users: dict[str, dict[str, Any]] = {}
        self.team_id = "T0FAKE"
        self._calls: list[Call] = []
        self._failures: dict[str, list[Failure]] = {}
        self._handlers: dict[str, Handler] = {}
        self._lock = threading.Lock()
        self._ts = 1_700_000_000
        self._pace: float | None = None
        self._last_post: dict[str, float] = {}
        self.server = _Server(("127.0.0.1", 0), self._request_handler())
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- lifecycle -----------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def go_down(self) -> None:
        """An outage: nothing listens on the port, so every connection is refused."""
        self.stop()

    def come_back(self) -> None:
        """The end of an outage: the same address answers again."""
        self.server = _Server(self.server.server_address[:2], self._request_handler())
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    # -- test controls -------------------------------------------------------------------
    def add_user(self, user_id: str, name: str, email: str | None) -> None:
        profile = {"real_name": name, "display_name": name.split()[0], "email": email}
        self.users[user_id] = {
            "id": user_id,
            "name": name.lower().replace(" ", "."),
            "real_name": name,
            "profile": profile,
            "tz": "Europe/London",
        }

    def fail(
        self,
        method: str,
        status: int = 500,
        *,
        times: int = 1,
        headers: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        """The next `times` calls of `method` answer with this status (and body)."""
        with self._lock:
            self._failures.setdefault(method, []).append(
                Failure(status, headers or {}, body, times)
            )

    def on(self, method: str, handler: Handler) -> None:
        self._handlers[method] = handler

    def pace_channels(self, seconds: float) -> None:
        """Refuse (429, Retry-After 1) a chat.postMessage to a channel that accepted one
        less than `seconds` before: Slack's one message per second per channel."""
        self._pace = seconds

    def calls(self, method: str | None = None, *, ok: bool | None = None) -> list[Call]:
        with self._lock:
            return [
                c
                for c in self._calls
                if (method is None or c.method == method) and (ok is None or c.ok == ok)
            ]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Lazy listeners run on other threads: poll for the calls they make."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls(method)
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(f"expected {count} {method} call(s), got {len(self.calls(method))}")

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()
            self._failures.clear()
            self._last_post.clear()

    # -- answering -----------------------------------------------------------------------
    def _answer(self, call: Call) -> tuple[int, dict[str, str], dict[str, Any]]:
        with self._lock:
            self._calls.append(call)
            queue = self._failures.get(call.method, [])
            if queue:
                failure = queue[0]
                failure.times -= 1
                if failure.times <= 0:
                    queue.pop(0)
                body = failure.body or {
                    "ok": False,
                    "error": "ratelimited" if failure.status == 429 else "fatal_error",
                }
                return failure.status, failure.headers, body
            if self._too_soon(call):
                return 429, {"Retry-After": "1"}, {"ok": False, "error": "ratelimited"}
        if call.method in self._handlers:
            return 200, {}, self._handlers[call.method](call)
        problem = check_blocks(call)
        if problem:
            return 200, {}, {"ok": False, "error": "invalid_blocks", "errors": [problem]}
        return 200, {}, self._default(call)

    def _too_soon(self, call: Call) -> bool:
        if self._pace is None or call.method != "chat.postMessage":
            return False
        channel = str(call.body.get("channel"))
        last = self._last_post.get(channel)
        if last is not None and call.at - last < self._pace:
            return True
        self._last_post[channel] = call.at
        return False

    def _next_ts(self) -> str:
        with self._lock:
            self._ts += 1
            return f"{self._ts}.000100"

    def _default(self, call: Call) -> dict[str, Any]:
        body, method = call.body, call.method
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://fake.slack.com/",
                "team": "Fake",
                "user": "improvebot",
                "team_id": self.team_id,
                "user_id": "UBOT",
                "bot_id": "BBOT",
            }
        if method == "users.info":
            user = self.users.get(str(body.get("user")))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "users.lookupByEmail":
            email = str(body.get("email", "")).lower()
            for user in self.users.values():
                if (user["profile"].get("email") or "").lower() == email:
                    return {"ok": True, "user": user}
            return {"ok": False, "error": "users_not_found"}
        if method == "conversations.open":
            users = str(body.get("users", ""))
            return {"ok": True, "channel": {"id": "D" + users.replace(",", "")}}
        if method in ("chat.postMessage", "chat.postEphemeral"):
            ts = self._next_ts()
            return {
                "ok": True,
                "channel": body.get("channel"),
                "ts": ts,
                "message_ts": ts,
                "message": {"ts": ts, "text": body.get("text"), "blocks": body.get("blocks")},
            }
        if method == "chat.update":
            return {"ok": True, "channel": body.get("channel"), "ts": body.get("ts")}
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            return {
                "ok": True,
                "view": {"id": "V" + self._next_ts().replace(".", ""), **_json(body.get("view"))},
            }
        if method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": f"{self.url}/upload/F123", "file_id": "F123"}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": "F123", "title": "file"}]}
        if method == "oauth.v2.access":
            return {
                "ok": True,
                "app_id": "A1",
                "authed_user": {"id": "UINSTALLER"},
                "scope": "commands,chat:write",
                "token_type": "bot",
                "access_token": "xoxb-installed-" + str(body.get("code")),
                "bot_user_id": "UBOT2",
                "team": {"id": "T0OTHER", "name": "Other council"},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        return {"ok": True}

    def _request_handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body: dict[str, Any] = {k: v[0] for k, v in parse_qs(url.query).items()}
                ctype = self.headers.get("Content-Type", "")
                if not url.path.startswith("/api/"):
                    body["_raw"] = raw  # file uploads and response_url posts: keep the bytes
                if raw and "json" in ctype:
                    body.update(json.loads(raw))
                elif raw and "x-www-form-urlencoded" in ctype:
                    body.update({k: v[0] for k, v in parse_qs(raw.decode()).items()})
                elif raw:
                    body.setdefault("_raw", raw)
                if url.path.startswith("/api/"):
                    method = url.path[len("/api/") :]
                else:
                    method = url.path.lstrip("/")  # response_url posts, file uploads
                call = Call(method, dict(self.headers.items()), body)
                status, headers, answer = fake._answer(call)
                call.status, call.ok = status, bool(answer.get("ok"))
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = _handle
            do_POST = _handle

        return Handler


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return dict(json.loads(value))
    return dict(value or {})


# -- Block Kit limits, as Slack enforces them ------------------------------------------------
def check_blocks(call: Call) -> str | None:
    body = call.body
    if call.method in (
        "chat.postMessage",
        "chat.update",
        "chat.postEphemeral",
    ) or call.method.startswith("response"):
        blocks = body.get("blocks")
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        if blocks is not None:
            if not body.get("text"):
                return "no top-level text fallback"
            return block_problems(blocks, limit=50)
    if call.method in ("views.open", "views.publish", "views.update", "views.push"):
        view = _json(body.get("view"))
        if len(json.dumps(view)) > 250_000:
            return "view over 250 kB"
        return block_problems(view.get("blocks", []), limit=100)
    return None


def block_problems(blocks: list[dict[str, Any]], *, limit: int) -> str | None:
    if len(blocks) > limit:
        return f"{len(blocks)} blocks; the limit is {limit}"
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    if len(block_ids) != len(set(block_ids)):
        return "duplicate block_id"
    for block in blocks:
        problem = _block_problem(block)
        if problem:
            return problem
    return None


def _text_problem(text: Any, where: str, limit: int = 3000) -> str | None:
    if not isinstance(text, dict) or text.get("type") not in ("mrkdwn", "plain_text"):
        return f"{where}: not a text object"
    if not 1 <= len(text.get("text", "")) <= limit:
        return f"{where}: text length {len(text.get('text', ''))} outside 1..{limit}"
    return None


def _block_problem(block: dict[str, Any]) -> str | None:
    kind = block.get("type")
    if kind == "section":
        if "text" not in block and "fields" not in block:
            return "section without text or fields"
        if "text" in block and (p := _text_problem(block["text"], "section text")):
            return p
        fields = block.get("fields", [])
        if len(fields) > 10:
            return "more than 10 fields"
        for f in fields:
            if p := _text_problem(f, "field", 2000):
                return p
    elif kind == "header":
        return _text_problem(block.get("text"), "header", 150)
    elif kind == "context":
        elements = block.get("elements", [])
        if not 1 <= len(elements) <= 10:
            return "context needs 1..10 elements"
        for e in elements:
            if p := _text_problem(e, "context element"):
                return p
    elif kind == "actions":
        elements = block.get("elements", [])
        if not 1 <= len(elements) <= 25:
            return "actions needs 1..25 elements"
        ids = [e.get("action_id") for e in elements]
        if len(ids) != len(set(ids)):
            return "duplicate action_id in one actions block"
        for e in elements:
            if e.get("type") == "button":
                if p := _text_problem(e.get("text"), "button", 75):
                    return p
                if len(e.get("value", "")) > 2000:
                    return "button value over 2000 characters"
    elif kind == "input":
        if p := _text_problem(block.get("label"), "input label", 2000):
            return p
    elif kind not in ("divider", "image", "rich_text", "file"):
        return f"unknown block type {kind!r}"
    return None
