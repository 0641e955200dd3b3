"""The risk section and findings coverage of Riverside's board packs and scrutiny report,
each figure checked against an independent replay of the history (tests/store/reports/replay),
and each format's way of drawing the heat map."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pypdf
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.reports import board_bytes, scrutiny_bytes
from store.models import Plan
from store.reports import build_board_pack, build_scrutiny
from store.reports.risk_views import RiskSection
from tests.council_plan import DECEMBER_BOARD, NOW, build_council, local, meeting_on
from tests.council_risks import add_findings, add_risks
from tests.store.reports import replay

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def riverside(db: sessionmaker[Session]) -> int:
    with db.begin() as s:
        plan = build_council(s)
        add_risks(s, plan)
        add_findings(s, plan)
        return plan.id


def _band(key: object) -> str:
    """The default 5 x 5 bands, worked out here rather than by the code under test."""
    likelihood, impact = (int(n) for n in str(key).split("x"))
    score = likelihood * impact
    return "red" if score >= 15 else "amber" if score >= 8 else "green"


def _check_risks(
    s: Session, section: RiskSection, plan_id: int, at: datetime, before: datetime
) -> None:
    """Every figure of the section equals the replay's, for a snapshot at `at` compared with
    the board at `before`."""
    today = at.astimezone(LONDON).date()
    now, then = replay.risks_at(s, plan_id, at), replay.risks_at(s, plan_id, before)
    live = {code: f for code, f in now.items() if f.get("status") != "closed"}
    placed = {
        (int(c.likelihood), int(c.impact)): c.codes for r in section.heat.rows for c in r.cells
    }
    for (likelihood, impact), codes in placed.items():
        assert codes == [
            code for code, f in sorted(live.items(), key=lambda i: int(i[0][1:]))
            if f["current"] == f"{likelihood}x{impact}"
        ], (likelihood, impact)  # fmt: skip
    for band in ("red", "amber", "green"):
        assert section.heat.count(band) == sum(_band(f["current"]) == band for f in live.values())
    assert section.closed == len(now) - len(live)
    assert sorted(i.code for i in section.register) == sorted(live)
    for item in section.register:
        was = then.get(item.code, {}).get("current")
        old = _score(was) if was else None
        new = _score(live[item.code]["current"])
        expected = "new" if old is None else "same" if old == new else (
            "worse" if new > old else "better"
        )  # fmt: skip
        assert item.direction == expected, item.code
    moves = replay.risk_moves(s, plan_id, before, at)
    assert [(m.code, m.reason) for m in section.moved] == [(c, r) for c, _o, _n, r in moves]
    assert [m.new.split()[0] for m in section.moved] == [n for _c, _o, n, _r in moves]
    overdue = {
        code
        for code, f in live.items()
        if f.get("review_date") and date.fromisoformat(str(f["review_date"])) < today
    }
    assert {i.code for i in section.overdue_reviews} == overdue
    actions = replay.replay(s, plan_id, at)
    by_ref = {replay.refs_of(s, plan_id)[i]: f for i, f in actions.items()}
    mitigating = {ref for f in live.values() for ref in f["action"]}  # type: ignore[attr-defined]
    red_or_late = {
        ref
        for ref in mitigating
        if by_ref[ref].get("status") == "red"
        or (
            by_ref[ref].get("status") != "complete"
            and by_ref[ref].get("due_date")
            and date.fromisoformat(str(by_ref[ref]["due_date"])) < today
        )
    }
    assert {m.ref for m in section.mitigation} == red_or_late


def _score(key: object) -> int:
    likelihood, impact = (int(n) for n in str(key).split("x"))
    return likelihood * impact


def test_next_board_pack_risks_match_the_history(db: sessionmaker[Session], riverside: int) -> None:
    """The February pack: R1 worse and R2 better since December, with their reasons; R3, R4
    and R6 overdue for review; 2.1 (overdue) and 4.1 (red) mitigate open risks."""
    with db() as s:
        pack = build_board_pack(s, s.get_one(Plan, riverside), now=NOW)
        assert pack.risks is not None
        before = meeting_on(s, s.get_one(Plan, riverside), DECEMBER_BOARD).starts_at
        _check_risks(s, pack.risks, riverside, NOW, before)
    assert [(m.code, m.direction) for m in pack.risks.moved] == [("R1", "worse"), ("R2", "better")]
    assert [i.code for i in pack.risks.overdue_reviews] == ["R4", "R3", "R6"]  # longest first
    assert [(m.ref, m.risks) for m in pack.risks.mitigation] == [("2.1", ["R2"]), ("4.1", ["R1"])]


def test_past_board_pack_risks_are_as_they_stood(db: sessionmaker[Session], riverside: int) -> None:
    """The December board's pack reads the register as at that meeting: R2 worse since
    October, R5 not yet closed, R1 not yet at 5x4."""
    with db() as s:
        plan = s.get_one(Plan, riverside)
        meeting = meeting_on(s, plan, DECEMBER_BOARD)
        pack = build_board_pack(s, plan, now=NOW, meeting_id=meeting.id)
        assert pack.risks is not None
        october = local(date(2026, 10, 22))
        _check_risks(s, pack.risks, riverside, meeting.starts_at, october)
    assert [(m.code, m.new) for m in pack.risks.moved] == [("R2", "4x4 (16, red)")]
    assert pack.risks.closed == 0 and "R5" in {i.code for i in pack.risks.register}
    assert {i.code: i.rating for i in pack.risks.register}["R1"] == "4x4 (16, red)"


def test_coverage_matches_the_history(db: sessionmaker[Session], riverside: int) -> None:
    """Each finding's actions and flags in the pack are the replay's."""
    with db() as s:
        pack = build_board_pack(s, s.get_one(Plan, riverside), now=NOW)
        assert pack.coverage is not None
        links = replay.findings_at(s, riverside, NOW)
        state = replay.replay(s, riverside, NOW)
        refs = replay.refs_of(s, riverside)
    by_ref = {refs[i]: f for i, f in state.items()}
    today = NOW.astimezone(LONDON).date()
    for line in pack.coverage.lines:
        assert {a.ref for a in line.actions} == links[line.code]
        open_refs = [r for r in links[line.code] if by_ref[r].get("status") != "complete"]
        late = [
            r for r in open_refs
            if by_ref[r].get("due_date") and date.fromisoformat(str(by_ref[r]["due_date"])) < today
        ]  # fmt: skip
        expected = (
            "no actions" if not links[line.code]
            else "no open action" if not open_refs
            else "every open action overdue" if len(late) == len(open_refs)
            else None
        )  # fmt: skip
        assert line.flag == expected, line.code
    assert {line.code: line.flag for line in pack.coverage.lines} == {
        "AFI1": "no actions", "REC1": "every open action overdue", "REC2": None,
        "REC3": "no open action", "REC4": "every open action overdue",
    }  # fmt: skip


def test_scrutiny_report_has_the_risk_section_for_its_period(
    db: sessionmaker[Session], riverside: int
) -> None:
    """Over the last quarter, moves since the period began are the replay's."""
    with db() as s:
        report = build_scrutiny(s, s.get_one(Plan, riverside), now=NOW)
        assert report.risks is not None
        moves = replay.risk_moves(s, riverside, NOW - timedelta(days=91), NOW)
    assert report.risks.since == "since Mon 19 Oct 2026"
    assert [m.code for m in report.risks.moved] == [c for c, *_ in moves] == ["R2", "R1", "R2"]


