"""The PDF probe: WeasyPrint's warnings about missing libraries, in whatever order they come,
are reasons to skip (locally) or fail (CI), never an error halfway through an import."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.reports import pdf
from tests.pdf_check import verdict

SUBSET = (
    "HarfBuzz-Subset will be required by future versions of WeasyPrint. "
    "Please install this library with your package manager."
)


@pytest.fixture
def fake_weasyprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder where a test writes its own `weasyprint`, importable instead of the real one
    for the test alone; the probe's cached import is forgotten before and after."""
    for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(tmp_path))
    pdf._load.cache_clear()
    yield tmp_path
    pdf._load.cache_clear()


def _write(folder: Path, body: str) -> None:
    package = folder / "weasyprint"
    package.mkdir()
    (package / "__init__.py").write_text(body, encoding="utf-8")


RENDERS = textwrap.dedent(
    """
    class HTML:
        def __init__(self, string):
            self.string = string

        def write_pdf(self):
            {render}
            return b"%PDF-fake"
    """
)


@pytest.mark.parametrize(
    ("at_import", "at_render"),
    [
        (["DeprecationWarning"], []),
        (["UserWarning", "DeprecationWarning"], []),
        (["DeprecationWarning", "UserWarning"], ["RuntimeWarning"]),
        ([], ["DeprecationWarning"]),
    ],
)
def test_warnings_are_reasons_in_any_order(
    fake_weasyprint: Path, at_import: list[str], at_render: list[str]
) -> None:
    """Warnings at import or while rendering, in any order, are listed as problems (pytest's
    filterwarnings=error is on, yet nothing raises), and a PDF is still made."""
    warn = "import warnings\n" + "".join(
        f"warnings.warn({SUBSET!r} if {kind!r} == 'DeprecationWarning' else 'odd font', {kind})\n"
        for kind in at_import
    )
    render = (
        "; ".join(f"__import__('warnings').warn('glyph missing', {kind})" for kind in at_render)
        or "pass"
    )
    _write(fake_weasyprint, warn + RENDERS.format(render=render))
    found = pdf.problems()
    assert [p.split(":")[0] for p in found] == [*at_import, *at_render]
    if "DeprecationWarning" in at_import:
        assert f"DeprecationWarning: {SUBSET}" in found
    assert pdf.html_to_pdf("<p>pack</p>") == b"%PDF-fake"


def test_missing_libraries_say_what_to_install(fake_weasyprint: Path) -> None:
    """WeasyPrint that cannot load Pango is one problem naming the packages to install."""
    _write(fake_weasyprint, "raise OSError('cannot load library libpango-1.0-0')\n")
    (problem,) = pdf.problems()
    assert problem.startswith("PDF output needs WeasyPrint and the Pango library.")
    assert "libharfbuzz-subset0" in problem
    with pytest.raises(pdf.PdfUnavailable):
        pdf.html_to_pdf("<p>pack</p>")


def test_a_weasyprint_imported_earlier_is_still_checked(
    fake_weasyprint: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When WeasyPrint was imported before the probe (its warning given elsewhere), the probe
    asks its FFI module whether HarfBuzz-Subset loaded."""
    _write(fake_weasyprint, RENDERS.format(render="pass"))
    (fake_weasyprint / "weasyprint" / "text").mkdir()
    (fake_weasyprint / "weasyprint" / "text" / "__init__.py").write_text("")
    (fake_weasyprint / "weasyprint" / "text" / "ffi.py").write_text("harfbuzz_subset = None\n")
    import weasyprint.text.ffi  # noqa: F401 - imported first, as another module might

    assert pdf.problems() == [
        "DeprecationWarning: HarfBuzz-Subset is missing (libharfbuzz-subset0)."
    ]


@pytest.mark.parametrize(
    ("problems", "environ", "action"),
    [
        ([], {"CI": "true"}, "run"),
        ([f"DeprecationWarning: {SUBSET}"], {}, "skip"),
        ([f"DeprecationWarning: {SUBSET}"], {"CI": "false"}, "skip"),
        ([f"DeprecationWarning: {SUBSET}"], {"CI": "true"}, "fail"),
        (["PDF output needs WeasyPrint and the Pango library."], {"CI": "1"}, "fail"),
    ],
)
def test_skip_locally_fail_on_ci(problems: list[str], environ: dict[str, str], action: str) -> None:
    """Locally the PDF tests skip with the problems as the reason; under CI they fail."""
    found, reason = verdict(problems, environ)
    assert found == action
    assert all(p in reason for p in problems)
