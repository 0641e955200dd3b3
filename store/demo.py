"""The demo plan that `improvebot demo` and a first-run console load.

Northshire Council is fictional (its content is in store.demo_data). Everything is dated
relative to `now`, so the demo always looks current, and every change to an action goes
through store.history at the past instant it happened, so the year of history is real:
as-at reads, direction of travel between boards and "moved since last board" all work on it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from store import demo_data as data
from store import history
from store.demo_data import ActionRow
from store.demo_risks import build_risks
from store.domain import DEFAULT_TIMEZONE, Status, Via, ref_key
from store.models import Action, BoardMeeting, BoardSeries, Kpi, KpiReading, Person, Plan, Theme
from store.people import find_or_create, link_identity
from store.plans import create_plan, ensure_theme, grant

TIMEZONE = DEFAULT_TIMEZONE
CHANNEL = "#improvement"  # the console's channel
SEED = 20251204  # fixed: the same `now` always gives the same demo
IMPORTED_DAYS_AGO = 364  # 52 weeks, so the import falls on the same weekday as `now`
BOARD_WEEKS = 6
BOARD_AT = time(10)
BOARD_AHEAD_DAYS = 122
# Owners mostly answer reminders in Slack; some type in the console.
OWNER_VIAS = (Via.SLACK, Via.SLACK, Via.SLACK, Via.CONSOLE)
STATUSES = {
    "N": Status.NOT_STARTED,
    "G": Status.GREEN,
    "A": Status.AMBER,
    "R": Status.RED,
    "B": Status.COMPLETE,
}
SAID = {*STATUSES, "n"}  # codes that carry a note
_TOKEN = re.compile(r"(\d+):([NGARBEn]|[+-]\d+w)")


@dataclass(frozen=True)
class _Clock:
    """Days and instants relative to `now`, in the plan's time zone, with the demo's jitter."""

    now: datetime
    tz: ZoneInfo
    rng: random.Random

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()

    def day(self, offset: int) -> date:
        """Today plus `offset` days, as a working day: plans rarely give a Sunday."""
        return _weekday_on_or_before(self.today + timedelta(days=offset))

    def local(self, day: date, at: time) -> datetime:
        """A local wall-clock time as aware UTC (zoneinfo picks GMT or BST for that day)."""
        return datetime.combine(day, at, tzinfo=self.tz).astimezone(UTC)

    def working_hours(self, days_ago: int) -> datetime:
        """Some time between 08:30 and 17:30 on the working day `days_ago` days back."""
        minutes = 510 + self.rng.randrange(540)
        return self.local(self.day(-days_ago), time(minutes // 60, minutes % 60))


@dataclass
class _Build:
    """What every step of the build needs."""

    session: Session
    plan: Plan
    clock: _Clock
    imported: datetime  # when the plan lead loaded the council's spreadsheet
    people: dict[str, Person] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    kpis: dict[str, list[Kpi]] = field(default_factory=dict)  # by action ref


def build_demo(session: Session, *, now: datetime, slug: str = "demo") -> Plan:
    """Write the Northshire demo plan with a year of history up to `now`; the caller commits."""
    if now.tzinfo is None:
        raise ValueError("build_demo needs an aware `now`")
    clock = _Clock(now.astimezone(UTC), ZoneInfo(TIMEZONE), random.Random(SEED))  # noqa: S311
    imported = clock.local(clock.day(-IMPORTED_DAYS_AGO), time(10))
    plan = create_plan(
        session,
        slug=slug,
        name=data.PLAN_NAME,
        at=imported,
        timezone=TIMEZONE,
        region="ENG",
        channel=CHANNEL,
        require_evidence=True,
        require_signoff=False,
    )
    build = _Build(session, plan, clock, imported)
    _people(build)
    for row in data.THEMES:
        theme = ensure_theme(session, plan, row.number, row.name)
        theme.lead = build.people[row.lead]
        build.themes[row.number] = theme
    _kpis(build)
    for action_row in data.ACTIONS:
        _action(build, action_row)
    _boards(build)
    session.flush()
    build_risks(build)
    session.flush()
    return plan


def _people(build: _Build) -> None:
    for row in data.PEOPLE:
        person = find_or_create(
            build.session, name=row.name, email=row.email, at=build.imported, job_title=row.title
        )
        # The console acts as anyone by the email's local part.
        link_identity(build.session, person, "console", "console", row.key)
        grant(build.session, build.plan, person, row.role)
        build.people[row.key] = person
    away, days, delegate = data.AWAY
    build.people[away].away_until = build.clock.today + timedelta(days=days)
    build.people[away].delegate = build.people[delegate]


def _story(row: ActionRow) -> list[tuple[int, str]]:
    """The row's events as (days ago, code), checked: in order, in the past, all understood."""
    events = [(int(days), code) for days, code in _TOKEN.findall(row.story)]
    if " ".join(f"{d}:{c}" for d, c in events) != " ".join(row.story.split()):
        raise ValueError(f"demo action {row.ref}: cannot read story {row.story!r}")
    days = [d for d, _ in events]
    if days != sorted(set(days), reverse=True) or (days and days[-1] < 1):
        raise ValueError(f"demo action {row.ref}: story days must fall, ending before today")
    return events


