"""Changing what a plan lead tunes: channel, time zone, nation, digest, closure days, labels,
evidence and sign-off rules, public confirmations and the reminder policy.

Chat commands and `improvebot plan configure` both call these, so a rule is checked once.
Each setter checks its value, writes it, and returns the new value as text to echo back.
JSON columns are replaced, never changed in place, so SQLAlchemy sees every change.
"""

from __future__ import annotations

import calendar
import difflib
import re
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlalchemy.orm import object_session

from store import plans, policy
from store.dates import uk
from store.domain import STATUS_WORDS, Status, read_status, status_key
from store.errors import UserError
from store.models import Plan
from store.timeutil import clock_change_clash
from store.workdays import REGIONS, closures_from, read_region

# A longer shutdown is a mistake more often than a plan (and would make a long list).
MAX_CLOSURE_DAYS = 31
MAX_LABEL = 40
SWITCHES = {
    "evidence": ("require_evidence", "Evidence before complete"),
    "signoff": ("require_signoff", "Plan lead's sign-off to close"),
    "confirmations": ("public_confirmations", "Status changes posted to the channel"),
}
_CHANNEL = re.compile(r"^#[a-z0-9][a-z0-9_-]{0,79}$")
_SLACK_CHANNEL = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|([^>]*))?>$")
_SLACK_ID = re.compile(r"^[CG][A-Z0-9]{6,}$")
# A Teams channel or group chat: "teams:19:…@thread.tacv2", its conversation id as Teams gives it.
TEAMS_PREFIX = "teams:"
_TEAMS_CHANNEL = re.compile(r"^teams:\d+:[A-Za-z0-9@._:;=-]{1,190}$")


class SettingError(UserError):
    """A setting that cannot be applied; the message is safe to show and says what to type."""


def read_channel(text: str) -> str:
    """'#improvement', a Slack channel mention '<#C0123|improvement>' (kept as its id, which
    is what Slack sends with each command), a bare Slack channel id, or a Teams channel's
    conversation id as 'teams:19:…@thread.tacv2' (kept as it is: Teams ids are exact)."""
    word = text.strip()
    if _TEAMS_CHANNEL.match(word):
        return word.split(";messageid=")[0]
    if m := _SLACK_CHANNEL.match(word):
        return m[1]
    if _SLACK_ID.match(word):
        return word
    if _CHANNEL.match(word.lower()):
        return word.lower()
    raise SettingError(
        f"'{word}' is not a channel. Type it as #channel-name, or type 'here' in the channel."
    )


def set_channel(plan: Plan, channel: str) -> str:
    plan.channel = channel
    return channel


def set_timezone(plan: Plan, text: str) -> str:
    zone = _zone(text.strip())
    plan.timezone = zone
    return zone


def _zone(text: str) -> str:
    by_lower = {name.lower(): name for name in available_timezones()}
    name = by_lower.get(text.lower().replace(" ", "_"))
    if name is None or "/" not in name:
        near = difflib.get_close_matches(text.lower(), list(by_lower), n=2, cutoff=0.6)
        hint = f" Did you mean {' or '.join(by_lower[n] for n in near)}?" if near else ""
        raise SettingError(
            f"'{text}' is not a time zone.{hint} Use an Area/City name such as Europe/London."
        )
    try:
        ZoneInfo(name)
    except ZoneInfoNotFoundError:  # listed but not loadable: treat as unknown
        raise SettingError(f"'{text}' is not a time zone I can use.") from None
    return name


def set_region(plan: Plan, text: str) -> str:
    try:
        plan.region = read_region(text)
    except ValueError as error:
        raise SettingError(str(error)) from None
    return region_text(plan)


def region_text(plan: Plan) -> str:
    return f"{REGIONS.get(plan.region, plan.region)} ({plan.region})"


def set_digest(plan: Plan, weekday: int, at: time, *, today: date) -> str:
    clash = clock_change_clash(at, plan.timezone, today)
    if clash is not None:
        raise SettingError(
            f"{at:%H:%M} is skipped or repeated on {uk(clash)}, when the clocks change. "
            "Choose another time."
        )
    plan.digest_weekday = weekday
    plan.digest_time = f"{at:%H:%M}"
    return digest_text(plan)


