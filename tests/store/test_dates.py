"""Absurd dates and periods are refused with what to type, on every path that reads them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store.dates import DateError, parse_date
from store.models import Action
from store.periods import PeriodError, parse_period
from tests.plan_builder import Chat, build_plan

TODAY = date(2026, 11, 16)


@pytest.mark.parametrize(
    "text",
    [
        "31/12/9999",
        "9999-12-31",
        "31 Dec 9999",
        "Dec 9999",
        "end of Dec 9999",
        "01/01/2101",
        "0001-01-01",
        "in 999999 weeks",
        "in 999999999 months",
        "in 99999999999999999999 days",
    ],
)
def test_dates_beyond_2100_are_refused_with_what_to_type(text: str) -> None:
    """A year such as 9999, or a relative date past any calendar, is a DateError naming the
    date and what to type, never an OverflowError."""
    with pytest.raises(DateError) as caught:
        parse_date(text, TODAY)
    assert str(caught.value) == (
        f"'{text}' is not a date between 2000 and 2100. "
        "Type a date such as 31/03/2027 or in 6 weeks."
    )


@pytest.mark.parametrize(
    ("text", "day"), [("31/12/2100", date(2100, 12, 31)), ("in 6 weeks", date(2026, 12, 28))]
)
def test_dates_up_to_2100_still_read(text: str, day: date) -> None:
    """The last day of 2100 and ordinary relative dates are still dates."""
    assert parse_date(text, TODAY) == day


@pytest.mark.parametrize("text", ["9999-03", "Q1 9999", "9999", "Mar 9999"])
def test_periods_beyond_2100_are_refused(text: str) -> None:
    """A KPI period in year 9999 is refused with the forms to type."""
    with pytest.raises(PeriodError, match=r"is not a period between 2000 and 2100\. Type a period"):
        parse_period(text)


@pytest.mark.parametrize(
    "command",
    [
        "/action due 4.2 in 999999 weeks because the board asked",
        "/action due 4.2 31/12/9999 because the board asked",
    ],
)
def test_chat_due_date_in_year_9999_is_explained(
    db: sessionmaker[Session], now: datetime, command: str
) -> None:
    """Moving a due date to year 9999 in chat gets the date message, not 'Something went
    wrong', and the due date stays as it was."""
    with db.begin() as s:
        build_plan(s, now)
    with db() as s:
        before = s.scalars(select(Action.due_date).where(Action.ref == "4.2")).one()
    reply = Chat(db, now).say("jane.smith", command)
    assert "is not a date between 2000 and 2100" in reply
    assert "Something went wrong" not in reply
    with db() as s:
        assert s.scalars(select(Action.due_date).where(Action.ref == "4.2")).one() == before


def test_chat_kpi_reading_for_year_9999_is_explained(
    db: sessionmaker[Session], now: datetime
) -> None:
    """A KPI reading for a period in year 9999 is refused with the periods to type."""
    with db.begin() as s:
        build_plan(s, now)
    reply = Chat(db, now).say("amira.khan", "/kpi update K1 84% Mar 9999")
    assert "is not a period between 2000 and 2100" in reply
