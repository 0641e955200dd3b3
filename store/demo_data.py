"""The demo plan's content: a fictional council's people, themes, actions and KPIs.

Days are counted from the demo's `now` so the plan always looks current: `start` and `due`
are days from today (negative is past), story days are days ago. A story is a list of
"days-ago:event" tokens, oldest first, applied by store.demo through store.history:

    G A R N  green, amber, red, not started (with a note)   B   complete (evidence first)
    n        a note only                                    E   the next evidence item
    +6w      due date moved six weeks on (with the next reason)

`due` is the due date at the end of the story; the baseline is `due` less the moves.
The row's `note` is the owner's latest note, written at the story's last status or note.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from store.domain import Role

PLAN_NAME = "Northshire Council — Children's Services Improvement Plan"
DOMAIN = "northshire.gov.example"
BOARD_TITLE = "Northshire Improvement Board"
IMPORTER = "priya.shah"  # the plan lead who loaded the spreadsheet
KPI_OWNER = "tom.bradley"
# (who, days from today, delegate): one owner on leave, so reminders go to a delegate.
AWAY = ("rob.newton", 7, "aisha.rahman")


@dataclass(frozen=True)
class PersonRow:
    key: str  # the email's local part, and the console user name
    name: str
    title: str
    role: Role
    domain: str = DOMAIN

    @property
    def email(self) -> str:
        return f"{self.key}@{self.domain}"


@dataclass(frozen=True)
class ThemeRow:
    number: str
    name: str
    lead: str


@dataclass(frozen=True)
class ActionRow:
    ref: str
    owner: str
    start: int
    due: int | None  # None: "Ongoing"
    story: str
    title: str
    measure: str
    source: str
    note: str | None = None
    evidence: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    supporting: str | None = None
    added: int | None = None  # days ago, for an action added after the import


@dataclass(frozen=True)
class KpiRow:
    code: str
    name: str
    unit: str
    polarity: str
    baseline: float
    target: float
    values: tuple[float, ...]  # twelve months, oldest first
    actions: tuple[str, ...]
    notes: dict[int, str] = field(default_factory=dict)  # by month index


P = PersonRow
PEOPLE = (
    P("priya.shah", "Priya Shah", "Improvement Programme Manager", Role.PLAN_LEAD),
    P("helen.armitage", "Helen Armitage", "Director of Children's Services", Role.PLAN_LEAD),
    P("mark.ellison", "Mark Ellison", "Assistant Director, Children's Care", Role.THEME_LEAD),
    P("sarah.okafor", "Sarah Okafor", "Head of Service, Front Door", Role.THEME_LEAD),
    P("james.whitfield", "James Whitfield", "Principal Social Worker", Role.THEME_LEAD),
    P("aisha.rahman", "Aisha Rahman", "Head of Service, Children in Care", Role.THEME_LEAD),
    P("claire.donnelly", "Claire Donnelly", "Head of Workforce Development", Role.THEME_LEAD),
    P("tom.bradley", "Tom Bradley", "Head of Quality Assurance and Performance", Role.THEME_LEAD),
    P("daniel.price", "Daniel Price", "Team Manager, Assessment Team", Role.OWNER),
    P("fiona.mcleod", "Fiona McLeod", "Service Manager, Early Help", Role.OWNER),
    P("rob.newton", "Rob Newton", "Service Manager, Care Leavers", Role.OWNER),
    P("grace.adeyemi", "Grace Adeyemi", "HR Business Partner, Children's Services", Role.OWNER),
    P("margaret.hughes", "Cllr Margaret Hughes", "Chair, Children's Scrutiny", Role.VIEWER),
    P("david.osei", "David Osei", "DfE Improvement Adviser", Role.VIEWER, "education.gov.example"),
)

THEMES = (
    ThemeRow("1", "Leadership, management and governance", "mark.ellison"),
    ThemeRow("2", "Front door and early help", "sarah.okafor"),
    ThemeRow("3", "Quality of social work practice", "james.whitfield"),
    ThemeRow("4", "Children in care and care leavers", "aisha.rahman"),
    ThemeRow("5", "Workforce: recruitment and retention", "claire.donnelly"),
    ThemeRow("6", "Quality assurance and performance", "tom.bradley"),
)

# fmt: off
A = ActionRow
ACTIONS = (
    A("1.1", "helen.armitage", -364, -300, "340:G 305:E 298:B",
      "Set up an Improvement Board with an independent chair and published terms of reference",
      "Board meets every six weeks with DfE, partners and members; terms of reference published",
      "DfE improvement notice", "Board set up and meeting six-weekly. Complete.",
      evidence=("EV-GOV-001 Improvement Board terms of reference, signed by the chair",)),
    A("1.2", "mark.ellison", -330, -150, "300:G 220:A 215:+8w 120:G 95:E 90:B",
      "Refresh the vision and practice standards for social care with staff and families",
      "Practice standards published; 80% of staff surveyed can describe them",
      "Ofsted recommendation 1", "Standards launched at the staff conference; 84% recognise them.",
      evidence=("EV-GOV-004 Practice standards launch pack and staff survey results",),
      reasons=("Consultation extended to include the Children in Care Council",)),
    A("1.3", "helen.armitage", -320, 40, "320:G 230:n 150:n 60:A 10:G",
      "Strengthen the corporate parenting panel so members challenge outcomes for children in care",
      "Panel work plan set with children; every meeting reviews the scorecard",
      "Ofsted recommendation 2",
      "Children in Care Council now co-chairs every other panel. On track for the annual report."),
    A("1.4", "priya.shah", -350, None, "330:G 280:n 200:n 120:n 45:n 14:n",
      "Hold a monthly performance and quality challenge session chaired by the DCS",
      "Every service manager presents their scorecard and audit findings each quarter",
      "Ofsted recommendation 2", "This month's session held; focus on assessment timeliness."),
    A("1.5", "mark.ellison", -300, -20, "300:G 150:n 90:A 70:+6w 8:A",
      "Align the safeguarding partnership business plan with this improvement plan",
      "Partnership plan signed off by police, health and the council, with shared priorities",
      "Safeguarding partnership review",
      "Partnership executive asked for changes; sign-off now expected at its next meeting.",
      reasons=("Partner sign-off moved to the next safeguarding partnership executive",),
      supporting="Northshire Police, Integrated Care Board"),
    A("1.6", "helen.armitage", -300, 100, "280:G 180:A 120:G 50:A 20:A",
      "Secure a sustainable children's social care budget in the medium-term financial plan",
      "Budget set with growth for demand and the agency premium; no in-year overspend",
      "DfE improvement notice",
      "Latest forecast shows a £1.2m overspend on placements; mitigation plan going to Cabinet."),
    A("1.7", "mark.ellison", -280, 25, "250:G 140:A 100:G 21:G",
      "Train every manager in the performance management framework",
      "All team and service managers trained; use of the framework seen in audits",
      "Ofsted recommendation 1", "38 of 44 managers trained; final two sessions booked."),
    A("1.8", "priya.shah", -200, 10, "200:G 120:n 40:n 6:G",
      "Deliver a development programme on corporate parenting for all councillors",
      "Every councillor attends a session; feedback shows better understanding of their role",
      "Corporate parenting peer review", "Final session next week; 51 of 60 councillors so far."),
    A("1.9", "priya.shah", -300, 60, "300:G 200:n 110:n 40:G",
      "Report quarterly to scrutiny on progress against this plan",
      "Reports on time each quarter: going well, ones to watch, things to do better",
      "Scrutiny committee request",
      "Quarterly report presented; committee asked for more on care leavers next time."),
    A("1.10", "mark.ellison", -150, 20, "140:G 60:A 11:A",
      "Act on the monitoring visit's findings on management oversight of casework",
      "Monthly audits show recorded management oversight on 90% of cases",
      "Ofsted monitoring visit 2", "Oversight recorded on 78% of audited cases, up from 61%.",
      added=150),
    A("2.1", "sarah.okafor", -364, -90, "330:G 260:A 230:R 200:A 190:+6w 140:G 100:E 95:E 92:B",
      "Redesign the MASH so every contact gets a decision within one working day",
      "95% of contacts decided within one working day for three months running",
      "Ofsted recommendation 3", "Three months above 95%. Handed over to business as usual.",
      evidence=("EV-FD-003 MASH performance report: three months above target",
                "https://intranet.northshire.gov.example/mash/redesign-evaluation"),
      reasons=("Recruitment to the MASH senior practitioner posts took longer than planned",)),
    A("2.2", "sarah.okafor", -330, -10, "300:G 200:A 160:+8w 120:R 60:A 30:R 12:R",
      "Relaunch the threshold document with partners and audit how it is applied",
      "Multi-agency audit shows thresholds applied correctly in 85% of contacts",
      "Ofsted recommendation 3",
      "Audit found thresholds applied correctly in only 62% of police contacts. Escalated.",
      reasons=("Partner sign-off moved to the next safeguarding partnership executive",),
      supporting="Northshire Police, schools"),
    A("2.3", "fiona.mcleod", -300, 7, "250:G 180:A 100:G 20:G",
      "Agree a clear step-up and step-down process between early help and social care",
      "No family waits more than five working days to transfer; re-referrals fall to 19%",
      "Ofsted recommendation 4", "Protocol agreed; final briefings for early help staff soon."),
    A("2.4", "fiona.mcleod", -330, -40,
      "300:G 250:A 245:+6w 170:R 165:+8w 100:A 95:+6w 50:A 24:A",
      "Launch the early help assessment on the case management system",
      "All early help assessments recorded on the system; paper forms withdrawn",
      "DfE adviser report", "Supplier missed the release again; testing now planned next month.",
      reasons=("Supplier delayed the case management system release",
               "Data migration errors found in testing",
               "Supplier delayed the release again; new date agreed with ICT")),
    A("2.5", "daniel.price", -280, 30, "280:G 150:n 60:G 18:n",
      "Make sure strategy meetings include police, health and education, within timescale",
      "Audits show all three agencies attend 90% of strategy meetings",
      "Ofsted recommendation 4", "Health attendance up since the new invitation process.",
      supporting="Northshire Police, Integrated Care Board, schools"),
    A("3.1", "james.whitfield", -330, 120, "320:G 240:A 180:G 120:E 90:n 21:G",
      "Embed one practice model across all teams, with training for every social worker",
      "All social workers trained; audits show the model used in assessments and plans",
      "Ofsted recommendation 5", "Cohort 4 of 5 trained; practice leads running team workshops.",
      evidence=("EV-PR-005 Practice model training attendance, cohorts 1-3",)),
    A("3.2", "daniel.price", -300, 45, "300:G 230:A 150:R 80:A 9:A",
      "Improve the timeliness of assessments to 90% within 45 working days",
      "90% of assessments completed within 45 working days",
      "Ofsted recommendation 5", "80% this month, up from 64% at baseline. Two vacancies."),
    A("3.3", "james.whitfield", -320, -15, "310:G 220:A 130:R 100:+6w 50:R 3:R",
      "Make every child's plan specific and measurable, and review it at each core group",
      "Audits rate 80% of plans good or better",
      "Ofsted recommendation 6",
      "Only 54% of audited plans rated good; template being rewritten with social workers.",
      reasons=("Re-scoped after feedback from the Ofsted monitoring visit",)),
    A("3.4", "james.whitfield", -364, -120, "330:G 200:n 130:E 125:B",
      "Make supervision reflective and record it on every child's file every month",
      "Supervision recorded monthly on 90% of cases; staff survey rates it helpful",
      "Ofsted recommendation 6", "Supervision recorded on 92% of cases for a quarter. Complete.",
      evidence=("EV-QA-011 Audit report Q2: supervision recorded on 92% of cases",)),
    A("3.5", "daniel.price", 20, 150, "12:n",
      "Capture children's own words in every assessment and plan",
      "Audits find the child's voice clearly recorded in 85% of files",
      "Ofsted recommendation 5", "Scoping with the Children in Care Council; starts next month."),
    A("3.6", "james.whitfield", -300, 12, "260:G 150:A 40:G 10:A",
      "Cut drift in pre-proceedings: a decision for every child within 16 weeks",
      "All children in pre-proceedings have a decision within 16 weeks",
      "Ofsted recommendation 7", "Legal gateway now weekly, but four children are past 16 weeks.",
      supporting="Legal Services"),
    A("4.1", "aisha.rahman", -330, 200, "300:G 200:A 120:G 16:n",
      "Recruit 25 new in-house fostering households",
      "25 households approved; fewer children placed with agencies",
      "Sufficiency strategy", "14 households approved so far; latest campaign: 30 enquiries."),
    A("4.2", "rob.newton", -310, -30, "310:G 200:A 140:G 75:A 65:+4w 20:A",
      "Give every care leaver an up-to-date pathway plan and a personal adviser",
      "Every care leaver has a personal adviser; 95% have a pathway plan reviewed in six months",
      "Ofsted recommendation 8",
      "97% have a personal adviser; pathway plans at 81% while two advisers are on leave.",
      reasons=("Key staff on long-term sick leave; work re-allocated",)),
    A("4.3", "rob.newton", -364, -150, "300:G 200:E 180:B",
      "Publish a local offer for care leavers, including council tax exemption",
      "Local offer published and co-produced with care leavers",
      "Ofsted recommendation 8", "Local offer published with the care leavers' forum. Complete.",
      evidence=("https://www.northshire.gov.example/care-leavers/local-offer",)),
    A("4.4", "aisha.rahman", -330, 90, "320:A 240:R 180:A 100:R 24:R",
      "Reduce the number of children placed more than 20 miles from home",
      "No more than 15% of children in care placed over 20 miles away",
      "Sufficiency strategy",
      "Off track: 23% placed over 20 miles; two new children's homes delayed by planning."),
    A("4.5", "aisha.rahman", -300, 30, "280:G 100:A 40:G 2:G",
      "Complete initial health assessments within 20 working days of a child entering care",
      "90% of initial health assessments on time",
      "Ofsted recommendation 9", "88% on time this quarter; weekly tracking with the nurse.",
      supporting="Integrated Care Board"),
    A("5.1", "grace.adeyemi", -364, -100, "300:G 220:A 180:G 110:E 105:B",
      "Run a social worker recruitment campaign with a market supplement for hard-to-fill teams",
      "30 permanent social workers appointed",
      "Workforce strategy", "31 permanent social workers appointed. Complete.",
      evidence=("EV-WF-002 Recruitment campaign report: 31 social workers appointed",)),
    A("5.2", "claire.donnelly", -330, 150, "300:G 200:A 150:R 90:A 36:A",
      "Reduce agency social workers to 20% of the workforce",
      "Agency rate at or below 20% for three months",
      "DfE improvement notice", "Agency rate at 24%; conversions slowed by pay differentials."),
    A("5.3", "claire.donnelly", -250, 5, "250:G 150:n 60:G 4:G",
      "Open an ASYE academy for newly qualified social workers",
      "Every newly qualified social worker has a protected caseload and a consultant",
      "Workforce strategy", "Second cohort of 12 started; protected caseloads in place."),
    A("5.4", "claire.donnelly", -300, -25, "290:G 200:A 120:R 80:A 62:+5w 30:R 7:R",
      "Keep caseloads at or below 17 children per social worker, using a weighting tool",
      "Average caseload 17 or fewer in every team",
      "Ofsted recommendation 10",
      "Average 18.5, but the assessment team is at 23. Weighting tool waiting on ICT.",
      reasons=("Weighting tool waiting for an ICT change",)),
    A("5.5", "grace.adeyemi", 14, 90, "",
      "Offer every social worker a stay conversation, and an exit interview when they leave",
      "Turnover below 15%; exit interview themes reported to the board each quarter",
      "Workforce strategy"),
    A("6.1", "tom.bradley", -364, -200, "300:G 240:E 235:B",
      "Adopt a quality assurance framework with monthly themed case audits",
      "Framework approved; monthly audits completed and reported",
      "Ofsted recommendation 10", "Framework approved; audits running monthly. Complete.",
      evidence=("EV-QA-001 Quality assurance framework, approved by the leadership team",)),
    A("6.2", "tom.bradley", -280, 30, "260:G 180:A 120:G 15:G",
      "Build a performance dashboard for managers, refreshed daily from the case system",
      "Every manager uses the dashboard in supervision and team meetings",
      "DfE adviser report", "Dashboard live for all teams; adding care leaver measures."),
    A("6.3", "tom.bradley", -250, 13, "230:G 130:n 70:G 19:G",
      "Track audit findings to completion and share the learning in practice weeks",
      "90% of audit actions closed within 28 days; learning shared quarterly",
      "Ofsted recommendation 10", "Practice week planned; 88% of audit actions closed on time."),
    A("6.4", "tom.bradley", -300, 80, "280:G 180:A 120:G 45:A",
      "Collect feedback from children and families after every assessment; report quarterly",
      "Feedback from 30% of families; themes reported each quarter",
      "Ofsted recommendation 5", "Response rate 12%; trying a text survey instead of paper."),
    A("6.5", "tom.bradley", -20, 100, "",
      "Write the annual self-evaluation to share with Ofsted at the annual engagement meeting",
      "Self-evaluation agreed by the DCS and shared before the meeting",
      "Ofsted ILACS framework"),
)

K = KpiRow
KPIS = (
    K("K1", "Contacts with a decision within one working day", "%", "higher", 72, 95,
      (73.5, 77.8, 81.2, 84.9, 82.6, 88.4, 95.3, 95.9, 96.2, 94.1, 95.6, 96.0), ("2.1", "2.2"),
      {4: "Winter surge in contacts with two MASH posts vacant."}),
    K("K2", "Assessments completed within 45 working days", "%", "higher", 64, 90,
      (63.2, 65.8, 69.5, 71.9, 74.6, 70.8, 73.4, 75.1, 76.9, 77.4, 79.0, 80.2), ("3.2",),
      {5: "Dip while agency staff left the assessment team."}),
    K("K3", "Re-referrals within 12 months", "%", "lower", 27, 19,
      (27.4, 26.8, 25.6, 24.9, 24.1, 25.9, 23.8, 22.6, 21.9, 21.2, 20.4, 21.6), ("2.3",),
      {5: "Rise traced to step-down cases closed too early; see action 2.3.",
       11: "Up again: families stepped down from early help coming back."}),
    K("K4", "Average caseload per social worker", "", "lower", 24, 17,
      (24.3, 23.9, 23.2, 22.5, 22.9, 23.7, 22.1, 21.2, 20.3, 19.6, 18.9, 18.5), ("5.4", "5.2"),
      {5: "Caseloads rose while the recruitment campaign was still appointing."}),
    K("K5", "Agency social workers as a share of the workforce", "%", "lower", 38, 20,
      (38.4, 37.6, 36.2, 35.1, 33.4, 34.9, 32.1, 29.6, 27.8, 26.2, 24.9, 24.1), ("5.1", "5.2"),
      {5: "Three permanent leavers replaced by agency staff."}),
)
# fmt: on

# Earlier notes, in the owners' voice; the latest note of each action is its own.
NOTES = {
    "G": (
        "On track. This month's milestones met; next steps agreed with the theme lead.",
        "Good progress: plan agreed, staff briefed and the first sessions delivered.",
        "Back on track after the recovery plan; weekly check-ins continue.",
        "Progressing as planned. Update given at the leadership team.",
    ),
    "A": (
        "Some slippage: partner sign-off is taking longer than planned. Recovery plan agreed.",
        "At risk: team capacity stretched by vacancies this month.",
        "About three weeks behind; catching up over the next month.",
        "Issues found in the last audit; changes being made before roll-out.",
    ),
    "R": (
        "Off track: the lead post is vacant and the work has stalled. Escalated to the AD.",
        "Significant issues: audits show little change in practice. Raised at the board.",
    ),
    "N": ("On hold until the work it depends on is finished.",),
    "B": ("Complete. Evidence is in the evidence library; moving to business as usual.",),
    "n": (
        "Update for the board: work continues as planned.",
        "Discussed at the theme meeting; no change to the RAG.",
        "Dip sample of cases this month shows steady improvement.",
    ),
}

REASONS = (
    "Recruitment to the lead post took longer than planned",
    "Re-scoped after feedback from the Ofsted monitoring visit",
    "Key staff on long-term sick leave; work re-allocated",
)
