"""People and roles in chat, as transcripts on Westshire's plan: who is in it, how plan leads
add, remove and replace them, and that nobody joins a plan by being named."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from store import people, plans
from store.domain import Role
from store.models import Kpi, Person, Plan, Theme, Update
from tests.plan_builder import Chat
from tests.westshire import NAME, action, build_westshire, person

PAT = "pat.quinn@westshire.gov.uk"


@pytest.fixture
def chat(db: sessionmaker[Session], now: datetime) -> Chat:
    with db.begin() as s:
        build_westshire(s, now)
        people.link_identity(s, person(s, "grace.obi"), "slack", "T1", "UGRACE")
    return Chat(db, now)


def _role(db: sessionmaker[Session], handle: str) -> Role | None:
    with db() as s:
        return plans.role_of(s, s.scalars(select(Plan)).one(), person(s, handle))


def test_people_lists_role_email_identity_and_absence(chat: Chat) -> None:
    """Anyone can list the plan's people: role (theme leads with their theme), email, whether
    each chat platform knows them, and who is away until when with which delegate."""
    chat.say("owen.price", "/remind away until 05/01/2027 delegate @leah.morgan")
    lines = chat.say("helen.ward", "/plan people").splitlines()
    assert lines[0] == f"People in {NAME} (7)"
    assert lines[1:3] == [
        "• Cllr Helen Ward, Chair of Children's Scrutiny · viewer · helen.ward@westshire.gov.uk",
        "    console: matched, slack: not matched",
    ]
    assert (
        "• Dr Priya Shah, Principal Social Worker · theme lead of theme 3 · priya.shah@westshire.gov.uk"
        in lines
    )
    grace = lines.index(
        "• Grace Obi, Improvement Programme Manager · plan lead · grace.obi@westshire.gov.uk"
    )
    assert lines[grace + 1] == "    console: matched, slack: matched"
    owen = lines.index(
        "• Owen Price, Team Manager, Front Door · owner · owen.price@westshire.gov.uk"
    )
    assert lines[owen + 1] == (
        "    console: matched, slack: not matched · away until Tue 5 Jan 2027, delegate Leah Morgan"
    )
    assert lines[-1].startswith('Plan leads change these with /plan people add <email> "<name>"')


def test_plan_lead_adds_someone_who_can_then_be_given_work(
    chat: Chat, db: sessionmaker[Session]
) -> None:
    """A plan lead adds a new officer (an owner by default); only then can actions go to them."""
    assert chat.say("grace.obi", f"/action assign 2.1 {PAT}") == (
        f'{PAT} is not in the plan: add them with `/plan people add {PAT} "Name"`'
    )
    assert chat.say("grace.obi", f'/plan people add {PAT} "Pat Quinn"') == (
        f"Added Pat Quinn ({PAT}) to {NAME} as owner."
    )
    assert chat.say("grace.obi", f'/plan people add {PAT} "Pat Quinn"') == (
        f"Pat Quinn ({PAT}) is already in {NAME} as owner: nothing to add. "
        "Name a role to change theirs."
    )
    assert "• Owner: Owen Price → Pat Quinn" in chat.say("grace.obi", "/action assign 2.1 @pat")
    assert "• Pat Quinn · owner · pat.quinn@westshire.gov.uk" in chat.say(
        "helen.ward", "/plan people"
    )


def test_add_as_theme_lead_viewer_or_plan_lead(chat: Chat, db: sessionmaker[Session]) -> None:
    """'as theme lead <n>' makes them the theme's lead; 'as viewer' only reads; 'as lead' on
    someone already in the plan makes them a plan lead too."""
    assert chat.say(
        "grace.obi", '/plan people add tom.reed@westshire.gov.uk "Tom Reed" as theme lead 1'
    ) == (f"Added Tom Reed (tom.reed@westshire.gov.uk) to {NAME} as theme lead of theme 1.")
    assert chat.say(
        "grace.obi", "/plan people add ann.bell@westshire.gov.uk Ann Bell as viewer"
    ) == (f"Added Ann Bell (ann.bell@westshire.gov.uk) to {NAME} as viewer.")
    assert chat.say(
        "grace.obi", '/plan people add rhys.evans@westshire.gov.uk "Rhys Evans" as lead'
    ) == (f"Rhys Evans (rhys.evans@westshire.gov.uk) is now a plan lead of {NAME}.")
    with db() as s:
        theme = s.scalars(select(Theme).where(Theme.number == "1")).one()
        assert theme.lead is not None and theme.lead.name == "Tom Reed"
    assert (_role(db, "rhys.evans"), _role(db, "tom.reed")) == (Role.PLAN_LEAD, Role.THEME_LEAD)
    assert chat.say("helen.ward", "/action 3.1 green") == (
        "Only the owner (Rhys Evans), the theme lead (Dr Priya Shah) or a plan lead "
        "(Grace Obi, Rhys Evans) can update 3.1."
    )


def test_only_plan_leads_change_people(chat: Chat, db: sessionmaker[Session]) -> None:
    """A theme lead cannot add, remove or re-role people; the refusal names the plan lead."""
    assert chat.say("mark.hughes", f'/plan people add {PAT} "Pat Quinn"') == (
        "Only a plan lead (Grace Obi) can add people to the plan."
    )
    assert chat.say("mark.hughes", "/plan lead add @mark") == (
        "Only a plan lead (Grace Obi) can name or remove plan leads."
    )
    assert chat.say("mark.hughes", "/theme lead 1 @mark") == (
        "Only a plan lead (Grace Obi) can name theme leads."
    )
    with db() as s:
        assert people.by_email(s, PAT) is None


def test_plan_with_no_plan_lead_says_how_to_name_the_first(
    db: sessionmaker[Session], now: datetime
) -> None:
    """An imported plan has no plan lead: people changes (and turning on sign-off) are refused
    with the command line that names the first one, and refusals that would name the plan
    lead say so too."""
    with db.begin() as s:
        build_westshire(s, now, with_plan_lead=False)
    chat = Chat(db, now)
    how = (
        "This plan has no plan lead yet: name one with "
        'improvebot plan people add EMAIL --name "NAME" --role lead.'
    )
    assert chat.say("grace.obi", f'/plan people add {PAT} "Pat Quinn"') == (
        f"Only a plan lead can add people to the plan. {how}"
    )
    assert chat.say("helen.ward", "/action 2.1 green") == (
        "Only the owner (Owen Price), the theme lead (Mark Hughes) or a plan lead can update "
        f"2.1. {how}"
    )
    assert chat.say("owen.price", "/plan signoff on") == (
        f"Only a plan lead can change the plan's settings. {how}"
    )


def test_remove_is_refused_while_they_hold_open_work(chat: Chat, db: sessionmaker[Session]) -> None:
    """Someone who owns open actions or KPIs cannot simply be removed: the reply says what they
    hold and to replace them first; a viewer with nothing open is removed at once."""
    assert chat.say("grace.obi", "/plan people remove @owen") == (
        "Owen Price still holds 2 open actions (2.1, 2.2) and 1 KPI (K1). Replace them first: "
        "/plan people replace owen.price@westshire.gov.uk with <@person or email>, which "
        "passes it all on and takes them out of the plan."
    )
    assert _role(db, "owen.price") is Role.OWNER
    assert chat.say("grace.obi", "/plan people remove @mark") == (
        "Mark Hughes still holds the lead of theme 2. Replace them first: /plan people replace "
        "mark.hughes@westshire.gov.uk with <@person or email>, which passes it all on and "
        "takes them out of the plan."
    )
    assert chat.say("grace.obi", "/plan people remove helen.ward@westshire.gov.uk") == (
        f"Removed Cllr Helen Ward (helen.ward@westshire.gov.uk) from {NAME}."
    )
    assert _role(db, "helen.ward") is None
    assert "Helen Ward" not in chat.say("grace.obi", "/plan people")


def test_removing_a_delegate_ends_the_delegation(chat: Chat, db: sessionmaker[Session]) -> None:
    """Whoever named the removed person as delegate is told nobody acts for them now."""
    chat.say("leah.morgan", "/remind away until 05/01/2027 delegate @helen.ward")
    assert chat.say("grace.obi", "/plan people remove @helen.ward") == (
        f"Removed Cllr Helen Ward (helen.ward@westshire.gov.uk) from {NAME}. "
        "Leah Morgan had them as delegate: that delegation has ended."
    )
    with db() as s:
        assert person(s, "leah.morgan").delegate_id is None


def test_replace_passes_everything_on_in_one_go(chat: Chat, db: sessionmaker[Session]) -> None:
    """When Owen leaves, his open actions, KPI, theme lead role and the delegation he held pass
    to Leah; his completed action stays his; each action's history says why; he leaves."""
    chat.say("grace.obi", "/theme lead 1 @owen")
    chat.say("rhys.evans", "/remind away until 05/01/2027 delegate @owen")
    assert chat.say(
        "grace.obi", "/plan people replace @owen with leah.morgan@westshire.gov.uk"
    ) == (
        f"Leah Morgan replaces Owen Price, who is no longer in {NAME}. Passed to Leah Morgan:\n"
        "• open actions: 2.1, 2.2 (each change in its history)\n"
        "• KPIs: K1\n"
        "• theme lead of theme 1\n"
        "• delegate for Rhys Evans"
    )
    with db() as s:
        leah = person(s, "leah.morgan")
        assert [action(s, ref).owner_id == leah.id for ref in ("2.1", "2.2", "2.3")] == [
            True,
            True,
            False,
        ]
        assert s.scalars(select(Kpi).where(Kpi.code == "K1")).one().owner_id == leah.id
        assert s.scalars(select(Theme).where(Theme.number == "1")).one().lead_id == leah.id
        assert person(s, "rhys.evans").delegate_id == leah.id
    assert (_role(db, "owen.price"), _role(db, "leah.morgan")) == (None, Role.THEME_LEAD)
    history = chat.say("helen.ward", "/action history 2.2").splitlines()
    assert history[-3:] == [
        "Mon 16 Nov 2026 10:00 · Grace Obi via console",
        "    owner: Owen Price → Leah Morgan",
        "    because Owen Price left; Leah Morgan replaces them",
    ]


