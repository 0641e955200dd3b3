"""Finding people by email, name or chat identity, and making them when a plan names them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from store.models import ChatIdentity, Membership, Person

_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def normalise_email(email: str | None) -> str | None:
    """Emails are matched case-insensitively, so they are stored lower-cased and trimmed."""
    if email is None:
        return None
    email = email.strip().lower().removeprefix("mailto:")
    return email or None


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text.strip()))


def by_email(session: Session, email: str) -> Person | None:
    return session.scalar(select(Person).where(Person.email == normalise_email(email)))


def by_identity(session: Session, platform: str, workspace: str, user_id: str) -> Person | None:
    return session.scalar(
        select(Person)
        .join(ChatIdentity, ChatIdentity.person_id == Person.id)
        .where(
            ChatIdentity.platform == platform,
            ChatIdentity.workspace == workspace,
            ChatIdentity.user_id == user_id,
        )
    )


def user_ids(session: Session, platform: str, workspace: str, person_ids: set[int]) -> list[str]:
    """The chat user ids these people have on a platform's workspace (those who have one)."""
    return list(
        session.scalars(
            select(ChatIdentity.user_id).where(
                ChatIdentity.platform == platform,
                ChatIdentity.workspace == workspace,
                ChatIdentity.person_id.in_(person_ids),
            )
        )
    )


def link_identity(
    session: Session, person: Person, platform: str, workspace: str, user_id: str
) -> ChatIdentity:
    """The identity of this chat user, made for `person` if it is new (or moved to them).

    A user's first few commands can arrive at once: the insert does nothing when another
    transaction made the row first (it waits for that one to commit), so each finds one row.
    """
    if person.id is None:
        session.flush()
    row = {"person_id": person.id, "platform": platform, "workspace": workspace}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(cast(Table, ChatIdentity.__table__))
        .values(**row, user_id=user_id)
        .on_conflict_do_nothing(index_elements=["platform", "workspace", "user_id"])
    )
    found = session.scalars(
        select(ChatIdentity)
        .where(
            ChatIdentity.platform == platform,
            ChatIdentity.workspace == workspace,
            ChatIdentity.user_id == user_id,
        )
        .execution_options(populate_existing=True)
    ).one()
    if found.person_id != person.id:
        found.person = person
    return found


def find_or_create(
    session: Session,
    *,
    name: str,
    email: str | None,
    at: datetime,
    job_title: str | None = None,
) -> Person:
    """The person with this email, or else with this exact name and no email, or a new one."""
    email = normalise_email(email)
    person = by_email(session, email) if email else None
    if person is None and name:
        person = session.scalar(
            select(Person)
            .where(func.lower(Person.name) == name.strip().lower())
            .order_by(Person.id)
        )
        if person is not None and email and person.email and person.email != email:
            person = None  # same name, different person
    if person is None:
        person = Person(
            name=name.strip() or (email or ""), email=email, job_title=job_title, created_at=at
        )
        session.add(person)
        session.flush()
        return person
    if email and not person.email:
        person.email = email
    if job_title and not person.job_title:
        person.job_title = job_title
    return person


def handle(person: Person) -> str:
    """The @handle the console and examples use: the email's local part, or the name joined."""
    if person.email:
        return person.email.split("@", 1)[0]
    return ".".join(person.name.lower().split())


def in_plan(session: Session, plan_id: int) -> Sequence[Person]:
    return session.scalars(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.plan_id == plan_id)
        .order_by(Person.name)
    ).all()


# Honorifics councils put before names; a name is matched with or without them.
TITLES = frozenset(
    {"cllr", "councillor", "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir",
     "dame", "lady", "lord", "rev", "revd", "the"}
)  # fmt: skip


def name_words(text: str) -> list[str]:
    """The words of a name or a handle, lower-cased, without leading titles: 'Dr. Priya
    Shah', 'priya.shah' and 'Shah' read as words the same way."""
    words = [w.strip(".,'") for w in re.split(r"[\s._-]+", text.lower())]
    words = [w for w in words if w]
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return words


def match(people: Sequence[Person], text: str) -> list[Person]:
    """People whose email, handle or name is `text` (case-insensitive, titles ignored); else
    those with every word of `text` somewhere in their name ('Patel', 'Cllr Ward')."""
    key = text.strip().lstrip("@").lower()
    words = name_words(key)
    squashed = "".join(words)
    exact = [
        p
        for p in people
        if key in {(p.email or "").lower(), handle(p).lower(), p.name.lower()}
        or (bool(words) and squashed == "".join(name_words(p.name)))
    ]
    if exact or not words:
        return exact
    return [p for p in people if set(words) <= set(name_words(p.name))]
