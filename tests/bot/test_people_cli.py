"""`improvebot plan people …`, and the command-line rules that depend on who is in the plan:
naming the first plan lead, sign-off and evidence needing one, KPI owners already in it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from store import people, plans
from store.domain import Role
from store.models import Kpi, Plan, Update
from tests.plan_builder import Chat
from tests.westshire import NAME, action, build_westshire, email, person

PAT = "pat.quinn@westshire.gov.uk"


@pytest.fixture
def cli(db: sessionmaker[Session], now: datetime, database_url: str) -> CliRunner:
    """A runner on a database holding Westshire's plan as imported: nobody leads it yet."""
    with db.begin() as s:
        build_westshire(s, now, with_plan_lead=False)
    return CliRunner(env={"IMPROVEBOT_DATABASE_URL": database_url})


def _run(cli: CliRunner, *args: str) -> Result:
    return cli.invoke(main, list(args))


def _role(db: sessionmaker[Session], handle: str) -> Role | None:
    with db() as s:
        return plans.role_of(s, s.scalars(select(Plan)).one(), person(s, handle))


def test_first_plan_lead_is_named_from_the_command_line(
    cli: CliRunner, db: sessionmaker[Session], now: datetime
) -> None:
    """An imported plan's officer becomes its first plan lead with one command, and can then
    manage people in chat; the history says it was the command line."""
    chat = Chat(db, now)
    assert chat.say("grace.obi", f'/plan people add {PAT} "Pat Quinn"').startswith(
        "Only a plan lead can add people to the plan. This plan has no plan lead yet"
    )
    result = _run(
        cli, "plan", "people", "add", email("grace.obi"), "--name", "Grace Obi", "--role", "lead"
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"Grace Obi ({email('grace.obi')}) is now a plan lead of {NAME}.\n"
    assert chat.say("grace.obi", f'/plan people add {PAT} "Pat Quinn"') == (
        f"Added Pat Quinn ({PAT}) to {NAME} as owner."
    )
    with db() as s:
        cli_note = s.scalars(select(Update).where(Update.via == "cli")).one()
        assert cli_note.person is None and "now a plan lead" in (cli_note.note or "")


def test_list_add_with_roles(cli: CliRunner, db: sessionmaker[Session]) -> None:
    """people list shows everyone; add takes --role lead, theme-lead:N, owner or viewer, and
    refuses a role or theme it does not know."""
    listed = _run(cli, "plan", "people", "list", "--plan", "westshire")
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert lines[0] == f"People in {NAME} (7)"
    assert "• Owen Price, Team Manager, Front Door · owner · owen.price@westshire.gov.uk" in lines
    assert lines[-1].startswith('Change them with improvebot plan people add EMAIL --name "NAME"')
    added = _run(cli, "plan", "people", "add", PAT, "--name", "Pat Quinn", "--role", "theme-lead:1")
    assert added.output == f"Added Pat Quinn ({PAT}) to {NAME} as theme lead of theme 1.\n"
    assert _role(db, "pat.quinn") is Role.THEME_LEAD
    bad = _run(cli, "plan", "people", "add", PAT, "--name", "Pat Quinn", "--role", "boss")
    assert bad.exit_code == 2
    assert "'boss' is not a role: use lead, theme-lead:N, owner or viewer" in bad.output
    no_theme = _run(
        cli, "plan", "people", "add", email("rhys.evans"), "--name", "Rhys Evans",
        "--role", "theme-lead:9",
    )  # fmt: skip
    assert no_theme.exit_code == 1
    assert no_theme.output == f"Error: {NAME} has no theme 9. Themes: 1, 2, 3.\n"


def test_add_fixes_a_name_the_spreadsheet_gave(cli: CliRunner, db: sessionmaker[Session]) -> None:
    """Someone imported under a job title gets their real name when a role is given to them."""
    with db.begin() as s:
        person(s, "leah.morgan").name = "Team Manager, Children in Care"
    result = _run(
        cli, "plan", "people", "add", email("leah.morgan"), "--name", "Leah Morgan",
        "--role", "viewer",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.output == ("Error: Leah Morgan still holds 1 open action (3.2).\n")
    result = _run(
        cli, "plan", "people", "add", email("leah.morgan"), "--name", "Leah Morgan",
        "--role", "lead",
    )  # fmt: skip
    assert result.output == (
        f"Leah Morgan ({email('leah.morgan')}) is now a plan lead of {NAME} "
        "(their name was Team Manager, Children in Care).\n"
    )


def test_remove_and_replace(cli: CliRunner, db: sessionmaker[Session], now: datetime) -> None:
    """remove refuses someone holding open work and says to replace them; replace hands it all
    over to someone in the plan and takes them out; both refuse a stranger."""
    refused = _run(cli, "plan", "people", "remove", email("owen.price"))
    assert refused.exit_code == 1
    assert refused.output == (
        "Error: Owen Price still holds 2 open actions (2.1, 2.2) and 1 KPI (K1). Replace them "
        f"first: improvebot plan people replace {email('owen.price')} --with NEW_EMAIL\n"
    )
    stranger = _run(cli, "plan", "people", "replace", email("owen.price"), "--with", PAT)
    assert stranger.output == (
        f'Error: {PAT} is not in the plan: add them with improvebot plan people add {PAT} --name "Name"\n'
    )
    moved = _run(
        cli, "plan", "people", "replace", email("owen.price"), "--with", email("leah.morgan")
    )
    assert moved.exit_code == 0, moved.output
    assert moved.output == (
        f"Leah Morgan replaces Owen Price, who is no longer in {NAME}.\n"
        "  open actions: 2.1, 2.2 (each change in its history)\n"
        "  KPIs: K1\n"
    )
    with db() as s:
        leah = person(s, "leah.morgan")
        assert (action(s, "2.1").owner_id, action(s, "2.3").owner_id) == (
            leah.id,
            person(s, "owen.price").id,
        )
        assert s.scalars(select(Kpi.owner_id).where(Kpi.code == "K1")).one() == leah.id
        kept = s.scalars(select(Update).where(Update.kpi_id.is_not(None))).one()
        assert kept.note == (
            f"K1 owner: Owen Price ({email('owen.price')}) -> Leah Morgan ({email('leah.morgan')}) "
            "(Owen Price left; Leah Morgan replaces them)"
        )
    assert _role(db, "owen.price") is None
    shown = Chat(db, now).say("helen.ward", "/action history 2.1").splitlines()
    # The command line runs on the real clock, so find its entry rather than count from the end.
    entry = next(n for n, line in enumerate(shown) if line.endswith(" · the command line"))
    assert shown[entry + 1 : entry + 3] == [
        "    owner: Owen Price → Leah Morgan",
        "    because Owen Price left; Leah Morgan replaces them",
    ]
    removed = _run(cli, "plan", "people", "remove", email("helen.ward"))
    assert removed.output == f"Removed Cllr Helen Ward ({email('helen.ward')}) from {NAME}.\n"


def test_signoff_and_evidence_need_a_plan_lead(cli: CliRunner, db: sessionmaker[Session]) -> None:
    """plan configure will not require sign-off or evidence while nobody leads the plan, and
    says what to do first; once a plan lead is named it does."""
    refused = _run(cli, "plan", "configure", "--signoff")
    assert refused.exit_code == 1
    assert refused.output == (
        f"Error: {NAME} has no plan lead yet, so it cannot require sign-off, which only a plan "
        'lead gives. Name one first: improvebot plan people add EMAIL --name "NAME" --role lead\n'
    )
    assert (
        "cannot require evidence before complete"
        in _run(cli, "plan", "configure", "--evidence").output
    )
    _run(cli, "plan", "people", "add", email("grace.obi"), "--name", "Grace Obi", "--role", "lead")
    done = _run(cli, "plan", "configure", "--signoff", "--evidence")
    assert done.exit_code == 0, done.output
    with db() as s:
        plan = s.scalars(select(Plan)).one()
        assert (plan.require_signoff, plan.require_evidence) == (True, True)


def test_kpi_owner_must_be_in_the_plan(
    cli: CliRunner, db: sessionmaker[Session], tmp_path: Path
) -> None:
    """kpi add --owner and a KPI file's Owner Email refuse anyone not in the plan, saying how to
    add them, and save nothing; someone in it is fine."""
    result = _run(cli, "kpi", "add", "K3", "--name", "Re-referrals", "--owner", PAT)
    assert result.exit_code == 1
    assert result.output == (
        "Error: Nothing was saved.\n"
        f'--owner: {PAT} is not in the plan: add them with improvebot plan people add {PAT} --name "Name"\n'
    )
    sheet = tmp_path / "kpis.csv"
    sheet.write_text(f"Code,Name,Owner Email\nK3,Re-referrals,{PAT}\n", encoding="utf-8")
    rejected = _run(cli, "kpi", "import", str(sheet))
    assert rejected.exit_code == 1
    assert f"Row 2, column 'Owner Email': {PAT} is not in the plan" in rejected.output
    with db() as s:
        assert s.scalars(select(Kpi).where(Kpi.code == "K3")).first() is None
        assert people.by_email(s, PAT) is None
    ok = _run(cli, "kpi", "add", "K3", "--name", "Re-referrals", "--owner", email("rhys.evans"))
    assert ok.exit_code == 0, ok.output
