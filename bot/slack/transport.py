"""Sending queued messages to Slack: channel posts, DMs, and replies in a thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import App
from bot.delivery.transport import Delivery, Pace, RetryLater, Transient, Undeliverable
from bot.slack import notify
from store import people
from store.models import ChatIdentity, Person

# Errors that another attempt cannot fix; everything else is retried.
PERMANENT = {
    "account_inactive", "cannot_dm_bot", "channel_not_found", "invalid_auth", "invalid_blocks",
    "is_archived", "missing_scope", "msg_too_long", "no_permission", "not_authed",
    "not_in_channel", "team_access_not_granted", "token_revoked", "user_disabled",
    "user_not_found", "users_not_found",
}  # fmt: skip


class SlackTransport:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        client_for: Callable[[str], WebClient],
        team_for: Callable[[str], str] | None = None,
    ) -> None:
        self.sessions = sessions
        self.client_for = client_for
        # A plan with no workspace uses the one bot token; its team id keys identities, the
        # same way slash commands key them.
        self.team_for = team_for or (lambda workspace: workspace)

    def send(self, delivery: Delivery, pace: Pace) -> dict[str, Any]:
        client = self.client_for(delivery.workspace)
        payload = notify.message(delivery.payload)
        progress = dict(delivery.progress)
        try:
            channel = progress.get("channel") or self._channel(client, delivery)
            progress["channel"] = channel
            posted = False  # by this call: the sender paced the channel before the first post
            if not progress.get("ts"):
                progress["ts"] = client.chat_postMessage(channel=channel, **_message(payload))["ts"]
                posted = True
            thread = payload.get("thread", [])
            for n in range(int(progress.get("thread_done", 0)), len(thread)):
                if posted:
                    pace()  # thread replies count against the channel's rate limit too
                client.chat_postMessage(
                    channel=channel, thread_ts=progress["ts"], **_message(thread[n])
                )
                posted = True
                progress["thread_done"] = n + 1
        except SlackApiError as error:
            raise _classify(error, progress) from None
        except OSError as error:  # timeouts, refused or reset connections
            raise Transient(f"{type(error).__name__}: {error}", progress) from None
        return progress

    def _channel(self, client: WebClient, delivery: Delivery) -> str:
        kind, _, value = delivery.target.partition(":")
        if kind == "channel":
            return value.lstrip("#")
        return self._dm(client, self.team_for(delivery.workspace), int(value))

    def _dm(self, client: WebClient, workspace: str, person_id: int) -> str:
        """The DM channel with a person: cached, else found by email and opened once."""
        with self.sessions() as session:
            person = session.get_one(Person, person_id)
            identity = session.scalar(
                select(ChatIdentity).where(
                    ChatIdentity.person_id == person_id,
                    ChatIdentity.platform == "slack",
                    ChatIdentity.workspace == workspace,
                )
            )
            if identity is not None and identity.dm_channel:
                return identity.dm_channel
            user_id = identity.user_id if identity else None
            email, name = person.email, person.display
        if user_id is None:
            if not email:
                raise Undeliverable(f"{name} has no email, so they cannot be found in Slack")
            try:
                user_id = client.users_lookupByEmail(email=email)["user"]["id"]
            except SlackApiError as error:
                if error.response.get("error") == "users_not_found":
                    raise Undeliverable(f"No Slack user has the email {email} ({name})") from None
                raise
        channel = client.conversations_open(users=user_id)["channel"]["id"]
        with self.sessions.begin() as session:
            person = session.get_one(Person, person_id)
            people.link_identity(
                session, person, "slack", workspace, str(user_id)
            ).dm_channel = channel
        return str(channel)


def _message(payload: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"text": payload.get("text") or " "}
    if payload.get("blocks"):
        out["blocks"] = payload["blocks"]
    return out


def _classify(error: SlackApiError, progress: dict[str, Any]) -> Exception:
    status = error.response.status_code
    code = str(error.response.get("error") or "")
    if status == 429 or code == "ratelimited":
        headers = {k.lower(): v for k, v in (error.response.headers or {}).items()}
        after = headers.get("retry-after")
        return RetryLater(float(after) if after else 1.0, "rate limited by Slack", progress)
    if code in PERMANENT:
        return Undeliverable(f"Slack said {code}")
    return Transient(f"Slack answered {status} {code}".strip(), progress)


def for_app(app: App) -> SlackTransport:
    """One bot token for a single workspace, or each workspace's installed (decrypted) token."""
    from slack_sdk.oauth.installation_store import InstallationStore

    settings = app.settings
    base = settings.slack_api_url or "https://slack.com/api/"
    base = base if base.endswith("/") else base + "/"
    # No retry handler: the sender reschedules on 429 instead of sleeping in a worker thread.
    if settings.slack_bot_token:
        client = WebClient(token=settings.slack_bot_token, base_url=base, timeout=10)
        return SlackTransport(app.sessions, lambda workspace: client, _own_team(client))
    from bot.slack.oauth import EncryptedInstallationStore, cipher

    store: InstallationStore = EncryptedInstallationStore(
        settings.slack_client_id or "", app.engine, cipher(settings.token_key)
    )

    def client_for(workspace: str) -> WebClient:
        bot = store.find_bot(enterprise_id=None, team_id=workspace or None)
        if bot is None or not bot.bot_token:
            raise Undeliverable(
                f"improvebot is not installed in Slack workspace {workspace or '?'}"
            )
        return WebClient(token=bot.bot_token, base_url=base, timeout=10)

    return SlackTransport(app.sessions, client_for)


def _own_team(client: WebClient) -> Callable[[str], str]:
    """The bot token's own team id (asked once), for plans that name no workspace."""
    known: list[str] = []

    def team_for(workspace: str) -> str:
        if workspace:
            return workspace
        if not known:
            known.append(str(client.auth_test()["team_id"]))
        return known[0]

    return team_for
