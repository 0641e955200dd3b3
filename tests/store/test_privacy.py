"""What identifies a child or family, found in notes: the detectors, the plan's patterns, and a
corpus of ordinary and unsafe notes with its false-positive and miss counts."""

from __future__ import annotations

from datetime import date

import pytest

from store.privacy import (
    PrivacyError,
    PrivacyRules,
    PrivateText,
    check,
    check_pattern,
    findings,
)
from store.privacy.detect import valid_nhs
from tests.store.privacy_corpus import SAFE, TODAY, UNSAFE, nhs

RULES = PrivacyRules()


def test_corpus_false_positives_under_one_percent_and_few_misses() -> None:
    """Over the corpus, ordinary notes are refused less than 1% of the time, and unsafe ones
    are nearly all caught; the counts are printed (pytest -s shows them)."""
    assert len(SAFE) >= 200 and len(UNSAFE) >= 50
    false_positives = [n for n in SAFE if findings(n, RULES, TODAY)]
    misses = [n for n in UNSAFE if not findings(n, RULES, TODAY)]
    print(
        f"\nprivacy corpus: {len(SAFE)} ordinary notes, {len(false_positives)} false positives "
        f"({len(false_positives) / len(SAFE):.1%}); {len(UNSAFE)} unsafe notes, "
        f"{len(misses)} missed ({len(misses) / len(UNSAFE):.1%})"
    )
    for note in [*false_positives, *misses]:
        print(f"  {note}")
    assert len(false_positives) / len(SAFE) < 0.01, false_positives
    assert len(misses) / len(UNSAFE) <= 0.05, misses


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("9434765919", True),  # the NHS's own published example
        ("9434765918", False),  # one digit off
        ("4010232137", True),
        ("4010232138", False),
        ("0000000000", False),  # one digit ten times is a placeholder, not a number
        ("1234567890", False),  # the check digit would be 10: no such number exists
    ],
)
def test_modulus_11_check(digits: str, valid: bool) -> None:
    """Only numbers whose tenth digit is the Modulus 11 check digit are NHS numbers."""
    assert valid_nhs(digits) is valid


@pytest.mark.parametrize(
    "note",
    [
        "Call the team on 943 476 5919 for advice.",  # said to be a phone number
        "Purchase order 9434765919 raised.",
        "Ratio 943 476 5919.5 in the model.",  # part of a decimal
    ],
)
def test_ten_digits_said_to_be_something_else_pass(note: str) -> None:
    """A valid-looking number named as a phone, an order or part of a decimal is not refused."""
    assert findings(note, RULES, TODAY) == []


def test_a_recent_date_beside_a_name_is_a_meeting_not_a_birthday() -> None:
    """Within the last year a date beside a name passes; years back, or labelled, it does not."""
    assert findings("Review with Sam Patel 12/10/2026", RULES, TODAY) == []
    (found,) = findings("Review with Sam Patel 12/10/2016", RULES, TODAY)
    assert (found.kind, found.text) == ("dob", "Sam Patel 12/10/2016")
    (labelled,) = findings("DOB 02/01/2027", RULES, TODAY)
    assert labelled.kind == "dob"


def test_plan_patterns_and_switched_off_checks() -> None:
    """A plan's own patterns are refused in any case and separator; a check switched off is
    not applied."""
    rules = PrivacyRules(("MOS-#######",), frozenset({"postcode"}))
    assert [f.kind for f in findings("see mos 1234567", rules, TODAY)] == ["case"]
    assert findings("LCS-123456 and NS1 4AB", rules, TODAY) == []  # default pattern replaced


def test_refusal_says_what_was_found_and_what_to_write() -> None:
    """The message names each thing found and how to write the note instead."""
    with pytest.raises(PrivateText) as caught:
        check(f"NHS {nhs('943476591')} at NS1 4AB", RULES, date(2027, 1, 18), what="note")
    message = caught.value.message
    assert message.startswith("I did not save the note: it looks like it identifies a child")
    assert 'an NHS number ("943 476 5919")' in message and 'a full postcode ("NS1 4AB")' in message
    assert "refer to the case by its ID in the case system, not here" in message
    assert "name the area (NS1, or the ward) instead of the full postcode" in message


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("##", "is not a pattern I can use"),
        ("###", "would also refuse ordinary plan text such as 'EV-QA-011'"),
        ("@@-@@-###", "would also refuse ordinary plan text such as 'EV-QA-011'"),
        ("##.#", "would also refuse ordinary plan text such as '13.2.3'"),
        ("x#", "is not a pattern I can use"),
    ],
)
def test_patterns_that_would_catch_ordinary_text_are_refused(pattern: str, problem: str) -> None:
    """A plan lead cannot add a pattern so loose it would refuse refs, codes or figures."""
    with pytest.raises(PrivacyError, match=problem):
        check_pattern(pattern)
    assert check_pattern(" CN-@@#### ") == "CN-@@####"


def test_junk_settings_fall_back_to_the_defaults() -> None:
    """A hand-edited setting of the wrong shape never stops the checks."""
    assert PrivacyRules.for_plan({"privacy": "off"}) == PrivacyRules()
    rules = PrivacyRules.for_plan({"privacy": {"patterns": "x", "off": ["nhs", "nonsense"]}})
    assert rules.off == frozenset({"nhs"}) and rules.patterns == ("LCS-######",)
