"""parse(text) -> a typed command, or a UsageError that says what to type instead."""

from __future__ import annotations

import re
from datetime import date

from commands.args import REF_WORDS, Args
from commands.errors import UsageError, UserError
from commands.help import Help
from commands.spec import Command, Spec
from commands.table import ALIASES, GROUPS, UMBRELLA, spec, verbs
from commands.text import did_you_mean, nearest, normalise, one_of
from store.domain import is_ref

_PLAN_PREFIXED_REF = r"[a-z][a-z0-9-]*:\d"


def parse(text: str, *, today: date, labels: dict[str, str] | None = None) -> Command:
    """Read one command, as typed in Slack ('/action update 4.2 green') or anywhere else."""
    words = unwrapped(normalise(text)).lstrip("/").split(None, 2)
    # The same words as typed: normalising maps one character to one, so they line up, and
    # free text (notes, titles) keeps its curly quotes and dashes.
    typed = unwrapped(text).lstrip("/").split(None, 2)
    if not words:
        return Help()
    group = ALIASES.get(words[0].lower(), words[0].lower())
    if group in ("help", "?"):
        return Help(" ".join(w.lower() for w in words[1:]) or None)
    if group not in GROUPS:
        hint = did_you_mean(nearest(group, [*GROUPS, "help"], n=1))
        raise UsageError(f"'{words[0]}' is not a command.{hint} Type help to see them all.")
    if len(words) == 1 or words[1].lower() in ("help", "?"):
        return Help(group)
    verb = words[1].lower()
    rest = typed[2] if len(typed) > 2 else ""
    if group == "action" and _looks_like_ref(verb):
        verb, rest = "update", f"{typed[1]} {rest}"  # short form: /action 4.2 green
    elif group == "action" and verb in REF_WORDS and _looks_like_ref(rest.split(" ", 1)[0]):
        verb = "update"  # /action Action 4.2 green
    entry, rest = _entry(group, verb, rest)
    if entry is None:
        subs = [v.split()[1] for v in verbs(group) if v.startswith(f"{verb} ")]
        if subs:  # "/plan lead" needs "add" or "remove" after it
            raise UsageError(
                f"Say what to do after /{group} {verb}: {one_of(subs)}. "
                f"Type /{group} help to see them."
            )
        hint = did_you_mean(nearest(verb, verbs(group), n=1))
        raise UsageError(
            f"'{words[1]}' is not a /{group} command.{hint} Type /{group} help to see them."
        )
    if rest.strip().lower() == "help":
        return Help(entry.name)
    try:
        return entry.read(Args(rest, today=today, labels=labels))
    except UserError as error:  # a date, a period, a rule … that cannot be read
        raise UsageError(error.message, usage=entry.usage) from None


def unwrapped(text: str) -> str:
    """The command inside the umbrella: '/improve action update 4.2 green' is the action."""
    first, _, rest = text.strip().partition(" ")
    return rest.strip() if first.lstrip("/").lower() == UMBRELLA else text.strip()


def _entry(group: str, verb: str, rest: str) -> tuple[Spec | None, str]:
    """The row for a verb, or for a verb of two words ("/plan people add", "/plan lead remove")."""
    parts = rest.split(None, 1)
    if parts:
        entry = spec(group, f"{verb} {parts[0].lower()}")
        if entry is not None:
            return entry, parts[1] if len(parts) > 1 else ""
    return spec(group, verb), rest


def _looks_like_ref(word: str) -> bool:
    word = word.lstrip("#").rstrip(".")
    return is_ref(word) or bool(re.match(_PLAN_PREFIXED_REF, word, re.I))


def plan_hint(text: str) -> str | None:
    """The plan a command names ('send:4.2', 'list overdue in send'), read before parsing so the
    parser can use that plan's own status words."""
    body = unwrapped(normalise(text))
    m = re.search(r"(?:^|\s)([a-z][a-z0-9-]{0,39}):(?:\d|[a-z]{1,4}\d)", body, re.I)
    if m:
        return m[1].lower()
    m = re.search(r"\sin\s+([a-z][a-z0-9-]{0,39})\s*$", body, re.I)
    if m and body.lower().split()[0].lstrip("/") in ("action", "kpi"):
        return m[1].lower()
    return None