def test_replace_needs_the_new_person_in_the_plan(chat: Chat, db: sessionmaker[Session]) -> None:
    """Replacing with someone not yet added is refused with how to add them, and moves nothing."""
    assert chat.say("grace.obi", f"/plan people replace @owen with {PAT}") == (
        f'{PAT} is not in the plan: add them with `/plan people add {PAT} "Name"`'
    )
    with db() as s:
        assert action(s, "2.1").owner_id == person(s, "owen.price").id
    assert _role(db, "owen.price") is Role.OWNER


def test_plan_leads_come_and_go_but_one_always_stays(chat: Chat, db: sessionmaker[Session]) -> None:
    """A second plan lead can be named and stood down (back to theme lead, as they lead a
    theme); the only plan lead cannot be removed."""
    assert chat.say("grace.obi", "/plan lead remove @grace") == (
        f"Grace Obi is the only plan lead of {NAME}: name another plan lead first."
    )
    assert chat.say("grace.obi", "/plan lead add @mark") == (
        f"Mark Hughes (mark.hughes@westshire.gov.uk) is now a plan lead of {NAME}."
    )
    assert chat.say("mark.hughes", "/plan lead remove @mark") == (
        f"Mark Hughes is no longer a plan lead of {NAME} (now theme lead of theme 2)."
    )
    assert chat.say("grace.obi", "/plan lead") == (
        "Say what to do after /plan lead: add or remove. Type /plan help to see them."
    )


