"""The Teams app package: manifest.json and its two icons, zipped, ready to upload to Teams.

    write_package(app_id, "https://improvebot.council.gov.uk", "improvebot.zip", COMMANDS)

Manifest schema 1.30 (August 2026), the newest generally available version in Microsoft's
manifest reference (docs/teams.md). One bot, in 1:1 chats, team channels and group chats, each
with a command menu (at most 10 commands: our limit, below the schema's 12); supportsFiles,
because board packs go to 1:1 chats by file consent, which only personal scope supports;
validDomains with the bot's host. The icons are drawn here: a 192×192 colour icon and a 32×32
outline, white on transparent, as Teams asks.

The developer details are placeholders pointing at the bot's own URL: fine for a council's
own upload, to be replaced before anything is published more widely.
"""

from __future__ import annotations

import json
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

MANIFEST_VERSION = "1.30"
SCHEMA = f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
SCOPES = ("personal", "team", "groupChat")
MAX_COMMANDS = 10
ACCENT = "#1D3557"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")

Pixel = tuple[int, int, int, int]


@dataclass(frozen=True)
class Developer:
    name: str
    website: str
    privacy: str
    terms: str

    @classmethod
    def placeholder(cls, url: str) -> Developer:
        base = url.rstrip("/")
        return cls("improvebot", base, f"{base}/privacy", f"{base}/terms")


def manifest(
    app_id: str,
    url: str,
    commands: Sequence[tuple[str, str]],
    *,
    name: str = "improvebot",
    app_version: str | None = None,
    developer: Developer | None = None,
) -> dict[str, Any]:
    """The manifest.json for the bot registered as `app_id`, served at `url`."""
    if not _GUID.match(app_id):
        raise ValueError(
            f"The Teams app id must be the bot's Microsoft App ID, a GUID, not {app_id!r}"
        )
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError(f"Teams only calls bots over https: give the bot's https URL, not {url!r}")
    if len(commands) > MAX_COMMANDS:
        raise ValueError(
            f"A Teams command menu holds at most {MAX_COMMANDS} commands; {len(commands)} given"
        )
    developer = developer or Developer.placeholder(url)
    menu = [{"title": title, "description": about} for title, about in commands]
    return {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": app_version or _package_version(),
        "id": app_id,
        "developer": {
            "name": developer.name,
            "websiteUrl": developer.website,
            "privacyUrl": developer.privacy,
            "termsOfUseUrl": developer.terms,
        },
        "name": {"short": name[:30], "full": f"{name}: improvement plan actions"},
        "description": {
            "short": "Keeps the improvement plan and chases it from chat.",
            "full": (
                "Update improvement plan actions, RAG ratings and KPIs from Teams; get reminders "
                "before actions fall due, a weekly digest in your channel, and board packs."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "bots": [
            {
                "botId": app_id,
                "scopes": list(SCOPES),
                "supportsFiles": True,
                "isNotificationOnly": False,
                "commandLists": [{"scopes": [scope], "commands": menu} for scope in SCOPES]
                if menu
                else [],
            }
        ],
        "validDomains": [parts.hostname],
        "defaultInstallScope": "personal",
    }


def write_package(
    app_id: str,
    url: str,
    output_path: str | Path,
    commands: Sequence[tuple[str, str]],
    **options: Any,
) -> Path:
    """Write the app package zip (manifest.json, color.png, outline.png) and return its path."""
    built = manifest(app_id, url, commands, **options)
    path = Path(output_path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(built, indent=2, ensure_ascii=False))
        package.writestr("color.png", color_icon())
        package.writestr("outline.png", outline_icon())
    return path


def _package_version() -> str:
    try:
        return version("improvebot")
    except PackageNotFoundError:
        return "0.1.0"


# -- icons: a checklist, three boxes with a line beside each ---------------------------------
def _checklist(x: float, y: float) -> bool:
    """Whether the point (0..1 across, 0..1 down) is on the checklist glyph."""
    for row in range(3):
        top = 0.24 + 0.19 * row
        in_box = 0.20 <= x <= 0.34 and top <= y <= top + 0.14
        inner = 0.235 <= x <= 0.305 and top + 0.035 <= y <= top + 0.105
        line = 0.42 <= x <= 0.80 and top + 0.045 <= y <= top + 0.095
        if (in_box and not inner) or line:
            return True
    return False


def color_icon(size: int = 192) -> bytes:
    """The full-colour icon: the accent colour with a white checklist."""
    accent = tuple(int(ACCENT[i : i + 2], 16) for i in (1, 3, 5))
    background: Pixel = (accent[0], accent[1], accent[2], 255)
    return _png(size, lambda x, y: (255, 255, 255, 255) if _checklist(x, y) else background)


def outline_icon(size: int = 32) -> bytes:
    """The outline icon: the checklist in white on a transparent background."""
    return _png(size, lambda x, y: (255, 255, 255, 255) if _checklist(x, y) else (0, 0, 0, 0))


def _png(size: int, pixel: Callable[[float, float], Pixel]) -> bytes:
    """An RGBA PNG, size × size, each pixel sampled at its centre."""
    rows = []
    for y in range(size):
        row = bytearray(b"\x00")  # filter type 0: none
        for x in range(size):
            row.extend(pixel((x + 0.5) / size, (y + 0.5) / size))
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
