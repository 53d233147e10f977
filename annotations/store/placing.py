"""Where an article's annotations sit in its text as it is now: the one placing rule, without writing.

`place` is the rule `Store.open_article` applies (and then writes): those on
the same text stay where they are, those made on an earlier text of the
same source (or imported without usable offsets) are found again by quote
(`anchoring.reanchor`), and those not found are orphans. `read_annotations`
applies it to a database file opened read-only with plain sqlite3, for
`compare --format html`, which shows the annotations and writes nothing
(and so never imports sqlite-utils).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from annotations.store.anchoring import quote_at, reanchor
from annotations.store.records import (
    ANNOTATED,
    CHANGED,
    COLUMNS,
    MOVED,
    ORPHAN,
    UNPLACED,
    Annotation,
    ArticleLike,
    from_values,
    instant,
    now,
    stored_source,
)


@dataclass(frozen=True)
class Placed:
    """An article's annotations placed in its text, and which of them changed in being placed."""

    placed: list[Annotation]
    """Every annotation that fits the text, by start offset."""
    orphans: list[Annotation]
    """Those not found in the text (marked as orphans)."""
    changed: list[Annotation]
    """Those whose stored row differs from how they sit now (to be written by whoever writes)."""
    moved: int
    """How many were moved over from an earlier version of the text."""


def placement_in_own_text(annotation: Annotation) -> str:
    """How an annotation sits when the text it was last placed in is open again."""
    if annotation.changed:
        return CHANGED
    return MOVED if annotation.original else ANNOTATED


def select_rows(conn: sqlite3.Connection, source: str, sha256: str) -> list[tuple[str, Annotation]]:
    """The annotations of a text or of its source, each with the hash of the text it was stored on."""
    columns = ", ".join(f"annotations.{c}" for c in COLUMNS.split(", "))
    # Plain tuples straight from sqlite3: this is the one read that can return tens of thousands of rows.
    rows = conn.execute(
        f"select articles.sha256, {columns} from annotations "
        "join articles on articles.id = annotations.article_id "
        "where articles.source = ? or articles.sha256 = ?",
        [source, sha256],
    )
    return [(sha256_, from_values(tuple(values))) for sha256_, *values in rows]


def place(text: str, sha256: str, article_id: int, rows: Iterable[tuple[str, Annotation]]) -> Placed:
    """Place stored annotations in `text` (whose hash is `sha256`, stored as `article_id`).

    Args:
        text: the article's text as it is now.
        sha256: its hash.
        article_id: its row in `articles` (what a moved annotation is attached to).
        rows: each annotation with the hash of the text it was stored on (`select_rows`).
    """
    placed: list[Annotation] = []
    stale: list[Annotation] = []
    back: list[Annotation] = []
    for stored_on, annotation in rows:
        fits = (stored_on == sha256 and annotation.placement != UNPLACED
                and text[annotation.start:annotation.end] == annotation.exact)
        if not fits:
            stale.append(annotation)
        elif annotation.placement == ORPHAN:
            # The text it was made on is open again: it fits where it was.
            back.append(replace(annotation, placement=placement_in_own_text(annotation)))
        else:
            placed.append(annotation)
    moved: list[Annotation] = []
    found, lost = reanchor(text, ((a, a.quote) for a in stale))
    stamp = now()
    for annotation, match in found:
        quote = quote_at(text, match.start, match.end)
        annotated = annotation.annotated_quote
        if quote.exact != annotated:
            placement, original = CHANGED, annotated
        elif annotation.placement == UNPLACED:
            placement, original = ANNOTATED, annotation.original
        elif annotation.original or (match.start, match.end) != (annotation.start, annotation.end):
            placement, original = MOVED, annotated
        else:
            placement, original = annotation.placement, annotation.original
        after = replace(
            annotation, article_id=article_id, start=quote.start, end=quote.end,
            exact=quote.exact, prefix=quote.prefix, suffix=quote.suffix,
            original=original, placement=placement,
        )
        if after != annotation:
            after = replace(after, modified=stamp)
        moved.append(after)
    orphans = [replace(a, placement=ORPHAN) for a in lost]
    changed = moved + back + [o for o, a in zip(orphans, lost) if a.placement != ORPHAN]
    placed.extend(moved)
    placed.extend(back)
    placed.sort(key=lambda a: (a.start, a.end, instant(a.created)))
    return Placed(placed, orphans, changed, len(moved))


def read_annotations(path: Path, article: ArticleLike) -> Placed:
    """The annotations of `article` placed in its text, and its orphans, from the database at `path`, read-only.

    None when there is no such file, or it has no annotations yet.

    Raises:
        sqlite3.Error: If the file cannot be read as a database.
    """
    if not path.is_file():
        return Placed([], [], [], 0)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    try:
        if conn.execute("select 1 from sqlite_master where type = 'table' and name = 'annotations'").fetchone() is None:
            return Placed([], [], [], 0)
        row = conn.execute("select id from articles where sha256 = ? and source = ?",
                           [article.sha256, stored_source(article.source)]).fetchone()
        rows = select_rows(conn, stored_source(article.source), article.sha256)
        return place(article.text, article.sha256, row[0] if row else 0, rows)
    finally:
        conn.close()
