"""People and roles through Slack: mentions of people Slack knows but the plan does not."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from store import people
from tests.bot.slack_rig import TEAM, SlackRig
from tests.fakes.slack import FakeSlack

PAT = "pat.quinn@council.gov.uk"


def test_mention_of_someone_not_in_the_plan(
    rig: SlackRig, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    """Assigning to a Slack user the plan does not have is refused with the add command, named
    from their Slack profile; once a plan lead adds them (Slack sends the email as a mailto
    link), the same mention works and links their Slack identity."""
    fake.add_user("UPAT", "Pat Quinn", PAT)
    refused = rig.command("UAMIRA", "/action assign 4.2 <@UPAT|pat>").json()["text"]
    assert (
        refused == f'{PAT} is not in the plan: add them with `/plan people add {PAT} "Pat Quinn"`'
    )
    with db() as s:
        assert people.by_email(s, PAT) is None
    added = rig.command("UAMIRA", f'/plan people add <mailto:{PAT}|{PAT}> "Pat Quinn"')
    assert added.json()["text"] == (f"Added Pat Quinn ({PAT}) to ILACS improvement plan as owner.")
    assigned = rig.command("UAMIRA", "/action assign 4.2 <@UPAT|pat>").json()["text"]
    assert "• Owner: Jane Smith → Pat Quinn" in assigned
    with db() as s:
        assert people.by_identity(s, "slack", TEAM, "UPAT") is not None


def test_people_shows_who_slack_has_matched(rig: SlackRig) -> None:
    """/plan people in Slack says, for each person, whether their Slack user is matched yet."""
    text = rig.command("UVAL", "/plan people").json()["text"]
    assert text.startswith("*People in ILACS improvement plan (5)*")
    lines = text.splitlines()
    sam = lines.index("• Sam Patel, Head of Quality Assurance · owner · sam.patel@council.gov.uk")
    assert lines[sam + 1] == "    console: matched, slack: not matched"
    jane = lines.index("• Jane Smith, Team Manager, Assessment · owner · jane.smith@council.gov.uk")
    assert lines[jane + 1] == "    console: matched, slack: matched"
