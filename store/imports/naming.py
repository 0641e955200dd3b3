"""Which plan a file names, and the name and slug of a plan made from a file.

Councils put the plan's name in a title row above the header ("Westshire Council – Children's
Services Improvement Plan 2026–27"). That row is how a file says which plan it is: it is
matched to existing plans' names (ignoring case, spacing and the kind of dash or quote), and
it names a new plan. Protective markings such as "OFFICIAL – SENSITIVE" are not titles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy.orm import Session

from store.models import Plan
from store.plans import plan_by_slug

MAX_NAME = 200
MAX_SLUG = 40
_MARKINGS = {
    "official",
    "official sensitive",
    "not protectively marked",
    "restricted",
    "confidential",
    "draft",
}
_PLAN_WORDS = re.compile(r"\b(plan|statement|programme|strategy|improvement)\b", re.IGNORECASE)
# Dropped from a long name, a group at a time, until its slug fits: fillers first.
_DROPPABLE = (
    {"the", "of", "and", "for", "a", "an", "to", "in", "on"},
    {"council", "county", "borough", "city", "district", "metropolitan"},
    {"childrens", "children", "services", "service", "social", "care"},
)


def key(text: str) -> str:
    """A name as compared: case, spacing, dashes, quotes and end punctuation do not count."""
    text = re.sub(r"[‐‑‒–—―]", "-", text.casefold())
    text = re.sub(r"[‘’`´]", "'", text)
    return " ".join(text.split()).strip(" .:;-")


def title(above: Sequence[str]) -> str | None:
    """The plan's name among the rows above the header: the first that reads like a plan's
    name (plan, statement, programme …), else the first with words that is not a marking."""
    candidates = [line for line in above if re.search(r"[^\W\d_]", line) and not _marking(line)]
    named = [line for line in candidates if _PLAN_WORDS.search(line)]
    found = named[0] if named else candidates[0] if candidates else None
    return " ".join(found.split())[:MAX_NAME] if found else None


def _marking(line: str) -> bool:
    return " ".join(key(line).replace("-", " ").split()) in _MARKINGS


def named_in(plans: Sequence[Plan], above: Sequence[str]) -> list[Plan]:
    """The plans whose name is one of the rows above the header."""
    lines = {key(line) for line in above}
    return [plan for plan in plans if key(plan.name) in lines]


def new_slug(session: Session, name: str) -> str:
    """A short, unused slug for a new plan named `name`: 'Westshire Council – Children's
    Services Improvement Plan 2026–27' -> 'westshire-improvement-plan-2026-27'."""
    base = slug_for(name)
    slug, number = base, 1
    while plan_by_slug(session, slug) is not None:
        number += 1
        suffix = f"-{number}"
        slug = base[: MAX_SLUG - len(suffix)].rstrip("-") + suffix
    return slug


def slug_for(name: str) -> str:
    words = re.findall(r"[a-z0-9]+", re.sub(r"['’]", "", name.lower()))
    for droppable in _DROPPABLE:
        if len("-".join(words)) <= MAX_SLUG:
            break
        words = [w for w in words if w not in droppable] or words
    slug = ""
    for word in words:  # whole words only
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > MAX_SLUG:
            break
        slug = longer
    slug = slug or "-".join(words)[:MAX_SLUG].strip("-") or "plan"
    return slug if slug[0].isalpha() else f"plan-{slug}"[:MAX_SLUG].rstrip("-")
