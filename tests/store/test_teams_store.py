"""Teams' conversation references and card states in the database."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from store import plan_settings, teams
from store.teams import Reference

TENANT = "11111111-1111-4111-8111-111111111111"
SERVICE = "https://smba.trafficmanager.net/uk/"


def test_a_reference_is_kept_and_refreshed(db: sessionmaker[Session], now: datetime) -> None:
    """The latest serviceUrl wins; a 1:1 chat is found again by its person."""
    with db.begin() as s:
        teams.remember(s, Reference("a:1ann", "personal", TENANT, SERVICE, user_id="29:1ann"), now)
    moved = "https://smba.trafficmanager.net/emea/"
    with db.begin() as s:
        ref = Reference("a:1ann", "personal", TENANT, moved, user_id="29:1ann")
        teams.remember(s, ref, now + timedelta(days=1))
    with db() as s:
        found = teams.personal(s, TENANT, "29:1ann")
        assert found is not None and found.conversation_id == "a:1ann"
        assert found.service_url == moved
        assert teams.service_url(s, TENANT) == moved
        assert teams.personal(s, TENANT, "29:1someone-else") is None


def test_teams_are_listed_once_each(db: sessionmaker[Session], now: datetime) -> None:
    """Two channels of one team give one roster to read."""
    with db.begin() as s:
        for n, channel in enumerate(("19:general@thread.tacv2", "19:other@thread.tacv2")):
            ref = Reference(channel, "channel", TENANT, SERVICE, team_id="19:team@thread.tacv2")
            teams.remember(s, ref, now + timedelta(minutes=n))
        teams.remember(s, Reference("a:1ann", "personal", TENANT, SERVICE, user_id="29:1"), now)
    with db() as s:
        assert [t.team_id for t in teams.teams(s, TENANT)] == ["19:team@thread.tacv2"]


def test_a_card_keeps_the_first_receipt_per_action(
    db: sessionmaker[Session], now: datetime
) -> None:
    """What was done to an action is recorded once; a second receipt does not replace it."""
    with db.begin() as s:
        teams.save_card(s, "c1", "reminder", {"items": []}, now)
    with db.begin() as s:
        card = teams.card(s, "c1", lock=True)
        assert card is not None
        teams.mark_done(card, "ilacs:4.2", "Set to green by Jane Smith")
        teams.mark_done(card, "ilacs:4.2", "Set to red by Jane Smith")
    with db() as s:
        card = teams.card(s, "c1")
        assert card is not None and card.done == {"ilacs:4.2": "Set to green by Jane Smith"}


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("teams:19:general@thread.tacv2", "teams:19:general@thread.tacv2"),
        ("teams:19:AbC_d-1@thread.skype;messageid=1700000000042", "teams:19:AbC_d-1@thread.skype"),
        ("teams:19:meeting_MjdhNjM4@thread.v2", "teams:19:meeting_MjdhNjM4@thread.v2"),
    ],
)
def test_a_teams_channel_is_a_channel(typed: str, kept: str) -> None:
    """`--channel teams:<conversation id>` names a Teams channel, kept exactly (not its thread)."""
    assert plan_settings.read_channel(typed) == kept


@pytest.mark.parametrize("typed", ["teams:", "teams:general", "teams:19:has space", "teams:19:<x>"])
def test_not_a_teams_channel(typed: str) -> None:
    """Something that is not a conversation id is refused, not stored."""
    with pytest.raises(plan_settings.SettingError):
        plan_settings.read_channel(typed)