def _action(build: _Build, row: ActionRow) -> None:
    session, clock = build.session, build.clock
    events = _story(row)
    moves = [int(code[:-1]) for _, code in events if code.endswith("w")]

    def due(weeks_to_come: int) -> date | None:
        return None if row.due is None else clock.day(row.due - 7 * weeks_to_come)

    action = Action(
        plan=build.plan,
        ref=row.ref,
        ref_key=ref_key(row.ref),
        theme=build.themes[row.ref.split(".")[0]],
        title=row.title,
        success_measure=row.measure,
        owner=build.people[row.owner],
        supporting=row.supporting,
        source=row.source,
        start_date=clock.day(row.start),
        baseline_due=due(sum(moves)),
        due_date=due(sum(moves)),
    )
    lead = build.people[data.IMPORTER]
    if row.added is None:
        at, via, note = build.imported, Via.IMPORT, "Imported from the plan spreadsheet"
    else:
        at, via, note = clock.working_hours(row.added), Via.CONSOLE, "Added to the plan"
    history.create_action(session, action, at=at, via=via, by=lead, note=note)
    for kpi in build.kpis.get(row.ref, []):
        history.link_kpi(session, action, kpi, at=at, via=via, by=lead)

    owner = build.people[row.owner]
    evidence = iter(row.evidence)
    reasons = _reasons(row, clock.rng)
    last_note = max((i for i, (_, c) in enumerate(events) if c in SAID), default=None)
    for i, (days_ago, code) in enumerate(events):
        # Two events snapped onto the same Friday must still keep their order.
        at = max(clock.working_hours(days_ago), at + timedelta(minutes=17))
        via = clock.rng.choice(OWNER_VIAS)
        if code == "E":
            history.add_evidence(session, action, next(evidence), at=at, via=via, by=owner)
        elif code.endswith("w"):
            moves.pop(0)
            changes: dict[str, object] = {"due_date": due(sum(moves))}
            history.record(session, action, changes, at=at, via=via, by=owner, reason=next(reasons))
        else:
            if code == "B" and build.plan.require_evidence and not action.evidence:
                raise ValueError(f"demo action {row.ref} is completed without evidence")
            text = row.note if i == last_note and row.note else clock.rng.choice(data.NOTES[code])
            changes = {"latest_note": text}
            if code in STATUSES:
                changes["status"] = STATUSES[code].value
            history.record(session, action, changes, at=at, via=via, by=owner, note=text)


