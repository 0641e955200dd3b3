"""The command table drives everything, so every entry must be complete and documented."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from commands.parse import parse
from commands.table import TABLE, Spec

# Pipes inside Markdown table cells are written \|.
README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8").replace("\\|", "|")


@pytest.mark.parametrize("spec", TABLE, ids=[s.name for s in TABLE])
def test_every_command_has_usage_summary_examples(spec: Spec) -> None:
    """Each command has a usage line that starts with its name, a summary and examples."""
    assert spec.usage.startswith(f"/{spec.group} {spec.verb}")
    assert spec.summary.endswith(".")
    assert spec.examples


@pytest.mark.parametrize("spec", TABLE, ids=[s.name for s in TABLE])
def test_every_example_parses_to_its_own_command(spec: Spec) -> None:
    """Every example in help reads as the command it illustrates, not merely as some command."""
    for example in spec.examples:
        command = parse(example, today=date(2026, 11, 22))
        assert type(command) is spec.command, example
        # Rows that share a type (the /plan on|off switches) are told apart by their verb.
        assert getattr(command, "setting", spec.verb) == spec.verb, example


@pytest.mark.parametrize("spec", TABLE, ids=[s.name for s in TABLE])
def test_every_command_is_in_readme(spec: Spec) -> None:
    """README.md documents every command by its usage line."""
    assert spec.usage in README


def test_each_command_type_has_one_handler() -> None:
    """Two rows with one command type must share its handler, or dispatch would be a guess."""
    handlers: dict[type, object] = {}
    for spec in TABLE:
        assert handlers.setdefault(spec.command, spec.handle) is spec.handle, spec.name
