"""Capitalised words plan notes use that are not people's names.

A date beside a name, or "Child A" beside a surname, identifies a child; "Ofsted Inspection
(12/03/2024)" or "Child A Review" do not. Words here are never read as names. The list is
the vocabulary of children's services improvement plans: bodies, teams, documents, roles,
days and months, and the short words that open a sentence.
"""

from __future__ import annotations

_WORDS = """
A About After All Also An And Annual Any April Are As At August Autumn Back Be Because Before
Both But By Can Could December Did Do Does Each Either Every February For Friday From Had Has
Have He Her His How However If In Into Is It Its January July June Just Last Later March May
Monday More Most Much New Next No None Nor Not November Now October Of Old On Once One Only Or
Other Our Out Over Per Please Saturday September She Since So Some Spring Still Such Summer
Sunday Than That The Their Them Then There These They This Those Three Through Thursday To Today
Tomorrow Too Tuesday Two Under Until Up Upon Very Was We Wednesday Week Were What When Where
Which While Who Why Will Winter With Within Without Would Year Yes Yesterday You Your
Academy Access Action Actions Activity Adoption Adult Adults Adviser Advisor Advocacy Agency
Agreed Allocation Analysis Annex Appendix Approved Area Areas Assessment Assessments Assistant
Assurance Attendance Audit Audits Authority Award Backlog Baseline Benchmark Board Boards Brief
Briefing Budget Business Cabinet Care Carer Carers Case Cases Centre Centres Chair Challenge
Champion Change Checklist Chief Child Childrens Children Civic Clinic Cohort Commissioning
Committee Community Complaints Complete Completed Conference Conferences Contact Contacts
Corporate Council Councillor County Court Cllr Data Dashboard Deadline Decision Delivery
Department Deputy Designated Development Director Directorate Disabilities Disabled Disability
District Document Draft Duty Early Education Emotional Employment Equality Evaluation Evidence
Executive Exploitation External Family Families Feedback Final Finance Focus Focused Forum
Foster Fostering Framework Front Full Fund Funding Gateway General Governance Group Groups Guide
Guidance Hall Head Headteacher Health Help Hospital House Housing Hub Hubs Impact Improvement
Inclusion Independent Induction Information Initiative Inspection Inspector Internal Interim
Investigation Joint Journey Key Launch Law Lead Leader Leaders Leadership Leaving Leavers Legal
Level Liaison Local Looked Management Manager Managers Mental Meeting Meetings Member Members
Mental Monitoring Multi Multiagency National Need Needs Network Notice Nurse Offer Office
Officer Officers Ombudsman Operational Outcome Outcomes Outline Overview Panel Panels Parenting
Partner Partners Partnership Pathway Performance Permanence Phase Pilot Placement Placements
Plan Plans Police Policy Portal Post Practice Practitioner Practitioners Pre Principal
Priority Procedure Proceedings Process Programme Progress Project Protection Protocol Provider
Public Quality Quarter Quarterly Rapid Rate Recruitment Referral Referrals Regional Register
Relaunch Report Reports Residential Resource Response Retention Return Review Reviewed
Reviewing Reviews Risk Risks Safeguarding Scheme School Schools Scorecard Scrutiny Senior
Service Services Session Sessions Social Special Staff Standard Standards Statement Strategic
Strategy Supervision Support Survey System Systems Team Teams Template Terms Therapeutic Through
Toolkit Tracker Training Transition Transformation Trust Unit Update Updated Virtual Visit
Visits Voice Welfare Wellbeing Work Worker Workers Workforce Working Workshop Workshops Youth
Accommodation Adolescent Adolescents Apprentice Apprentices Children's Integrated Front-door
Northshire Riverside Westshire England Wales Scotland Ireland London Ofsted Mosaic Liquidlogic
"""

NOT_NAMES = frozenset(_WORDS.split())
