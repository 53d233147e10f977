"""Tags and notes in one SQLite database, each change committed as it is made.

`Store` is a small class over sqlite-utils. Every change (add, retag,
re-note, delete, undo) is one `BEGIN IMMEDIATE` transaction, committed
before the method returns, so a crash or a closed terminal loses nothing.
The database runs in WAL mode with a busy timeout: two newsread processes
on one file wait for each other's short writes instead of failing with
"database is locked".

Articles are keyed by the SHA-256 of their text together with their source
(kept in a form that holds any file name, see `records.stored_source`).
Opening an article finds the annotations of the same text (from any source)
at their stored offsets, and re-anchors those made on an earlier version of
the same source (see `anchoring`): each keeps the quote the person
annotated (`Annotation.original`) and says where it sits now
(`Annotation.placement`); what cannot be re-anchored is marked and
returned as orphans, and kept in the database.

Connections are tied to the thread that opened them (sqlite3's default):
use a Store from one thread.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotations.errors import InputError
from annotations.store.anchoring import quote_at
from annotations.store.database import open_database, open_read_only, refusal
from annotations.store.placing import place, select_rows
from annotations.store.records import (
    MAX_NOTE,
    MAX_TAG,
    MAX_TAGS,
    ORPHAN,
    UNPLACED,
    Annotation,
    ArticleLike,
    Opened,
    StoredArticle,
    clean_tags,
    from_row,
    instant,
    now,
    sha256_of_iri,
    stored_source,
    to_row,
)
from annotations.store.schema import migration_set


class Store:
    """Annotations of articles in one SQLite database.

    Args:
        path: The database file (created with its folder if missing); None
            for an in-memory database, as tests use.
        read_only: Only read the file (exports): it may be read-only; it is
            opened without writing, and any write fails.

    Raises:
        InputError: If the file is not a newsread database, is damaged,
            read-only (unless `read_only`), or comes from a newer newsread.
            It is left untouched.
    """

    def __init__(self, path: Path | str | None = None, read_only: bool = False) -> None:
        self.path = Path(path).expanduser() if path is not None else None
        # The undo history of this session: (kind, annotation before the change).
        self._history: list[tuple[str, Annotation]] = []
        # What undo took back, to redo: (kind, annotation before the change, after it).
        self._undone: list[tuple[str, Annotation, Annotation | None]] = []
        if read_only and self.path:
            self.db = open_read_only(self.path)
            return
        self.db = open_database(self.path) if self.path else Database(memory=True, execute_plugins=False)
        try:
            with self._write():
                # Inside one IMMEDIATE transaction, so that two processes
                # opening a new file at once do not both create the tables.
                migration_set().apply(self.db)
        except sqlite3.DatabaseError as error:
            self.db.close()
            raise refusal(self.path, error) from None

    def close(self) -> None:
        """Close the connection (every change is already committed)."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock first, so a writer waits (busy
        # timeout) rather than failing when its read snapshot turns stale.
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.commit()
        except BaseException:
            self.db.rollback()
            raise

    # -- articles ----------------------------------------------------------

    def article(self, article: ArticleLike) -> StoredArticle:
        """The stored row of `article`, added on first sight."""
        with self._write():
            return self._article_row(article.sha256, stored_source(article.source), article.title,
                                     len(article.text))

    def _article_row(self, sha256: str, source: str, title: str, length: int) -> StoredArticle:
        """The row of a text and source, inserted if missing (inside a write)."""
        self.db.table("articles").insert(
            {"sha256": sha256, "source": source, "title": title, "length": length, "first_opened": now()},
            ignore=True,
        )
        row = next(self.db["articles"].rows_where("sha256 = ? and source = ?", [sha256, source]))
        return StoredArticle(row["id"], row["sha256"], row["source"], row["title"] or "", row["length"] or 0)

    def articles(self) -> dict[int, StoredArticle]:
        """Every stored article by id."""
        return {
            row["id"]: StoredArticle(row["id"], row["sha256"], row["source"], row["title"] or "", row["length"] or 0)
            for row in self.db["articles"].rows
        }

    def open_article(self, article: ArticleLike) -> Opened:
        """Store `article` if new and place every annotation it carries.

        Annotations on the same text (any source) keep their offsets when
        their quote is there; those made on an earlier text of the same
        source, and imported ones without usable offsets, are placed by
        quote. Each one placed elsewhere keeps the quote the person
        annotated (`original`), says how it sits now (`placement`: moved,
        or changed when its words differ) and gets a new `modified` time;
        those not found are marked as orphans and stay where they were.
        Every such change is written in one transaction.

        Args:
            article: The article as loaded now.

        Returns:
            The placed annotations and the orphans.
        """
        stored = self.article(article)
        found = place(article.text, article.sha256, stored.id,
                      select_rows(self.db.conn, stored.source, article.sha256))
        if found.changed:
            with self._write():
                # One statement for all: re-anchoring can move thousands.
                self.db.conn.executemany(
                    "update annotations set article_id = ?, start = ?, [end] = ?, exact = ?, "
                    "prefix = ?, suffix = ?, original = ?, placement = ?, modified = ? where id = ?",
                    [(a.article_id, a.start, a.end, a.exact, a.prefix, a.suffix, a.original,
                      a.placement, a.modified, a.id) for a in found.changed],
                )
        return Opened(stored, tuple(found.placed), tuple(found.orphans), found.moved)

    # -- changes -----------------------------------------------------------

    def add(
        self, article_id: int, text: str, start: int, end: int,
        tags: Iterable[str] = (), note: str = "", annotation_id: str | None = None,
    ) -> Annotation:
        """Annotate `text[start:end]` of a stored article.

        Args:
            article_id: The `StoredArticle.id` of the text.
            text: The article text (for the quote and its context).
            start: Offset where the passage starts.
            end: Offset just past it.
            tags: Tags to give it.
            note: Its note.
            annotation_id: Its id (None: a new one); the reader chooses it before writing, to keep
                the change where it can be written again (`journal`) under the same id.

        Returns:
            The new annotation, already committed.
        """
        annotation = new_annotation(article_id, text, start, end, tags, note, annotation_id)
        with self._write():
            self.db.table("annotations").insert(to_row(annotation))
        self._record("added", annotation)
        return annotation

    def put(self, row: dict[str, Any]) -> None:
        """Write an annotation's row as it is, added or replacing the one with its id (a kept change)."""
        with self._write():
            self.db.table("annotations").insert(row, replace=True)

    def get(self, annotation_id: str) -> Annotation | None:
        """The annotation with this id, or None if there is none (any more)."""
        rows = list(self.db["annotations"].rows_where("id = ?", [annotation_id]))
        return from_row(rows[0]) if rows else None

    def _change(self, annotation_id: str, **changes: Any) -> Annotation:
        with self._write():
            before = self.get(annotation_id)
            if before is None:
                raise KeyError(annotation_id)
            after = replace(before, modified=now(), **changes)
            self.db.table("annotations").update(annotation_id, to_row(after))
        self._record("changed", before)
        return after

    def set_tags(self, annotation_id: str, tags: Iterable[str]) -> Annotation:
        """Replace the tags of an annotation; returns it as saved.

        Raises:
            InputError: If a tag is too long or there are too many.
        """
        return self._change(annotation_id, tags=check_tags(tags))

    def set_note(self, annotation_id: str, note: str) -> Annotation:
        """Replace the note of an annotation; returns it as saved.

        Raises:
            InputError: If the note is longer than `MAX_NOTE` characters.
        """
        check_note(note)
        return self._change(annotation_id, note=note)

    def delete(self, annotation_id: str) -> Annotation | None:
        """Remove an annotation; returns what was removed (None if nothing was)."""
        with self._write():
            before = self.get(annotation_id)
            if before is None:
                return None
            self.db.table("annotations").delete(annotation_id)
        self._record("deleted", before)
        return before

    def _record(self, kind: str, before: Annotation) -> None:
        self._history.append((kind, before))
        self._undone.clear()  # a new change ends what could be redone

    def can_undo(self) -> bool:
        """Whether this session has a change left to undo."""
        return bool(self._history)

    def undo(self) -> Annotation | None:
        """Undo this session's last change, in its own transaction.

        Returns:
            The annotation as it is after the undo (for a removed one, as it
            was), or None when there is nothing left to undo.
        """
        if not self._history:
            return None
        kind, before = self._history[-1]
        with self._write():
            after = self.get(before.id)
            if kind == "added":
                self.db.table("annotations").delete_where("id = ?", [before.id])
            else:
                # Restores a deleted annotation, or the previous tags/note.
                self.db.table("annotations").upsert(to_row(before), pk="id")
        # Only once committed: refused (the database is busy), the same undo is tried again.
        self._history.pop()
        self._undone.append((kind, before, after))
        return before

    def planned_undo(self) -> Annotation | str | None:
        """What `undo` would leave: the annotation as it would be, or the id it would remove (None: nothing)."""
        if not self._history:
            return None
        kind, before = self._history[-1]
        return before.id if kind == "added" else before

    def can_redo(self) -> bool:
        """Whether an undone change can be made again (until a new change is made)."""
        return bool(self._undone)

    def redo(self) -> Annotation | None:
        """Make the last undone change again, in its own transaction.

        Returns:
            The annotation as it is after the redo (for a removed one, as it
            was), or None when there is nothing to redo.
        """
        if not self._undone:
            return None
        kind, before, after = self._undone[-1]
        with self._write():
            if kind == "deleted" or after is None:
                self.db.table("annotations").delete_where("id = ?", [before.id])
            else:
                self.db.table("annotations").upsert(to_row(after), pk="id")
        self._undone.pop()
        self._history.append((kind, before))
        return after if after is not None else before

    def planned_redo(self) -> Annotation | str | None:
        """What `redo` would leave: the annotation as it would be, or the id it would remove (None: nothing)."""
        if not self._undone:
            return None
        kind, before, after = self._undone[-1]
        return before.id if kind == "deleted" or after is None else after

    # -- reading -----------------------------------------------------------

    def annotations(self, article_id: int) -> list[Annotation]:
        """The annotations stored on one article, by start offset."""
        rows = self.db["annotations"].rows_where("article_id = ?", [article_id], order_by="start, [end]")
        return [from_row(row) for row in rows]

    def search(
        self, article_ids: Iterable[int] | None = None, tag: str | None = None,
        words: str | None = None,
    ) -> list[Annotation]:
        """Annotations filtered by article, by tag and by words in their notes.

        Args:
            article_ids: Only these articles (None: all).
            tag: Only annotations carrying this tag (case-insensitive).
            words: Only annotations whose note contains every one of these
                words (case-insensitive).

        Returns:
            The matching annotations, by article then start offset.
        """
        where: list[str] = []
        params: list[int | str] = []
        if article_ids is not None:
            ids = list(article_ids)
            where.append(f"article_id in ({', '.join('?' * len(ids)) or 'null'})")
            params.extend(ids)
        if tag:
            where.append("exists (select 1 from json_each(annotations.tags) where lower(value) = lower(?))")
            params.append(tag.strip())
        for word in (words or "").split():
            where.append("instr(lower(note), lower(?)) > 0")
            params.append(word)
        rows = self.db["annotations"].rows_where(
            " and ".join(where) or None, params, order_by="article_id, start, [end]")
        return [from_row(row) for row in rows]

    def all_tags(self) -> list[str]:
        """Every tag in use, most used first (for completion)."""
        rows = self.db.query(
            "select value, count(*) as n from annotations, json_each(annotations.tags) "
            "group by value order by n desc, lower(value)"
        )
        return [row["value"] for row in rows]

    # -- import ------------------------------------------------------------

    def import_annotations(self, entries: Iterable[tuple[str, Annotation]],
                           then: Callable[[], object] | None = None) -> tuple[int, int]:
        """Store imported annotations, all in one transaction: all of them or, on any error, none.

        An annotation already there (same id) keeps its article and is
        replaced only by a newer version of itself. One of an article not
        yet stored is attached to a row for its source. One of an article
        whose text was never read here, or whose offsets do not fit its
        article's length, is stored as unplaced (placed by quote at the next
        opening), never at offsets nothing has checked.

        Args:
            entries: Each annotation with the source it came from (its
                `article_id` is ignored).
            then: More to write in the same transaction (the verdicts of an import).

        Returns:
            How many annotations were added or updated, and how many were
            already there.

        Raises:
            InputError: If the database cannot be written (a full disk, a
                lock held too long); nothing is written then.
        """
        changed = unchanged = 0
        by_source: dict[str, StoredArticle] = {}
        try:
            with self._write():
                for source, annotation in entries:
                    current = self.get(annotation.id)
                    if current is not None:
                        article_id = current.article_id
                        length = self._length(article_id)
                    else:
                        key = stored_source(source)
                        if key not in by_source:
                            by_source[key] = self._article_for(key)
                        article_id, length = by_source[key].id, by_source[key].length
                    if annotation.placement not in (UNPLACED, ORPHAN) and length and annotation.end > length:
                        annotation = replace(annotation, start=0, end=0, placement=UNPLACED)
                    elif annotation.placement not in (UNPLACED, ORPHAN) and not length:
                        # The text was never read here: its offsets, kept as given, are
                        # unchecked until the article is opened and they are tried first.
                        annotation = replace(annotation, placement=UNPLACED)
                    annotation = replace(annotation, article_id=article_id)
                    if current == annotation or (
                            current is not None and instant(current.modified) >= instant(annotation.modified)):
                        unchanged += 1
                        continue
                    self.db.table("annotations").upsert(to_row(annotation), pk="id")
                    changed += 1
                if then is not None:
                    then()
        except sqlite3.Error as error:
            raise refusal(self.path, error) from None
        return changed, unchanged

    def _length(self, article_id: int) -> int:
        row = self.db.conn.execute("select length from articles where id = ?", [article_id]).fetchone()
        return int(row[0] or 0) if row else 0

    def _article_for(self, source: str) -> StoredArticle:
        """The newest stored article of `source` (as stored), or a placeholder row for it (inside a write)."""
        row = self.db.conn.execute(
            "select id, sha256, source, title, length from articles where source = ? order by id desc limit 1",
            [source],
        ).fetchone()
        if row is not None:
            return StoredArticle(row[0], row[1], row[2], row[3] or "", row[4] or 0)
        # A text named by its hash is found by that hash when it is opened.
        # Otherwise the text is unknown: an empty hash never equals a real one,
        # so opening the source re-anchors these annotations by quote.
        return self._article_row(sha256_of_iri(source), source, "", 0)


