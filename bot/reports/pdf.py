"""Reports as PDF: the HTML report laid out by WeasyPrint, so print and PDF are one design.

WeasyPrint installs from PyPI but draws text with the system's Pango (Debian:
libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0 and a font such as fonts-dejavu-core);
it is imported only when a PDF is asked for, so the rest of the bot runs without them.
"""

from __future__ import annotations

from store.errors import UserError


class PdfUnavailable(UserError):
    """WeasyPrint or the system libraries it needs are missing; the message says what to do."""


def html_to_pdf(html: str) -> bytes:
    try:
        # Heavy, and needs system libraries: loaded only when a PDF is asked for.
        import weasyprint
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            "PDF output needs WeasyPrint and the Pango library. Install them with "
            "`pip install weasyprint` and `apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
            "libharfbuzz-subset0 fonts-dejavu-core`, or choose --format html and print it."
        ) from exc
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf
