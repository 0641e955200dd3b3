"""The plan at two instants, loaded once, and the view-model pieces both reports share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from store.dates import uk
from store.domain import STATUS_ORDER
from store.history import Snapshot, as_at
from store.kpis.status import KpiStatus, assess_plan
from store.models import Plan, Theme
from store.reports import snapshots
from store.reports.views import ActionItem, RagCounts, StatusLabel, ThemeSummary


@dataclass
class Facts:
    """Every action at `at` and at `before` (None: no earlier snapshot), with the names,
    evidence and themes needed to show them."""

    session: Session
    plan: Plan
    at: datetime
    before: datetime | None
    now: dict[int, Snapshot]
    then: dict[int, Snapshot] | None
    owners: dict[int, str]
    evidence: dict[int, list[str]]
    measures: dict[int, str]
    themes: list[Theme]

    @classmethod
    def load(cls, session: Session, plan: Plan, at: datetime, before: datetime | None) -> Facts:
        now = as_at(session, plan.id, at)
        then = as_at(session, plan.id, before) if before is not None else None
        ids = list(now)
        return cls(
            session=session,
            plan=plan,
            at=at,
            before=before,
            now=now,
            then=then,
            owners=snapshots.names(session, {s.owner_id for s in now.values()}),
            evidence=snapshots.evidence_at(session, ids, at),
            measures=snapshots.details(session, ids),
            themes=snapshots.themes(session, plan.id),
        )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.plan.timezone)

    @property
    def today(self) -> date:
        return self.at.astimezone(self.tz).date()

    def local_day(self, at: datetime) -> str:
        return uk(at.astimezone(self.tz).date())

    def local_time(self, at: datetime) -> str:
        local = at.astimezone(self.tz)
        return f"{uk(local.date())}, {local:%H:%M}"

    def theme_number(self, theme_id: int | None) -> str:
        return next((t.number for t in self.themes if t.id == theme_id), "")

    def statuses(self) -> list[StatusLabel]:
        return [StatusLabel(s.value, self.plan.label(s.value)) for s in STATUS_ORDER]

    def item(self, snap: Snapshot) -> ActionItem:
        overdue = None
        if snap.due_date is not None and snapshots.is_overdue(snap, self.today):
            overdue = (self.today - snap.due_date).days
        label = self.plan.label(snap.status.value)
        if snap.signoff_pending:
            label += ", awaiting sign-off"
        return ActionItem(
            ref=snap.ref,
            title=snap.title,
            theme=self.theme_number(snap.theme_id),
            owner=self.owners.get(snap.owner_id or 0, "no owner"),
            status=snap.status.value,
            status_label=label,
            due=uk(snap.due_date, empty="Ongoing"),
            overdue_days=overdue,
            note=snap.latest_note or "",
            evidence=list(self.evidence.get(snap.action_id, [])),
            success_measure=self.measures.get(snap.action_id, ""),
        )

    def overall(self) -> tuple[RagCounts, RagCounts | None]:
        then = snapshots.counts(self.then.values()) if self.then is not None else None
        return snapshots.counts(self.now.values()), then

    def theme_summaries(self, focus: set[str]) -> list[ThemeSummary]:
        """RAG counts by theme now and before, with direction; actions with no theme last."""
        now, then = snapshots.by_theme(self.now.values()), None
        if self.then is not None:
            then = snapshots.by_theme(self.then.values())
        rows: list[tuple[int | None, str, str, str]] = [
            (t.id, t.number, t.name, self.owners_of(t.lead_id)) for t in self.themes
        ]
        if now.get(None):
            rows.append((None, "", "No theme", ""))
        found = []
        for theme_id, number, name, lead in rows:
            current = snapshots.counts(now.get(theme_id, []))
            before = snapshots.counts(then.get(theme_id, [])) if then is not None else None
            found.append(
                ThemeSummary(
                    number=number,
                    name=name,
                    lead=lead,
                    now=current,
                    before=before,
                    direction=snapshots.travel(current, before),
                    in_focus=number in focus,
                )
            )
        return found

    def owners_of(self, person_id: int | None) -> str:
        if person_id is None:
            return ""
        if person_id not in self.owners:
            self.owners.update(snapshots.names(self.session, {person_id}))
        return self.owners.get(person_id, "")

    def kpis(self) -> list[KpiStatus]:
        return assess_plan(self.session, self.plan, self.at)
