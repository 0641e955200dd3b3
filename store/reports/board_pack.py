"""The board pack for an Improvement Board meeting, as a plain view-model.

Its sections, each from the history as at the snapshot (see store.reports.scope):

- plan on a page: RAG counts overall and by theme, with the previous board's counts and the
  direction of travel (store.reports.snapshots);
- exceptions by theme: red and amber actions with their latest note, overdue actions, and due
  dates moved since the previous board with the reason given for each move;
- actions completed since the previous board, with their evidence;
- the themes in focus in full: every action of the meeting's themes;
- the KPI table, by the plan's KPI rules (store.kpis);
- the RAG trend: the counts as at each of the last six held boards, and at the snapshot;
- risks (store.reports.risks): the heat map, ratings moved since the previous board with
  their reasons, reviews overdue, and mitigating actions that are red or overdue;
- findings coverage (store.reports.coverage): each finding's actions by RAG, and the
  findings with no open action or every open action overdue.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from store.dates import uk
from store.domain import Status
from store.history import Snapshot
from store.kpis.status import line as kpi_line
from store.models import BoardMeeting, Plan
from store.reports import snapshots
from store.reports.coverage import Coverage, coverage
from store.reports.facts import Facts
from store.reports.risks import risk_section
from store.reports.scope import TREND_BOARDS, Scope, board_scope
from store.reports.views import (
    BoardPack,
    CompletedItem,
    FocusTheme,
    MeetingInfo,
    MovedDate,
    ThemeExceptions,
    TrendPoint,
)

_EXCEPTION = (Status.RED, Status.AMBER)


def build_board_pack(
    session: Session,
    plan: Plan,
    *,
    now: datetime,
    meeting_id: int | None = None,
    focus: Sequence[str] | None = None,
) -> BoardPack:
    """The pack for a meeting (the next scheduled one by default), or for the plan as it
    stands when none is scheduled. `focus` (theme numbers) overrides the meeting's themes."""
    scope = board_scope(session, plan, now=now, meeting_id=meeting_id)
    facts = Facts.load(session, plan, scope.at, scope.since)
    themes = _focus(scope.meeting, focus)
    overall, before = facts.overall()
    return BoardPack(
        plan_name=plan.name,
        plan_slug=plan.slug,
        title=_title(scope, facts),
        meeting=_meeting(scope, facts),
        as_at=facts.local_time(scope.at),
        since=_since(scope, facts),
        generated=facts.local_time(now),
        statuses=facts.statuses(),
        overall=overall,
        overall_before=before,
        overall_direction=snapshots.travel(overall, before),
        themes=facts.theme_summaries(set(themes)),
        exceptions=_exceptions(facts),
        completed=_completed(facts),
        focus=_focus_themes(facts, themes),
        kpis=[kpi_line(k) for k in facts.kpis()],
        trend=_trend(session, scope, facts),
        compared=_compared(scope, facts),
        risks=risk_section(
            session,
            plan,
            at=scope.at,
            before=scope.since,
            today=facts.today,
            since=_since(scope, facts),
            actions=facts.now,
            owners=facts.owners,
        ),
        coverage=_coverage(session, plan, facts),
    )


def _coverage(session: Session, plan: Plan, facts: Facts) -> Coverage | None:
    found = coverage(session, plan, facts.at, facts.today, facts.now)
    return found if found.lines else None


def _focus(meeting: BoardMeeting | None, focus: Sequence[str] | None) -> list[str]:
    if focus is not None:
        return [str(n) for n in focus]
    return [str(n) for n in meeting.themes] if meeting is not None else []


def _title(scope: Scope, facts: Facts) -> str:
    if scope.meeting is None:
        return f"Plan report as at {uk(facts.today)}"
    return f"{scope.meeting.title}: {facts.local_day(scope.meeting.starts_at)}"


def _meeting(scope: Scope, facts: Facts) -> MeetingInfo | None:
    meeting = scope.meeting
    if meeting is None:
        return None
    names = {t.number: t.name for t in facts.themes}
    return MeetingInfo(
        id=meeting.id,
        title=meeting.title,
        when=facts.local_time(meeting.starts_at),
        day=meeting.starts_at.astimezone(facts.tz).date().isoformat(),
        themes=[f"{n}. {names[str(n)]}" if str(n) in names else str(n) for n in meeting.themes],
        past=meeting.starts_at < scope.now,
    )


def _since(scope: Scope, facts: Facts) -> str:
    if scope.previous is None:
        return "since the plan was set up (no board has met yet)"
    return f"since the board on {facts.local_day(scope.previous.starts_at)}"


