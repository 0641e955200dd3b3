"""/plan risk and /plan privacy: the plan's risk matrix and bands, and the checks that keep
children's details out of the plan. Plan leads change them; each reply echoes the new value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from commands import resolve
from commands.args import Args
from commands.boards.words import in_plan
from commands.context import Context, Reply
from commands.errors import UsageError
from commands.plans.settings import change_setting, on_off
from commands.spec import Spec
from store import privacy
from store.risks import settings as risk_settings


@dataclass(frozen=True)
class RiskMatrix:
    matrix: str
    plan: str | None = None


@dataclass(frozen=True)
class RiskBands:
    red: int
    amber: int
    plan: str | None = None


@dataclass(frozen=True)
class Privacy:
    check: str | None = None  # None: show the checks
    on: bool = True
    plan: str | None = None


@dataclass(frozen=True)
class PrivacyPattern:
    pattern: str
    add: bool
    plan: str | None = None


_BANDS = re.compile(r"^red\s+(\d{1,2})\s+amber\s+(\d{1,2})$|^amber\s+(\d{1,2})\s+red\s+(\d{1,2})$")


def read_matrix(args: Args) -> RiskMatrix:
    plan = in_plan(args)
    word = args.rest()
    if not word:
        raise UsageError("Say which matrix: 5x5, 4x4, medway or letters.")
    return RiskMatrix(word, plan)


def read_bands(args: Args) -> RiskBands:
    plan = in_plan(args)
    m = _BANDS.match(" ".join(args.rest().lower().split()))
    if not m:
        raise UsageError("Give the lowest red and amber scores, such as: red 15 amber 8.")
    red, amber = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
    return RiskBands(red, amber, plan)


def read_privacy(args: Args) -> Privacy:
    plan = in_plan(args)
    words = args.rest().split()
    if not words:
        return Privacy(None, plan=plan)
    return Privacy(" ".join(words[:-1]), on_off(words[-1]), plan)


def read_add_pattern(args: Args) -> PrivacyPattern:
    plan = in_plan(args)
    return PrivacyPattern(_pattern(args), True, plan)


def read_remove_pattern(args: Args) -> PrivacyPattern:
    plan = in_plan(args)
    return PrivacyPattern(_pattern(args), False, plan)


def _pattern(args: Args) -> str:
    pattern = args.rest().strip()
    if not pattern:
        raise UsageError("Type the pattern, with # for each digit, such as LCS-######.")
    return pattern


def matrix(cmd: RiskMatrix, ctx: Context) -> Reply:
    return change_setting(
        ctx, cmd.plan, "risk matrix",
        lambda p: risk_settings.set_matrix(ctx.session, p, cmd.matrix),
    )  # fmt: skip


def bands(cmd: RiskBands, ctx: Context) -> Reply:
    return change_setting(
        ctx, cmd.plan, "risk bands", lambda p: risk_settings.set_bands(p, cmd.red, cmd.amber)
    )


def show_privacy(cmd: Privacy, ctx: Context) -> Reply:
    if cmd.check is None:
        plan = resolve.plan_for(ctx, cmd.plan, "/plan privacy")
        return Reply("chat/setting_changed", {"echo": privacy.describe(plan), "plan": plan.name})
    check = cmd.check
    return change_setting(ctx, cmd.plan, "privacy", lambda p: privacy.switch(p, check, cmd.on))


def pattern(cmd: PrivacyPattern, ctx: Context) -> Reply:
    change = privacy.add_pattern if cmd.add else privacy.remove_pattern
    return change_setting(ctx, cmd.plan, "privacy", lambda p: change(p, cmd.pattern))


ROWS = (
    Spec(
        "plan", "risk matrix", "/plan risk matrix <5x5|4x4|medway|letters>",
        "Plan leads: the risk matrix: 5x5 and 4x4 are typed 4x3; medway (A–E × 1–4) and "
        "letters (A–E × 1–5) are typed B2.",
        ("/plan risk matrix medway", "/plan risk matrix 5x5"),
        RiskMatrix, read_matrix, matrix,
    ),
    Spec(
        "plan", "risk bands", "/plan risk bands red <n> amber <n>",
        "Plan leads: the lowest score that is red, and the lowest that is amber.",
        ("/plan risk bands red 15 amber 8",),
        RiskBands, read_bands, bands,
    ),
    Spec(
        "plan", "privacy", "/plan privacy [<check> on|off]",
        "What notes are checked for (nhs, dob, case, postcode, pseudonym); plan leads turn a "
        "check on or off.",
        ("/plan privacy", "/plan privacy postcode off"),
        Privacy, read_privacy, show_privacy,
    ),
    Spec(
        "plan", "privacy add", "/plan privacy add <pattern>",
        "Plan leads: a case-system reference to refuse in notes: # a digit, @ a letter.",
        ("/plan privacy add MOS-#######", "/plan privacy add CN@@####"),
        PrivacyPattern, read_add_pattern, pattern,
    ),
    Spec(
        "plan", "privacy remove", "/plan privacy remove <pattern>",
        "Plan leads: stop refusing a case reference pattern.",
        ("/plan privacy remove LCS-######",),
        PrivacyPattern, read_remove_pattern, pattern,
    ),
)  # fmt: skip
