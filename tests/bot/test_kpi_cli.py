"""`improvebot kpi import|add|rules`: a plan lead defines KPIs and tunes the plan's KPI rules."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from store.models import Kpi, Plan
from tests.plan_builder import build_plan


def _kpi(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["kpi", *args], env={"IMPROVEBOT_DATABASE_URL": database_url})


def test_import_then_dry_run(
    db: sessionmaker[Session], database_url: str, now: datetime, tmp_path: Path
) -> None:
    """Import reports what it added and linked; a dry run of a change saves nothing."""
    with db.begin() as s:
        build_plan(s, now)
    path = tmp_path / "kpis.csv"
    path.write_text("Code,Name,Unit,Target,Actions\nK1,Assessments on time,%,90,4.2\n")
    result = _kpi(database_url, "import", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "KPIs of plan ilacs: 1 added, 0 changed, 0 unchanged.",
        "  added K1",
        "  linked K1 -> 4.2",
    ]
    path.write_text("Code,Name,Unit,Target\nK1,Assessments on time,%,95\n")
    result = _kpi(database_url, "import", str(path), "--dry-run")
    assert "Dry run, nothing saved: 0 added, 1 changed" in result.output
    with db() as s:
        assert s.scalars(select(Kpi.target)).one() == 90


def test_import_refusal_lists_problems(
    db: sessionmaker[Session], database_url: str, now: datetime, tmp_path: Path
) -> None:
    """A bad file exits 1 with each problem on its own line, and nothing saved."""
    with db.begin() as s:
        build_plan(s, now)
    path = tmp_path / "kpis.csv"
    path.write_text("Code,Name,Target\nK1,Assessments,lots\nK2,,90\n")
    result = _kpi(database_url, "import", str(path))
    assert result.exit_code == 1
    assert "The KPIs were not saved: 2 problems. Nothing was changed." in result.output
    assert "Row 2, column 'Target': 'lots' is not a number." in result.output
    assert "Row 3, column 'Name': KPI K2 has no name. Type what it measures." in result.output


def test_add_and_change_one_kpi(
    db: sessionmaker[Session], database_url: str, now: datetime
) -> None:
    """`kpi add` defines a KPI from options, and changes only the options given later."""
    with db.begin() as s:
        build_plan(s, now)
    result = _kpi(
        database_url, "add", "k6", "--name", "Care proceedings", "--unit", "weeks",
        "--polarity", "lower", "--baseline", "44", "--target", "26", "--actions", "4.3",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "linked K6 -> 4.3" in result.output
    result = _kpi(database_url, "add", "K6", "--target", "30")
    assert result.output.strip() == "K6: target: 26 -> 30"
    result = _kpi(database_url, "add", "K6", "--polarity", "downwards")
    assert result.exit_code == 1
    assert "--polarity: 'downwards' is not a polarity." in result.output
    result = _kpi(database_url, "add", "K7")
    assert "--name: KPI K7 has no name. Type what it measures." in result.output


def test_rules_are_shown_and_set(
    db: sessionmaker[Session], database_url: str, now: datetime
) -> None:
    """`kpi rules` shows the plan's rules and stores only what differs from the defaults."""
    with db.begin() as s:
        plan_id = build_plan(s, now).id
    result = _kpi(database_url, "rules")
    assert "Green: on target or within 10% of it" in result.output
    result = _kpi(
        database_url, "rules", "--tolerance", "5%", "--compare", "year", "--steady-is-amber"
    )
    assert result.exit_code == 0, result.output
    assert "within 5% of it" in result.output and "same period a year before" in result.output
    with db() as s:
        assert s.get_one(Plan, plan_id).settings["kpi"] == {
            "tolerance": 0.05,
            "compare": "year",
            "steady_is_amber": True,
        }
    result = _kpi(database_url, "rules", "--tolerance", "lots")
    assert result.exit_code == 2 and "'lots' is not a number" in result.output
