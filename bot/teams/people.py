"""Who Teams users are in the plan: matched by the email or UPN Teams gives for them.

Teams ids ("29:…") mean nothing to a plan, which knows people by email. So when the app is
added to a team its roster is read (page by page) and each member whose email or UPN is a plan
person's email is linked (a ChatIdentity: platform "teams", workspace = the tenant). Someone
who writes to the bot unlinked is looked up with the member API the same way. People added to
a plan later are found by reading the known teams' rosters again when a message to them finds
no link (at most every few minutes).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable

from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.delivery.transport import RetryLater, Transient, Undeliverable
from bot.teams.connector import Connector, Member
from store import people, teams
from store.models import Person

log = logging.getLogger(__name__)

PLATFORM = "teams"
PAGE_SIZE = 500  # the most Teams gives in one page


def person_for(session: Session, member: Member) -> Person | None:
    """The plan person with this member's email, else with their UPN as email."""
    for address in (member.email, member.user_principal_name):
        if address and people.is_email(address):
            found = people.by_email(session, address)
            if found is not None:
                return found
    return None


def link(session: Session, members: Iterable[Member], tenant: str) -> int:
    """Link each member who is a plan person; how many were."""
    linked = 0
    for member in members:
        person = person_for(session, member)
        if person is not None:
            people.link_identity(session, person, PLATFORM, tenant, member.id)
            linked += 1
    return linked


def addresses(member: Member) -> list[str]:
    """The member's email and UPN, those that are addresses at all."""
    return [a for a in (member.email, member.user_principal_name) if a and people.is_email(a)]


class Rosters:
    """Reads the rosters of the teams the bot is in, to link people added to a plan since."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        connector: Connector,
        clock: Clock,
        every: float = 600.0,
    ) -> None:
        self.sessions = sessions
        self.connector = connector
        self.clock = clock
        self.every = every
        self._read_at: dict[str, float] = {}
        self._lock = threading.Lock()

    def read_team(self, service_url: str, team_id: str, tenant: str) -> int:
        """Link everyone in one team who is in a plan; how many were."""
        members = list(self.connector.members(service_url, team_id, page_size=PAGE_SIZE))
        with self.sessions.begin() as session:
            return link(session, members, tenant)

    def refresh(self, tenant: str) -> bool:
        """Read every known team's roster in this tenant again, unless done lately; True if
        anything was read."""
        with self._lock:
            now = time.monotonic()
            if now - self._read_at.get(tenant, -self.every) < self.every:
                return False
            self._read_at[tenant] = now
        with self.sessions() as session:
            known = [(t.service_url, t.team_id or "", t.tenant_id) for t in teams.teams(session)]
        read = False
        for service_url, team_id, team_tenant in known:
            if tenant and team_tenant != tenant:
                continue
            try:
                self.read_team(service_url, team_id, team_tenant)
                read = True
            except (RetryLater, Transient, Undeliverable) as error:
                log.warning("could not read the roster of team %s: %s", team_id, error)
        return read
