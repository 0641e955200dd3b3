"""Sweeps: who gets which reminder when, one DM a day, the weekly digest, board reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store.models import Action, OutboxMessage, Person, Plan
from store.notify.sweep import Sweeper
from templates import notify

LONDON = ZoneInfo("Europe/London")


def at(day: date, hh: int = 9, mm: int = 5) -> datetime:
    """A London wall-clock time as aware UTC."""
    return datetime.combine(day, time(hh, mm), tzinfo=LONDON).astimezone(UTC)


def sweeper(db: sessionmaker[Session]) -> Sweeper:
    return Sweeper(db, lambda plan: ("console", "console"))


@dataclass(frozen=True)
class Sent:
    """A queued message and its text as the console would show it."""

    key: str
    kind: str
    target: str
    created_at: datetime
    text: str


def messages(db: sessionmaker[Session], kind: str | None = None) -> list[Sent]:
    with db() as s:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        return [
            Sent(m.key, m.kind, m.target, m.created_at, notify.text(m.payload, "console"))
            for m in s.scalars(query)
        ]


def person_id(db: sessionmaker[Session], name: str) -> int:
    with db() as s:
        return s.scalars(select(Person.id).where(Person.name == name)).one()


def dm_for(db: sessionmaker[Session], name: str) -> list[Sent]:
    target = f"person:{person_id(db, name)}"
    return [m for m in messages(db, "reminder") if m.target == target]


def set_action(db: sessionmaker[Session], ref: str, **values: object) -> None:
    with db.begin() as s:
        action = s.scalars(select(Action).where(Action.ref == ref)).one()
        for key, value in values.items():
            setattr(action, key, value)


def add_meeting(db: sessionmaker[Session], start: datetime, themes: list[str]) -> None:
    from store.models import BoardMeeting

    with db.begin() as s:
        plan = s.scalars(select(Plan)).one()
        s.add(
            BoardMeeting(
                plan_id=plan.id,
                title="Improvement Board",
                starts_at=start,
                occurrence=start,
                themes=themes,
                created_at=start - timedelta(days=60),
            )
        )


MONDAY = date(2026, 11, 16)  # the conftest's `now` is Monday 16 Nov 2026 10:00 UTC


@pytest.fixture
def plan(db: sessionmaker[Session], now: datetime) -> None:
    """tests/plan_builder's plan: Sam owns 1.9 (10 days overdue), 4.3 (3 days overdue) and
    1.10; Jane 4.2; Amira 1.1; nothing updated for 60 days; Tom leads theme 4."""
    from tests.plan_builder import build_plan

    with db.begin() as s:
        build_plan(s, now)


def test_one_dm_per_person_with_all_their_items(db: sessionmaker[Session], plan: None) -> None:
    """At 09:05 on a working day each owner gets one DM listing everything that needs them."""
    result = sweeper(db).run(at(MONDAY))
    dms = messages(db, "reminder")
    assert sorted(m.target for m in dms) == sorted(
        f"person:{person_id(db, n)}" for n in ("Sam Patel", "Jane Smith", "Amira Khan")
    )
    (sam,) = dm_for(db, "Sam Patel")
    text = sam.text
    assert text.startswith("Good morning Sam. 3 actions in ILACS improvement plan need you today:")
    assert text.index("1.9 ") < text.index("4.3 ") < text.index("1.10 ")  # overdue first
    assert "Overdue by 10 days (was due Fri 6 Nov 2026); Not updated since Thu 17 Sep 2026" in text
    assert sorted(q.kind for q in result.queued) == ["digest", "reminder", "reminder", "reminder"]


def test_second_sweep_queues_nothing_more(db: sessionmaker[Session], plan: None) -> None:
    """Sweeping again the same day (or on a second replica) sends nobody a second DM."""
    sweeper(db).run(at(MONDAY))
    again = sweeper(db).run(at(MONDAY, 11, 0))
    assert again.queued == [] and len(messages(db, "reminder")) == 3


@pytest.mark.parametrize(
    ("when", "why"),
    [
        (at(MONDAY, 8, 55), "before 09:00"),
        (at(date(2026, 11, 21)), "Saturday"),
        (at(date(2026, 12, 25)), "Christmas Day"),
        (at(date(2026, 12, 28)), "Boxing Day (substitute day), a Monday"),
        (at(MONDAY, 18, 30), "evening"),
    ],
)
def test_no_reminders_out_of_hours(
    db: sessionmaker[Session], plan: None, when: datetime, why: str
) -> None:
    """No DM before 09:00 or after 18:00, at weekends or on bank holidays."""
    sweeper(db).run(when)
    assert messages(db, "reminder") == [], why


def test_overdue_and_stale_repeat_weekly(db: sessionmaker[Session], plan: None) -> None:
    """Overdue and stale items come back a week later, not the next day."""
    sweeper(db).run(at(MONDAY))
    sweeper(db).run(at(MONDAY + timedelta(days=1)))
    assert len(dm_for(db, "Sam Patel")) == 1
    sweeper(db).run(at(MONDAY + timedelta(days=7)))
    assert len(dm_for(db, "Sam Patel")) == 2


def test_first_sweep_reminds_at_once_however_late(db: sessionmaker[Session], plan: None) -> None:
    """An action that fell due long ago is in the very first DM, not held for a weekly slot."""
    set_action(db, "4.2", due_date=date(2026, 6, 1))
    sweeper(db).run(at(MONDAY))
    (jane,) = dm_for(db, "Jane Smith")
    assert "Overdue by 168 days" in jane.text


def test_away_owner_goes_to_delegate(db: sessionmaker[Session], plan: None) -> None:
    """While an owner is away their items go to their delegate; without one, to nobody."""
    with db.begin() as s:
        jane = s.scalars(select(Person).where(Person.name == "Jane Smith")).one()
        jane.away_until = date(2026, 12, 1)
        jane.delegate_id = s.scalars(select(Person.id).where(Person.name == "Tom Lee")).one()
    sweeper(db).run(at(MONDAY))
    assert dm_for(db, "Jane Smith") == []
    (tom,) = dm_for(db, "Tom Lee")
    assert "4.2 Clear the assessment backlog" in tom.text


def test_away_without_delegate_means_no_dm(db: sessionmaker[Session], plan: None) -> None:
    """An owner away with no delegate gets nothing, and nobody else gets their items."""
    with db.begin() as s:
        s.scalars(select(Person).where(Person.name == "Jane Smith")).one().away_until = date(
            2026, 12, 1
        )
    sweeper(db).run(at(MONDAY))
    assert all("4.2 " not in m.text for m in messages(db, "reminder"))


def test_snoozed_action_is_left_out(db: sessionmaker[Session], plan: None) -> None:
    """A snoozed action stays out of reminders until the snooze ends."""
    set_action(db, "4.3", snoozed_until=MONDAY + timedelta(days=3))
    sweeper(db).run(at(MONDAY))
    (sam,) = dm_for(db, "Sam Patel")
    assert "4.3 " not in sam.text and "1.9 " in sam.text


def test_due_soon_a_week_and_a_working_day_before(db: sessionmaker[Session], plan: None) -> None:
    """Due on Monday 30 Nov: reminded on Monday 23 and Friday 27 (the working day before), not between."""
    set_action(db, "4.2", due_date=date(2026, 11, 30), updated_at=at(MONDAY, 8, 0))
    days = {}
    for offset in range(7, 12):  # Mon 23 .. Fri 27
        day = MONDAY + timedelta(days=offset)
        sweeper(db).run(at(day))
        days[day] = [m for m in dm_for(db, "Jane Smith") if m.key.endswith(day.isoformat())]
    assert [d for d, found in days.items() if found] == [date(2026, 11, 23), date(2026, 11, 27)]
    assert "Due Mon 30 Nov 2026" in days[date(2026, 11, 27)][0].text


def test_escalation_to_theme_lead_then_plan_lead(db: sessionmaker[Session], plan: None) -> None:
    """Overdue over 14 days goes to the theme lead; over 28 days, to the plan leads as well."""
    set_action(db, "4.3", due_date=date(2026, 10, 30))  # 17 days overdue
    sweeper(db).run(at(MONDAY))
    (tom,) = dm_for(db, "Tom Lee")
    assert "Escalated: overdue by 17 days, owner Sam Patel" in tom.text
    assert all("4.3 " not in m.text for m in dm_for(db, "Amira Khan"))
    set_action(db, "4.3", due_date=date(2026, 10, 1))  # 53 days overdue a week later
    sweeper(db).run(at(MONDAY + timedelta(days=7)))
    assert any("Escalated: overdue by 53 days" in m.text for m in dm_for(db, "Amira Khan"))


def test_board_preparation(db: sessionmaker[Session], plan: None) -> None:
    """Five working days before the updates deadline, and on it, owners are asked to update."""
    add_meeting(db, at(date(2026, 12, 10), 10, 0), ["4"])  # updates due Thu 26 Nov
    set_action(db, "4.2", updated_at=at(date(2026, 11, 2)))  # recent, so only the board asks
    found = {}
    for day in (date(2026, 11, 18), date(2026, 11, 19), date(2026, 11, 26)):
        sweeper(db).run(at(day))
        found[day] = [m for m in dm_for(db, "Jane Smith") if m.key.endswith(day.isoformat())]
    assert [d for d, f in found.items() if f] == [date(2026, 11, 19), date(2026, 11, 26)]
    assert (
        "Improvement Board Thu 10 Dec 2026: please update by Thu 26 Nov 2026"
        in found[date(2026, 11, 26)][0].text
    )


def test_weekly_digest_once_a_week(db: sessionmaker[Session], plan: None) -> None:
    """The digest goes to the plan's channel on Monday from 09:00, once a week."""
    sweeper(db).run(at(MONDAY, 8, 55))
    assert messages(db, "digest") == []
    sweeper(db).run(at(MONDAY))
    sweeper(db).run(at(MONDAY + timedelta(days=1)))
    (digest,) = messages(db, "digest")
    assert digest.target == "channel:#ilacs"
    text = digest.text
    assert text.startswith("Weekly digest: ILACS improvement plan (week of Mon 16 Nov 2026")
    assert "Overdue: 2" in text and "1.9 Publish the practice framework" in text
    sweeper(db).run(at(MONDAY + timedelta(days=7)))
    assert len(messages(db, "digest")) == 2


