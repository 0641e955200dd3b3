"""A sweep: at one instant, decide every reminder, digest and board reminder that is due and
queue it in the outbox, in the same transaction as the decision (one per plan).

Running a sweep twice, or on two replicas at once, queues nothing twice: every message has
an idempotency key (kind, plan, recipient or channel, local date or week). The cost per plan
is a fixed number of statements, however many actions it has; messages are queued as plain
view-models and rendered for their platform when they are sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload, sessionmaker

from store import boards, outbox, plans
from store.domain import Role
from store.models import BoardMeeting, Person, Plan, Risk
from store.notify import digest as digests
from store.notify import failures, reminders
from store.notify.log import last_reminded, remember
from store.notify.reminders import REPEATING
from store.notify.rows import ActionRow, RiskRow, load, load_risks
from store.notify.views import (
    BoardReminder,
    Lines,
    Reminder,
    RiskNotice,
    board_reminder_json,
    digest_json,
    failure_report_json,
    reminder_json,
)
from store.policy import ReminderPolicy
from store.risks.matrix import Rating, RiskRules
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
    payload: dict[str, Any]


@dataclass
class SweepResult:
    queued: list[Queued] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Sweeper:
    sessions: sessionmaker[Session]
    platform_for: PlatformFor

    def run(
        self, now: datetime, *, dry_run: bool = False, part: tuple[int, int] = (0, 1)
    ) -> SweepResult:
        """Sweep every plan; with part=(i, n), only the plans whose id is i modulo n, so n
        processes with i = 0 … n-1 share the plans out, each exactly once."""
        result = SweepResult()
        index, parts = part
        query = select(Plan).options(selectinload(Plan.themes)).order_by(Plan.id)
        if parts > 1:
            query = query.where(Plan.id % parts == index)
        with self.sessions() as session:
            chosen = list(session.scalars(query))
        for plan in chosen:
            with self.sessions() as session:
                session.add(plan)  # read above with its themes: no query per plan for them
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
        self.outgoing: list[outbox.Message] = []
        self.rows: list[ActionRow] = []
        self.people: dict[int, Person] = {}
        self.leads: list[int] = []  # the plan leads' person ids

    def run(self) -> None:
        if not self.workdays.is_working(self.today):
            return
        self.rows = load(self.session, self.plan.id)
        self.risks = load_risks(self.session, self.plan.id)
        self.people = self.load_people()
        self.lines = Lines(self.plan, self.today, {i: p.display for i, p in self.people.items()})
        reminded, risks = self.direct_messages()
        self.weekly_digest()
        self.board_posts()
        self.failure_reports()
        queued = {m.key for m in outbox.enqueue_many(self.session, self.outgoing, self.now)}
        self.result.queued += [
            Queued(m.key, m.kind, m.target, m.payload) for m in self.outgoing if m.key in queued
        ]
        sent_to = {m.target for m in self.outgoing if m.key in queued and m.kind == "reminder"}
        remember(
            self.session,
            [
                entry
                for target, entries in reminded.items()
                if target in sent_to
                for entry in entries
            ],
            self.today,
        )
        told = [risk_id for target in sent_to for risk_id in risks.get(target, [])]
        if told:  # the repeat of a risk review reminder counts from the day it was sent
            self.session.execute(
                update(Risk).where(Risk.id.in_(told)).values(reminded_on=self.today)
            )

    def load_people(self) -> dict[int, Person]:
        members = plans.members(self.session, self.plan)
        self.leads = [p.id for p, role in members if role is Role.PLAN_LEAD]
        found = {p.id: p for p, _role in members}
        wanted = {a.owner_id for a in self.rows} | {p.delegate_id for p in found.values()}
        missing = {i for i in wanted if i and i not in found}
        if missing:
            found |= {
                p.id: p for p in self.session.scalars(select(Person).where(Person.id.in_(missing)))
            }
        return found

    def queue(self, key: str, kind: str, target: str, render: str, view: dict[str, Any]) -> None:
        self.outgoing.append(outbox.Message(
            key=key, kind=kind, platform=self.platform, target=target, plan_id=self.plan.id,
            workspace=self.workspace, payload={"render": render, "view": view},
        ))  # fmt: skip

    def channel(self) -> str | None:
        if not self.plan.channel:
            self.result.notes.append(f"{self.plan.slug}: no channel set (/plan channel #name)")
        return self.plan.channel

    # -- reminder DMs --------------------------------------------------------------------------
    def direct_messages(self) -> tuple[dict[str, list[tuple[int, str]]], dict[str, list[int]]]:
        """Queue each person's DM; returns, per target, the (action, kind) pairs it carries
        and the risks due for review it names."""
        open_rows = [a for a in self.rows if a.is_open]
        risk_rows = self.risks
        if not open_rows and not risk_rows:
            return {}, {}
        inputs = reminders.Inputs(
            today=self.today, now=self.now, policy=ReminderPolicy.for_plan(self.plan),
            workdays=self.workdays, actions=open_rows, people=self.people,
            plan_leads=self.leads,
            theme_leads={t.id: t.lead_id for t in self.plan.themes if t.lead_id},
            last=last_reminded(self.session, [a.id for a in open_rows]), board=self.next_board(),
        )  # fmt: skip
        by_id = {a.id: a for a in open_rows}
        focus = inputs.board.themes if inputs.board else ()
        reminded: dict[str, list[tuple[int, str]]] = {}
        reviewed: dict[str, list[int]] = {}
        decided = reminders.decide(inputs)
        reviews = reminders.risk_reviews(risk_rows, inputs)
        for person_id in sorted(set(decided) | set(reviews)):
            person = self.people[person_id]
            if not self.in_window(person):
                continue
            chosen = reminders.ordered(decided.get(person_id, {}), by_id, focus)
            due = reviews.get(person_id, [])
            view = Reminder(
                name=person.display.split()[0],
                plan=self.plan.name,
                items=[(self.lines(by_id[i.action_id]), self.plan.slug, "; ".join(i.reasons))
                       for i in chosen],
                risks=[self.risk_notice(risk, why) for risk, why in due],
            )  # fmt: skip
            target = f"person:{person_id}"
            key = f"reminder|{self.plan.id}|{person_id}|{self.today.isoformat()}"
            self.queue(key, "reminder", target, "reminder", reminder_json(view))
            reminded[target] = [(i.action_id, k) for i in chosen for k in i.kinds if k in REPEATING]
            reviewed[target] = [risk.id for risk, _why in due]
        return reminded, reviewed

    def risk_notice(self, risk: RiskRow, why: str) -> RiskNotice:
        rules = RiskRules.for_plan(self.plan.settings)
        rating = Rating.from_key(risk.current)
        owner = self.people.get(risk.owner_id or -1)
        return RiskNotice(
            code=risk.code,
            title=risk.title,
            band=(rules.band(rating) or "") if rating and rules.matrix.fits(rating) else "",
            rating=rules.describe(risk.current),
            owner=owner.display if owner else "no owner",
            why=why,
        )

    def in_window(self, person: Person) -> bool:
        """09:00 to 18:00 on this working day, in the person's own time zone."""
        local = self.now.astimezone(ZoneInfo(person.timezone or self.plan.timezone))
        return local.date() == self.today and REMINDER_TIME <= local.time() < LATEST

    @cached_property
    def next_meeting(self) -> BoardMeeting | None:
        """Read once: DMs (board preparation) and the digest both name it."""
        return boards.next_meeting(self.session, self.plan.id, self.now)

    def next_board(self) -> reminders.Board | None:
        meeting = self.next_meeting
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

    def failure_reports(self) -> None:
        """Each plan lead hears, in working hours, about messages that could not be sent."""
        if not REMINDER_TIME <= self.local.time() < LATEST:
            return
        failed = failures.unreported(self.session, self.plan.id)
        if not failed:
            return
        leads = [self.people[i] for i in self.leads]
        if not leads:
            self.result.notes.append(
                f"{self.plan.slug}: {len(failed)} failed message(s) and no plan lead to tell"
            )
            return
        view = failure_report_json(failures.report(self.session, self.plan, failed))
        last = failed[-1].id  # a later failure makes a new report
        for lead in leads:
            key = f"{failures.KIND}|{self.plan.id}|{lead.id}|{last}"
            self.queue(key, failures.KIND, f"person:{lead.id}", failures.KIND, view)
        failures.mark_reported(self.session, failed, self.now)

    # -- channel posts ------------------------------------------------------------------------
    def weekly_digest(self) -> None:
        day = digests.digest_day(self.plan, self.workdays, self.today)
        if day is None or self.today < day:
            return
        if self.today == day and self.local.time() < digests.digest_time(self.plan):
            return
        channel = self.channel()
        if channel is None:
            return
        view = digests.build(
            self.session, self.plan, self.now, self.today, rows=self.rows, lines=self.lines,
            meeting=self.next_meeting, risks=bool(self.risks),
        )  # fmt: skip
        key = digests.week_key(self.plan, self.today)
        self.queue(key, "digest", f"channel:{channel}", "digest", digest_json(view))

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
            key = f"board|{self.plan.id}|{meeting.id}|{when}"
            self.queue(key, "board", f"channel:{channel}", "board", board_reminder_json(view))
