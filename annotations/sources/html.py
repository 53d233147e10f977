"""The article inside a web page: body, headline, byline and date.

trafilatura does the extraction (it drops navigation, cookie banners,
related links and footers). The article text is the headline, then each
extracted paragraph, separated by blank lines: the layout of a plain-text
article, so the rest of newsread reads it the same way.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from annotations.errors import InputError

#: Fewer words of prose than this is a page with no article on it.
MIN_WORDS = 15
_PROSE_WORDS = 6
_BANNER = re.compile(r"cookie|consent|gdpr", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)

# trafilatura and its helpers log what they discard; that is not for the user.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class Extracted:
    """What was found in a page."""

    text: str
    title: str = ""
    byline: str = ""
    date: str = ""


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its start, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _drop_consent_banners(tree: Any) -> None:
    """Remove cookie and consent banners: on a page without an article they
    are the only prose left, and would be taken for it."""
    for element in tree.xpath("//*[@id or @class]"):
        if _BANNER.search(f"{element.get('id', '')} {element.get('class', '')}"):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)


_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")


def _char_ref(match: re.Match[str]) -> str:
    """A numeric character reference as a browser reads it, XML-safe.

    A reference to a control character made the extractor drop the whole
    page: C1 codes become the Windows-1252 character they stand for (as the
    HTML standard says), other controls are dropped like raw ones, and NUL,
    surrogates and numbers beyond Unicode become U+FFFD.
    """
    hex_digits, digits = match.groups()
    code = int(hex_digits, 16) if hex_digits else int(digits)
    if code in (0x09, 0x0A, 0x0D) or (0x20 <= code < 0x7F) or (0xA0 <= code <= 0x10FFFF
                                                               and not 0xD800 <= code <= 0xDFFF):
        return match.group()
    if 0x80 <= code <= 0x9F:
        try:
            return bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            return ""
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return ""  # C0 controls and DEL


def _clean(value: object) -> str:
    return " ".join(str(value).split()) if value else ""


def extract(html: str, name: str, url: str | None = None) -> Extracted:
    """Extract the article from a page's HTML.

    Args:
        html: the decoded page.
        name: how the page is named in error messages (its URL or file).
        url: the page's URL, which helps resolve metadata; None for files.

    Raises:
        InputError: when the page holds no article text.
    """
    import trafilatura

    doc = None
    try:
        tree = trafilatura.load_html(_CHAR_REF.sub(_char_ref, html))
        if tree is not None:
            _drop_consent_banners(tree)
            doc = trafilatura.bare_extraction(
                tree, url=url, with_metadata=True, include_comments=False,
                include_tables=False, include_images=False, deduplicate=False,
            )
    except Exception:  # hostile markup can break a parser; that page has no article for us
        doc = None
    body = (getattr(doc, "text", "") or "") if doc is not None else ""
    title = _clean(getattr(doc, "title", "")) if doc is not None else ""
    paragraphs = [" ".join(line.split()) for line in body.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    # Menus and share buttons are short lines: only lines of prose count.
    prose = sum(len(p.split()) for p in paragraphs if len(p.split()) >= _PROSE_WORDS)
    if prose < MIN_WORDS:
        raise InputError(f"{name} has no article text that newsread can find.")
    if title:
        paragraphs.insert(0, title)
    return Extracted(
        text="\n\n".join(paragraphs),
        title=title,
        byline=_clean(getattr(doc, "author", "")),
        date=_clean(getattr(doc, "date", "")),
    )
