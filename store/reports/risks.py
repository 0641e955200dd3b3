"""The reports' risk section, from the history as at the snapshot (store.risks.past):

- the heat map of open and tolerated risks by current rating;
- the register, worst first, each with its direction since the previous board (worse,
  better, same or new) by score;
- risks whose current rating moved since the previous board, with the reason given;
- risks overdue for review at the snapshot, longest first;
- mitigating actions (of open or tolerated risks) that are red or overdue at the snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from store.dates import uk
from store.domain import Status
from store.history import Snapshot
from store.models import Plan
from store.reports.risk_views import MitigationItem, RiskItem, RiskMoved, RiskSection
from store.reports.snapshots import names
from store.risks import past
from store.risks.heatmap import heat_map
from store.risks.matrix import Rating, RiskRules


def risk_section(
    session: Session,
    plan: Plan,
    *,
    at: datetime,
    before: datetime | None,
    today: date,
    since: str,
    actions: Mapping[int, Snapshot],
    owners: Mapping[int, str],
) -> RiskSection | None:
    """The section as at `at`, compared with `before` (the previous board); None when the plan
    had no risks by then. `actions` are the plan's actions as at `at`."""
    now = past.as_at(session, plan.id, at)
    if not now:
        return None
    then = past.as_at(session, plan.id, before) if before is not None else {}
    owners = {**owners, **names(session, {r.owner_id for r in now.values()} - set(owners))}
    rules = RiskRules.for_plan(plan.settings)
    live = sorted(
        (r for r in now.values() if r.is_open),
        key=lambda r: (-(r.rating.score if r.rating else -1), r.number),
    )
    register = [_item(rules, r, then.get(r.risk_id), today, before, owners) for r in live]
    overdue = sorted(
        (i for i in register if i.review_overdue_days),
        key=lambda i: -i.review_overdue_days,
    )
    return RiskSection(
        heat=heat_map(rules, [(r.code, r.current) for r in live]),
        register=register,
        moved=_moved(session, plan, rules, now, before, at),
        overdue_reviews=overdue,
        mitigation=_mitigation(plan, live, actions, today, owners),
        since=since,
        closed=sum(1 for r in now.values() if not r.is_open),
    )


def _band(rules: RiskRules, key: str | None) -> str:
    rating = Rating.from_key(key)
    return (rules.band(rating) or "") if rating and rules.matrix.fits(rating) else ""


def _item(
    rules: RiskRules,
    risk: past.RiskSnapshot,
    then: past.RiskSnapshot | None,
    today: date,
    before: datetime | None,
    owners: Mapping[int, str],
) -> RiskItem:
    due = risk.review_date
    overdue = (today - due).days if due is not None and risk.review_overdue(today) else 0
    return RiskItem(
        code=risk.code,
        title=risk.title,
        owner=owners.get(risk.owner_id or 0, "no owner"),
        rating=rules.describe(risk.current),
        band=_band(rules, risk.current),
        target=rules.describe(risk.target) if risk.target else "none set",
        status=risk.status,
        direction=_direction(risk, then) if before is not None else None,
        review=uk(risk.review_date, empty="none set"),
        review_overdue_days=overdue or 0,
        note=risk.latest_note or "",
        actions=list(risk.actions),
    )


def _direction(now: past.RiskSnapshot, then: past.RiskSnapshot | None) -> str:
    if then is None or then.rating is None:
        return "new"
    if now.rating is None or now.rating.score == then.rating.score:
        return "same"
    return "worse" if now.rating.score > then.rating.score else "better"


def _moved(
    session: Session,
    plan: Plan,
    rules: RiskRules,
    now: Mapping[int, past.RiskSnapshot],
    before: datetime | None,
    at: datetime,
) -> list[RiskMoved]:
    zone = plan.timezone
    found = []
    for move in past.rating_moves(session, plan.id, before, at):
        risk = now.get(move.risk_id)
        old, new = Rating.from_key(move.old), Rating.from_key(move.new)
        if risk is None or old is None or new is None:
            continue
        direction = "worse" if new.score > old.score else "better"
        direction = "same" if old.score == new.score else direction
        found.append(
            RiskMoved(
                code=risk.code,
                title=risk.title,
                old=rules.describe(move.old),
                new=rules.describe(move.new),
                old_band=_band(rules, move.old),
                new_band=_band(rules, move.new),
                direction=direction,
                moved_on=_local_day(move.at, zone),
                reason=move.reason or "no reason recorded",
            )
        )
    return found


def _mitigation(
    plan: Plan,
    live: list[past.RiskSnapshot],
    actions: Mapping[int, Snapshot],
    today: date,
    owners: Mapping[int, str],
) -> list[MitigationItem]:
    by_ref = {s.ref: s for s in actions.values()}
    risks_of: dict[str, list[str]] = {}
    for risk in live:
        for ref in risk.actions:
            risks_of.setdefault(ref, []).append(risk.code)
    found = []
    for ref, codes in risks_of.items():
        snap = by_ref.get(ref)
        if snap is None:
            continue
        overdue = (
            (today - snap.due_date).days
            if snap.status.is_open and snap.due_date is not None and snap.due_date < today
            else 0
        )
        if snap.status is not Status.RED and not overdue:
            continue
        label = plan.label(snap.status.value)
        found.append(
            MitigationItem(
                ref=ref,
                title=snap.title,
                owner=owners.get(snap.owner_id or 0, "no owner"),
                status=snap.status.value,
                status_label=f"{label}, awaiting sign-off" if snap.signoff_pending else label,
                due=uk(snap.due_date, empty="Ongoing"),
                overdue_days=overdue,
                risks=codes,
            )
        )
    return sorted(found, key=lambda m: tuple(int(p) for p in m.ref.split(".")))


def _local_day(at: datetime, zone: str) -> str:
    return uk(at.astimezone(ZoneInfo(zone)).date())