def test_digest_moves_off_a_bank_holiday(db: sessionmaker[Session], plan: None) -> None:
    """When Monday is a bank holiday the digest goes on Tuesday."""
    sweeper(db).run(at(date(2026, 12, 28)))
    assert messages(db, "digest") == []
    sweeper(db).run(at(date(2026, 12, 29)))
    assert len(messages(db, "digest")) == 1


def test_board_reminders_week_before_and_on_the_day(db: sessionmaker[Session], plan: None) -> None:
    """The channel hears about a board a week before and on the morning itself."""
    add_meeting(db, at(date(2026, 12, 10), 10, 0), ["4"])
    for day in (date(2026, 12, 2), date(2026, 12, 3), date(2026, 12, 4), date(2026, 12, 10)):
        sweeper(db).run(at(day))
    posts = messages(db, "board")
    assert [p.created_at.date() for p in posts] == [date(2026, 12, 3), date(2026, 12, 10)]
    assert posts[0].text.startswith(
        "The Improvement Board meets in 7 days: Thu 10 Dec 2026 at 10:00."
    )
    assert posts[1].text.startswith("The Improvement Board meets today, Thu 10 Dec 2026 at 10:00.")


def test_dry_run_writes_nothing(db: sessionmaker[Session], plan: None) -> None:
    """A dry run reports what would be sent and queues nothing."""
    result = sweeper(db).run(at(MONDAY), dry_run=True)
    assert len(result.queued) == 4  # three DMs and the digest
    assert messages(db) == []


def test_digest_preview_is_the_digest_the_next_sweep_posts(
    db: sessionmaker[Session], plan: None
) -> None:
    """On a Wednesday, /digest preview shows next Monday's digest, word for word as it posts."""
    from tests.plan_builder import Chat

    sweeper(db).run(at(MONDAY))  # this week's digest has gone
    wednesday = at(MONDAY + timedelta(days=2), 14, 0)
    preview = Chat(db, wednesday).say("amira.khan", "/digest preview")
    first, _, body = preview.partition("\n\n")
    assert first == (
        "This is what the next weekly digest will post in #ilacs on Mon 23 Nov 2026 09:00:"
    )
    sweeper(db).run(at(MONDAY + timedelta(days=7)))
    posted = messages(db, "digest")[-1].text
    assert body.split("\n\n")[0] == posted.split("\n\n")[0]
    assert "week of Mon 23 Nov 2026; changes since Mon 16 Nov 2026" in posted
