"""The Teams adapter's runtime: the one Bot Connector client of the process, the check on
inbound requests, and the threads that do work after Teams has had its answer.

    client = TeamsClient.for_settings(settings, sessions, clock)   # App.teams_client
    runtime = app.teams(host="0.0.0.0")                           # App.teams
    routes = runtime.routes()      # POST /api/messages, GET /teams/files/<signed link>

Teams waits 15 s for the answer to a request and then sends it again, so a message is only
checked, deduplicated and queued before the answer; the command, its reply and anything slow
(looking someone up, reading a roster, a board pack) run here afterwards. Button presses are
the exception: their answer carries the new card, so they run at once, and fast.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.delivery.transport import RetryLater, Transient, Undeliverable
from bot.settings import Settings
from bot.teams import people, render
from bot.teams.activity import Inbound
from bot.teams.auth import OPENID_METADATA, InboundAuth, NoAuth, no_auth_requested
from bot.teams.connector import Connector, Member, MsalToken, StaticToken, TokenSource
from bot.teams.limits import Limiter
from commands.context import Reply, Who
from store import teams
from store.people import by_email
from store.plan_settings import TEAMS_PREFIX
from store.teams import Reference

if TYPE_CHECKING:
    from bot.app import App
    from bot.server import WSGIApp
    from bot.teams.files import PackLinks

log = logging.getLogger(__name__)

WORKER_THREADS = 16
# A lookup while Teams waits for a button's answer must leave room in its 15 s.
QUICK_TIMEOUT = 4.0
T = TypeVar("T")


class Auth(Protocol):
    def verify(
        self,
        authorization: str | None,
        service_url: str | None,
        *,
        channel_id: str | None = None,
        tenant_id: str | None = None,
    ) -> dict[str, Any]: ...


@dataclass
class TeamsClient:
    """What the transport and the adapter share: one connector (one rate limiter, one token),
    a quicker one for lookups inside a request, and the roster reader."""

    connector: Connector
    quick: Connector
    rosters: people.Rosters
    # Signs board-pack links; from the app password, so every replica checks the same links.
    link_key: bytes

    @classmethod
    def build(
        cls,
        tokens: TokenSource,
        bot_id: str | None,
        sessions: sessionmaker[Session],
        clock: Clock,
        link_key: bytes | None = None,
    ) -> TeamsClient:
        limiter = Limiter()
        connector = Connector(tokens, bot_id=bot_id, limiter=limiter)
        quick = Connector(tokens, bot_id=bot_id, limiter=limiter, timeout=QUICK_TIMEOUT)
        rosters = people.Rosters(sessions, connector, clock)
        return cls(connector, quick, rosters, link_key or secrets.token_bytes(32))

    @classmethod
    def for_settings(
        cls, settings: Settings, sessions: sessionmaker[Session], clock: Clock
    ) -> TeamsClient:
        """MsalToken from the app's credentials, or in no-auth mode a placeholder token."""
        app_id = settings.teams_app_id or ""
        if no_auth_requested(os.environ) or not settings.teams_app_password:
            tokens: TokenSource = StaticToken()
        else:
            tokens = MsalToken(app_id, settings.teams_app_password, settings.teams_tenant_id)
        bot_id = f"28:{app_id}" if app_id else None
        return cls.build(tokens, bot_id, sessions, clock, link_key(settings.teams_app_password))

    def close(self) -> None:
        self.connector.close()
        self.quick.close()


def link_key(password: str | None) -> bytes:
    if not password:
        return secrets.token_bytes(32)  # links then last as long as this process
    return hashlib.sha256(b"improvebot board-pack links\0" + password.encode()).digest()


