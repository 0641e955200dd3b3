"""The reminder policy: defaults in one place, a plan's overrides over them."""

from __future__ import annotations

import pytest

from store.policy import KINDS, PolicyError, ReminderPolicy, changed, read_kind


def test_defaults() -> None:
    """With nothing stored, a plan gets the documented defaults."""
    policy = ReminderPolicy.from_json({})
    assert (policy.due_soon_days, policy.due_soon_working_days) == (7, 1)
    assert policy.overdue_every_days == 7
    assert policy.stale_days == 28
    assert policy.board_prep_days == 5
    assert policy.escalation_days == 14
    assert all(getattr(policy, kind.key) for kind in KINDS)


def test_overrides_merge_and_nonsense_is_ignored() -> None:
    """Stored values override defaults; unknown keys and wrong types never stop reminders."""
    policy = ReminderPolicy.from_json(
        {"stale_days": 35, "overdue": False, "bogus": 1, "escalation_days": "x", "due_soon": 3}
    )
    assert (policy.stale_days, policy.overdue) == (35, False)
    assert (policy.escalation_days, policy.due_soon) == (14, True)


def test_only_changes_are_stored() -> None:
    """A policy is stored as its differences from the defaults, so better defaults reach it."""
    policy = changed(ReminderPolicy(), read_kind("stale"), days=35)
    assert policy.to_json() == {"stale_days": 35}
    assert ReminderPolicy.from_json(policy.to_json()) == policy


def test_setting_days_turns_a_kind_back_on() -> None:
    """Giving a number of days to a kind that was off turns it on."""
    off = changed(ReminderPolicy(), read_kind("board"), enabled=False)
    assert changed(off, read_kind("board"), days=3).board_prep is True


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("due", "7 days and 1 working day before the due date"),
        ("overdue", "the first working day after the due date, then weekly"),
        ("stale", "open actions not updated for 28 days"),
        ("board", "5 working days before the updates deadline, and on the day"),
        ("escalation", "to the theme lead, then the plan lead, after 14 days overdue"),
    ],
)
def test_each_kind_describes_itself(kind: str, text: str) -> None:
    """Each kind of reminder says what it does, as /plan settings shows it."""
    assert read_kind(kind).describe(ReminderPolicy()) == text


def test_out_of_range_days_and_unknown_kinds_are_refused() -> None:
    """Days outside a kind's range and unknown kinds are refused with the choices."""
    with pytest.raises(PolicyError, match="Stale reminders take 7 to 180"):
        changed(ReminderPolicy(), read_kind("stale"), days=2)
    with pytest.raises(PolicyError, match="Use due, overdue, stale, board, escalation or risk"):
        read_kind("nagging")
