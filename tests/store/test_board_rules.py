"""Board series rules as people say them, and the RRULE text they become."""

from __future__ import annotations

from datetime import date, time

import pytest

from store.boards.rules import RuleError, SeriesRule, from_rrule_text, parse_rule

TODAY = date(2026, 11, 16)  # a Monday


@pytest.mark.parametrize(
    ("text", "described", "first"),
    [
        (
            "every 6 weeks on Thursday at 10:00 from 12/02/2026",
            "every 6 weeks on Thursday at 10:00",
            date(2026, 2, 12),
        ),
        (
            "every 4 weeks on Tuesday at 2pm",
            "every 4 weeks on Tuesday at 14:00",
            date(2026, 11, 17),
        ),
        (
            "six-weekly on Thursdays at 10:00",
            "every 6 weeks on Thursday at 10:00",
            date(2026, 11, 19),
        ),
        ("fortnightly on a Monday at 9.30am", "every 2 weeks on Monday at 09:30", TODAY),
        (
            "monthly on the first Tuesday at 14:00 from 1 Mar 2027",
            "every month on the first Tuesday at 14:00",
            date(2027, 3, 2),
        ),
        (
            "every month on the 2nd Wednesday at 10:00",
            "every month on the second Wednesday at 10:00",
            date(2026, 12, 9),
        ),
        (
            "every 2 months on the last Thursday of the month at 10:00",
            "every 2 months on the last Thursday at 10:00",
            date(2026, 11, 26),
        ),
        (
            "every 6 weeks at 10:00 from 11/02/2027",
            "every 6 weeks on Thursday at 10:00",
            date(2027, 2, 11),
        ),
    ],
)
def test_rules_people_write(text: str, described: str, first: date) -> None:
    """Weekly and monthly rules in everyday words are read and described back."""
    rule = parse_rule(text, TODAY)
    assert (rule.describe(), rule.first()) == (described, first)


def test_from_date_not_on_the_weekday_moves_to_the_first_such_day() -> None:
    """'from Friday 12/02/2027' for a Thursday board starts on Thursday 18 February."""
    rule = parse_rule("every 6 weeks on Thursday at 10:00 from 12/02/2027", TODAY)
    assert rule.start == date(2027, 2, 12)
    assert rule.first() == date(2027, 2, 18)
    assert rule.rrule_text("Europe/London") == (
        "DTSTART;TZID=Europe/London:20270218T100000\nRRULE:FREQ=WEEKLY;INTERVAL=6;BYDAY=TH"
    )


def test_monthly_rule_text() -> None:
    """A monthly rule names the weekday's position in the month, the last as -1."""
    rule = parse_rule("every 2 months on the last Thursday at 10:00 from 01/01/2027", TODAY)
    assert rule.rrule_text("Europe/London").endswith("FREQ=MONTHLY;INTERVAL=2;BYDAY=-1TH")


def test_stored_rule_reads_back() -> None:
    """The rule of a stored RRULE (the demo's among them) can be described again."""
    text = "DTSTART;TZID=Europe/London:20260212T100000\nRRULE:FREQ=WEEKLY;INTERVAL=6;BYDAY=TH"
    assert from_rrule_text(text) == SeriesRule("weekly", 6, 3, None, time(10), date(2026, 2, 12))
    assert from_rrule_text("RRULE:FREQ=DAILY") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The rule is missing"),
        ("every 6 weeks on Thursday", "Say what time the board meets"),
        ("every 6 weeks on Thursday at 2", "'2' is not a time I can read"),
        ("sometimes on Thursday at 10:00", "Say how often the board meets"),
        ("monthly on Tuesday at 10:00", "Say which Tuesday of the month"),
        ("every 6 weeks on the first Thursday at 10:00", "'first' fits a monthly rule"),
        ("every 6 weeks on Saturday at 10:00", "A board meets on a weekday"),
        ("every 40 weeks on Monday at 10:00", "every 1 to 26 weeks, not every 40"),
        ("every 6 weeks on Thursday at 10:00 from 02/13/2027", "the day comes first"),
        ("every 6 weeks on Thirsday at 10:00", "'thirsday' is not a day of the week"),
    ],
)
def test_bad_rules_say_what_to_type(text: str, message: str) -> None:
    """A rule that cannot be read is refused with what was wrong."""
    with pytest.raises(RuleError, match=message):
        parse_rule(text, TODAY)