def _compared(scope: Scope, facts: Facts) -> str:
    """The comparison as a board paper words it, with the day written out in full."""
    if scope.previous is None:
        return "Compared with the plan as it was set up: no board has met yet."
    day = scope.previous.starts_at.astimezone(facts.tz).date()
    return f"Compared with the {scope.previous.title} of {day:%A} {day.day} {day:%B %Y}."


def _exceptions(facts: Facts) -> list[ThemeExceptions]:
    snaps = sorted(facts.now.values(), key=lambda s: _ref_order(s.ref))
    moved = snapshots.moves(facts.session, facts.plan.id, facts.before, facts.at)
    found = []
    for theme_id, number, name in _theme_rows(facts):
        mine = [s for s in snaps if s.theme_id == theme_id]
        red_amber = [facts.item(s) for s in mine if s.status in _EXCEPTION]
        red_amber.sort(key=lambda i: i.status != Status.RED.value)  # red first, then by ref
        # A red or amber action that is also overdue is marked so there, not listed twice.
        overdue = [
            facts.item(s)
            for s in mine
            if snapshots.is_overdue(s, facts.today) and s.status not in _EXCEPTION
        ]
        overdue.sort(key=lambda i: -(i.overdue_days or 0))  # longest overdue first
        ids = {s.action_id for s in mine}
        moves = [_moved(facts, m) for m in moved if m.action_id in ids]
        found.append(ThemeExceptions(number, name, red_amber, overdue, moves))
    return found


def _theme_rows(facts: Facts) -> list[tuple[int | None, str, str]]:
    rows: list[tuple[int | None, str, str]] = [(t.id, t.number, t.name) for t in facts.themes]
    if any(s.theme_id is None for s in facts.now.values()):
        rows.append((None, "", "No theme"))
    return rows


def _moved(facts: Facts, move: snapshots.Move) -> MovedDate:
    snap = facts.now[move.action_id]
    return MovedDate(
        ref=snap.ref,
        title=snap.title,
        theme=facts.theme_number(snap.theme_id),
        owner=facts.owners.get(snap.owner_id or 0, "no owner"),
        old_due=uk(move.old, empty="Ongoing"),
        new_due=uk(move.new, empty="Ongoing"),
        moved_on=facts.local_day(move.at),
        reason=move.reason or "no reason recorded",
    )


def completed_since(facts: Facts) -> list[Snapshot]:
    """Actions complete at the snapshot that were not complete (or did not exist) before."""
    then = facts.then or {}
    return [
        s
        for s in facts.now.values()
        if s.status is Status.COMPLETE
        and (s.action_id not in then or then[s.action_id].status is not Status.COMPLETE)
    ]


def _completed(facts: Facts) -> list[CompletedItem]:
    done = sorted(completed_since(facts), key=lambda s: _ref_order(s.ref))
    when = snapshots.completed_on(facts.session, [s.action_id for s in done], facts.at)
    return [
        CompletedItem(
            ref=s.ref,
            title=s.title,
            theme=facts.theme_number(s.theme_id),
            owner=facts.owners.get(s.owner_id or 0, "no owner"),
            completed_on=facts.local_day(when[s.action_id]) if s.action_id in when else "",
            evidence=list(facts.evidence.get(s.action_id, [])),
            status_label=facts.item(s).status_label,
            awaiting_signoff=s.signoff_pending,
        )
        for s in done
    ]


def _focus_themes(facts: Facts, numbers: list[str]) -> list[FocusTheme]:
    found = []
    for number in numbers:
        theme = next((t for t in facts.themes if t.number == number), None)
        if theme is None:
            continue  # a meeting may name a theme the plan has since dropped
        mine = sorted(
            (s for s in facts.now.values() if s.theme_id == theme.id),
            key=lambda s: _ref_order(s.ref),
        )
        found.append(
            FocusTheme(
                number=theme.number,
                name=theme.name,
                lead=facts.owners_of(theme.lead_id),
                counts=snapshots.counts(mine),
                actions=[facts.item(s) for s in mine],
            )
        )
    return found


def _trend(session: Session, scope: Scope, facts: Facts) -> list[TrendPoint]:
    boards = list(scope.held[-TREND_BOARDS:])
    counts = snapshots.trend(session, scope.plan.id, (m.starts_at for m in boards))
    points = [
        TrendPoint("Board", _short(facts, m.starts_at), c, current=False)
        for m, c in zip(boards, counts, strict=True)
    ]
    overall, _ = facts.overall()
    past = scope.meeting is not None and scope.at < scope.now
    points.append(
        TrendPoint("This meeting" if past else "Now", _short(facts, scope.at), overall, True)
    )
    return points


def _short(facts: Facts, at: datetime) -> str:
    day = at.astimezone(facts.tz).date()
    return f"{day.day} {day:%b %Y}"


def _ref_order(ref: str) -> tuple[int, ...]:
    return tuple(int(p) for p in ref.split(".") if p.isdigit())
