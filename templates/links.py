"""Evidence as text and links: an http(s) address in an evidence item becomes a link in every
report (HTML and PDF <a href>, Markdown [text](url), XLSX hyperlinks).

Only http and https are linked, so javascript:, data: or file: text stays text. A linked
address is percent-encoded outside a small safe set, so it can never close the attribute,
the Markdown link or the table cell it sits in (no quotes, brackets, spaces, pipes or
backslashes survive); what is shown is the text as typed, escaped by each surface as usual.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

# An address runs to the next space; a closing bracket or stop after it is usually prose.
_ADDRESS = re.compile(r"https?://[^\s]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"»”’"
# RFC 3986's unreserved and reserved characters, less ( ) [ ] and '.
_SAFE = "-._~:/?#@!$&*+,;="
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Part:
    """A run of an evidence item: plain text, or an address with the URL to link it to."""

    text: str
    url: str | None = None


def parts(text: str) -> list[Part]:
    """'EV-1 https://x.gov.uk/a (draft)' -> text 'EV-1 ', the link, text ' (draft)'."""
    found: list[Part] = []
    at = 0
    for m in _ADDRESS.finditer(text):
        address = _trim(m[0])
        url = safe_url(address)
        if url is None:
            continue
        if m.start() > at:
            found.append(Part(text[at : m.start()]))
        found.append(Part(address, url))
        at = m.start() + len(address)
    if at < len(text) or not found:
        found.append(Part(text[at:]))
    return found


def first_url(items: list[str]) -> str | None:
    """The first linkable address among evidence items (a spreadsheet cell holds one link)."""
    for item in items:
        for part in parts(item):
            if part.url:
                return part.url
    return None


def safe_url(address: str) -> str | None:
    """The address as a URL safe to put in any report, or None when it is not http(s)."""
    try:
        split = urlsplit(address)
    except ValueError:
        return None
    if split.scheme.lower() not in ("http", "https") or not split.hostname:
        return None
    # A % that already starts an escape (%20) is kept; a lone one is encoded itself.
    return quote(_LONE_PERCENT.sub("%25", address), safe=_SAFE + "%")


def markdown(text: str, escape: Callable[[str], str]) -> str:
    """An evidence item as Markdown: text escaped, addresses as [address](url)."""
    return "".join(f"[{escape(p.text)}]({p.url})" if p.url else escape(p.text) for p in parts(text))


def _trim(address: str) -> str:
    address = address.rstrip(_TRAILING)
    while address.endswith(")") and address.count("(") < address.count(")"):
        address = address[:-1].rstrip(_TRAILING)
    return address
