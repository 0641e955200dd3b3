"""Whether the PDF tests run here: they skip with the reason where WeasyPrint's libraries
are incomplete, and fail loudly under CI, which installs them (.ci/run)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

Verdict = tuple[Literal["run", "skip", "fail"], str]


def on_ci(environ: Mapping[str, str]) -> bool:
    """CI=true (or 1, yes): how CI services, and .ci/run's caller, say so."""
    return environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def verdict(problems: Sequence[str], environ: Mapping[str, str]) -> Verdict:
    if not problems:
        return "run", ""
    reason = "PDF output cannot run fully here: " + " ".join(problems)
    if on_ci(environ):
        return "fail", f"CI must run the PDF tests. {reason}"
    return "skip", reason
