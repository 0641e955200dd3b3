"""Teams' conversation references and card states. Functions take the session first and never
commit: the caller's transaction decides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import TeamsCard, TeamsConversation

PERSONAL = "personal"
CHANNEL = "channel"


@dataclass(frozen=True)
class Reference:
    """Where a conversation lives, as an inbound activity shows it."""

    conversation_id: str
    kind: str
    tenant_id: str
    service_url: str
    user_id: str | None = None  # a 1:1 chat's person
    team_id: str | None = None  # a channel's team


def remember(session: Session, ref: Reference, now: datetime) -> TeamsConversation:
    """Keep (or refresh) a conversation's reference; Teams may move a tenant's serviceUrl."""
    found = conversation(session, ref.conversation_id)
    if found is None:
        found = TeamsConversation(conversation_id=ref.conversation_id)
        session.add(found)
    found.kind, found.tenant_id, found.service_url = ref.kind, ref.tenant_id, ref.service_url
    found.user_id = ref.user_id or found.user_id
    found.team_id = ref.team_id or found.team_id
    found.updated_at = now
    session.flush()
    return found


def conversation(session: Session, conversation_id: str) -> TeamsConversation | None:
    return session.scalar(
        select(TeamsConversation).where(TeamsConversation.conversation_id == conversation_id)
    )


def personal(session: Session, tenant_id: str, user_id: str) -> TeamsConversation | None:
    """The 1:1 chat with a person, if the bot has one."""
    return session.scalar(
        select(TeamsConversation)
        .where(
            TeamsConversation.kind == PERSONAL,
            TeamsConversation.tenant_id == tenant_id,
            TeamsConversation.user_id == user_id,
        )
        .order_by(TeamsConversation.updated_at.desc())
        .limit(1)
    )


def service_url(session: Session, tenant_id: str) -> str | None:
    """The serviceUrl Teams last used for this tenant: a new 1:1 chat is created there."""
    query = select(TeamsConversation.service_url).order_by(TeamsConversation.updated_at.desc())
    if tenant_id:
        query = query.where(TeamsConversation.tenant_id == tenant_id)
    return session.scalar(query.limit(1))


def teams(session: Session, tenant_id: str | None = None) -> Sequence[TeamsConversation]:
    """One channel reference per team the bot is in (to read the team's roster through)."""
    query = select(TeamsConversation).where(
        TeamsConversation.kind == CHANNEL, TeamsConversation.team_id.is_not(None)
    )
    if tenant_id:
        query = query.where(TeamsConversation.tenant_id == tenant_id)
    by_team: dict[str, TeamsConversation] = {}
    for found in session.scalars(query.order_by(TeamsConversation.updated_at)):
        by_team[found.team_id or ""] = found
    return list(by_team.values())


# -- cards with buttons ----------------------------------------------------------------------
def save_card(
    session: Session, card_id: str, kind: str, view: dict[str, Any], now: datetime
) -> TeamsCard:
    found = session.get(TeamsCard, card_id)
    if found is None:
        found = TeamsCard(id=card_id, kind=kind, view=view, done={}, created_at=now)
        session.add(found)
        session.flush()
    return found


def card(session: Session, card_id: str, *, lock: bool = False) -> TeamsCard | None:
    """A card's state; lock=True holds its row until the transaction ends, so two presses on
    one card at once each add their receipt (PostgreSQL; SQLite serialises writers)."""
    query = select(TeamsCard).where(TeamsCard.id == card_id)
    if lock:
        query = query.with_for_update()
    return session.scalar(query)


def mark_done(card_state: TeamsCard, key: str, receipt: str) -> None:
    """Record what was done to one action of the card (the first receipt stays)."""
    if key not in card_state.done:
        card_state.done = {**card_state.done, key: receipt}