def test_new_theme_lead_takes_over_and_refusals_name_them(
    chat: Chat, db: sessionmaker[Session]
) -> None:
    """/theme lead hands a theme to someone in the plan; the old lead has no say over it any
    more, and refusals name the new lead."""
    assert chat.say("grace.obi", "/theme lead 2 @rhys") == (
        "Rhys Evans now leads theme 2 The front door (was Mark Hughes)."
    )
    assert chat.say("rhys.evans", "/action 2.2 amber Audits restarted").startswith("Updated 2.2")
    assert chat.say("mark.hughes", "/action 2.2 red") == (
        "Only the owner (Owen Price), the theme lead (Rhys Evans) or a plan lead (Grace Obi) "
        "can update 2.2."
    )
    assert (_role(db, "mark.hughes"), _role(db, "rhys.evans")) == (Role.OWNER, Role.THEME_LEAD)
    assert chat.say("grace.obi", f"/theme lead 2 {PAT}") == (
        f'{PAT} is not in the plan: add them with `/plan people add {PAT} "Name"`'
    )


def test_reassign_refusal_names_the_theme_lead_or_says_there_is_none(chat: Chat) -> None:
    """Who may reassign is said by name; a theme with no lead says how to name one."""
    assert chat.say("rhys.evans", "/action assign 2.1 @leah") == (
        "Only the theme lead (Mark Hughes) or a plan lead (Grace Obi) can reassign 2.1."
    )
    assert chat.say("owen.price", "/action assign 1.1 @leah") == (
        "Only a plan lead (Grace Obi) can reassign 1.1. Theme 1 has no theme lead: a plan lead "
        "names one with /theme lead 1 <@person>."
    )


