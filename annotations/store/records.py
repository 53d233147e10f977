"""The store's records: an annotation, a stored article, what opening an article gives.

Frozen dataclasses over text offsets, and their conversion to and from
database rows (tags are kept as a JSON list).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Protocol

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

    @property
    def quote(self) -> TextQuote:
        """The passage as W3C selectors."""
        return TextQuote(self.exact, self.prefix, self.suffix, self.start, self.end)


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
    )


#: Annotation columns in `Annotation` field order, for reading many rows fast.
COLUMNS = "id, article_id, start, [end], exact, prefix, suffix, tags, note, created, modified"


def from_values(values: tuple) -> Annotation:
    """An annotation from the values of `COLUMNS`, in order."""
    (id_, article_id, start, end, exact, prefix, suffix, tags, note, created, modified) = values
    return Annotation(id_, article_id, start, end, exact, prefix or "", suffix or "",
                      _tags(tags), note or "", created, modified)


def to_row(annotation: Annotation) -> dict[str, Any]:
    """The `annotations` table row of an annotation."""
    return {
        "id": annotation.id, "article_id": annotation.article_id,
        "start": annotation.start, "end": annotation.end, "exact": annotation.exact,
        "prefix": annotation.prefix, "suffix": annotation.suffix,
        "tags": json.dumps(list(annotation.tags), ensure_ascii=False),
        "note": annotation.note, "created": annotation.created, "modified": annotation.modified,
    }