def _reasons(row: ActionRow, rng: random.Random) -> Iterator[str]:
    """The row's own reasons for moving its due date, then stock ones."""
    yield from row.reasons
    while True:
        yield rng.choice(data.REASONS)


def _kpis(build: _Build) -> None:
    """Five KPIs with twelve monthly readings, each recorded early in the following month."""
    owner = build.people[data.KPI_OWNER]
    latest = _latest_month(build.clock)
    for row in data.KPIS:
        kpi = Kpi(
            plan_id=build.plan.id,
            code=row.code,
            name=row.name,
            unit=row.unit,
            polarity=row.polarity,
            baseline=row.baseline,
            target=row.target,
            tolerance=0.10,
            frequency="monthly",
            owner=owner,
            created_at=build.imported,
        )
        first = latest - len(row.values) + 1
        for i, value in enumerate(row.values):
            year, month = divmod(first + i, 12)
            kpi.readings.append(
                KpiReading(
                    period=f"{year}-{month + 1:02d}",
                    value=value,
                    note=row.notes.get(i),
                    recorded_at=_recorded_at(build.clock, first + i),
                    recorded_by_id=owner.id,
                )
            )
        build.session.add(kpi)
        for ref in row.actions:
            build.kpis.setdefault(ref, []).append(kpi)


def _recorded_at(clock: _Clock, month: int) -> datetime:
    """When a month's figure is recorded: about the 7th of the following month, at 11:00."""
    year, index = divmod(month + 1, 12)
    return clock.local(_weekday_on_or_before(date(year, index + 1, 7)), time(11))


def _latest_month(clock: _Clock) -> int:
    """The last month (as year * 12 + month - 1) whose figure is recorded by `now`."""
    month = clock.today.year * 12 + clock.today.month - 2
    return month if _recorded_at(clock, month) <= clock.now else month - 1


def _boards(build: _Build) -> None:
    """A six-weekly Thursday board from soon after the import until four months ahead."""
    plan, clock, created = build.plan, build.clock, build.imported
    first = clock.day(-IMPORTED_DAYS_AGO) + timedelta(days=10)
    first += timedelta(days=(3 - first.weekday()) % 7)  # the next Thursday
    series = BoardSeries(
        plan_id=plan.id,
        title=data.BOARD_TITLE,
        rrule=(
            f"DTSTART;TZID={TIMEZONE}:{first:%Y%m%d}T{BOARD_AT:%H%M%S}\n"
            f"RRULE:FREQ=WEEKLY;INTERVAL={BOARD_WEEKS};BYDAY=TH"
        ),
        timezone=TIMEZONE,
        updates_deadline_days=10,
        papers_deadline_days=5,
        rotate_themes=2,
        created_at=created,
    )
    numbers = [row.number for row in data.THEMES]
    day, n = first, 0
    while day <= clock.today + timedelta(days=BOARD_AHEAD_DAYS):
        held_on = day
        while _christmas(held_on):  # a board in the Christmas shutdown moves a week on
            held_on += timedelta(weeks=1)
        starts = clock.local(held_on, BOARD_AT)
        series.meetings.append(
            BoardMeeting(
                plan_id=plan.id,
                title=data.BOARD_TITLE,
                starts_at=starts,
                occurrence=clock.local(day, BOARD_AT),
                themes=[numbers[(2 * n + k) % len(numbers)] for k in (0, 1)],
                updates_deadline_days=series.updates_deadline_days,
                papers_deadline_days=series.papers_deadline_days,
                status="held" if starts < clock.now else "scheduled",
                created_at=created,
            )
        )
        day += timedelta(weeks=BOARD_WEEKS)
        n += 1
    build.session.add(series)


def _weekday_on_or_before(day: date) -> date:
    return day - timedelta(days=max(0, day.weekday() - 4))


def _christmas(day: date) -> bool:
    return (day.month == 12 and day.day >= 24) or (day.month == 1 and day.day == 1)
