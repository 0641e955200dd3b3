"""The Teams app package: a zip Teams accepts, valid by Microsoft's manifest schema."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bot.teams.manifest import MANIFEST_VERSION, Developer, manifest, write_package
from tests.fakes.teams import APP_ID

SCHEMA = json.loads(
    (
        Path(__file__).parents[2] / f"fixtures/teams/MicrosoftTeams-{MANIFEST_VERSION}.schema.json"
    ).read_text()
)
URL = "https://improvebot.council.gov.uk"
COMMANDS = [
    ("action", "Update or read an action: action update 4.2 green Backlog cleared"),
    ("kpi", "Record a KPI: kpi update K1 86%"),
    ("remind", "Your reminders: remind away until 05/01/2027"),
    ("board", "Improvement Board meetings: board next"),
    ("digest", "Preview the weekly digest"),
    ("help", "What improvebot can do"),
]


def _pixels(png: bytes) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    """Width, height and RGBA pixels of an unfiltered 8-bit RGBA PNG (as the package writes)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    assert (depth, colour) == (8, 6)
    data, at = b"", 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, body = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        assert struct.unpack(">I", png[at + 8 + length : at + 12 + length])[0] == zlib.crc32(
            kind + body
        )
        if kind == b"IDAT":
            data += body
        at += 12 + length
    raw = zlib.decompress(data)
    stride = 1 + 4 * width
    pixels = []
    for y in range(height):
        row = raw[y * stride + 1 : (y + 1) * stride]
        pixels += [tuple(row[i : i + 4]) for i in range(0, len(row), 4)]
    return width, height, pixels  # type: ignore[return-value]


@pytest.fixture
def package(tmp_path: Path) -> dict[str, bytes]:
    path = write_package(APP_ID, URL, tmp_path / "improvebot.zip", COMMANDS)
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_package_holds_the_manifest_and_two_icons(package: dict[str, bytes]) -> None:
    """The zip has exactly what Teams' upload expects, at the top level."""
    assert sorted(package) == ["color.png", "manifest.json", "outline.png"]


def test_manifest_is_valid_by_microsofts_schema(package: dict[str, bytes]) -> None:
    """manifest.json passes the official Teams manifest schema for its version."""
    built = json.loads(package["manifest.json"])
    assert built["manifestVersion"] == MANIFEST_VERSION
    assert built["$schema"].endswith(f"/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json")
    problems = [
        f"{list(e.absolute_path)}: {e.message[:200]}"
        for e in jsonschema.Draft4Validator(SCHEMA).iter_errors(built)
    ]
    assert problems == []
    broken = {**built, "accentColor": "navy", "bots": [{"botId": "not-a-guid", "scopes": ["team"]}]}
    assert len(list(jsonschema.Draft4Validator(SCHEMA).iter_errors(broken))) == 2


def test_bot_works_in_chats_channels_and_group_chats(package: dict[str, bytes]) -> None:
    """One bot, installable everywhere, with the same command menu in each scope."""
    built: dict[str, Any] = json.loads(package["manifest.json"])
    [bot] = built["bots"]
    assert built["id"] == bot["botId"] == APP_ID
    assert bot["scopes"] == ["personal", "team", "groupChat"]
    assert bot["supportsFiles"] is True  # board packs go to 1:1 chats by file consent
    assert [menu["scopes"] for menu in bot["commandLists"]] == [
        ["personal"],
        ["team"],
        ["groupChat"],
    ]
    for menu in bot["commandLists"]:
        assert [(c["title"], c["description"]) for c in menu["commands"]] == COMMANDS
    assert built["validDomains"] == ["improvebot.council.gov.uk"]


def test_icons_are_the_sizes_teams_asks_for(package: dict[str, bytes]) -> None:
    """A 192×192 colour icon, opaque, and a 32×32 outline drawn in white on transparent."""
    width, height, colour = _pixels(package["color.png"])
    assert (width, height) == (192, 192)
    assert all(p[3] == 255 for p in colour)
    assert len(set(colour)) == 2  # background and glyph
    width, height, outline = _pixels(package["outline.png"])
    assert (width, height) == (32, 32)
    assert set(outline) == {(0, 0, 0, 0), (255, 255, 255, 255)}


def test_too_many_commands_are_refused_with_the_limit() -> None:
    """An eleventh command is refused before Teams would reject the upload."""
    with pytest.raises(ValueError, match="at most 10 commands; 11 given"):
        manifest(APP_ID, URL, [(f"c{n}", "x") for n in range(11)])


def test_bad_app_id_or_plain_http_url_says_what_is_wrong() -> None:
    """The app id must be the bot's GUID and the URL https: each mistake is named."""
    with pytest.raises(ValueError, match="GUID"):
        manifest("improvebot", URL, COMMANDS)
    with pytest.raises(ValueError, match="https"):
        manifest(APP_ID, "http://improvebot.council.gov.uk", COMMANDS)


def test_developer_details_can_be_the_councils(tmp_path: Path) -> None:
    """A council can put its own name and policy pages in place of the placeholders."""
    council = Developer(
        "Northshire Council",
        "https://www.northshire.gov.uk",
        "https://www.northshire.gov.uk/privacy",
        "https://www.northshire.gov.uk/terms",
    )
    built = manifest(APP_ID, URL, COMMANDS, developer=council, app_version="1.2.0")
    assert built["developer"]["name"] == "Northshire Council"
    assert built["version"] == "1.2.0"
    assert not list(jsonschema.Draft4Validator(SCHEMA).iter_errors(built))
