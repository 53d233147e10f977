"""An article as plain data: its text, headline and paragraphs.

Paragraphs are the non-empty lines of the text (news text separates them by
blank lines or by single newlines alike). Each carries a kind: the headline,
body text, or one of the kinds of page furniture that stay in the text but
are never read as claims: photo captions, photo credits, metadata lines
("Posted: ...") and page residue ("What's Hot", "Advertisement").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from annotations.sources.reading import LoadedText

HEADLINE, BODY, CAPTION, CREDIT, META, RESIDUE = (
    "headline", "body", "caption", "credit", "meta", "residue",
)
#: Paragraph kinds whose sentences are read as claims.
CLAIM_KINDS = frozenset({HEADLINE, BODY})


@dataclass(frozen=True)
class Paragraph:
    """A non-empty line of the text, as offsets, with what kind of text it is."""

    start: int
    end: int
    kind: str = BODY


@dataclass(frozen=True)
class Article:
    """One article: the exact text and its structure. Offsets index `text`."""

    source: str
    text: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    encoding: str = "utf-8"
    format: str = "text"
    byline: str = ""
    date: str = ""
    warnings: tuple[str, ...] = field(default=())

    @cached_property
    def sha256(self) -> str:
        """Hex SHA-256 of the text encoded as UTF-8: the article's identity."""
        # Imported here: hashlib loads OpenSSL, which the reader's first paint does not need.
        import hashlib

        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start:paragraph.end]


# -- recognising page furniture -------------------------------------------

_AGENCIES = (
    r"getty images|getty|afp|reuters|associated press|ap photo|epa|shutterstock|"
    r"alamy|bloomberg|xinhua|sputnik|tass|anadolu|nurphoto|pool|file photo"
)
_CREDIT = re.compile(
    rf"^(?:(?:photo|image|picture|credit|photograph)s?\s*(?:credit)?\s*[:/|]|©|\(c\)\s)"
    rf"|(?:\bvia\s+(?:{_AGENCIES})\b)"
    rf"|^[\w .,'&-]{{0,60}}(?:/|\|)\s*(?:{_AGENCIES})\b"
    rf"|^(?:{_AGENCIES})(?:\s*/\s*[\w .'-]+)?$",
    re.IGNORECASE,
)
_CAPTION_MARK = re.compile(
    r"\((?:L|R|C|left|right|centre|center|pictured|top|bottom|front)\)|"
    r"^(?:pictured|above|below|file photo|caption)\s*[:,-]|\bis pictured\b",
    re.IGNORECASE,
)
_META = re.compile(
    r"^(?:posted|published|updated|last updated|last modified|first published|by)\b[^.!?]{0,80}$"
    r"|^(?:on\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b[^.!?]{0,30}$",
    re.IGNORECASE,
)
_RESIDUE = re.compile(
    r"^(?:what'?s hot|advertisement|advert|sponsored|related(?: articles| stories| news)?|"
    r"read more|more from [\w ]+|share(?: this)?(?: article| story)?|follow us(?: on [\w ]+)?|"
    r"sign up(?: for [\w ]+)?|subscribe(?: now)?|comments?|trending(?: now)?|most read|"
    r"recommended|you may also like|see also|watch|listen|top stories)[\s:.!]*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or over per so than that the "
    "to up via vs with is are was be its it".split()
)


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def _ends_like_sentence(line: str) -> bool:
    return bool(re.search(r"[.!?…][\"'”’)\]]*$", line))


def reads_like_headline(line: str) -> bool:
    """Whether a first line reads as a headline rather than as body text."""
    words = _words(line)
    if not words or len(words) > 30 or len(line) > 250:
        return False
    if not _ends_like_sentence(line):
        return True
    # A Title Case line is a headline even when it ends with a full stop.
    return is_title_case(line)


def is_title_case(line: str) -> bool:
    """Whether most words of `line` (small words aside) start with a capital."""
    words = [w for w in _words(line) if w.lower() not in _SMALL_WORDS]
    if len(words) < 3:
        return False
    capitals = sum(1 for w in words if w[0].isupper())
    return capitals >= 0.75 * len(words)


def _classify(line: str, is_first: bool, repeated: bool) -> str:
    stripped = line.strip()
    words = _words(stripped)
    if is_first and reads_like_headline(stripped):
        return HEADLINE
    if len(words) <= 12 and _CREDIT.search(stripped):
        return CREDIT
    if _RESIDUE.match(stripped) or _META.match(stripped):
        return RESIDUE if _RESIDUE.match(stripped) else META
    if repeated or _CAPTION_MARK.search(stripped):
        return CAPTION
    return BODY


def _mark_trailing_residue(kinds: list[str], lines: list[str]) -> None:
    """Short lines with no sentence ending at the very end of a page are residue."""
    for i in range(len(lines) - 1, 0, -1):
        line = lines[i]
        if kinds[i] == BODY and len(_words(line)) <= 4 and not _ends_like_sentence(line):
            kinds[i] = RESIDUE
        else:
            break


def _mark_captions_before_credits(kinds: list[str], lines: list[str]) -> None:
    """The short line right above a photo credit is that photo's caption."""
    for i, kind in enumerate(kinds):
        if kind == CREDIT and i > 0 and kinds[i - 1] == BODY and len(_words(lines[i - 1])) <= 30:
            kinds[i - 1] = CAPTION


def structure(loaded: LoadedText) -> Article:
    """Split loaded text into paragraphs, find the headline and page furniture."""
    text = loaded.text
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        left = len(raw) - len(raw.lstrip())
        right = len(raw.rstrip())
        if right > left:
            spans.append((match.start() + left, match.start() + right))
    lines = [text[s:e] for s, e in spans]
    seen: dict[str, int] = {}
    for line in lines:
        seen[line] = seen.get(line, 0) + 1
    kinds = [
        _classify(line, i == 0, seen[line] > 1 and len(_words(line)) >= 4)
        for i, line in enumerate(lines)
    ]
    if lines and loaded.title and lines[0] == loaded.title:
        kinds[0] = HEADLINE  # the page itself says this is its headline
    if loaded.byline:
        # The page itself says this line is its byline (a Markdown "*By ...*"): never a caption nor a headline.
        kinds = [META if line == loaded.byline else kind for line, kind in zip(lines, kinds)]
    _mark_captions_before_credits(kinds, lines)
    _mark_trailing_residue(kinds, lines)
    paragraphs = tuple(Paragraph(s, e, k) for (s, e), k in zip(spans, kinds))
    title = lines[0] if paragraphs and kinds[0] == HEADLINE else ""
    return Article(
        source=loaded.source,
        text=text,
        title=title,
        paragraphs=paragraphs,
        encoding=loaded.encoding,
        format=loaded.format,
        byline=loaded.byline,
        date=loaded.date,
        warnings=loaded.warnings,
    )


def load_article(spec: str, max_bytes: int | None = None, db: Path | None = None) -> Article:
    """Load the article `spec` names and find its structure.

    Args:
        spec: a file path (text, Markdown or HTML), an http(s) URL, or '-'
            for standard input.
        max_bytes: refuse inputs larger than this (default 20 MB).
        db: the database that keeps fetched web pages for reading offline
            (default: the user's database).

    Raises:
        InputError: with one sentence naming the input when it cannot be read.
    """
    from annotations.sources.reading import read_source

    return structure(read_source(spec, max_bytes, db))
