"""The improvebot command line: every command documented, and the wheel runs anywhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bot.cli import main

ROOT = Path(__file__).parents[2]


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        found.append(path)
        if isinstance(command, click.Group):
            found += _commands(command, path)
    return found


@pytest.mark.parametrize("path", _commands(main), ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    """`improvebot ... --help` works for every command and says what it does."""
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_db_upgrade(database_url: str) -> None:
    """`improvebot db upgrade` reports the schema revision."""
    result = CliRunner().invoke(
        main, ["db", "upgrade"], env={"IMPROVEBOT_DATABASE_URL": database_url}
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Database is up to date (revision ")


def test_wheel_ships_templates_and_migrations_and_runs_anywhere(tmp_path: Path) -> None:
    """A built wheel carries its templates and migrations and works outside the source tree."""
    wheels = tmp_path / "wheels"
    # Built from a copy of the sources, so a stale build/ folder in a working tree (modules
    # since removed) cannot slip into the wheel.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "*.db*"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("improvebot-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "templates/chat/changed.j2" in names
    assert "store/migrations/env.py" in names
    assert any(n.startswith("store/migrations/versions/0001") for n in names)
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "IMPROVEBOT_"))}
    env["PYTHONPATH"] = str(target)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--now", "2026-11-16T10:00:00+00:00"],
        input="/action show 4.2\n",
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "4.2 Give every care leaver an up-to-date pathway plan" in result.stdout
    assert (elsewhere / "improvebot.db").exists()
    imported_from = subprocess.run(
        [sys.executable, "-c", "import templates; print(templates.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert imported_from.startswith(str(target))
