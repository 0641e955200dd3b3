"""Sending queued messages to Teams: reminder cards in 1:1 chats, digests and board reminders
in the plan's channel, the digest's lists as replies in its thread.

Where to send comes from the conversation references inbound activities left (store/teams.py):
a channel's serviceUrl, a person's 1:1 chat, created by their Teams user id when there is none
yet (Teams cannot address anyone by email). Teams' limits are kept by the connector's shared
limiter (30 requests a second for the app, 7 messages a second per conversation); the sender
paces one conversation at `pace` and retries what the connector raises (429 after Retry-After,
412 and 5xx with backoff) and records a 403 (blocked or removed the bot) as permanent.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.delivery.transport import Delivery, Pace, RetryLater, Transient, Undeliverable
from bot.teams import notify
from bot.teams.connector import Connector
from bot.teams.people import PLATFORM, Rosters
from store import teams
from store.models import ChatIdentity, Person
from store.plan_settings import TEAMS_PREFIX
from store.teams import PERSONAL, Reference

if TYPE_CHECKING:
    from bot.app import App

# Seconds between two messages to one conversation: Teams allows 7 a second.
PACE = 1 / 7


class TeamsTransport:
    # The sender's pace between messages to one conversation, instead of Slack's second.
    per_channel = PACE

    def __init__(
        self,
        sessions: sessionmaker[Session],
        connector: Connector,
        clock: Clock,
        rosters: Rosters | None = None,
    ) -> None:
        self.sessions = sessions
        self.connector = connector
        self.clock = clock
        self.rosters = rosters

    def send(self, delivery: Delivery, pace: Pace) -> dict[str, Any]:
        # Thread replies need no pause from the sender: the connector's limiter counts a
        # channel and its threads together.
        del pace
        progress = dict(delivery.progress)
        try:
            if not progress.get("conversation"):
                progress["service_url"], progress["conversation"] = self._where(delivery)
            service_url, conversation = progress["service_url"], progress["conversation"]
            card_id = progress.setdefault("card", uuid.uuid4().hex)
            out = notify.outgoing(delivery.payload, card_id)
            if out.card_state is not None:
                with self.sessions.begin() as session:
                    teams.save_card(session, card_id, "reminder", out.card_state, self.clock.now())
            if not progress.get("id"):
                progress["id"] = self.connector.send(service_url, conversation, out.main) or "-"
            for n in range(int(progress.get("thread_done", 0)), len(out.thread)):
                self._reply(service_url, conversation, progress["id"], out.thread[n])
                progress["thread_done"] = n + 1
        except RetryLater as later:
            raise RetryLater(later.after, later.reason, progress) from None
        except Transient as problem:
            raise Transient(problem.reason, progress) from None
        return progress

    def _reply(
        self, service_url: str, conversation: str, root: str, message: dict[str, Any]
    ) -> None:
        if root == "-":  # Teams gave the post no id: the replies follow it in the channel
            self.connector.send(service_url, conversation, message)
        else:
            self.connector.reply_in_thread(service_url, conversation, root, message)

    # -- where a message goes ----------------------------------------------------------------
    def _where(self, delivery: Delivery) -> tuple[str, str]:
        kind, _, value = delivery.target.partition(":")
        if kind == "person":
            return self._personal(int(value), delivery.workspace)
        return self._channel(value, delivery.workspace)

    def _channel(self, channel: str, tenant: str) -> tuple[str, str]:
        if not channel.startswith(TEAMS_PREFIX):
            raise Undeliverable(
                f"The plan's channel {channel} is not a Teams channel: a plan lead can type "
                "@improvebot plan channel here in the Teams channel"
            )
        conversation = channel.removeprefix(TEAMS_PREFIX)
        with self.sessions() as session:
            found = teams.conversation(session, conversation)
            service_url = found.service_url if found else teams.service_url(session, tenant)
        if service_url is None:
            raise Undeliverable(
                f"improvebot has not been added to the team of {channel} yet: add the app to it"
            )
        return service_url, conversation

    def _personal(self, person_id: int, tenant: str) -> tuple[str, str]:
        """The 1:1 chat with a person: stored, else created by their Teams user id."""
        found = self._identity(person_id, tenant)
        if found is None and self.rosters is not None and self.rosters.refresh(tenant):
            found = self._identity(person_id, tenant)
        if found is None:
            with self.sessions() as session:
                name = session.get_one(Person, person_id).display
            raise Undeliverable(
                f"{name} is not known in Teams yet: add improvebot to a team they are in, or "
                "ask them to send it a message"
            )
        user_id, user_tenant = found
        with self.sessions() as session:
            chat = teams.personal(session, user_tenant, user_id)
            if chat is not None:
                return chat.service_url, chat.conversation_id
            service_url = teams.service_url(session, user_tenant)
        if service_url is None:
            raise Undeliverable(f"improvebot has not heard from Teams tenant {user_tenant} yet")
        conversation = self.connector.create_personal(service_url, user_id, user_tenant)
        with self.sessions.begin() as session:
            ref = Reference(conversation, PERSONAL, user_tenant, service_url, user_id=user_id)
            teams.remember(session, ref, self.clock.now())
        return service_url, conversation

    def _identity(self, person_id: int, tenant: str) -> tuple[str, str] | None:
        """The person's Teams user id and tenant (in `tenant` when given), if linked."""
        query = select(ChatIdentity.user_id, ChatIdentity.workspace).where(
            ChatIdentity.person_id == person_id, ChatIdentity.platform == PLATFORM
        )
        if tenant:
            query = query.where(ChatIdentity.workspace == tenant)
        with self.sessions() as session:
            row = session.execute(query.order_by(ChatIdentity.id.desc()).limit(1)).first()
        return (row[0], row[1]) if row else None


def for_app(app: App) -> TeamsTransport:
    client = app.teams_client
    return TeamsTransport(app.sessions, client.connector, app.clock, client.rosters)
