"""`improvebot plan import|export|configure`: plans from and to council files, and settings."""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from openpyxl.styles import Color, GradientFill, PatternFill
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from store import people, plans
from store.models import Action, Plan, Theme, Update
from tests.plan_builder import Chat, build_plan
from tests.store import council_files

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@pytest.fixture
def cli(db: sessionmaker[Session], now: datetime, database_url: str) -> CliRunner:
    """A runner on a database holding plan 'ilacs'."""
    with db.begin() as s:
        build_plan(s, now)
    return CliRunner(env={"IMPROVEBOT_DATABASE_URL": database_url})


def _configure(cli: CliRunner, *args: str) -> Result:
    return cli.invoke(main, ["plan", "configure", *args])


def test_no_options_shows_the_settings(cli: CliRunner) -> None:
    """With no options, the settings are printed as /plan settings shows them."""
    result = _configure(cli)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Settings of ILACS improvement plan\n")
    assert "• Stale: open actions not updated for 28 days (default)" in result.output


def test_options_change_the_plan(cli: CliRunner, db: sessionmaker[Session]) -> None:
    """Each option is applied with the same rules as chat, and echoed."""
    result = _configure(
        cli, "--plan", "ilacs", "--region", "Scotland", "--timezone", "Europe/London",
        "--digest", "Tuesday 08:30", "--closure", "24/12/2026:01/01/2027",
        "--closure", "2027-04-02", "--label", "green=On track", "--evidence",
        "--no-confirmations", "--reminder", "stale=35", "--reminder", "escalation=off",
        "--channel", "#children",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Channel: #children",
        "Time zone: Europe/London",
        "Bank holidays: Scotland (SCT)",
        "Weekly digest: Tuesdays at 08:30",
        "Closure days: Thu 24 Dec 2026 to Fri 1 Jan 2027; Fri 2 Apr 2027",
        "green is shown as 'On track'",
        "Evidence before complete: on",
        "Status changes posted to the channel: off",
        "Stale reminders: open actions not updated for 35 days",
        "Escalation reminders: off",
    ]
    with db() as s:
        plan = s.scalars(select(Plan)).one()
        assert (plan.region, plan.digest_weekday, plan.require_evidence) == ("SCT", 1, True)
        assert plan.reminder_policy == {"stale_days": 35, "escalation": False}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "UK"], "Error: 'UK' is not a UK nation."),
        (["--timezone", "Mars/Base"], "Error: 'Mars/Base' is not a time zone."),
        (["--digest", "Someday 09:00"], "Error: 'Someday' is not a day of the week."),
        (["--reminder", "stale=often"], "Error: --reminder stale=often: give KIND=on"),
        (["--closure", "01/01/2027:24/12/2026"], "Error: The last day, Thu 24 Dec 2026,"),
    ],
)
def test_bad_options_change_nothing(
    cli: CliRunner, db: sessionmaker[Session], args: list[str], message: str
) -> None:
    """A bad option is a clear message, and nothing else given with it is applied."""
    result = _configure(cli, "--channel", "#changed", *args)
    assert result.exit_code == 1
    assert result.output.startswith(message), result.output
    with db() as s:
        assert s.scalars(select(Plan.channel)).one() == "#ilacs"


# --- plan import and export: files as councils keep them ----------------------------------------

SMUGGLED = {
    "1.1": '\x01=HYPERLINK("http://evil.example","click")',
    "1.2": "\x1b=1+1",
    "2.1": "\x00+cmd|' /C calc'!A0",
    "2.2": " \t@SUM(A1:A9)",
}


def _plan_cli(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["plan", *args], env={"IMPROVEBOT_DATABASE_URL": database_url})


def _table(rows: list[list[str]]) -> list[dict[str, str]]:
    """The rows below the header row (the one starting 'Ref'), keyed by header."""
    at = next(i for i, row in enumerate(rows) if row and row[0] == "Ref")
    return [dict(zip(rows[at], row, strict=False)) for row in rows[at + 1 :]]