def test_people_found_by_any_part_of_their_name(chat: Chat, db: sessionmaker[Session]) -> None:
    """Surname, a title or not, a quoted name: all find the one person; a shared name lists
    everyone it fits, with their emails."""
    assert "• Owner: Rhys Evans → Dr Priya Shah" in chat.say(
        "grace.obi", '/action assign 3.1 "Dr Shah"'
    )
    assert "• Owner: Dr Priya Shah → Rhys Evans" in chat.say(
        "grace.obi", "/action assign 3.1 @evans"
    )
    assert chat.say("grace.obi", "/action list @cllr.ward").startswith(
        "Actions owned by Cllr Helen Ward"
    )
    chat.say("grace.obi", '/plan people add rhys.ward@westshire.gov.uk "Mr Rhys Ward"')
    assert chat.say("grace.obi", "/action list @ward") == (
        "Several people match @ward: Cllr Helen Ward (helen.ward@westshire.gov.uk), "
        "Mr Rhys Ward (rhys.ward@westshire.gov.uk). Use their email."
    )


def test_nobody_joins_by_being_named(chat: Chat, db: sessionmaker[Session]) -> None:
    """A new owner in /action add, or a delegate in /remind away, must already be in the plan;
    the refusal says how to add them, and nobody is created."""
    refusal = f'{PAT} is not in the plan: add them with `/plan people add {PAT} "Name"`'
    assert chat.say("grace.obi", f'/action add 2.4 "Join up the front door" owner {PAT}') == refusal
    assert chat.say("owen.price", f"/remind away until 05/01/2027 delegate {PAT}") == refusal
    with db() as s:
        assert people.by_email(s, PAT) is None
        assert s.scalar(select(func.count()).select_from(Person)) == 7
        assert person(s, "owen.price").away_until is None


def test_people_changes_are_kept_in_the_plan_history(
    chat: Chat, db: sessionmaker[Session], now: datetime
) -> None:
    """Who changed whose role, when and through what, is written down."""
    chat.say("grace.obi", f'/plan people add {PAT} "Pat Quinn"')
    chat.say("grace.obi", "/theme lead 1 @pat")
    with db() as s:
        notes = s.execute(
            select(Update.note, Update.via, Update.at)
            .where(Update.action_id.is_(None), Update.kpi_id.is_(None))
            .order_by(Update.id)
        ).all()
        grace = person(s, "grace.obi")
        assert all(
            u.person_id == grace.id
            for u in s.scalars(select(Update).where(Update.action_id.is_(None)))
        )
    assert [(n, v, a) for n, v, a in notes] == [
        (f"Added Pat Quinn ({PAT}) to {NAME} as owner", "console", now),
        ("Pat Quinn now leads theme 1 Leadership, management and governance", "console", now),
    ]
