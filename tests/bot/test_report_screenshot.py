"""The HTML board pack laid out by a real browser: headless Chromium renders it to a PNG."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy.orm import Session, sessionmaker

from bot.reports import write_board_pack
from store.demo import build_demo

WIDTH, HEIGHT = 1240, 1754  # A4 at 150 dpi
RED_TILE = (0xC0, 0x39, 0x2B)


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("CI must run the browser test: .ci/run installs Debian's chromium")
    pytest.skip("chromium is not installed (apt-get install chromium); CI installs it")


def test_html_pack_lays_out_in_chromium(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """Chromium renders the pack's first A4 page with the title, the RAG tiles and tables."""
    browser = _chromium()
    with db.begin() as s:
        plan = build_demo(s, now=now)
        _name, data = write_board_pack(s, plan, fmt="html", now=now)
    page = tmp_path / "pack.html"
    page.write_bytes(data)
    shot = tmp_path / "pack.png"
    result = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            f"--window-size={WIDTH},{HEIGHT}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert shot.exists(), result.stderr[-2000:]
    assert shot.stat().st_size > 50_000  # a page of text and colour, not a blank one
    with Image.open(shot) as image:
        assert image.size == (WIDTH, HEIGHT)
        pixels = image.convert("RGB")
        # The red tile of "plan on a page" is drawn near the top, in its colour.
        top = pixels.crop((0, 0, WIDTH, HEIGHT // 3))
        colours = {colour for _count, colour in top.getcolors(maxcolors=1 << 20) or []}
        assert any(
            all(abs(c - r) <= 6 for c, r in zip(colour, RED_TILE, strict=True))
            for colour in colours
        )
        # Text and tables run down the page: the bottom third is not empty either.
        bottom = pixels.crop((0, 2 * HEIGHT // 3, WIDTH, HEIGHT)).convert("L")
        assert sum(bottom.histogram()[:128]) > 5_000