class TeamsRuntime:
    def __init__(self, services: App, auth: Auth, client: TeamsClient, files: PackLinks) -> None:
        self.services = services
        self.sessions = services.sessions
        self.clock = services.clock
        self.auth = auth
        self.client = client
        self.connector = client.connector
        self.files = files
        self.executor = ThreadPoolExecutor(WORKER_THREADS, thread_name_prefix="teams")

    def routes(self) -> dict[str, WSGIApp]:
        from bot.teams.endpoint import MESSAGES, endpoint
        from bot.teams.files import DOWNLOADS

        return {MESSAGES: endpoint(self), DOWNLOADS: self.files.route()}

    def close(self) -> None:
        """Let queued work finish, then let go of the key service (tests, shutdowns)."""
        self.executor.shutdown(wait=True)
        if isinstance(self.auth, InboundAuth):
            self.auth.close()

    # -- work after the answer ---------------------------------------------------------------
    def later(self, work: Callable[..., None], *args: Any) -> None:
        self.executor.submit(self._logged, work, *args)

    @staticmethod
    def _logged(work: Callable[..., None], *args: Any) -> None:
        # The end of the line for background work: nobody is waiting to hear of a failure.
        try:
            work(*args)
        except Exception:
            log.exception("Teams work %s failed", getattr(work, "__name__", work))

    def remember(self, inbound: Inbound) -> None:
        """Keep where this conversation lives, to reach it again (proactive messages)."""
        if not (inbound.service_url and inbound.base_conversation):
            return
        with self.sessions.begin() as session:
            teams.remember(session, inbound.reference(), self.clock.now())

    # -- talking to Teams --------------------------------------------------------------------
    def call(self, attempt: Callable[[], T], *, tries: int = 3) -> T:
        """A call made for someone waiting (a reply): 429s are waited out, 412s and 5xx tried
        again; one that still fails is raised, for the worker to log."""
        for n in range(tries - 1):
            try:
                return attempt()
            except RetryLater as later:
                time.sleep(min(later.after or 1.0, 10.0))
            except Transient:
                time.sleep(0.5 * 2**n)
        return attempt()

    def answer(self, inbound: Inbound, message: dict[str, Any]) -> None:
        """Post into the conversation (for a channel, the message's thread)."""
        body = {**message, "replyToId": inbound.id} if inbound.id else message
        self.call(lambda: self.connector.send(inbound.service_url, inbound.conversation_id, body))

    def reply(self, inbound: Inbound, reply: Reply) -> None:
        self.answer(inbound, render.reply(reply))
        for post in reply.posts:
            self.post(inbound, post.channel, render.post(post))

    def post(self, inbound: Inbound, channel: str, message: dict[str, Any]) -> None:
        """A message to a plan's channel, when that is a Teams one (Slack's are not ours)."""
        if not channel.startswith(TEAMS_PREFIX):
            return
        conversation = channel.removeprefix(TEAMS_PREFIX)
        with self.sessions() as session:
            found = teams.conversation(session, conversation)
        service_url = found.service_url if found else inbound.service_url
        self.call(lambda: self.connector.send(service_url, conversation, message))

    def personal_chat(self, inbound: Inbound) -> str:
        """The sender's 1:1 chat with the bot: this one, a stored one, or a new one."""
        if inbound.personal:
            return inbound.conversation_id
        with self.sessions() as session:
            found = teams.personal(session, inbound.tenant, inbound.user_id)
        if found is not None:
            return found.conversation_id
        service_url, user_id, tenant = inbound.service_url, inbound.user_id, inbound.tenant
        conversation = self.call(
            lambda: self.connector.create_personal(service_url, user_id, tenant)
        )
        ref = Reference(conversation, teams.PERSONAL, tenant, service_url, user_id=user_id)
        with self.sessions.begin() as session:
            teams.remember(session, ref, self.clock.now())
        return conversation

    # -- who someone is ----------------------------------------------------------------------
    def member(self, inbound: Inbound, user_id: str, *, quick: bool = False) -> Member | None:
        """A member of this conversation (of its team, in a channel), with their email."""
        connector = self.client.quick if quick else self.connector
        where = inbound.team_id or inbound.base_conversation
        try:
            return connector.member(inbound.service_url, where, user_id)
        except (RetryLater, Transient, Undeliverable) as error:
            log.warning("could not look up Teams member %s: %s", user_id, error)
            return None

    def email_of(self, member: Member) -> str | None:
        """The member's address a plan person has (email, else UPN), else their email."""
        found = people.addresses(member)
        with self.sessions() as session:
            for address in found:
                if by_email(session, address) is not None:
                    return address
        return found[0] if found else None

    def as_known(
        self, inbound: Inbound, work: Callable[[Who], Reply], *, quick: bool = False
    ) -> Reply:
        """Run `work` as the sender; someone not linked yet is looked up by the member API (their
        email or UPN) and matched to the plan; a stranger to every plan gets the Stranger reply."""
        reply = work(inbound.who())
        if reply.error != "Stranger":
            return reply
        found = self.member(inbound, inbound.user_id, quick=quick)
        email = self.email_of(found) if found else None
        return work(inbound.who(email)) if email else reply


def build(
    services: App,
    *,
    host: str,
    auth: Auth | None = None,
    openid_url: str = OPENID_METADATA,
) -> TeamsRuntime:
    """The runtime for `improvebot serve`: Bot Framework tokens checked on every request, or
    with IMPROVEBOT_TEAMS_NO_AUTH=1 nothing checked, which only a loopback server may do."""
    from bot.teams.files import PackLinks

    settings = services.settings
    if auth is None:
        if no_auth_requested(os.environ):
            auth = NoAuth(host)  # refuses any address but loopback
            log.warning(
                "IMPROVEBOT_TEAMS_NO_AUTH=1: Teams requests are NOT authenticated. For local "
                "trials only; unset it and set TEAMS_APP_PASSWORD for real use."
            )
        else:
            tenants = [settings.teams_tenant_id] if settings.teams_tenant_id else []
            auth = InboundAuth(settings.teams_app_id or "", openid_url=openid_url, tenants=tenants)
    client = services.teams_client
    files = PackLinks(services.sessions, services.clock, client.link_key, settings.public_url)
    return TeamsRuntime(services, auth, client, files)
