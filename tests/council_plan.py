"""Riverside: a council-shaped plan with a history, for board and report tests.

Four themes with their leads, twelve actions with success measures and evidence (codes and
links), three KPIs with owners, two boards held (Thu 22 Oct and Thu 17 Dec 2026) and one to
come (Thu 11 Feb 2027), and changes on both sides of the December board, so a pack as at that
board differs from one as at today (Monday 18 January 2027).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from store import boards, history, people, plans
from store.domain import Role, Via, ref_key
from store.models import Action, BoardMeeting, Kpi, KpiReading, Person, Plan

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 1, 18, 10, 0, tzinfo=UTC)  # Monday 18 January 2027, 10:00 in London
SET_UP = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
OCTOBER_BOARD = date(2026, 10, 22)
DECEMBER_BOARD = date(2026, 12, 17)
FEBRUARY_BOARD = date(2027, 2, 11)

PEOPLE = {
    # handle: (name, job title, role)
    "dana.okoro": ("Dana Okoro", "Improvement Programme Manager", Role.PLAN_LEAD),
    "marcus.hill": ("Marcus Hill", "Director of Children's Services", Role.THEME_LEAD),
    "priya.nair": ("Priya Nair", "Head of Service, Front Door", Role.THEME_LEAD),
    "owen.reid": ("Owen Reid", "Head of Service, Children in Care", Role.THEME_LEAD),
    "ruth.evans": ("Ruth Evans", "Principal Social Worker", Role.THEME_LEAD),
    "kai.brown": ("Kai Brown", "Team Manager, MASH", Role.OWNER),
    "lena.fox": ("Lena Fox", "Performance Lead", Role.OWNER),
    "amina.shah": ("Cllr Amina Shah", "Lead Member for Children", Role.VIEWER),
}
THEMES = {
    "1": ("Leadership, governance and oversight", "marcus.hill"),
    "2": ("Front door and early help", "priya.nair"),
    "3": ("Children in care and care leavers", "owen.reid"),
    "4": ("Workforce and practice quality", "ruth.evans"),
}
LINK_TERMS = "https://riverside.gov.uk/improvement-board/terms-of-reference"
LINK_THRESHOLDS = "https://riverside.gov.uk/docs/thresholds?v=2&lang=en"
LINK_PATHWAY = "https://riverside.gov.uk/care-leavers/pathway-plan-audit.pdf"
LINK_FRAMEWORK = "http://intranet.riverside.gov.uk/practice-framework"


@dataclass(frozen=True)
class Row:
    ref: str
    title: str
    owner: str
    due: date
    status: str
    measure: str


ACTIONS = [
    Row("1.1", "Establish an independent Improvement Board with a DfE-appointed chair",
        "marcus.hill", date(2026, 10, 30), "green",
        "The board meets six-weekly with partners and the DfE adviser"),
    Row("1.2", "Publish a monthly performance scorecard to the Lead Member", "lena.fox",
        date(2027, 1, 31), "green", "Scorecard on the Lead Member's agenda every month"),
    Row("1.3", "Commission an external audit of management oversight on open cases",
        "dana.okoro", date(2026, 11, 30), "green",
        "Audit report with findings on supervision and oversight"),
    Row("2.1", "Clear MASH contacts waiting more than one working day for a decision",
        "kai.brown", date(2026, 12, 15), "amber", "No contact waits beyond one working day"),
    Row("2.2", "Relaunch the threshold document with partners and audit how it is applied",
        "priya.nair", date(2027, 3, 31), "green", "Partners apply thresholds consistently"),
    Row("2.3", "Bring early help assessments onto the case management system", "priya.nair",
        date(2027, 1, 8), "green", "Every early help assessment recorded on the system"),
    Row("3.1", "Review every care plan older than six months", "owen.reid",
        date(2027, 2, 26), "green", "Every care plan reviewed within six months"),
    Row("3.2", "Give every care leaver an up-to-date pathway plan", "owen.reid",
        date(2026, 12, 31), "amber", "Every care leaver has a pathway plan under six months old"),
    Row("3.3", "Open two new in-house children's homes", "owen.reid", date(2027, 3, 31),
        "green", "Eight children placed in borough in homes the council runs"),
    Row("4.1", "Keep social worker caseloads at or below 18", "ruth.evans",
        date(2027, 3, 31), "amber", "Average caseload 18 or fewer in every team"),
    Row("4.2", "Cut agency social workers to 20% of the workforce", "ruth.evans",
        date(2027, 6, 30), "amber", "Agency rate at or below 20% for three months running"),
    Row("4.3", "Launch the practice framework with all frontline staff", "ruth.evans",
        date(2026, 11, 30), "green", "Every practitioner trained in the framework"),
]  # fmt: skip

# (when, ref, changes, note, reason): the plan's life after it was set up, oldest first.
HISTORY: list[tuple[datetime, str, dict[str, object], str | None, str | None]] = [
    (datetime(2026, 10, 15, 11, tzinfo=UTC), "1.1", {"status": "complete"},
     "Board constituted; first meeting held.", None),
    (datetime(2026, 11, 5, 14, tzinfo=UTC), "3.3", {"due_date": date(2027, 9, 30)},
     None, "Planning permission for the second home delayed to the summer"),
    (datetime(2026, 11, 25, 10, tzinfo=UTC), "4.3", {"status": "complete"},
     "All 140 frontline staff trained.", None),
    (datetime(2026, 12, 1, 9, tzinfo=UTC), "4.1", {"status": "red"},
     "Average caseload 22 after three leavers in November.", None),
    (datetime(2026, 12, 2, 9, tzinfo=UTC), "2.1", {"status": "red"},
     "Backlog of 140 contacts; two vacant posts.", None),
    (datetime(2026, 12, 3, 9, tzinfo=UTC), "1.3", {"status": "amber"},
     "Auditor appointed late; fieldwork starts in January.", None),
    (datetime(2026, 12, 10, 15, tzinfo=UTC), "3.2", {"status": "complete"},
     "Audit shows 97% of care leavers with a current plan.", None),
    # After the December board:
    (datetime(2027, 1, 6, 9, tzinfo=UTC), "2.1", {"status": "amber"},
     "Backlog down to 40 contacts; agency social worker started.", None),
    (datetime(2027, 1, 8, 16, tzinfo=UTC), "3.1", {"status": "amber"},
     "Two reviewing officers off sick; 30 reviews late.", None),
    (datetime(2027, 1, 11, 15, tzinfo=UTC), "4.2", {"due_date": date(2027, 9, 30)},
     None, "Recruitment campaign relaunched after the pay review"),
    (datetime(2027, 1, 12, 10, tzinfo=UTC), "1.2", {"status": "complete"},
     "Scorecard now a standing item.", None),
]  # fmt: skip

EVIDENCE = [
    (datetime(2026, 10, 15, 11, tzinfo=UTC), "1.1", LINK_TERMS),
    (datetime(2026, 11, 20, 9, tzinfo=UTC), "2.2", f"{LINK_THRESHOLDS} (draft for partners)"),
    (datetime(2026, 11, 25, 10, tzinfo=UTC), "4.3", "EV-WF-011 Practice framework launch pack"),
    (datetime(2026, 11, 25, 10, 5, tzinfo=UTC), "4.3", LINK_FRAMEWORK),
    (datetime(2026, 12, 10, 15, tzinfo=UTC), "3.2", LINK_PATHWAY),
    (datetime(2027, 1, 12, 10, tzinfo=UTC), "1.2", "EV-GOV-007 January scorecard"),
]

# code, name, unit, polarity, baseline, target, owner, readings (Sep to Dec 2026)
KPIS = [
    ("K1", "Contacts decided within one working day", "%", "higher", 62.0, 95.0,
     "kai.brown", (70.0, 74.0, 78.0, 81.0)),
    ("K2", "Average social worker caseload", "", "lower", 24.0, 18.0,
     "ruth.evans", (23.0, 22.0, 22.0, 22.0)),
    ("K3", "Care leavers with an up-to-date pathway plan", "%", "higher", 55.0, 100.0,
     "owen.reid", (71.0, 84.0, 92.0, 97.0)),
]  # fmt: skip


def build_council(s: Session, *, slug: str = "riverside", **settings: object) -> Plan:
    """The Riverside plan as at NOW; `settings` go to the plan (region, closure_days …)."""
    plan = plans.create_plan(
        s,
        slug=slug,
        name="Riverside Children's Services Improvement Plan",
        at=SET_UP,
        channel="#riverside-improvement",
        **settings,
    )
    folks = _people(s, plan)
    for number, (name, lead) in THEMES.items():
        plans.ensure_theme(s, plan, number, name).lead_id = folks[lead].id
    found = {row.ref: _action(s, plan, row, folks) for row in ACTIONS}
    for at, ref, changes, note, reason in HISTORY:
        if note:
            changes = {**changes, "latest_note": note}
        history.record(s, found[ref], changes, at=at, via=Via.CONSOLE, note=note, reason=reason)
    for at, ref, text in EVIDENCE:
        history.add_evidence(s, found[ref], text, at=at, via=Via.CONSOLE, by=None)
    _kpis(s, plan, folks)
    _boards(s, plan)
    s.flush()
    return plan


def _people(s: Session, plan: Plan) -> dict[str, Person]:
    folks = {}
    for handle, (name, title, role) in PEOPLE.items():
        person = people.find_or_create(
            s, name=name, email=f"{handle}@riverside.gov.uk", at=SET_UP, job_title=title
        )
        people.link_identity(s, person, "console", "console", handle)
        plans.grant(s, plan, person, role)
        folks[handle] = person
    return folks


def _action(s: Session, plan: Plan, row: Row, folks: dict[str, Person]) -> Action:
    action = Action(
        plan_id=plan.id,
        theme_id=plans.ensure_theme(s, plan, row.ref.split(".")[0]).id,
        ref=row.ref,
        ref_key=ref_key(row.ref),
        title=row.title,
        success_measure=row.measure,
        owner_id=folks[row.owner].id,
        due_date=row.due,
        baseline_due=row.due,
        status=row.status,
    )
    return history.create_action(s, action, at=SET_UP, via=Via.IMPORT)


def _kpis(s: Session, plan: Plan, folks: dict[str, Person]) -> None:
    for code, name, unit, polarity, baseline, target, owner, values in KPIS:
        kpi = Kpi(
            plan_id=plan.id,
            code=code,
            name=name,
            unit=unit,
            polarity=polarity,
            baseline=baseline,
            target=target,
            owner=folks[owner],
            created_at=SET_UP,
        )
        for month, value in zip((9, 10, 11, 12), values, strict=True):
            recorded = datetime(2026 + month // 12, month % 12 + 1, 7, 11, tzinfo=UTC)
            kpi.readings.append(
                KpiReading(period=f"2026-{month:02d}", value=value, recorded_at=recorded)
            )
        s.add(kpi)


def _boards(s: Session, plan: Plan) -> None:
    """Two boards held, one to come (themes 2 and 3), added as one-offs before they met."""
    for day, themes in ((OCTOBER_BOARD, ["1", "4"]), (DECEMBER_BOARD, ["2", "4"])):
        boards.add_meeting(s, plan, day, time(10), now=SET_UP, themes=themes)
    boards.add_meeting(s, plan, FEBRUARY_BOARD, time(10), now=SET_UP, themes=["2", "3"])


def local(day: date, at: time = time(10)) -> datetime:
    """A London wall-clock time as aware UTC."""
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)


def meeting_on(s: Session, plan: Plan, day: date) -> BoardMeeting:
    (meeting,) = boards.meetings_on(s, plan, day)
    return meeting