def test_each_format_draws_the_heat_map(
    db: sessionmaker[Session], riverside: int, pdf_available: None
) -> None:
    """HTML and PDF draw it as SVG, XLSX as cells filled in their band, Markdown as a table;
    each carries the moved ratings' reasons."""
    with db() as s:
        pack = build_board_pack(s, s.get_one(Plan, riverside), now=NOW)
        report = build_scrutiny(s, s.get_one(Plan, riverside), now=NOW)
    html = board_bytes(pack, "html").decode()
    risks_html = html[html.index('<section id="risks">') : html.index('<section id="coverage">')]
    assert risks_html.count("<rect ") == 25
    assert '<rect x="414" y="14" width="86" height="38" fill="#c0392b" fill-opacity="1">' in (
        risks_html
    )  # R1 at likelihood 5, impact 4: red, filled
    assert "Two more team managers resigned in January" in risks_html
    md = board_bytes(pack, "md").decode()
    assert "| 5 Almost certain | 5 green | 10 amber | 15 red | 20 red: **R1** | 25 red |" in md
    assert "| R4 | Court delays stretch care proceedings beyond 26 weeks | Owen Reid |" in md
    book = openpyxl.load_workbook(io.BytesIO(board_bytes(pack, "xlsx")))
    heat = book["Risk heat map"]
    r1 = heat.cell(3, 5)  # first grid row (likelihood 5), impact 4
    assert (r1.value, r1.fill.fgColor.rgb[-6:]) == ("R1", "FF7C80")
    assert heat.cell(7, 2).fill.fgColor.rgb[-6:] == "92D050"  # likelihood 1, impact 1: green
    moved = [[c.value for c in row] for row in book["Risks moved"].iter_rows(min_row=2)]
    assert moved[0][:2] == ["R1", "Social worker recruitment and retention"]
    assert [r[0] for r in book["Findings coverage"].iter_rows(min_row=2, values_only=True)] == [
        "AFI1", "REC1", "REC2", "REC3", "REC4",
    ]  # fmt: skip
    pdf = pypdf.PdfReader(io.BytesIO(board_bytes(pack, "pdf")))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Ratings moved since the board on Thu 17 Dec 2026" in text
    assert "Findings coverage" in text
    assert '<section id="risks">' in scrutiny_bytes(report, "html").decode()


def test_a_plan_without_risks_says_so(db: sessionmaker[Session]) -> None:
    """No register and no findings: the pack says how to add them, and has no empty tables."""
    with db.begin() as s:
        plan_id = build_council(s, slug="plain").id
    with db() as s:
        pack = build_board_pack(s, s.get_one(Plan, plan_id), now=NOW)
        assert (pack.risks, pack.coverage) == (None, None)
        assert s.scalars(select(Plan.slug)).all() == ["plain"]
    html = board_bytes(pack, "html").decode()
    assert "This plan keeps no risk register yet" in html
    assert "No findings are recorded" in html
