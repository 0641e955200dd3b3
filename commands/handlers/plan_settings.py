"""Handlers for /plan: show the settings, and change them (plan leads only).

Each change replies with the new value, as the plan now has it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from commands import permissions
from commands.context import Context, Reply
from commands.errors import UserError
from commands.handlers.boards import plan_for
from commands.syntax_boards import (
    PlanChannel,
    PlanClosure,
    PlanDigest,
    PlanLabel,
    PlanRegion,
    PlanReminders,
    PlanSettings,
    PlanSwitch,
    PlanTimezone,
)
from commands.views import Notice
from store import boards
from store import plan_settings as settings
from store.domain import STATUS_ORDER
from store.models import Plan
from store.policy import KINDS, ReminderPolicy

FOOTER = "Plan leads change these with /plan channel, timezone, region, digest, closure, "
FOOTER += "labels, evidence, signoff, confirmations and reminders. Type /plan help for examples."


@dataclass(frozen=True)
class SettingRow:
    name: str
    value: str
    default: bool = False


@dataclass(frozen=True)
class SettingsSection:
    title: str
    rows: list[SettingRow]


@dataclass(frozen=True)
class SettingsView:
    heading: str
    sections: list[SettingsSection]
    footer: str = FOOTER


def settings_view(session: Session, plan: Plan) -> SettingsView:
    """Everything a plan lead tunes, marking the values that are still the defaults."""
    series = boards.current_series(session, plan.id)
    series_text = None
    if series is not None:
        series_text = (
            f"{boards.describe_series(series)}; updates due {series.updates_deadline_days} and "
            f"papers {series.papers_deadline_days} working days before; "
            f"{series.rotate_themes} themes in focus in turn"
        )
    policy = ReminderPolicy.for_plan(plan)
    on = {True: "on", False: "off"}
    labels = [
        SettingRow(status.word, plan.label(status.value), status.value not in plan.status_labels)
        for status in STATUS_ORDER
    ]
    reminders = [
        SettingRow(
            kind.title,
            kind.describe(policy),
            all(policy.is_default(f) for f in (kind.key, kind.days_field)),
        )
        for kind in KINDS
    ]
    return SettingsView(
        heading=f"Settings of {plan.name}",
        sections=[
            SettingsSection(
                "Plan",
                [
                    SettingRow("Name", plan.name),
                    SettingRow("Short name", plan.slug),
                    SettingRow("Channel", plan.channel or "none"),
                    SettingRow("Time zone", plan.timezone, plan.timezone == "Europe/London"),
                    SettingRow("Bank holidays", settings.region_text(plan), plan.region == "ENG"),
                    SettingRow("Closure days", settings.closures_text(plan), not plan.closure_days),
                    SettingRow(
                        "Weekly digest",
                        settings.digest_text(plan),
                        plan.digest_weekday == 0 and plan.digest_time == "09:00",
                    ),
                ],
            ),
            SettingsSection(
                "Actions",
                [
                    SettingRow(
                        "Evidence before complete",
                        on[plan.require_evidence],
                        not plan.require_evidence,
                    ),
                    SettingRow(
                        "Plan lead's sign-off to close",
                        on[plan.require_signoff],
                        not plan.require_signoff,
                    ),
                    SettingRow(
                        "Status changes posted to the channel",
                        on[plan.public_confirmations],
                        not plan.public_confirmations,
                    ),
                ],
            ),
            SettingsSection("Status labels", labels),
            SettingsSection("Reminders", reminders),
            SettingsSection(
                "Board",
                [SettingRow("Meetings", series_text or "no series scheduled (/board schedule)")],
            ),
        ],
    )


def show(cmd: PlanSettings, ctx: Context) -> Reply:
    plan = plan_for(ctx, cmd.plan, "/plan settings")
    return Reply("chat/plan_settings", settings_view(ctx.session, plan))


def _change(ctx: Context, slug: str | None, verb: str, apply: Callable[[Plan], str]) -> Reply:
    plan = plan_for(ctx, slug, f"/plan {verb}")
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "change the plan's settings")
    try:
        echo = apply(plan)
    except settings.SettingError as error:
        raise UserError(str(error)) from None
    return Reply("chat/notice", Notice(f"{echo[:1].upper()}{echo[1:]} ({plan.name})."))


def channel(cmd: PlanChannel, ctx: Context) -> Reply:
    name = cmd.channel
    if name == "here":
        if not ctx.who.channel:
            raise UserError("Type /plan channel here in the channel itself, or name it: #channel.")
        name = ctx.who.channel
    return _change(
        ctx, cmd.plan, "channel", lambda p: f"the channel is now {settings.set_channel(p, name)}"
    )


def timezone(cmd: PlanTimezone, ctx: Context) -> Reply:
    return _change(
        ctx,
        cmd.plan,
        "timezone",
        lambda p: f"the time zone is now {settings.set_timezone(p, cmd.zone)}",
    )


def region(cmd: PlanRegion, ctx: Context) -> Reply:
    return _change(
        ctx,
        cmd.plan,
        "region",
        lambda p: (
            f"working days now follow the bank holidays of {settings.set_region(p, cmd.region)}"
        ),
    )


def digest(cmd: PlanDigest, ctx: Context) -> Reply:
    def apply(plan: Plan) -> str:
        when = settings.set_digest(plan, cmd.weekday, cmd.at, today=ctx.today(plan))
        return f"the weekly digest is now posted {when}"

    return _change(ctx, cmd.plan, "digest", apply)


def closure(cmd: PlanClosure, ctx: Context) -> Reply:
    def apply(plan: Plan) -> str:
        if cmd.clear or cmd.start is None:
            settings.clear_closures(plan)
            return "there are no closure days now"
        settings.add_closure(plan, cmd.start, cmd.end)
        return f"closure days are now {settings.closures_text(plan)}"

    return _change(ctx, cmd.plan, "closure", apply)


def labels(cmd: PlanLabel, ctx: Context) -> Reply:
    return _change(ctx, None, "labels", lambda p: settings.set_label(p, cmd.status, cmd.label))


def switch(cmd: PlanSwitch, ctx: Context) -> Reply:
    return _change(
        ctx, cmd.plan, cmd.setting, lambda p: settings.set_switch(p, cmd.setting, cmd.on)
    )


def reminders(cmd: PlanReminders, ctx: Context) -> Reply:
    return _change(
        ctx,
        cmd.plan,
        "reminders",
        lambda p: settings.set_reminder(p, cmd.kind, enabled=cmd.enabled, days=cmd.days),
    )
