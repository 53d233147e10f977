"""The store's records: an annotation, a stored article, what opening an article gives.

Frozen dataclasses over text offsets, and their conversion to and from
database rows (tags are kept as a JSON list).
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import quote_from_bytes, unquote_to_bytes

from annotations.store.anchoring import TextQuote


class ArticleLike(Protocol):
    """What the store needs of an article (`articles.Article` has it)."""

    # Read-only: the store never changes an article (and `Article` is frozen).
    @property
    def source(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def sha256(self) -> str: ...


@dataclass(frozen=True)
class Annotation:
    """One annotated passage: where it is, its tags and its note."""

    id: str
    """A UUID, stable across export and import."""
    article_id: int
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    tags: tuple[str, ...] = ()
    note: str = ""
    created: str = ""
    modified: str = ""
    original: str = ""
    """The quote as the person annotated it ("" when it is `exact`): a
    re-anchored annotation keeps it, however its text has changed since."""
    placement: str = "annotated"
    """Where the annotation sits now: one of `PLACEMENTS`."""

    @property
    def quote(self) -> TextQuote:
        """The passage as W3C selectors."""
        return TextQuote(self.exact, self.prefix, self.suffix, self.start, self.end)

    @property
    def annotated_quote(self) -> str:
        """The words the person annotated, whatever the text says now."""
        return self.original or self.exact

    @property
    def changed(self) -> bool:
        """Whether the passage's words differ from those the person annotated."""
        return bool(self.original) and self.original != self.exact


ANNOTATED, MOVED, CHANGED, UNPLACED, ORPHAN = "annotated", "moved", "changed", "unplaced", "orphan"
#: Where an annotation can sit. `annotated`: where the person put it, in the
#: text they read. `moved`: the same words, found at other offsets of a
#: changed text. `changed`: found in a changed text whose words at that place
#: differ from the ones annotated (`original` keeps those). `unplaced`:
#: imported without usable offsets (0, 0), or with offsets into a text never
#: read here (kept as given, unchecked), placed by quote when its article is
#: next opened. `orphan`: not found in the article's latest text (kept).
PLACEMENTS = (ANNOTATED, MOVED, CHANGED, UNPLACED, ORPHAN)

#: Longest note kept, in characters (about 40 pages of text).
MAX_NOTE = 100_000
#: Longest tag, in characters, and most tags on one annotation.
MAX_TAG = 200
MAX_TAGS = 100


@dataclass(frozen=True)
class StoredArticle:
    """An article as the database knows it."""

    id: int
    sha256: str
    source: str
    title: str = ""
    length: int = 0


@dataclass(frozen=True)
class Opened:
    """An article's annotations, once it is opened."""

    article: StoredArticle
    annotations: tuple[Annotation, ...]
    """Those placed in this text, by start offset."""
    orphans: tuple[Annotation, ...]
    """Those made on an earlier version of the source that could not be placed."""
    reattached: int = 0
    """How many were moved over from an earlier version of the text."""


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds (W3C `created` form)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


#: An ISO 8601 date, with a time, fraction and zone if any (what an import accepts).
TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?"
)
_EARLIEST = datetime.min.replace(tzinfo=timezone.utc)


def instant(value: str) -> datetime:
    """The moment an ISO 8601 timestamp names, in UTC, to compare timestamps by.

    As strings, `10:00+09:00` (01:00 UTC) sorts after `05:00Z`, and `05:00:00.5Z`
    before `05:00:00Z`. A time without a zone is taken as UTC; a value that is
    no timestamp (never written by newsread) counts as the earliest.
    """
    match = TIMESTAMP.fullmatch(value)
    if match is None:
        return _EARLIEST
    *parts, fraction, zone = match.groups()
    offset = timezone.utc
    if zone and zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    try:
        year, month, day, hour, minute, second = (int(p or 0) for p in parts)
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        moment = datetime(year, month, day, hour, minute, second, micro, tzinfo=offset)
        return moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return _EARLIEST


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags stripped, blanks dropped, duplicates removed, first spelling kept."""
    seen: dict[str, str] = {}
    for tag in tags:
        tag = " ".join(tag.split())
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(seen.values())


@lru_cache(maxsize=4096)
def _tags(raw: str | None) -> tuple[str, ...]:
    # Many annotations share one set of tags: each is decoded once.
    return tuple(json.loads(raw or "[]"))


def from_row(row: dict[str, Any]) -> Annotation:
    """An annotation from a row of the `annotations` table."""
    return Annotation(
        id=row["id"], article_id=row["article_id"], start=row["start"], end=row["end"],
        exact=row["exact"], prefix=row["prefix"] or "", suffix=row["suffix"] or "",
        tags=_tags(row["tags"]), note=row["note"] or "",
        created=row["created"], modified=row["modified"],
        original=row.get("original") or "", placement=row.get("placement") or ANNOTATED,
    )


#: Annotation columns in `Annotation` field order, for reading many rows fast.
COLUMNS = ("id, article_id, start, [end], exact, prefix, suffix, tags, note, created, modified, "
           "original, placement")


def from_values(values: tuple) -> Annotation:
    """An annotation from the values of `COLUMNS`, in order."""
    (id_, article_id, start, end, exact, prefix, suffix, tags, note, created, modified,
     original, placement) = values
    return Annotation(id_, article_id, start, end, exact, prefix or "", suffix or "",
                      _tags(tags), note or "", created, modified, original or "", placement or ANNOTATED)


def to_row(annotation: Annotation) -> dict[str, Any]:
    """The `annotations` table row of an annotation."""
    return {
        "id": annotation.id, "article_id": annotation.article_id,
        "start": annotation.start, "end": annotation.end, "exact": annotation.exact,
        "prefix": annotation.prefix, "suffix": annotation.suffix,
        "tags": json.dumps(list(annotation.tags), ensure_ascii=False),
        "note": annotation.note, "created": annotation.created, "modified": annotation.modified,
        "original": annotation.original, "placement": annotation.placement,
    }


# -- sources as stored --------------------------------------------------------

_FILE_URI = "file://"


def stored_source(source: str) -> str:
    """The form in which the database keeps an article's source.

    A source is kept as it is, unless it holds characters that are not
    text (a file name in no encoding: Python carries its bytes as lone
    surrogates, which SQLite cannot store). Such a name is kept as the
    `file:` URI of its bytes, which `source_name` turns back into the same
    name. A plain source never starts with `file://` (files are absolute
    paths), so the two forms cannot be confused.
    """
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        return _FILE_URI + quote_from_bytes(os.fsencode(source), safe="/")
    return source


def source_name(stored: str) -> str:
    """The source `stored_source` was given (a file name with its exact bytes)."""
    if stored.startswith(_FILE_URI):
        return os.fsdecode(unquote_to_bytes(stored[len(_FILE_URI):]))
    return stored


def sha256_of_iri(iri: str) -> str:
    """The hex SHA-256 an `ni:///sha-256;...` IRI names ("" for any other IRI)."""
    match = re.fullmatch(r"ni://[^/]*/sha-256;([A-Za-z0-9_-]{43})", iri)
    if not match:
        return ""
    return base64.urlsafe_b64decode(match.group(1) + "=").hex()
