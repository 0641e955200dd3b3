"""Reading a report's PDF layout back, for tests: how full each page is, rows split across
pages, header rows on continued tables, fonts and links.

The page layout comes from WeasyPrint's own render of the same HTML (the PDF is that render
written out): its page boxes say where every line and row ended up, which the PDF's text
operators cannot for SVG text drawn inside form XObjects. `_page_box` is WeasyPrint's
internal page tree; it has kept that name since version 0.42.
"""

from __future__ import annotations

import importlib
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdf

from bot.reports.pdf import load


@dataclass(frozen=True)
class Layout:
    fill: list[float]  # how far down each page's content area the content reaches, 0 to 1
    split_rows: list[str]  # text of table rows that start on one page and end on the next
    headless: list[int]  # pages where a table carries on without its header row
    continued: int  # tables that run over more than one page
    action_share: list[float]  # each themes-in-focus table: the share its action column has


def layout(html: str) -> Layout:
    load()  # WeasyPrint as the reports import it, warnings caught
    boxes = importlib.import_module("weasyprint.formatting_structure.boxes")
    pages = load().HTML(string=html).render().pages
    fill = []
    rows: dict[int, set[tuple[int, str]]] = defaultdict(set)
    tables: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    shares: dict[int, float] = {}
    for number, page in enumerate(pages):
        page_box = page._page_box
        bottom = page_box.content_box_y()
        for box in _content(page_box, boxes):
            if isinstance(box, boxes.LineBox | boxes.ReplacedBox | boxes.TableRowBox):
                bottom = max(bottom, box.position_y + box.height)
            if isinstance(box, boxes.TableBox):
                groups = [g for g in box.children if isinstance(g, boxes.TableRowGroupBox)]
                tables[id(box.element)].append((number, any(g.is_header for g in groups)))
                if "focus-table" in (box.element.get("class") or ""):
                    shares[id(box.element)] = _second_column(groups, box.width)
                for group in (g for g in groups if not g.is_header):
                    for row in group.children:
                        rows[id(row.element)].add((number, _text(row)))
        fill.append((bottom - page_box.content_box_y()) / page_box.height)
    split = [sorted(texts)[0][1] for texts in rows.values() if len({n for n, _ in texts}) > 1]
    headless = [n for parts in tables.values() if len(parts) > 1 for n, h in parts if not h]
    continued = sum(1 for parts in tables.values() if len(parts) > 1)
    return Layout(fill, split, headless, continued, list(shares.values()))


def _second_column(groups: list[Any], width: float) -> float:
    first_row = groups[0].children[0]
    return float(first_row.children[1].border_width() / width)


def _content(page_box: Any, boxes: Any) -> Iterator[Any]:
    """The boxes of the page's content, not its margin boxes (the page numbers)."""
    for child in page_box.children:
        if not isinstance(child, boxes.MarginBox):
            yield from child.descendants()


def _text(box: Any) -> str:
    words = (getattr(b, "text", "") for b in box.descendants())
    return " ".join(w for w in words if w)[:60]


def fonts(pdf: bytes) -> set[str]:
    """The base fonts a PDF draws with, subset prefixes ("ABCDEF+") taken off."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found: set[str] = set()
    for page in reader.pages:
        _fonts_in(page.get("/Resources"), found, set())
    return {name.split("+", 1)[-1] for name in found}


def _fonts_in(resources: Any, found: set[str], seen: set[int]) -> None:
    resources = resources.get_object() if resources is not None else None
    if not resources or id(resources) in seen:
        return
    seen.add(id(resources))
    for font in (resources.get("/Font") or {}).values():
        found.add(str(font.get_object()["/BaseFont"]).lstrip("/"))
    for xobject in (resources.get("/XObject") or {}).values():
        _fonts_in(xobject.get_object().get("/Resources"), found, seen)


def family(font: str) -> str:
    """'DejaVu-Sans-Bold' -> 'DejaVu-Sans': the family, without its weight or slant."""
    for style in ("-BoldOblique", "-BoldItalic", "-Bold", "-Oblique", "-Italic"):
        font = font.removesuffix(style)
    return font


def link_uris(pdf: bytes) -> list[str]:
    """The address of every link annotation, page by page."""
    found = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.append(str(action["/URI"]))
    return found
