"""A simulated year for a plan in England and one in Scotland: working days, 09:00 local across
both clock changes, one digest a week, every reminder kind on its day."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store import history, people, plans
from store.domain import Role, Via, ref_key
from store.models import Action, BoardMeeting, OutboxMessage, Plan
from store.notify.sweep import Sweeper
from templates import notify

LONDON = ZoneInfo("Europe/London")
START, END = date(2027, 1, 1), date(2027, 12, 31)
CREATED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DUE = [date(2027, 1, 11), date(2027, 4, 5)] + [
    date(2027, 1, 20) + timedelta(weeks=3 * n) for n in range(17)
]


def _plan(s: Session, region: str) -> None:
    slug = region.lower()
    plan = plans.create_plan(
        s, slug=slug, name=f"Plan {region}", at=CREATED, region=region, channel=f"#{slug}"
    )
    lead = people.find_or_create(s, name=f"Lead {region}", email=f"lead@{slug}.gov.uk", at=CREATED)
    plans.grant(s, plan, lead, Role.PLAN_LEAD)
    theme = plans.ensure_theme(s, plan, "1", "Practice")
    owners = []
    for n in range(3):
        owner = people.find_or_create(
            s, name=f"Owner{n} {region}", email=f"owner{n}@{slug}.gov.uk", at=CREATED
        )
        plans.grant(s, plan, owner, Role.OWNER)
        owners.append(owner)
    for n, due in enumerate(DUE, start=1):
        ref = f"1.{n}"
        action = Action(
            plan_id=plan.id,
            theme_id=theme.id,
            ref=ref,
            ref_key=ref_key(ref),
            title=f"Action {ref}",
            owner_id=owners[n % 3].id,
            due_date=due,
            baseline_due=due,
            status="green",
        )
        history.create_action(s, action, at=CREATED, via=Via.IMPORT)
    for n in range(9):  # boards every six weeks on Thursdays at 10:00
        day = date(2027, 1, 14) + timedelta(weeks=6 * n)
        start = datetime.combine(day, time(10), tzinfo=LONDON).astimezone(UTC)
        s.add(
            BoardMeeting(
                plan_id=plan.id,
                title="Board",
                starts_at=start,
                occurrence=start,
                themes=["1"],
                created_at=CREATED,
            )
        )


def test_a_year_in_england_and_scotland(db: sessionmaker[Session]) -> None:
    """Across 2027: DMs only on each nation's working days at 09:00 local, a digest every week."""
    with db.begin() as s:
        _plan(s, "ENG")
        _plan(s, "SCT")
    sweeper = Sweeper(db, lambda plan: ("console", "console"))
    day = START
    while day <= END:
        for hour in (8, 9):  # 08:30 and 09:30 UTC: 09:30 local is one or the other
            sweeper.run(datetime.combine(day, time(hour, 30), tzinfo=UTC))
        day += timedelta(days=1)

    with db() as s:
        region_of = {p.id: p.region for p in s.scalars(select(Plan))}
        sent = list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    for region in ("ENG", "SCT"):
        closed = holidays.country_holidays("GB", subdiv=region, years=[2027])
        mine = [m for m in sent if region_of[m.plan_id] == region]
        dms = [m for m in mine if m.kind == "reminder"]
        local = [m.created_at.astimezone(LONDON) for m in dms]
        assert local, region
        assert all(t.weekday() < 5 and t.date() not in closed for t in local), region
        # 09:30 local whether the clocks say GMT or BST: the 08:30 UTC sweep in summer.
        assert {t.time() for t in local} == {time(9, 30)}, region
        summer = [m.created_at for m in dms if m.created_at.astimezone(LONDON).dst()]
        assert summer and all(t.astimezone(UTC).hour == 8 for t in summer)
        # One DM per person per day at most.
        per_day = Counter((m.target, m.created_at.astimezone(LONDON).date()) for m in dms)
        assert max(per_day.values()) == 1
        # One digest a week, on the week's first working day.
        digests = [m.created_at.astimezone(LONDON).date() for m in mine if m.kind == "digest"]
        weeks = Counter(d.isocalendar()[:2] for d in digests)
        assert set(weeks.values()) == {1} and len(weeks) == 52, region
        for d in digests:
            monday = d - timedelta(days=d.weekday())
            first = next(
                monday + timedelta(days=n)
                for n in range(5)
                if monday + timedelta(days=n) not in closed
            )
            assert d == first, (region, d)
        # Every reminder kind appears on its day.
        texts = " ".join(notify.text(m.payload, "console") for m in dms)
        for phrase in ("Due ", "Overdue by", "Not updated since", "please update by", "Escalated:"):
            assert phrase in texts, (region, phrase)
        boards = [m for m in mine if m.kind == "board"]
        assert len(boards) == 2 * 9  # nine meetings: a week before and on the day
    eng = {
        m.created_at.astimezone(LONDON).date()
        for m in sent
        if m.kind == "reminder" and region_of[m.plan_id] == "ENG"
    }
    sct = {
        m.created_at.astimezone(LONDON).date()
        for m in sent
        if m.kind == "reminder" and region_of[m.plan_id] == "SCT"
    }
    assert (
        date(2027, 1, 4) in eng and date(2027, 1, 4) not in sct
    )  # New Year (observed) in Scotland only
    assert (
        date(2027, 3, 29) in sct and date(2027, 3, 29) not in eng
    )  # Easter Monday in England only