def new_annotation(
    article_id: int, text: str, start: int, end: int,
    tags: Iterable[str] = (), note: str = "", annotation_id: str | None = None,
) -> Annotation:
    """An annotation of `text[start:end]`, not yet stored (see `Store.add`).

    Raises:
        InputError: If the note is too long, or a tag.
    """
    quote = quote_at(text, start, end)
    check_note(note)
    stamp = now()
    return Annotation(
        id=annotation_id or str(uuid.uuid4()), article_id=article_id, start=quote.start, end=quote.end,
        exact=quote.exact, prefix=quote.prefix, suffix=quote.suffix,
        tags=check_tags(tags), note=note, created=stamp, modified=stamp,
    )


def check_note(note: str) -> None:
    """Refuse a note longer than `MAX_NOTE` characters."""
    if len(note) > MAX_NOTE:
        raise InputError(f"a note is limited to {MAX_NOTE:,} characters (this one has {len(note):,}).")


def check_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """The tags cleaned (see `clean_tags`), or a refusal when one is too long or there are too many."""
    cleaned = clean_tags(tags)
    if len(cleaned) > MAX_TAGS:
        raise InputError(f"an annotation is limited to {MAX_TAGS} tags (this one has {len(cleaned)}).")
    for tag in cleaned:
        if len(tag) > MAX_TAG:
            raise InputError(f"a tag is limited to {MAX_TAG} characters (one has {len(tag):,}).")
    return cleaned
