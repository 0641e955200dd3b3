"""Everyone in a plan, as /plan people and `improvebot plan people list` show them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import plans
from store.dates import uk
from store.models import ChatIdentity, Plan
from store.roster import role_text

CHAT_FOOTER = (
    'Plan leads change these with /plan people add <email> "<name>", /plan people remove, '
    "/plan people replace, /plan lead add|remove and /theme lead."
)
CLI_FOOTER = (
    'Change them with improvebot plan people add EMAIL --name "NAME" [--role …], '
    "remove EMAIL, or replace OLD_EMAIL --with NEW_EMAIL."
)


@dataclass(frozen=True)
class PersonRow:
    name: str
    job_title: str | None
    email: str
    role: str
    # Per platform: "slack: matched", "slack: not matched" (they have not used it yet).
    chat: list[str]
    away: str | None
    delegate: str | None


@dataclass(frozen=True)
class PeopleView:
    heading: str
    rows: list[PersonRow]
    footer: str


def people_view(
    session: Session, plan: Plan, today: date, *, platforms: Iterable[str] = (), footer: str
) -> PeopleView:
    """Each person's role, email, chat identities on every platform the plan's people use (and
    `platforms`), and, while they are away, until when and who acts for them."""
    members = plans.members(session, plan)
    led: dict[int, list[str]] = {}
    for theme in plan.themes:
        if theme.lead_id is not None:
            led.setdefault(theme.lead_id, []).append(theme.number)
    linked: dict[int, set[str]] = {}
    for person_id, platform in session.execute(
        select(ChatIdentity.person_id, ChatIdentity.platform).where(
            ChatIdentity.person_id.in_([p.id for p, _ in members])
        )
    ):
        linked.setdefault(person_id, set()).add(platform)
    every = sorted({*platforms, *(p for found in linked.values() for p in found)})
    rows = []
    for person, role in members:
        back = person.away_until if person.is_away(today) else None
        rows.append(
            PersonRow(
                name=person.display,
                job_title=person.job_title,
                email=person.email or "no email",
                role=role_text(role, led.get(person.id, [])),
                chat=[
                    f"{p}: {'matched' if p in linked.get(person.id, set()) else 'not matched'}"
                    for p in every
                ],
                away=f"away until {uk(back)}" if back else None,
                # A delegate acts only while the owner is away, so only then is one shown.
                delegate=person.delegate.display if back and person.delegate else None,
            )
        )
    return PeopleView(f"People in {plan.name} ({len(rows)})", rows, footer)
