"""Reports as PDF: the HTML report laid out by WeasyPrint, so print and PDF are one design.

WeasyPrint installs from PyPI but draws text with the system's Pango (Debian:
libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0 and a font such as fonts-dejavu-core);
it is imported only when a PDF is asked for, so the rest of the bot runs without them.

With some libraries missing WeasyPrint still imports but warns (today a DeprecationWarning
when libharfbuzz-subset is absent). Those warnings are about the machine, not about the
report, so they are caught while WeasyPrint is imported and while it renders, whatever
order they come in, and logged once; `problems()` reports them, so a test run can skip the
PDF tests with the reason (and CI can refuse to) instead of failing on the warning.
"""

from __future__ import annotations

import logging
import sys
import warnings
from functools import cache
from types import ModuleType

from store.errors import UserError

log = logging.getLogger(__name__)
INSTALL = (
    "Install them with `pip install weasyprint` and `apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core`"
)


class PdfUnavailable(UserError):
    """WeasyPrint or the system libraries it needs are missing; the message says what to do."""


def html_to_pdf(html: str) -> bytes:
    weasyprint = load()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    for warning in caught:
        log.warning("WeasyPrint: %s", _text(warning))
    return pdf


def load() -> ModuleType:
    """WeasyPrint itself, imported as html_to_pdf imports it (PdfUnavailable without it)."""
    return _load()[0]


def problems() -> list[str]:
    """What keeps PDF output from working fully here: [] when nothing does.

    Imports WeasyPrint and renders a small page, collecting every warning either gives.
    """
    try:
        weasyprint, loading = _load()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            weasyprint.HTML(string="<p>improvebot</p>").write_pdf()
    except PdfUnavailable as error:
        return [error.message]
    except OSError as error:  # a library found at import but failing when used
        return [f"WeasyPrint could not render: {error}. {INSTALL}."]
    return [*loading, *(_text(w) for w in caught)]


@cache
def _load() -> tuple[ModuleType, list[str]]:
    """WeasyPrint, and the warnings importing it gave (each logged once per process).

    Any warning filter in force (pytest's "error" among them) would turn an import-time
    warning into an exception halfway through WeasyPrint's import; recording them instead
    lets the import finish. A failed import is not cached, so installing the libraries and
    asking again works.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            # Heavy, and needs system libraries: loaded only when a PDF is asked for.
            import weasyprint
        except (ImportError, OSError) as exc:
            raise PdfUnavailable(
                f"PDF output needs WeasyPrint and the Pango library. {INSTALL}, "
                "or choose --format html and print it."
            ) from exc
    found = [_text(w) for w in caught]
    if not any("HarfBuzz-Subset" in message for message in found) and _no_subsetter():
        # Imported before us, so its warning was given elsewhere: ask the library itself.
        found.append("DeprecationWarning: HarfBuzz-Subset is missing (libharfbuzz-subset0).")
    for message in found:
        log.warning("WeasyPrint: %s", message)
    return weasyprint, found


def _no_subsetter() -> bool:
    ffi = sys.modules.get("weasyprint.text.ffi")
    return ffi is not None and getattr(ffi, "harfbuzz_subset", True) is None


def _text(warning: warnings.WarningMessage) -> str:
    return f"{warning.category.__name__}: {warning.message}"