def _assert_no_formula(path: Path, least: int) -> None:
    """No <f> element in any sheet's XML; at least `least` cells hold formula-like text, each a
    quote-prefixed string; no control characters anywhere."""
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(archive.read(n).decode() for n in sheets)
    assert sheets and "<f>" not in xml and "<f " not in xml
    book = openpyxl.load_workbook(path)  # not data_only: a formula would read as type 'f'
    cells = [
        c
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    risky = [c for c in cells if c.value.lstrip()[:1] in "=+-@"]
    assert len(risky) >= least, [c.value for c in risky]
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    assert not any(CONTROL.search(c.value) for c in cells)
    book.close()


def test_exports_never_let_a_formula_out(
    database_url: str, db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """Notes with a control character before a formula, imported or typed in chat, come out of
    the XLSX export and the board pack as quote-prefixed text (no formula anywhere), and with a
    ' before them in the CSV export."""
    actions = [list(row) for row in council_files.rows(rag_as_text=True)]
    note = council_files.HEADER.index("Progress Update")
    for row in actions:
        row[note] = SMUGGLED.get(row[0], row[note])
    source = council_files.write_csv(
        tmp_path / "westshire.csv", council_files.csv_text(actions=actions)
    )
    assert _plan_cli(database_url, "import", str(source)).exit_code == 0
    with db.begin() as s:
        grace = people.by_email(s, "grace.obi@westshire.gov.uk")
        assert grace is not None
        people.link_identity(s, grace, "console", "console", "grace.obi")
    typed = '/action update 3.1 amber \x01=HYPERLINK("http://evil.example","click")'
    assert "3.1" in Chat(db, now).say("grace.obi", typed)

    xlsx, csv_path, pack = tmp_path / "out.xlsx", tmp_path / "out.csv", tmp_path / "pack.xlsx"
    for path in (xlsx, csv_path):
        result = _plan_cli(database_url, "export", str(path))
        assert result.exit_code == 0, result.output
    result = CliRunner().invoke(
        main,
        ["report", "board", "--format", "xlsx", "--output", str(pack)],
        env={"IMPROVEBOT_DATABASE_URL": database_url},
    )
    assert result.exit_code == 0, result.output
    for path, least in ((xlsx, 5), (pack, 2)):
        _assert_no_formula(path, least)
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        table = _table(list(csv.reader(fh)))
    notes = {row["Ref"]: row["Progress Update"] for row in table}
    assert notes["1.1"] == "'" + SMUGGLED["1.1"][1:]
    assert notes["1.2"] == "'=1+1"
    assert notes["2.1"] == "'+cmd|' /C calc'!A0"
    assert notes["2.2"] == "'@SUM(A1:A9)"
    assert notes["3.1"] == "'" + SMUGGLED["1.1"][1:]
    assert not any(CONTROL.search(cell) for row in table for cell in row.values())


def _statuses(db: sessionmaker[Session]) -> dict[str, str]:
    with db() as s:
        return {ref: status for ref, status in s.execute(select(Action.ref, Action.status))}


def test_rag_shown_only_as_fill_colour_is_read(
    database_url: str, db: sessionmaker[Session], tmp_path: Path
) -> None:
    """Westshire's tracker shows RAG only as the status cell's colour: each action gets the
    status its colour means, not 'not started' for all."""
    path = council_files.workbook(tmp_path / "westshire.xlsx")
    result = _plan_cli(database_url, "import", str(path))
    assert result.exit_code == 0, result.output
    assert _statuses(db) == council_files.STATUSES


def test_rag_colours_match_by_shade_theme_and_palette(
    database_url: str, db: sessionmaker[Session], tmp_path: Path
) -> None:
    """Other shades of the same colours read the same: Excel's Good/Neutral/Bad fills, theme
    colours with a tint, the old indexed palette, and a patterned fill."""
    fills = [
        PatternFill("solid", fgColor=Color(theme=4, tint=0.6)),  # accent1 blue, lighter
        "C6EFCE",  # Excel's "Good" fill
        PatternFill("solid", fgColor=Color(indexed=13)),  # palette yellow: amber
        PatternFill("lightGray", fgColor=Color(theme=5)),  # accent2 red, patterned
        "BFBFBF",  # grey: not started
    ]
    path = council_files.workbook(tmp_path / "westshire.xlsx", fills=fills)
    result = _plan_cli(database_url, "import", str(path))
    assert result.exit_code == 0, result.output
    assert _statuses(db) == council_files.STATUSES


def test_status_readable_neither_from_text_nor_colour_is_refused(
    database_url: str, db: sessionmaker[Session], tmp_path: Path
) -> None:
    """A purple, a gradient, an orange between amber and red, or no colour among coloured
    cells is refused naming the cell, never read as 'not started'; nothing is written."""
    fills = [
        "7030A0",
        GradientFill(stop=("FF0000", "00B050")),
        "FF6600",
        None,
        "D9D9D9",
    ]
    path = council_files.workbook(tmp_path / "westshire.xlsx", fills=fills)
    result = _plan_cli(database_url, "import", str(path))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "Error: The file was not imported: 4 problems. Nothing was changed."
    assert lines[1] == (
        "Row 5, column 'RAG': There is no status in cell I5, and its fill colour does not say "
        "one: #7030A0 is not a red, amber, green, blue or grey. Type the status: red, amber, "
        "green, complete or not-started."
    )
    assert lines[2].startswith("Row 6, column 'RAG': There is no status in cell I6, and its")
    assert "it is a gradient fill" in lines[2]
    assert "#FF6600 is between amber and red" in lines[3]
    assert lines[4].startswith(
        "Row 8, column 'RAG': There is no status in cell I8: no text and no fill colour, "
        "while other rows show their status by colour."
    )
    with db() as s:
        assert s.scalars(select(Plan)).all() == []


def test_words_win_over_colour_and_blank_means_not_started_in_a_typed_tracker(
    database_url: str, db: sessionmaker[Session], tmp_path: Path
) -> None:
    """When status cells hold words, the words count whatever the fill, and a blank cell with
    no colour is 'not started' as before."""
    actions = council_files.rows(rag_as_text=True)
    actions[4][council_files.RAG_COLUMN] = ""
    fills = ["FF0000", None, None, None, None]  # red fill behind "Complete"
    path = council_files.workbook(tmp_path / "westshire.xlsx", actions=actions, fills=fills)
    result = _plan_cli(database_url, "import", str(path))
    assert result.exit_code == 0, result.output
    assert _statuses(db) == council_files.STATUSES


def test_every_column_with_a_home_is_read_and_leads_get_their_roles(
    database_url: str, db: sessionmaker[Session], tmp_path: Path
) -> None:
    """evidence_ref, supporting_officer, Theme Lead and SRO are read: evidence and supporting
    officers land on actions, theme leads lead their themes, the SRO is a plan lead, each with
    history; the summary names new people, their roles, and who has no email."""
    path = council_files.workbook(tmp_path / "westshire.xlsx")
    result = _plan_cli(database_url, "import", str(path))
    assert result.exit_code == 0, result.output
    assert "Columns ignored" not in result.output
    assert result.output.splitlines()[1:] == [
        "New people (5): Helen Marsh <helen.marsh@westshire.gov.uk>; Head of Performance; "
        "Ravi Desai <ravi.desai@westshire.gov.uk>; Principal Social Worker; "
        "Grace Obi <grace.obi@westshire.gov.uk>",
        "Roles given (5):",
        "  Helen Marsh <helen.marsh@westshire.gov.uk>: plan lead, "
        "theme lead of 1. Leadership and governance, action owner",
        "  Head of Performance: action owner",
        "  Ravi Desai <ravi.desai@westshire.gov.uk>: theme lead of 2. Front door, action owner",
        "  Principal Social Worker: action owner",
        "  Grace Obi <grace.obi@westshire.gov.uk>: theme lead of 3. Practice, action owner",
        "No email, so Slack and Teams can never find them: add their email (2): "
        "Head of Performance; Principal Social Worker",
    ]
    with db() as s:
        plan = s.scalars(select(Plan)).one()
        one = s.scalars(select(Action).where(Action.ref == "1.1")).one()
        assert [e.text for e in one.evidence] == ["EV-LG-001"]
        assert one.supporting == "Democratic Services"
        leads = {t.number: t.lead.email if t.lead else None for t in plan.themes}
        assert leads == {
            "1": "helen.marsh@westshire.gov.uk",
            "2": "ravi.desai@westshire.gov.uk",
            "3": "grace.obi@westshire.gov.uk",
        }
        roles = {p.email or p.name: r.value for p, r in plans.members(s, plan)}
        assert roles["helen.marsh@westshire.gov.uk"] == "plan_lead"
        assert roles["ravi.desai@westshire.gov.uk"] == "theme_lead"
        assert roles["Head of Performance"] == "owner"
        notes = s.scalars(select(Update.note).where(Update.action_id.is_(None))).all()
        assert "Helen Marsh <helen.marsh@westshire.gov.uk> is now a plan lead." in notes
        assert (
            "Ravi Desai <ravi.desai@westshire.gov.uk> is now theme lead of 2. Front door, "
            "after nobody." in notes
        )
    # The same file again gives nobody a new role, and still names who has no email.
    again = _plan_cli(database_url, "import", str(path), "--plan", plan.slug)
    assert "Roles given" not in again.output and "New people" not in again.output
    assert "add their email (2): Head of Performance; Principal Social Worker" in again.output


def test_a_new_theme_lead_replaces_the_old_with_history(
    database_url: str, db: sessionmaker[Session], tmp_path: Path
) -> None:
    """A re-import naming another theme lead moves the theme to them, says so in the dry run
    first, and keeps who led it before in the history."""
    path = council_files.workbook(tmp_path / "westshire.xlsx")
    assert _plan_cli(database_url, "import", str(path), "--plan", "westshire").exit_code == 0
    actions = council_files.rows()
    actions[2][2] = "Sam Okoro <sam.okoro@westshire.gov.uk>"
    council_files.workbook(path, actions=actions)
    dry = _plan_cli(database_url, "import", str(path), "--plan", "westshire", "--dry-run")
    assert "  Sam Okoro <sam.okoro@westshire.gov.uk>: theme lead of 2. Front door" in dry.output
    assert "New people (1): Sam Okoro <sam.okoro@westshire.gov.uk>" in dry.output
    result = _plan_cli(database_url, "import", str(path), "--plan", "westshire")
    assert result.exit_code == 0, result.output
    with db() as s:
        theme = s.scalars(select(Theme).where(Theme.number == "2")).one()
        assert theme.lead is not None and theme.lead.name == "Sam Okoro"
        note = s.scalars(select(Update.note).where(Update.note.like("Sam Okoro%"))).one()
    assert note == (
        "Sam Okoro <sam.okoro@westshire.gov.uk> is now theme lead of 2. Front door, "
        "after Ravi Desai <ravi.desai@westshire.gov.uk>."
    )


def test_lead_columns_that_contradict_themselves_are_refused(
    database_url: str, db: sessionmaker[Session], tmp_path: Path
) -> None:
    """Two leads for one theme, more SRO emails than SROs, or a bad lead email are refused with
    row and column, and nothing is written."""
    header = [*council_files.HEADER, "SRO Email"]
    actions = [[*row, ""] for row in council_files.rows(rag_as_text=True)]
    actions[1][2] = "Tom Hale"  # theme 1 is Helen Marsh's on row 2
    actions[2][11] = "Helen Marsh; Amir Khan"
    actions[2][12] = "helen.marsh@westshire.gov.uk"
    actions[3][2] = "Ravi <ravi.desai@westshire>"
    text = council_files.csv_text(header, actions, title=None)
    path = council_files.write_csv(tmp_path / "westshire.csv", text)
    result = _plan_cli(database_url, "import", str(path))
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "Row 3, column 'Theme Lead': Theme 1's lead is Helen Marsh on row 2. "
        "Give theme 1 one lead, on every row or on its first row only.",
        "Row 4, column 'SRO Email': There are 2 plan leads and 1 email. Give one email per "
        "plan lead, in the same order, or type each as Name <email> in one cell.",
        "Row 5, column 'Theme Lead': 'ravi.desai@westshire' is not an email address. Type it "
        "in full, such as jane.smith@council.gov.uk, or leave the cell empty.",
    ]
    with db() as s:
        assert s.scalars(select(Plan)).all() == []


def _counts(db: sessionmaker[Session]) -> tuple[int, int, int]:
    with db() as s:
        return (
            len(s.scalars(select(Plan)).all()),
            len(s.scalars(select(Action)).all()),
            len(s.scalars(select(Update)).all()),
        )


def test_a_file_goes_to_the_plan_its_title_names(
    database_url: str, db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """On an empty database a file makes a plan named by its title row (not its file name),
    with a short slug; later, with other plans there too, the same title finds that plan."""
    path = council_files.workbook(tmp_path / "westshire_v3_FINAL.xlsx")
    result = _plan_cli(database_url, "import", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Imported westshire_v3_FINAL.xlsx into westshire-improvement-plan-2026-27 "
        f"({council_files.TITLE}, new plan): 5 added"
    )
    with db.begin() as s:
        build_plan(s, now)  # another plan: ilacs
    actions = council_files.rows()
    actions[1][9] = "Clinic moved to the second Tuesday"
    council_files.workbook(path, actions=actions)
    result = _plan_cli(database_url, "import", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Imported westshire_v3_FINAL.xlsx into westshire-improvement-plan-2026-27 "
        f"({council_files.TITLE}): 0 added, 1 updated, 4 unchanged"
    )


def test_a_file_naming_no_plan_is_refused_while_others_exist(
    database_url: str, db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """With plan ilacs there, a Westshire file (titled or not) is refused with a non-zero exit:
    the plans are listed, with what to type, and nothing changes."""
    with db.begin() as s:
        build_plan(s, now)
    before = _counts(db)
    titled = council_files.workbook(tmp_path / "westshire.xlsx")
    result = _plan_cli(database_url, "import", str(titled))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: Nothing was changed: westshire.xlsx could be any plan, and its title "
        f"'{council_files.TITLE}' is not the name of any of the 1 plan here.",
        "  ilacs  ILACS improvement plan",
        "Name the plan with --plan SLUG (such as --plan ilacs), or --new NAME for a new plan "
        f'(such as --new "{council_files.TITLE}").',
    ]
    untitled = council_files.write_csv(tmp_path / "actions.csv", council_files.csv_text(title=None))
    result = _plan_cli(database_url, "import", str(untitled), "--dry-run")
    assert result.exit_code == 1
    assert "actions.csv could be any plan, and it does not name any of the 1 plan" in result.output
    assert '(such as --new "actions")' in result.output
    assert _counts(db) == before


def test_new_always_makes_a_new_plan(
    database_url: str, db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """--new NAME makes a new plan even when the file's title names an existing one (with a
    slug of its own), and refuses a --plan slug that is taken."""
    path = council_files.workbook(tmp_path / "westshire.xlsx")
    assert _plan_cli(database_url, "import", str(path)).exit_code == 0
    result = _plan_cli(database_url, "import", str(path), "--new", council_files.TITLE)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Imported westshire.xlsx into westshire-improvement-plan-2026-27-2 ("
    )
    result = _plan_cli(
        database_url, "import", str(path), "--new", "Copy", "--plan",
        "westshire-improvement-plan-2026-27",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "There is already a plan 'westshire-improvement-plan-2026-27'" in result.output
    with db() as s:
        assert len(s.scalars(select(Plan)).all()) == 2


def test_dry_run_says_which_plan_and_what_would_change(
    database_url: str, db: sessionmaker[Session], tmp_path: Path
) -> None:
    """A dry run says it would create plan X, or would change N actions of plan Y and lists
    the changes, and writes nothing."""
    path = council_files.workbook(tmp_path / "westshire.xlsx")
    result = _plan_cli(database_url, "import", str(path), "--dry-run")
    assert result.output.splitlines()[1] == (
        "Would create plan westshire-improvement-plan-2026-27 "
        f"({council_files.TITLE}), named from the file's title."
    )
    assert _counts(db) == (0, 0, 0)
    assert _plan_cli(database_url, "import", str(path)).exit_code == 0
    before = _counts(db)
    actions = council_files.rows()
    actions[1][9] = "Clinic moved to the second Tuesday"
    actions[3][7] = "30/04/2027"
    council_files.workbook(path, actions=actions)
    result = _plan_cli(database_url, "import", str(path), "--dry-run")
    lines = result.output.splitlines()
    assert lines[1] == (
        "Would change 2 actions of plan westshire-improvement-plan-2026-27 "
        f"({council_files.TITLE}), which the file's title names."
    )
    assert "  1.2  latest note: On track -> Clinic moved to the second Tuesday" in lines
    assert "  2.2  due date: 2027-03-31 -> 2027-04-30" in lines
    assert _counts(db) == before


def test_an_exported_plan_goes_back_to_its_own_plan(
    database_url: str, db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """A plan exported and imported again without --plan, with other plans there, updates the
    plan it came from: the export's title row names it."""
    with db.begin() as s:
        build_plan(s, now)
        build_plan(s, now, slug="send", domain="send.gov.uk")
    for suffix in (".xlsx", ".csv"):
        out = tmp_path / f"ilacs{suffix}"
        assert _plan_cli(database_url, "export", str(out), "--plan", "ilacs").exit_code == 0
        result = _plan_cli(database_url, "import", str(out))
        assert result.exit_code == 0, result.output
        assert result.output.startswith(
            f"Imported ilacs{suffix} into ilacs (ILACS improvement plan): "
            "0 added, 0 updated, 5 unchanged"
        )
