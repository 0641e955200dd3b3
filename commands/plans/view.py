"""The plan's settings as a plan lead reads them: each value, with the defaults marked."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from store import boards, privacy
from store import plan_settings as settings
from store.domain import DEFAULT_TIMEZONE, STATUS_ORDER
from store.models import Plan
from store.policy import KINDS, ReminderPolicy
from store.risks.matrix import DEFAULT_MATRIX, RiskRules

FOOTER = "Plan leads change these with /plan channel, timezone, region, digest, closure, "
FOOTER += "labels, evidence, signoff, confirmations, reminders, risk and privacy. "
FOOTER += "Type /plan help for examples."


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
            _risks(plan),
            _privacy(plan),
            SettingsSection(
                "Board",
                [SettingRow("Meetings", series_text or "no series scheduled (/board schedule)")],
            ),
        ],
    )


def _risks(plan: Plan) -> SettingsSection:
    rules = RiskRules.for_plan(plan.settings)
    stored = (plan.settings or {}).get("risk") or {}
    return SettingsSection(
        "Risks",
        [
            SettingRow("Matrix", rules.matrix.title, rules.matrix.key == DEFAULT_MATRIX),
            SettingRow("Bands", rules.bands_text, "bands" not in stored),
        ],
    )


def _privacy(plan: Plan) -> SettingsSection:
    rules = privacy.PrivacyRules.for_plan(plan.settings)
    rows = [
        SettingRow(name[:1].upper() + name[1:], "off" if kind in rules.off else "refused",
                   kind not in rules.off)
        for kind, name in privacy.CHECKS.items()
    ]  # fmt: skip
    patterns = ", ".join(rules.patterns) or "none"
    rows.append(
        SettingRow("Case reference patterns", patterns, rules.patterns == privacy.DEFAULT_PATTERNS)
    )
    return SettingsSection("Notes that keep children out of chat", rows)
