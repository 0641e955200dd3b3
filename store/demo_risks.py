"""The demo plan's risk register and the Ofsted findings it answers.

Days are counted back from the demo's `now` like the rest of store.demo; every rating change,
review and closure goes through store.risks.register at the instant it happened, so the risk
section of a past board's pack reads as it stood then. The findings are entered when the plan
was imported, and the actions' own "Ofsted recommendation N" sources are turned into links by
store.recommendations.link_sources, as an import does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from store import actions, recommendations
from store.domain import Via
from store.models import Risk
from store.risks import register
from store.risks.reviews import after

if TYPE_CHECKING:
    from store.demo import _Build


@dataclass(frozen=True)
class RiskRow:
    code: str
    title: str
    owner: str
    inherent: str
    rating: str  # at the import; the story changes it
    target: str | None
    mitigation: tuple[str, ...]
    story: tuple[tuple[int, str, str, str], ...]  # (days ago, what, value, reason or note)
    review_in: int | None  # days from today to the next review; None: a month after import
    every: str = "1m"
    cause: str | None = None
    consequence: str | None = None
    controls: str | None = None


RISKS = (
    RiskRow("R1", "Recruitment and retention of social workers", "claire.donnelly", "5x5", "4x4",
            "2x4", ("5.1", "5.2", "5.4"),
            ((330, "review", "", "Campaign launched; market supplement agreed"),
             (270, "review", "", "Vacancies steady at 22%"),
             (200, "rate", "5x4", "Three team managers left; agency rate up to 38%"),
             (180, "review", "", "Exit interviews started"),
             (150, "review", "", "Retention payments proposed to Cabinet"),
             (120, "review", "", "Retention payments agreed by Cabinet"),
             (90, "rate", "4x4", "First twelve agency workers converted to permanent posts"),
             (60, "review", "", "Caseload weighting tool piloted"),
             (4, "rate", "5x4", "Two more team managers resigned this month"),
             (3, "review", "", "Exit interviews point to caseloads; see action 5.4")),
            None,
            cause="A national shortage of experienced social workers; higher agency pay nearby",
            consequence="Caseloads rise, children change worker often, practice quality falls",
            controls="Recruitment campaign; retention payments; weekly caseload tracking"),
    RiskRow("R2", "Demand at the front door exceeds MASH capacity", "sarah.okafor", "4x4", "4x3",
            "2x3", ("2.1", "2.2"),
            ((330, "review", "", "MASH staffing plan agreed"),
             (270, "review", "", "Demand steady"),
             (210, "review", "", "Winter planning with partners"),
             (150, "rate", "4x4", "Winter surge in contacts with two MASH posts vacant"),
             (120, "review", "", "Agency cover in place"),
             (90, "review", "", "Backlog falling"),
             (31, "rate", "3x3", "Contacts decided within one working day above 95% for a "
                                  "quarter"),
             (30, "review", "", "Demand steady; posts filled")),
            None, controls="Daily MASH huddle; partner threshold training"),
    RiskRow("R3", "Too few local homes for children in care", "aisha.rahman", "4x5", "4x4",
            "3x3", ("4.4",), ((75, "review", "", "Second home delayed by planning"),), None,
            consequence="Children placed far from home, school and family"),
    RiskRow("R4", "Court and legal delays lengthen care proceedings", "james.whitfield", "3x4",
            "3x3", None, ("3.3",),
            ((60, "tolerate", "", "Court listing is outside the council's control; the legal "
                                   "gateway meets weekly"),),
            40, every="3m"),
    RiskRow("R5", "Case management system changes are not delivered on time", "tom.bradley",
            "3x3", "3x3", "1x3", ("2.4",),
            ((40, "close", "", "The release went live and the supplier has signed off"),), 0),
    RiskRow("R6", "Partners do not apply the new thresholds consistently", "sarah.okafor",
            "3x4", "2x4", "1x4", ("2.2",), (), 0),
    RiskRow("R7", "Budget pressure from agency staff and placement costs", "helen.armitage",
            "5x4", "4x4", "3x3", ("1.6",),
            ((50, "review", "", "Medium-term financial plan includes growth for demand"),),
            None, every="3m"),
)  # fmt: skip

FINDINGS_ISSUED_DAYS_BEFORE_IMPORT = 60
SOURCE = "Ofsted ILACS inspection"
FINDINGS = (
    ("REC1", "Senior leaders and the board have a clear line of sight of frontline practice."),
    ("REC2", "Corporate parenting is strong, with members who challenge outcomes for children."),
    ("REC3", "Contacts and referrals are decided within one working day, with management "
             "oversight recorded."),
    ("REC4", "Thresholds are understood and applied consistently by partners."),
    ("REC5", "Assessments and plans are timely, focused and reflect the child's voice."),
    ("REC6", "Supervision is regular and reflective, and it shapes the work with children."),
    ("REC7", "Pre-proceedings work is timely, so that children do not wait for decisions."),
    ("REC8", "Care leavers have up-to-date pathway plans and a clear local offer."),
    ("REC9", "Health assessments for children in care are completed on time."),
    ("REC10", "Quality assurance drives improvement, with audit findings acted on."),
    ("AFI1", "Return home interviews for children who go missing are timely and inform plans."),
)  # fmt: skip
AFI_SOURCE = "Ofsted monitoring visit"


def build_risks(build: _Build) -> None:
    """The findings at the import, then each risk and its story."""
    session, plan = build.session, build.plan
    lead = build.people["priya.shah"]
    issued = build.imported.date() - timedelta(days=FINDINGS_ISSUED_DAYS_BEFORE_IMPORT)
    for code, text in FINDINGS:
        source = AFI_SOURCE if code.startswith("AFI") else SOURCE
        recommendations.add(session, plan, code, at=build.imported, text=text, source=source,
                            issued=issued, via=Via.IMPORT, by=lead)  # fmt: skip
    recommendations.link_sources(session, plan, at=build.imported, via=Via.IMPORT, by=lead)
    for row in RISKS:
        _risk(build, row)


def _risk(build: _Build, row: RiskRow) -> None:
    session, clock, plan = build.session, build.clock, build.plan
    owner = build.people[row.owner]
    lead = build.people["priya.shah"]
    risk = Risk(
        code=row.code,
        title=row.title,
        owner_id=owner.id,
        inherent=row.inherent,
        current=row.rating,
        target=row.target,
        review_every=row.every,
        review_date=(
            clock.today + timedelta(days=row.review_in)
            if row.review_in is not None
            else after(build.imported.date(), row.every)
        ),
        cause=row.cause,
        consequence=row.consequence,
        controls=row.controls,
    )
    at = build.imported + timedelta(minutes=30)
    register.create_risk(session, plan, risk, at=at, via=Via.IMPORT, by=lead)
    for ref in row.mitigation:
        action = actions.by_ref(session, plan.id, ref)
        if action is None:
            raise ValueError(f"demo risk {row.code}: no action {ref}")
        register.link_action(session, plan, risk, action, at=at, via=Via.IMPORT, by=lead)
    for days_ago, what, value, text in row.story:
        when = clock.working_hours(days_ago)
        day = when.astimezone(clock.tz).date()
        if what == "rate":
            register.record(session, plan, risk, {"current": value}, at=when, via=Via.SLACK,
                            by=owner, reason=text)  # fmt: skip
        elif what == "review":
            register.review(session, plan, risk, today=day, at=when, via=Via.SLACK, by=owner,
                            note=text)  # fmt: skip
        else:
            status = {"tolerate": "tolerated", "close": "closed"}[what]
            register.record(session, plan, risk, {"status": status}, at=when, via=Via.CONSOLE,
                            by=lead, reason=text)  # fmt: skip
