"""Files no council would make, built small: a cell at XFD1048576, a million empty rows, a
dimension tag claiming the whole sheet, 100,000 rows of CSV; and a way to run the command line
on them in its own process and measure the memory it took."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"


def small_plan(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(["Westshire Council – Children's Services Improvement Plan 2026–27"])
    sheet.append(["Ref", "Action", "RAG Status"])
    sheet.append(["1.1", "Set up the Improvement Board", "Green"])
    sheet.append(["1.2", "Monthly performance clinic", "Amber"])
    book.save(path)
    return path


def cell_at_the_end(path: Path) -> Path:
    """A small plan with one more cell, at XFD1048576: the last cell a sheet can have."""
    small_plan(path)
    book = openpyxl.load_workbook(path)
    book.active["XFD1048576"] = "x"
    book.save(path)
    return path


def rewrite_sheet(path: Path, source: Path, edit: Callable[[str], Iterable[str]]) -> Path:
    """A copy of `source` whose first sheet's XML is streamed through `edit` (XML -> chunks)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename != SHEET:
                new.writestr(info, data)
                continue
            with new.open(info.filename, "w") as out:
                for chunk in edit(data.decode()):
                    out.write(chunk.encode())
    return path


def dimension_claims_everything(path: Path, source: Path) -> Path:
    """The small plan, its dimension tag saying A1:XFD1048576."""

    def edit(xml: str) -> list[str]:
        start = xml.index("<dimension ref=")
        end = xml.index("/>", start)
        return [xml[:start], '<dimension ref="A1:XFD1048576"', xml[end:]]

    return rewrite_sheet(path, source, edit)


def million_empty_rows(path: Path, source: Path) -> Path:
    """The small plan followed by a million styled, empty rows (a few MB zipped)."""

    def edit(xml: str) -> Iterator[str]:
        head, tail = xml.split("</sheetData>")
        yield head
        for start in range(5, 1_000_005, 10_000):
            yield "".join(
                f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(start, start + 10_000)
            )
        yield "</sheetData>" + tail

    return rewrite_sheet(path, source, edit)


def long_csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("Ref,Action,RAG Status\r\n")
        fh.writelines(f"{n},Action {n},Green\r\n" for n in range(1, rows + 1))
    return path


# Runs the command line and, at exit, writes the process's peak resident memory (VmHWM, in kB)
# to PEAK_FILE. VmHWM counts only this program: getrusage's ru_maxrss would include the memory
# of the test process it was forked from.
LAUNCHER = """
import atexit, os, sys

def peak():
    with open("/proc/self/status") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["PEAK_FILE"], "w") as out:
        out.write(kb)

atexit.register(peak)
from bot.cli import main
sys.argv[0] = "improvebot"
main()
"""


def run_cli(database_url: str, peak_file: Path, *args: str) -> tuple[int, str, int]:
    """Run `improvebot ARGS` in its own process: exit code, output, and its peak memory in MB."""
    env = {**os.environ, "IMPROVEBOT_DATABASE_URL": database_url, "PEAK_FILE": str(peak_file)}
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr, int(peak_file.read_text()) // 1024
