"""Which plan a command acts on, and how people are named in commands."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store import people, plans
from store.domain import Role
from store.models import Action, Plan
from tests.plan_builder import Chat, build_plan


def _two_plans(db: sessionmaker[Session], now: datetime) -> None:
    with db.begin() as s:
        build_plan(s, now, slug="ilacs")
        build_plan(s, now, slug="send", domain="council.gov.uk")


def _status(db: sessionmaker[Session], slug: str, ref: str) -> str:
    with db() as s:
        return s.scalars(
            select(Action.status).join(Plan).where(Plan.slug == slug, Action.ref == ref)
        ).one()


def test_several_plans_ask_which(db: sessionmaker[Session], now: datetime) -> None:
    """With two plans and no plan channel, the reply asks which plan and shows how to name it."""
    _two_plans(db, now)
    chat = Chat(db, now)
    assert chat.say("jane.smith", "/action 4.2 green") == (
        "Which plan? Name it before the ref, such as ilacs:4.2, or use the plan's channel. Plans: ilacs, send."
    )


def test_plan_named_in_ref(db: sessionmaker[Session], now: datetime) -> None:
    """'send:4.2' acts on the SEND plan only."""
    _two_plans(db, now)
    Chat(db, now).say("jane.smith", "/action update send:4.2 green")
    assert (_status(db, "send", "4.2"), _status(db, "ilacs", "4.2")) == ("green", "amber")


def test_plan_channel_picks_plan(db: sessionmaker[Session], now: datetime) -> None:
    """A command typed in a plan's channel acts on that plan."""
    _two_plans(db, now)
    Chat(db, now, channel="#send").say("jane.smith", "/action 4.2 red")
    assert (_status(db, "send", "4.2"), _status(db, "ilacs", "4.2")) == ("red", "amber")


def test_unknown_plan_name(db: sessionmaker[Session], now: datetime) -> None:
    """A mistyped plan name is answered with the nearest and the full list."""
    _two_plans(db, now)
    assert Chat(db, now).say("jane.smith", "/action sned:4.2 red") == (
        "There is no plan called 'sned'. Did you mean send? Plans: ilacs, send."
    )


def test_plan_labels_used_in_replies(db: sessionmaker[Session], now: datetime) -> None:
    """A plan's own status words are accepted and shown back."""
    with db.begin() as s:
        plan = build_plan(s, now)
        plan.status_labels = {"green": "On track", "amber": "Some slippage"}
    reply = Chat(db, now).say("jane.smith", "/action 4.2 on track")
    assert "• Status: Some slippage → On track" in reply


def test_person_by_first_name_or_ambiguous(db: sessionmaker[Session], now: datetime) -> None:
    """@firstname works when unique; when two match, the reply lists them and asks for an email."""
    with db.begin() as s:
        plan = build_plan(s, now)
        other = people.find_or_create(s, name="Sam Jones", email="sam.jones@council.gov.uk", at=now)
        plans.grant(s, plan, other, Role.OWNER)
    chat = Chat(db, now)
    assert "Jane Smith" in chat.say("amira.khan", "/action list @jane")
    assert chat.say("amira.khan", "/action list @sam") == (
        "Several people match @sam: Sam Jones (sam.jones@council.gov.uk), "
        "Sam Patel (sam.patel@council.gov.uk). Use their email."
    )
    assert chat.say("amira.khan", "/action list @sam.patl") == (
        "Nobody in ILACS improvement plan is called @sam.patl. Did you mean @sam.patel?"
    )


def test_email_identifies_new_chat_user(db: sessionmaker[Session], now: datetime) -> None:
    """A chat user the bot has not seen is matched to a plan person by the email the platform gives."""
    from commands.boundary import run
    from commands.context import Who

    with db.begin() as s:
        build_plan(s, now)
    who = Who("slack", "T1", "U999", None, email="Jane.Smith@council.gov.uk")
    reply = run("/action 4.2 green", who, sessions=db, clock=lambda: now)
    assert reply.ok
    with db() as s:
        assert people.by_identity(s, "slack", "T1", "U999") is not None
