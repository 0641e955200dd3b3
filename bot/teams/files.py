"""Board packs for Teams: a short-lived signed link, served by improvebot itself.

    links = PackLinks(sessions, clock, key, public_url)
    url = links.link(request, name, data)     # https://host/teams/files/<token>, for an hour
    routes[DOWNLOADS] = links.route()         # GET: the file, or 404 once the link is stale

Why a link and not Teams' file-consent flow: consent works only in 1:1 chats, needs an extra
"Allow" click, and puts the file in the requester's OneDrive, which councils often restrict;
a link opens the same way on desktop, web and mobile. The link is a bearer token: it names
the plan, meeting and format, carries its expiry, and is signed (HMAC-SHA256) with a key from
the app's password, so every replica honours it and nobody can make one. The pack is made
when asked for, kept in memory for its hour, and made again on a replica that lacks it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from bot import files as pack_files
from bot.clock import Clock
from bot.server import WSGIApp, respond
from bot.teams import cards, render
from bot.teams.activity import Inbound
from commands.context import FileRequest

if TYPE_CHECKING:
    from bot.teams.runtime import TeamsRuntime

DOWNLOADS = "/teams/files"
LIFETIME = timedelta(hours=1)
KEPT = 16  # packs kept in memory at once
TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
STALE = "This link has expired. Type board report to improvebot in Teams for a new one.\n"
HERE = "Here is the board pack you asked for: {name} ({size}). The link works for an hour."
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class PackLinks:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        key: bytes,
        public_url: str | None = None,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.key = key
        self.public_url = public_url.rstrip("/") if public_url else None
        self._host: str | None = None
        self._kept: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def seen_host(self, host: str | None) -> None:
        """The address Teams reached us at (an authenticated request's Host): where links
        point unless IMPROVEBOT_PUBLIC_URL says otherwise."""
        if host and re.fullmatch(r"[A-Za-z0-9.-]+(:\d{1,5})?|\[[0-9a-fA-F:]+\](:\d{1,5})?", host):
            self._host = host

    def base_url(self) -> str | None:
        if self.public_url:
            return self.public_url
        if not self._host:
            return None
        local = self._host.split(":")[0] in ("127.0.0.1", "localhost") or self._host[:1] == "["
        return f"{'http' if local else 'https'}://{self._host}"

    def link(self, request: FileRequest, name: str, data: bytes) -> str:
        expires = self.clock.now() + LIFETIME
        claims = {
            "p": request.plan_id,
            "m": request.meeting_id,
            "f": request.fmt,
            "x": int(expires.timestamp()),
            "n": hashlib.sha256(data).hexdigest()[:16],
        }
        token = _b64(json.dumps(claims, separators=(",", ":")).encode())
        token = f"{token}.{_b64(self._sign(token))}"
        with self._lock:
            self._kept[token] = (name, data)
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return f"{self.base_url() or ''}{DOWNLOADS}/{token}"

    def route(self) -> WSGIApp:
        def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
                return respond(start_response, "405 Method Not Allowed", "GET only.\n")
            token = (environ.get("PATH_INFO") or "").removeprefix(DOWNLOADS + "/")
            claims = self._claims(token)
            if claims is None:
                return respond(start_response, "404 Not Found", STALE)
            try:
                name, data = self._pack(token, claims)
            except pack_files.FileProblem as problem:
                return respond(start_response, "503 Service Unavailable", f"{problem}\n")
            start_response(
                "200 OK",
                [
                    ("Content-Type", TYPES.get(str(claims["f"]), "application/octet-stream")),
                    ("Content-Disposition", f'attachment; filename="{_safe(name)}"'),
                    ("Content-Length", str(len(data))),
                    ("Cache-Control", "private, no-store"),
                    ("X-Content-Type-Options", "nosniff"),
                    ("Content-Security-Policy", "sandbox; default-src 'none'"),
                ],
            )
            return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [data]

        return app

    def _claims(self, token: str) -> dict[str, Any] | None:
        """The link's claims if it is ours and still valid; None for anything else."""
        body, _, signature = token.partition(".")
        try:
            if not hmac.compare_digest(_unb64(signature), self._sign(body)):
                return None
            claims = json.loads(_unb64(body))
        except ValueError:
            return None
        if not isinstance(claims, dict) or not isinstance(claims.get("x"), int):
            return None
        if datetime.fromtimestamp(claims["x"], self.clock.now().tzinfo) <= self.clock.now():
            return None
        return claims

    def _pack(self, token: str, claims: dict[str, Any]) -> tuple[str, bytes]:
        with self._lock:
            kept = self._kept.get(token)
        if kept is not None:
            return kept
        request = FileRequest("board", int(claims["p"]), claims.get("m"), str(claims["f"]))
        return pack_files.make(self.sessions, request, self.clock.now())

    def _sign(self, body: str) -> bytes:
        return hmac.new(self.key, body.encode(), hashlib.sha256).digest()


def deliver(runtime: TeamsRuntime, inbound: Inbound, request: FileRequest) -> None:
    """Make the board pack and send its link to the requester's 1:1 chat; a pack that cannot
    be made (no PDF here, say) is explained where it was asked for."""
    try:
        name, data = pack_files.make(runtime.sessions, request, runtime.clock.now())
    except pack_files.FileProblem as problem:
        runtime.answer(inbound, render.message(render.text("chat/notice", {"text": str(problem)})))
        return
    url = runtime.files.link(request, name, data)
    said = HERE.format(name=name, size=_size(len(data)))
    card = cards.card(cards.text(said), actions=[cards.open_url("Download", url)])
    conversation = runtime.personal_chat(inbound)
    runtime.call(
        lambda: runtime.connector.send(inbound.service_url, conversation, cards.message(card=card))
    )


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _safe(name: str) -> str:
    return _SAFE_NAME.sub("-", name).strip("-.") or "board-pack"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError):
        raise ValueError("not base64") from None
