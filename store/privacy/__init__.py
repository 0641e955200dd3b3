"""Keeping children out of the plan: every note, title and piece of evidence is checked for
what identifies a child or family before it is stored or posted.

Improvement plans are read by boards, councillors, DfE advisers and the public; the case
system is where a child's details belong. A match is refused with what was found and how to
write it instead. What to look for is in store.privacy.detect; a plan lead tunes it in
Plan.settings["privacy"]: {"patterns": ["LCS-######"], "off": ["postcode"]}, with /plan
privacy (patterns of case references: # a digit, @ a letter).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from store.errors import UserError
from store.privacy import detect

if TYPE_CHECKING:
    from store.models import Plan

CHECKS = {
    "nhs": "an NHS number",
    "dob": "a date of birth next to a name",
    "case": "a case or client reference",
    "postcode": "a full postcode",
    "pseudonym": "a 'Child A'-style name next to a surname",
}
CHECK_WORDS = "nhs, dob, case, postcode or pseudonym"
ADVICE = {
    "nhs": "refer to the case by its ID in the case system, not here",
    "dob": "give an age or an age group (a 14-year-old, under-5s) without the name",
    "case": "refer to the case by its ID in the case system, not here",
    "postcode": "name the area (NS1, or the ward) instead of the full postcode",
    "pseudonym": "write 'Child A' alone, without the surname",
}
DEFAULT_PATTERNS = ("LCS-######",)
# A pattern that matches any of these would refuse ordinary plan text.
ORDINARY = (
    "4.2", "1.10", "13.2.3", "EV-QA-011", "EV-GOV-004", "K1", "KPI12", "R1", "REC3", "AFI2",
    "2026-27", "31/03/2027", "2027-03-31", "Q3", "0300 123 4567", "22%", "140", "2026",
    "18.5", "95%", "WLS", "ILACS",
)  # fmt: skip
MAX_PATTERNS = 20


class PrivacyError(UserError):
    """A pattern or setting a plan lead cannot use."""


class PrivateText(UserError):
    """Text that identifies a child or family; nothing was saved."""

    def __init__(self, message: str, findings: list[Finding], what: str = "note") -> None:
        super().__init__(message)
        self.findings = findings
        self.what = what  # the field it was found in: note, evidence, reason, title …


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str

    def __str__(self) -> str:
        return f'{CHECKS[self.kind]} ("{self.text}")'


@dataclass(frozen=True)
class PrivacyRules:
    patterns: tuple[str, ...] = DEFAULT_PATTERNS
    off: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def for_plan(cls, settings: Mapping[str, Any] | None) -> PrivacyRules:
        section = (settings or {}).get("privacy")
        if not isinstance(section, Mapping):
            return cls()
        patterns = section.get("patterns", list(DEFAULT_PATTERNS))
        off = section.get("off", [])
        return cls(
            tuple(p for p in patterns if isinstance(p, str) and p)
            if isinstance(patterns, list)
            else DEFAULT_PATTERNS,
            frozenset(o for o in off if o in CHECKS) if isinstance(off, list) else frozenset(),
        )

    def to_json(self) -> dict[str, Any]:
        return {"patterns": list(self.patterns), "off": sorted(self.off)}


def findings(text: str | None, rules: PrivacyRules, today: date) -> list[Finding]:
    """Everything in `text` that identifies a child or family, in the order of CHECKS."""
    if not text:
        return []
    found: list[Finding] = []
    runs: dict[str, Callable[[], Iterator[str]]] = {
        "nhs": lambda: detect.nhs_numbers(text),
        "dob": lambda: detect.birth_dates(text, today),
        "case": lambda: detect.case_references(text, rules.patterns),
        "postcode": lambda: detect.postcodes(text),
        "pseudonym": lambda: detect.pseudonyms(text),
    }
    for kind, run in runs.items():
        if kind in rules.off:
            continue
        for match in dict.fromkeys(run()):
            found.append(Finding(kind, match))
    return found


def check(text: str | None, rules: PrivacyRules, today: date, *, what: str = "note") -> None:
    """Raise PrivateText, saying what was found and what to write instead, when `text`
    identifies a child or family."""
    found = findings(text, rules, today)
    if found:
        raise PrivateText(refusal(found, what), found, what)


def check_all(texts: Mapping[str, str | None], rules: PrivacyRules, today: date) -> None:
    """Check several fields at once ({"note": …, "evidence": …}), naming the first that
    identifies someone."""
    for what, text in texts.items():
        check(text, rules, today, what=what)


def guard(plan: Plan, texts: Mapping[str, str | None], at: datetime) -> None:
    """Check what is about to be stored in `plan` at `at` (the store's last line: commands,
    forms, buttons and imports all write through it)."""
    if any(texts.values()):
        today = at.astimezone(ZoneInfo(plan.timezone)).date()
        check_all(texts, PrivacyRules.for_plan(plan.settings), today)


def refusal(found: list[Finding], what: str) -> str:
    return f"I did not save the {what}: it {explain(found)}"


def explain(found: list[Finding]) -> str:
    """'looks like it identifies a child or family: …. Please …'"""
    listed = "; ".join(str(f) for f in found)
    advice = "; ".join(dict.fromkeys(ADVICE[f.kind] for f in found))
    return (
        f"looks like it identifies a child or family: {listed}. Please {advice}. Plans are "
        "read by boards, councillors and inspectors; a child's details belong in the case system."
    )


def check_pattern(pattern: str) -> str:
    """A case-reference pattern a plan lead typed, checked: particular enough never to refuse
    ordinary plan text."""
    text = pattern.strip()
    wild = sum(c in "#@" for c in text)
    if not 3 <= len(text) <= 40 or wild < 3:
        raise PrivacyError(
            f"'{text}' is not a pattern I can use. Write the reference with # for each digit "
            "and @ for each letter that varies, such as LCS-###### (at least three of them)."
        )
    for sample in ORDINARY:
        if detect.compiled(text).search(sample):
            raise PrivacyError(
                f"'{text}' would also refuse ordinary plan text such as '{sample}'. "
                "Make it more particular, such as LCS-######."
            )
    return text


def _store(plan: Plan, rules: PrivacyRules) -> None:
    plan.settings = {**(plan.settings or {}), "privacy": rules.to_json()}


def add_pattern(plan: Plan, text: str) -> str:
    rules = PrivacyRules.for_plan(plan.settings)
    pattern = check_pattern(text)
    if pattern.lower() in (p.lower() for p in rules.patterns):
        raise PrivacyError(f"{pattern} is already one of the plan's case reference patterns.")
    if len(rules.patterns) >= MAX_PATTERNS:
        raise PrivacyError(f"A plan keeps at most {MAX_PATTERNS} patterns: remove one first.")
    _store(plan, PrivacyRules((*rules.patterns, pattern), rules.off))
    return describe(plan)


def remove_pattern(plan: Plan, text: str) -> str:
    rules = PrivacyRules.for_plan(plan.settings)
    kept = tuple(p for p in rules.patterns if p.lower() != text.strip().lower())
    if kept == rules.patterns:
        listed = ", ".join(rules.patterns) or "none"
        raise PrivacyError(f"{text.strip()} is not one of the plan's patterns ({listed}).")
    _store(plan, PrivacyRules(kept, rules.off))
    return describe(plan)


def read_check(word: str) -> str:
    key = word.strip().lower()
    key = {
        "nhs number": "nhs",
        "date of birth": "dob",
        "birth": "dob",
        "names": "pseudonym",
        "child a": "pseudonym",
        "case ref": "case",
        "reference": "case",
    }.get(key, key)
    if key not in CHECKS:
        raise PrivacyError(f"'{word.strip()}' is not a check. Use {CHECK_WORDS}.")
    return key


def switch(plan: Plan, word: str, on: bool) -> str:
    rules = PrivacyRules.for_plan(plan.settings)
    kind = read_check(word)
    off = rules.off - {kind} if on else rules.off | {kind}
    _store(plan, PrivacyRules(rules.patterns, frozenset(off)))
    return describe(plan)


def describe(plan: Plan) -> str:
    rules = PrivacyRules.for_plan(plan.settings)
    checks = [name for kind, name in CHECKS.items() if kind not in rules.off]
    patterns = ", ".join(rules.patterns) or "none"
    off = [CHECKS[k] for k in CHECKS if k in rules.off]
    said = f"notes are checked for {', '.join(checks) or 'nothing'}; case reference patterns: "
    said += patterns
    return said + (f"; not checked: {', '.join(off)}" if off else "")
