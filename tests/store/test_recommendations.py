"""The findings a plan answers: reading the finding a source names, adding findings at
import and turning existing free-text sources into links, idempotently."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from store import recommendations
from store.domain import Via
from store.imports import ImportRejected, import_file
from store.models import Action, Change, Recommendation
from store.plans import plan_by_slug
from store.recommendations.codes import CodeError, read_code, references, sort_key

from .plan_files import COUNCIL_CSV, write_csv

TODAY = date(2026, 11, 16)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Ofsted recommendation 3", ["REC3"]),
        ("Rec 3", ["REC3"]),
        ("Ofsted rec. 5", ["REC5"]),
        ("R3", ["REC3"]),
        ("Recommendations 2, 4 and 7", ["REC2", "REC4", "REC7"]),
        ("AFI 2", ["AFI2"]),
        ("Areas for priority action 1 and 2", ["APA1", "APA2"]),
        ("DfE improvement notice item 4", ["DFE4"]),
        ("DfE improvement notice", []),  # the whole notice: no item, so no link by guesswork
        ("Ofsted monitoring visit 2", []),
        ("Safeguarding partnership review", []),
        ("R3.1", []),
        ("recruit 40 social workers", []),
    ],
)
def test_references_read_the_findings_a_source_names(text: str, codes: list[str]) -> None:
    """Councils' ways of naming findings all read as one code each; a whole document does not."""
    assert [n.code for n in references(text)] == codes


def test_text_after_a_reference_is_the_findings_own() -> None:
    """'Recommendation 3: Improve …' names REC3 and gives its text."""
    (named,) = references("Recommendation 3: Improve the timeliness of assessments")
    assert (named.code, named.rest) == ("REC3", "Improve the timeliness of assessments")


def test_codes_read_as_typed_and_sort_by_number() -> None:
    """REC3, rec 3, 3 and a plan's own codes; REC2 before REC10."""
    assert [read_code(t) for t in ("REC3", "rec 3", "3", "AFI-2", "FV-2")] == [
        "REC3", "REC3", "REC3", "AFI2", "FV-2",
    ]  # fmt: skip
    assert sorted(["REC10", "REC2", "AFI1"], key=sort_key) == ["AFI1", "REC2", "REC10"]
    with pytest.raises(CodeError, match="is not a recommendation code"):
        read_code("the third one")


def _links(s: Session, plan_id: int) -> set[tuple[str, str]]:
    rows = s.execute(
        select(Recommendation.code, Action.ref)
        .join(Recommendation.actions)
        .where(Recommendation.plan_id == plan_id)
    )
    return {(code, ref) for code, ref in rows}


def test_plan_import_adds_and_links_the_findings_its_sources_name(
    db: sessionmaker[Session], now: datetime
) -> None:
    """The council file's 'Ofsted recommendation' column names REC1 to REC3: they are added
    and linked, each link in the action's history; a re-import adds nothing."""
    with db.begin() as s:
        result = import_file(s, COUNCIL_CSV, at=now, today=TODAY)
        assert result.findings_added == ["REC1", "REC2", "REC3"]
        plan = plan_by_slug(s, result.plan_slug)
        assert plan is not None
        links = {("REC1", "1.1"), ("REC1", "1.2"), ("REC2", "2.1"), ("REC2", "2.2")}
        assert _links(s, plan.id) == links | {("REC3", "3.1")}
        kept = s.scalars(select(Change).where(Change.field == "recommendation")).all()
        assert sorted(c.new or "" for c in kept) == ["REC1", "REC1", "REC2", "REC2", "REC3"]
    with db.begin() as s:
        later = now + timedelta(hours=1)
        again = import_file(s, COUNCIL_CSV, at=later, today=TODAY, plan_slug=result.plan_slug)
        assert (again.findings_added, again.findings_linked) == ([], [])
        assert s.scalar(select(func.count()).select_from(Recommendation)) == 3


def test_an_ofsted_ref_column_links_by_code_or_number(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """'Ofsted ref' holds a code or a number; a Recommendation column beside it gives the
    text; a cell that names no finding is a problem by row and column."""
    rows = [
        ["Ref", "Action", "Recommendation", "Ofsted ref"],
        ["1.1", "Set up the board", "Strengthen leadership oversight", "2"],
        ["1.2", "Audit supervision", "", "AFI1"],
    ]
    with db.begin() as s:
        result = import_file(s, write_csv(tmp_path / "plan.csv", rows), at=now, today=TODAY)
        plan = plan_by_slug(s, result.plan_slug)
        assert plan is not None
        assert _links(s, plan.id) == {("REC2", "1.1"), ("AFI1", "1.2")}
    rows[2][3] = "the one about audits"
    with db.begin() as s, pytest.raises(ImportRejected) as caught:
        import_file(s, write_csv(tmp_path / "bad.csv", rows), at=now, today=TODAY, plan_slug="x")
    assert "Row 3, column 'Ofsted ref': 'the one about audits' does not name a finding" in str(
        caught.value.problems[0]
    )


def test_adding_a_finding_links_the_sources_that_name_it(
    db: sessionmaker[Session], now: datetime, tmp_path: Path
) -> None:
    """An action whose free-text source names a plan's own code (FV-2) is linked once that
    finding is added: the step is idempotent, so running it again links nothing."""
    rows = [["Ref", "Action", "Source"], ["1.1", "Audit supervision", "Focused visit FV-2"]]
    with db.begin() as s:
        result = import_file(s, write_csv(tmp_path / "p.csv", rows), at=now, today=TODAY)
        plan = plan_by_slug(s, result.plan_slug)
        assert plan is not None and result.findings_added == []
        recommendations.add(s, plan, "FV-2", at=now, text="Supervision", via=Via.CONSOLE)
        first = recommendations.link_sources(s, plan, at=now, via=Via.CONSOLE)
        again = recommendations.link_sources(s, plan, at=now, via=Via.CONSOLE)
        assert (first.links, again.links) == (["FV-2 -> 1.1"], [])
