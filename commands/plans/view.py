"""The plan's settings as a plan lead reads them: each value, with the defaults marked."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from store import boards
from store import plan_settings as settings
from store.domain import DEFAULT_TIMEZONE, STATUS_ORDER
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
                    SettingRow("Time zone", plan.timezone, plan.timezone == DEFAULT_TIMEZONE),
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
