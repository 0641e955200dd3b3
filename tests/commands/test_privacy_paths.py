"""Every way text gets into a plan refuses what identifies a child or family, before anything
is stored or posted: commands, the update form, imports, risks, findings (the Slack form is
in tests/bot/test_slack_risks_and_privacy.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from commands.args import ActionRef
from commands.boundary import run, serve
from commands.context import Who
from commands.forms import UpdateForm, submit
from store.imports import ImportRejected, import_file
from store.models import Change, Evidence, Plan, Recommendation, Risk, Update
from store.risks.importer import RiskImportRejected, import_risks
from tests.plan_builder import Chat, build_plan
from tests.store.plan_files import write_csv

NHS = "943 476 5919"


@pytest.fixture
def chat(db: sessionmaker[Session], now: datetime) -> Chat:
    with db.begin() as s:
        plan = build_plan(s, now)
        plan.public_confirmations = True  # a status change would be posted to #ilacs
    chat = Chat(db, now)
    chat.say("amira.khan", '/risk add "Recruitment" owner @sam.patel rating 4x4')
    return chat


def _counts(db: sessionmaker[Session]) -> tuple[int, int, int, int, int]:
    with db() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(model)) or 0
            for model in (Update, Change, Evidence, Risk, Recommendation)
        )


@pytest.mark.parametrize(
    ("who", "text", "what"),
    [
        ("jane.smith", f"/action note 4.2 Seen today, NHS {NHS}", "note"),
        ("jane.smith", f"/action update 4.2 green NHS {NHS} seen", "note"),
        ("jane.smith", "/action 4.2 red Child A Smith moved", "note"),
        ("jane.smith", "/action evidence 4.2 Mosaic ID 1234567 chronology", "evidence"),
        ("jane.smith", "/action due 4.2 31/03/2027 because family moved to NS1 4AB", "reason"),
        ("jane.smith", "/action done 4.2 LCS-123456 closed", "note"),
        ("amira.khan", '/action add 4.6 "Visit Jayden Smith (12/03/2015)" owner @jane.smith',
         "title"),
        ("sam.patel", f"/risk review R1 Checked {NHS}", "note"),
        ("sam.patel", "/risk rate R1 5x4 because Child B Jones went missing", "reason"),
        ("sam.patel", "/risk edit R1 controls Weekly visits to NS1 4AB", "controls"),
        ("amira.khan", '/risk add "Child A Smith placement" owner @sam.patel rating 3x3',
         "title"),
        ("amira.khan", '/plan recommendation add REC1 "Case ref 456123 was not seen"',
         "recommendation"),
    ],
)  # fmt: skip
def test_commands_refuse_and_store_nothing(
    chat: Chat, db: sessionmaker[Session], who: str, text: str, what: str
) -> None:
    """The reply says what was found and what to write; nothing is written, nothing posted."""
    before = _counts(db)
    who_says = Who("console", "console", who, None)
    reply = run(text, who_says, sessions=db, clock=lambda: chat.now)
    assert not reply.ok and reply.posts == ()
    message = reply.view.message
    assert message.startswith(f"I did not save the {what}: it looks like it identifies a child")
    assert _counts(db) == before


def test_the_update_form_shows_the_refusal_on_its_field(
    chat: Chat, db: sessionmaker[Session]
) -> None:
    """A form with a clean status change and an unsafe note saves neither."""
    form = UpdateForm(ActionRef("4.2"), note=f"NHS {NHS}", evidence="EV-QA-011")
    before = _counts(db)
    reply = serve(
        Who("console", "console", "jane.smith"),
        lambda ctx: submit(form, ctx),
        sessions=db,
        clock=lambda: chat.now,
    )
    assert (reply.ok, reply.field) == (False, "note")
    assert _counts(db) == before


def test_plan_import_names_the_row_and_column(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """A plan file with a child's details is refused whole, the cell named."""
    rows = [
        ["Ref", "Action", "Progress Update", "Evidence"],
        ["1.1", "Set up the board", "Board met", "EV-GOV-001"],
        ["1.2", "Audit plans", f"Chased NHS {NHS}", "Mosaic ID 1234567"],
    ]
    with db.begin() as s, pytest.raises(ImportRejected) as caught:
        import_file(s, write_csv(tmp_path / "p.csv", rows), at=now, today=now.date())
    problems = [str(p) for p in caught.value.problems]
    assert problems[0].startswith("Row 3, column 'Progress Update': This cell looks like it")
    assert problems[1].startswith("Row 3, column 'Evidence': This cell looks like it")
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == 0


def test_risk_import_names_the_row_and_column(
    chat: Chat, db: sessionmaker[Session], tmp_path: Path
) -> None:
    """A risk register with a postcode in a cause is refused whole, the cell named."""
    rows = [
        ["Risk", "Cause", "Likelihood", "Impact", "Risk Owner"],
        ["Court delays", "Listing delays at NS1 4AB court", "3", "3", "sam.patel@council.gov.uk"],
    ]
    before = _counts(db)
    with db.begin() as s, pytest.raises(RiskImportRejected) as caught:
        plan = s.scalars(select(Plan)).one()
        import_risks(
            s, plan, write_csv(tmp_path / "r.csv", rows), at=chat.now, today=chat.now.date()
        )
    assert str(caught.value.problems[0]).startswith("Row 2, column 'Cause': This cell looks like")
    assert _counts(db) == before
