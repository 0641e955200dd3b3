"""Plain domain values shared by the parser, the store and the templates (no SQLAlchemy here)."""

from __future__ import annotations

import re
from enum import StrEnum
from zoneinfo import ZoneInfo

# Plans are UK councils': their clocks and calendars default to England's.
DEFAULT_TIMEZONE = "Europe/London"
UK_TIME = ZoneInfo(DEFAULT_TIMEZONE)


class Status(StrEnum):
    """The five fixed meanings of an action's status; plans may relabel them."""

    NOT_STARTED = "not_started"
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    COMPLETE = "complete"

    @property
    def word(self) -> str:
        """The default label, as typed in commands and written in exports."""
        return self.value.replace("_", " ")

    @property
    def is_open(self) -> bool:
        return self is not Status.COMPLETE


# Display and export order: worst first is what boards read, but plans list in this order.
STATUS_ORDER = (Status.RED, Status.AMBER, Status.GREEN, Status.COMPLETE, Status.NOT_STARTED)


class Role(StrEnum):
    """A person's role in one plan. Theme leadership also comes from Theme.lead."""

    PLAN_LEAD = "plan_lead"
    THEME_LEAD = "theme_lead"
    OWNER = "owner"
    VIEWER = "viewer"

    @property
    def word(self) -> str:
        return self.value.replace("_", " ")


class Via(StrEnum):
    """Where an update came from, kept in the history."""

    SLACK = "slack"
    TEAMS = "teams"
    CONSOLE = "console"
    IMPORT = "import"
    API = "api"
    SYSTEM = "system"
    CLI = "cli"  # the operator at the `improvebot` command line


REF_PATTERN = re.compile(r"^\d{1,4}(?:\.\d{1,4}){0,4}$")


def ref_key(ref: str) -> str:
    """A text key that sorts refs numerically: 1.9 < 1.10 < 2 < 10.1.

    Each part is zero-padded to four digits, so the database can ORDER BY the key.
    """
    return ".".join(f"{int(part):04d}" for part in ref.split("."))


def is_ref(text: str) -> bool:
    return bool(REF_PATTERN.match(text))


_ALIASES: dict[str, Status] = {
    "r": Status.RED,
    "red": Status.RED,
    "off track": Status.RED,
    "a": Status.AMBER,
    "amber": Status.AMBER,
    "orange": Status.AMBER,
    "yellow": Status.AMBER,
    "at risk": Status.AMBER,
    "g": Status.GREEN,
    "green": Status.GREEN,
    "on track": Status.GREEN,
    "b": Status.COMPLETE,
    "blue": Status.COMPLETE,
    "complete": Status.COMPLETE,
    "completed": Status.COMPLETE,
    "done": Status.COMPLETE,
    "n": Status.NOT_STARTED,
    "not started": Status.NOT_STARTED,
    "notstarted": Status.NOT_STARTED,
    "grey": Status.NOT_STARTED,
    "gray": Status.NOT_STARTED,
    # The dots the bot itself shows, and Slack's names for them when a line is pasted back.
    "\U0001f534": Status.RED,
    ":red_circle:": Status.RED,
    "\U0001f7e0": Status.AMBER,
    ":large_orange_circle:": Status.AMBER,
    "\U0001f7e2": Status.GREEN,
    ":large_green_circle:": Status.GREEN,
    "\U0001f535": Status.COMPLETE,
    ":large_blue_circle:": Status.COMPLETE,
    "\u26aa": Status.NOT_STARTED,
    ":white_circle:": Status.NOT_STARTED,
}

STATUS_WORDS = "red, amber, green, complete or not-started"


def status_key(word: str) -> str:
    """Lower case, with hyphens, underscores and runs of spaces read as one space."""
    return " ".join(word.lower().replace("-", " ").replace("_", " ").split())


# Keyed as status_key reads a word, so ":large_blue_circle:" matches as typed.
_ALIASES = {status_key(word): status for word, status in _ALIASES.items()}


def read_status(word: str, labels: dict[str, str] | None = None) -> Status | None:
    """The status a word means: a letter, a colour, a common phrase or one of the plan's labels.

    A word ended with punctuation ("green.", "amber:") means the word.
    """
    for candidate in (word, word.rstrip(".,:;!?")):
        key = status_key(candidate)
        for meaning, label in (labels or {}).items():
            if status_key(label) == key:
                return Status(meaning)
        found = _ALIASES.get(key)
        if found is not None:
            return found
    return None


def status_vocabulary(labels: dict[str, str] | None = None) -> list[str]:
    """Every word that reads as a status, for "did you mean" suggestions."""
    words = [k for k in _ALIASES if len(k) > 1 and k.isascii() and not k.startswith(":")]
    words += [status_key(label) for label in (labels or {}).values() if label]
    return sorted(set(words))
