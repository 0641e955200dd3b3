"""A sweep: at one instant, decide every reminder, digest and board reminder that is due and
queue it in the outbox, in the same transaction as the decision (one per plan).

Running a sweep twice, or on two replicas at once, queues nothing twice: every message has
an idempotency key (kind, plan, recipient or channel, local date or week).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot.notify import render
from store import boards, outbox, plans
from store.domain import Status
from store.models import Action, Person, Plan
from store.notify import digest as digests
from store.notify import reminders
from store.notify.log import last_reminded, remember
from store.notify.views import BoardReminder, Reminder, line
from store.policy import ReminderPolicy
from store.workdays import WorkingDays

REMINDER_TIME = time(9, 0)
# A reminder missed by then waits for the next working day rather than arrive at night.
LATEST = time(18, 0)

PlatformFor = Callable[[Plan], tuple[str, str]]


@dataclass(frozen=True)
class Queued:
    key: str
    kind: str
    target: str
    text: str


@dataclass
class SweepResult:
    queued: list[Queued] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Sweeper:
    sessions: sessionmaker[Session]
    platform_for: PlatformFor

    def run(self, now: datetime, *, dry_run: bool = False) -> SweepResult:
        result = SweepResult()
        with self.sessions() as session:
            plan_ids = list(session.scalars(select(Plan.id).order_by(Plan.id)))
        for plan_id in plan_ids:
            with self.sessions() as session:
                plan = session.get_one(Plan, plan_id)
                _PlanSweep(session, plan, now, self.platform_for(plan), result).run()
                if dry_run:
                    session.rollback()
                else:
                    session.commit()
        return result


class _PlanSweep:
    def __init__(
        self,
        session: Session,
        plan: Plan,
        now: datetime,
        platform: tuple[str, str],
        result: SweepResult,
    ) -> None:
        self.session, self.plan, self.now, self.result = session, plan, now, result
        self.platform, self.workspace = platform
        self.local = now.astimezone(ZoneInfo(plan.timezone))
        self.today = self.local.date()
        self.workdays = WorkingDays.for_plan(plan)

    def run(self) -> None:
        if not self.workdays.is_working(self.today):
            return
        self.direct_messages()
        self.weekly_digest()
        self.board_posts()

    # -- queueing ----------------------------------------------------------------------------
    def queue(self, key: str, kind: str, target: str, payload: dict[str, object]) -> bool:
        done = outbox.enqueue(
            self.session,
            key=key,
            kind=kind,
            plan_id=self.plan.id,
            platform=self.platform,
            workspace=self.workspace,
            target=target,
            payload=payload,
            now=self.now,
        )
        if done:
            self.result.queued.append(Queued(key, kind, target, str(payload.get("text", ""))))
        return done

    def channel(self) -> str | None:
        if not self.plan.channel:
            self.result.notes.append(f"{self.plan.slug}: no channel set (/plan channel #name)")
        return self.plan.channel

    # -- reminder DMs --------------------------------------------------------------------------
    def direct_messages(self) -> None:
        actions = self.session.scalars(
            select(Action)
            .where(Action.plan_id == self.plan.id, Action.status != Status.COMPLETE.value)
            .options(selectinload(Action.owner), selectinload(Action.theme))
        ).all()
        if not actions:
            return
        members = {p.id: p for p, _role in plans.members(self.session, self.plan)}
        extra = {a.owner_id for a in actions} | {p.delegate_id for p in members.values()}
        missing = {i for i in extra if i and i not in members}
        if missing:
            members |= {
                p.id: p for p in self.session.scalars(select(Person).where(Person.id.in_(missing)))
            }
        inputs = reminders.Inputs(
            today=self.today,
            now=self.now,
            policy=ReminderPolicy.for_plan(self.plan),
            workdays=self.workdays,
            actions=list(actions),
            people=members,
            plan_leads=[p.id for p in plans.plan_leads(self.session, self.plan)],
            theme_leads={t.id: t.lead_id for t in self.plan.themes if t.lead_id},
            last=last_reminded(self.session, self.plan.id),
            board=self.next_board(),
        )
        by_id = {a.id: a for a in actions}
        focus = inputs.board.themes if inputs.board else ()
        for person_id, items in sorted(reminders.decide(inputs).items()):
            person = members[person_id]
            if not self.in_window(person):
                continue
            chosen = reminders.ordered(items, by_id, focus)
            view = Reminder(
                name=person.display.split()[0],
                plan=self.plan.name,
                items=[
                    (
                        line(by_id[i.action_id], self.plan, self.today),
                        self.plan.slug,
                        "; ".join(i.reasons),
                    )
                    for i in chosen
                ],
            )
            key = f"reminder|{self.plan.id}|{person_id}|{self.today.isoformat()}"
            if self.queue(
                key, "reminder", f"person:{person_id}", render.reminder(view, self.platform)
            ):
                remember(
                    self.session,
                    [(i.action_id, k) for i in chosen for k in i.kinds if k in reminders.REPEATING],
                    self.today,
                )

    def in_window(self, person: Person) -> bool:
        """09:00 to 18:00 on this working day, in the person's own time zone."""
        local = self.now.astimezone(ZoneInfo(person.timezone or self.plan.timezone))
        return local.date() == self.today and REMINDER_TIME <= local.time() < LATEST

    def next_board(self) -> reminders.Board | None:
        meeting = boards.next_meeting(self.session, self.plan.id, self.now)
        if meeting is None:
            return None
        previous = boards.previous_meeting(self.session, self.plan.id, self.now)
        return reminders.Board(
            meeting=meeting,
            starts=boards.local_start(meeting, self.plan.timezone).date(),
            updates_due=boards.deadlines(meeting, self.plan, self.workdays).updates,
            previous_start=previous.starts_at if previous else None,
            themes=tuple(str(t) for t in meeting.themes),
        )

    # -- channel posts ------------------------------------------------------------------------
    def weekly_digest(self) -> None:
        monday = self.today - timedelta(days=self.today.weekday())
        day = self.workdays.on_or_after(monday + timedelta(days=self.plan.digest_weekday))
        if day.isocalendar()[:2] != self.today.isocalendar()[:2] or self.today < day:
            return
        hour, minute = (int(part) for part in self.plan.digest_time.split(":"))
        if self.today == day and self.local.time() < time(hour, minute):
            return
        channel = self.channel()
        if channel is None:
            return
        year, week, _ = self.today.isocalendar()
        view = digests.build(self.session, self.plan, self.now, self.today)
        self.queue(
            f"digest|{self.plan.id}|{year}-W{week:02d}",
            "digest",
            f"channel:{channel}",
            render.digest(view, self.platform),
        )

    def board_posts(self) -> None:
        if self.local.time() < REMINDER_TIME:
            return
        soon = boards.meetings_between(
            self.session, self.plan.id, self.now, self.now + timedelta(days=8)
        )
        for meeting in soon:
            start = boards.local_start(meeting, self.plan.timezone).date()
            week_before = self.workdays.on_or_before(start - timedelta(days=7))
            when = (
                "day"
                if self.today == start
                else "week"
                if week_before <= self.today < start
                else None
            )
            channel = self.channel() if when else None
            if when is None or channel is None or meeting.status != boards.SCHEDULED:
                continue
            board = digests.board_line(self.session, self.plan, self.now, self.today, meeting)
            if board is None:
                continue
            view = BoardReminder(self.plan.name, board, today=when == "day")
            self.queue(
                f"board|{self.plan.id}|{meeting.id}|{when}",
                "board",
                f"channel:{channel}",
                render.board_reminder(view, self.platform),
            )


def local_date(now: datetime, zone: str) -> date:
    return now.astimezone(ZoneInfo(zone)).date()
