"""Riverside's risk register and the findings its plan answers, with a history on both sides
of the December board (see tests/council_plan.py for the plan, its boards and its dates).

    R1 Social worker recruitment and retention  4x4, worse 5x4 on 5 Jan (after December)
    R2 MASH demand beyond capacity               4x3, worse 4x4 on 2 Dec, better 3x3 on 6 Jan
    R3 Too few local placements                  3x4, review due 31 Dec and not done
    R4 Court delays stretch proceedings          3x3, tolerated on 10 Nov
    R5 Case management upgrade slips             2x3, closed on 20 Dec
    R6 Partners drift from the thresholds        2x4, review due 10 Jan and not done

Mitigating actions: R1 4.1 (red since 1 Dec) and 4.2; R2 2.1 (overdue since 15 Dec); R3 3.3;
R6 2.2. Findings: REC1 (1.1, 1.3), REC2 (2.1, 2.2), REC3 (3.2, complete), REC4 (2.1 only,
overdue), AFI1 (no actions).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from store import actions, people, recommendations
from store.domain import Via
from store.models import Plan, Risk
from store.risks import by_code, register
from tests.council_plan import SET_UP

# code, title, owner, rating, target, review date, mitigating actions
RISKS = [
    ("R1", "Social worker recruitment and retention", "ruth.evans", "4x4", "2x4",
     date(2026, 10, 1), ("4.1", "4.2")),
    ("R2", "MASH demand beyond capacity", "priya.nair", "4x3", "2x3", date(2026, 10, 1), ("2.1",)),
    ("R3", "Too few local placements for children in care", "owen.reid", "3x4", "2x4",
     date(2026, 12, 31), ("3.3",)),
    ("R4", "Court delays stretch care proceedings beyond 26 weeks", "owen.reid", "3x3", None,
     date(2026, 12, 1), ()),
    ("R5", "Case management system upgrade slips", "lena.fox", "2x3", "1x3",
     date(2026, 12, 1), ()),
    ("R6", "Partners drift from the relaunched thresholds", "priya.nair", "2x4", "1x4",
     date(2027, 1, 10), ("2.2",)),
]  # fmt: skip

# (when, code, what, value, reason or note)
EVENTS: list[tuple[datetime, str, str, str, str]] = [
    (datetime(2026, 10, 1, 10, tzinfo=UTC), "R1", "review", "", "Agency conversion scheme agreed"),
    (datetime(2026, 10, 1, 11, tzinfo=UTC), "R2", "review", "", "Demand up 12% on last year"),
    (datetime(2026, 11, 10, 10, tzinfo=UTC), "R4", "status", "tolerated",
     "Local family court listing is outside the council's control"),
    (datetime(2026, 12, 1, 9, 30, tzinfo=UTC), "R1", "review", "", "Three leavers in November"),
    (datetime(2026, 12, 2, 9, 30, tzinfo=UTC), "R2", "current", "4x4",
     "Backlog of 140 contacts and two vacant posts"),
    (datetime(2026, 12, 20, 12, tzinfo=UTC), "R5", "status", "closed",
     "Upgrade went live on 18 December"),
    (datetime(2027, 1, 5, 10, tzinfo=UTC), "R1", "current", "5x4",
     "Two more team managers resigned in January"),
    (datetime(2027, 1, 5, 10, 5, tzinfo=UTC), "R1", "review", "", "Retention payments proposed"),
    (datetime(2027, 1, 6, 10, tzinfo=UTC), "R2", "current", "3x3",
     "Backlog down to 40 contacts; agency social worker started"),
    (datetime(2027, 1, 6, 10, 5, tzinfo=UTC), "R2", "review", "", "Weekly backlog tracking"),
]  # fmt: skip

FINDINGS = [
    ("REC1", "Strengthen the grip of senior leaders and the board on practice", ("1.1", "1.3")),
    ("REC2", "Make sure contacts and referrals are decided within one working day", ("2.1", "2.2")),
    ("REC3", "Give every care leaver an up-to-date pathway plan", ("3.2",)),
    ("REC4", "Reduce the MASH backlog so that no child waits", ("2.1",)),
    ("AFI1", "Improve the recording of children's voices in plans", ()),
]
FINDINGS_ADDED = datetime(2026, 9, 10, 9, tzinfo=UTC)
ISSUED = date(2026, 7, 14)


def add_risks(s: Session, plan: Plan) -> None:
    """The register above, with its history, into the Riverside plan."""
    for code, title, owner, rating, target, review, refs in RISKS:
        person = people.by_email(s, f"{owner}@riverside.gov.uk")
        assert person is not None
        risk = Risk(
            code=code,
            title=title,
            owner_id=person.id,
            inherent="5x5" if code == "R1" else rating,
            current=rating,
            target=target,
            review_date=review,
            review_every="1m",
            controls=f"Controls for {title.lower()}",
        )
        register.create_risk(s, plan, risk, at=SET_UP, via=Via.IMPORT)
        for ref in refs:
            action = actions.by_ref(s, plan.id, ref)
            assert action is not None
            register.link_action(s, plan, risk, action, at=SET_UP, via=Via.IMPORT, by=None)
    for at, code, what, value, text in EVENTS:
        found = by_code(s, plan.id, code)
        assert found is not None
        if what == "review":
            day = at.date()
            register.review(s, plan, found, today=day, at=at, via=Via.CONSOLE, by=None, note=text)
        elif what == "current":
            register.record(s, plan, found, {"current": value}, at=at, via=Via.CONSOLE, reason=text)
        else:
            register.record(s, plan, found, {"status": value}, at=at, via=Via.CONSOLE, reason=text)
    s.flush()


def add_findings(s: Session, plan: Plan) -> None:
    for code, text, refs in FINDINGS:
        finding = recommendations.add(
            s, plan, code, at=FINDINGS_ADDED, text=text, issued=ISSUED, via=Via.IMPORT
        )
        for ref in refs:
            action = actions.by_ref(s, plan.id, ref)
            assert action is not None
            recommendations.link(s, action, finding, at=FINDINGS_ADDED, via=Via.IMPORT, by=None)
    s.flush()