def digest_text(plan: Plan) -> str:
    return f"{calendar.day_name[plan.digest_weekday]}s at {plan.digest_time}"


def add_closure(plan: Plan, start: date, end: date | None = None) -> str:
    """Close the plan on a day or a run of days (the Christmas shutdown); returns the run."""
    end = end or start
    if end < start:
        raise SettingError(
            f"The last day, {uk(end)}, is before the first, {uk(start)}. Give the first day first."
        )
    if (end - start).days >= MAX_CLOSURE_DAYS:
        raise SettingError(
            f"A closure is at most {MAX_CLOSURE_DAYS} days. Add a longer one in parts."
        )
    days = closures_from(plan.closure_days or [])
    days |= {start + timedelta(days=n) for n in range((end - start).days + 1)}
    plan.closure_days = [day.isoformat() for day in sorted(days)]
    return uk(start) if start == end else f"{uk(start)} to {uk(end)}"


def clear_closures(plan: Plan) -> str:
    plan.closure_days = []
    return closures_text(plan)


def closure_runs(plan: Plan) -> list[tuple[date, date]]:
    """The closure days as runs of consecutive days, first to last."""
    runs: list[tuple[date, date]] = []
    for day in sorted(closures_from(plan.closure_days or [])):
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def closures_text(plan: Plan) -> str:
    runs = closure_runs(plan)
    if not runs:
        return "none"
    return "; ".join(uk(a) if a == b else f"{uk(a)} to {uk(b)}" for a, b in runs)


def set_label(plan: Plan, status: Status, label: str | None) -> str:
    """The plan's word for a status; None (or the status's own word) goes back to the default."""
    text = " ".join((label or "").split())
    labels = {k: v for k, v in (plan.status_labels or {}).items() if k != status.value}
    if text and status_key(text) != status_key(status.word):
        if len(text) > MAX_LABEL:
            raise SettingError(f"A label is at most {MAX_LABEL} characters.")
        means = read_status(text, {k: str(v) for k, v in labels.items()})
        if means is not None and means is not status:
            raise SettingError(f"'{text}' already means {means.word}. Choose another label.")
        labels[status.value] = text
    plan.status_labels = labels
    return f"{status.word} is shown as '{plan.label(status.value)}'"


def read_status_word(text: str) -> Status:
    found = read_status(text)
    if found is None:
        raise SettingError(f"'{text}' is not a status. Use {STATUS_WORDS}.")
    return found


# Rules that wait on a plan lead (to sign off, or to accept evidence) need one to exist.
NEEDS_PLAN_LEAD = {
    "signoff": "sign-off, which only a plan lead gives",
    "evidence": "evidence before complete, which a plan lead checks",
}


def set_switch(plan: Plan, name: str, on: bool) -> str:
    attribute, title = SWITCHES[name]
    if on and name in NEEDS_PLAN_LEAD and not _has_plan_lead(plan):
        raise SettingError(
            f"{plan.name} has no plan lead yet, so it cannot require "
            f"{NEEDS_PLAN_LEAD[name]}. Name one first: "
            f'improvebot plan people add EMAIL --name "NAME" --role lead'
        )
    setattr(plan, attribute, on)
    return f"{title}: {'on' if on else 'off'}"


def _has_plan_lead(plan: Plan) -> bool:
    session = object_session(plan)
    return session is not None and bool(plans.plan_leads(session, plan))


def set_reminder(
    plan: Plan, kind_word: str, *, enabled: bool | None = None, days: int | None = None
) -> str:
    try:
        kind = policy.read_kind(kind_word)
        new = policy.changed(policy.ReminderPolicy.for_plan(plan), kind, enabled=enabled, days=days)
    except policy.PolicyError as error:
        raise SettingError(str(error)) from None
    plan.reminder_policy = new.to_json()
    return f"{kind.title} reminders: {kind.describe(new)}"
