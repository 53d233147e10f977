"""The reader's verdicts on pairs of sentences: confirmed, rejected, or linked by hand.

A verdict says what a person decided about sentence `a` of article A and
sentence `b` of article B: the matcher's pair is right (`confirmed`), wrong
(`rejected`), or the person linked two sentences themselves (`linked`),
with a tier (`same` or `related`). It is kept in the `verdicts` table, keyed
by the two articles as the store keys them (text hash and source) and
anchored like an annotation, by the quote of each sentence with its context
(W3C TextQuote), so that it is found again in an edited text, after a
re-analysis and under a new matcher: verdicts never depend on the analysis.

The quotes stay as they were judged; `placed_verdicts` finds them in the
texts open now (re-anchoring in memory, nothing written), so that `compare`
reads verdicts with plain sqlite3, without writing to the database.
A verdict whose sentence cannot be found is an orphan: kept, not applied.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotations.store.anchoring import TextQuote, locate, quote_at
from annotations.store.records import ArticleLike, instant, now, stored_source

if TYPE_CHECKING:
    from annotations.store.store import Store

CONFIRMED, REJECTED, LINKED = "confirmed", "rejected", "linked"
#: What a person can say about a pair.
VERDICTS = (CONFIRMED, REJECTED, LINKED)
#: The tiers of a pair (see `spec/compare-json.md`).
TIERS = ("same", "related")
TABLE = "verdicts"
_COLUMNS = ("id, article_a, article_b, start_a, end_a, exact_a, prefix_a, suffix_a, "
            "start_b, end_b, exact_b, prefix_b, suffix_b, verdict, tier, created")


@dataclass(frozen=True)
class Verdict:
    """One verdict as stored: the two passages as judged, what was said, when."""

    id: str
    """A UUID, stable across exports."""
    article_a: int
    """The `articles` row of A's text when it was judged."""
    article_b: int
    a: TextQuote
    """A's sentence as judged (quote, context, offsets)."""
    b: TextQuote
    verdict: str
    """One of `VERDICTS`."""
    tier: str
    """One of `TIERS`: as the person said it for a link, the matcher's for a confirmed or rejected pair."""
    created: str


@dataclass(frozen=True)
class VerdictChange:
    """A change of the verdicts as the journal keeps it: the ids removed, then the verdicts put in.

    Written twice, it leaves the same verdicts (see `apply_change`).
    """

    remove: tuple[str, ...] = ()
    insert: tuple[Verdict, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"remove": list(self.remove), "insert": [list(_to_values(v)) for v in self.insert]}

    @staticmethod
    def from_json(entry: dict[str, Any]) -> VerdictChange:
        return VerdictChange(tuple(str(i) for i in entry["remove"]),
                             tuple(_from_values(tuple(values)) for values in entry["insert"]))


@dataclass(frozen=True)
class PlacedVerdict:
    """A verdict found in the texts open now: where each of its passages sits."""

    verdict: Verdict
    a: tuple[int, int]
    """Offsets of A's passage in A's current text."""
    b: tuple[int, int]


@dataclass(frozen=True)
class VerdictSources:
    """A verdict with the source and text hash of each of its articles (for exports)."""

    verdict: Verdict
    source_a: str
    sha256_a: str
    source_b: str
    sha256_b: str


def _from_values(values: tuple[Any, ...]) -> Verdict:
    (id_, art_a, art_b, start_a, end_a, exact_a, prefix_a, suffix_a,
     start_b, end_b, exact_b, prefix_b, suffix_b, verdict, tier, created) = values
    return Verdict(id_, art_a, art_b, TextQuote(exact_a, prefix_a or "", suffix_a or "", start_a, end_a),
                   TextQuote(exact_b, prefix_b or "", suffix_b or "", start_b, end_b), verdict, tier, created)


def _to_values(v: Verdict) -> tuple[Any, ...]:
    return (v.id, v.article_a, v.article_b, v.a.start, v.a.end, v.a.exact, v.a.prefix, v.a.suffix,
            v.b.start, v.b.end, v.b.exact, v.b.prefix, v.b.suffix, v.verdict, v.tier, v.created)


def _has_table(conn: sqlite3.Connection) -> bool:
    return conn.execute("select 1 from sqlite_master where type = 'table' and name = ?", [TABLE]).fetchone() \
        is not None


def placed_verdicts(
    conn: sqlite3.Connection, article_a: ArticleLike, article_b: ArticleLike,
) -> tuple[list[PlacedVerdict], list[Verdict]]:
    """The verdicts on this pair of articles, placed in their texts as they are now.

    A verdict belongs to the pair when each of its articles has the same
    source or the same text as the one open (so an edited text keeps them);
    one made with the two articles the other way round is turned round.
    Nothing is written.

    Args:
        conn: An open connection to a newsread database.
        article_a: Article A as open now.
        article_b: Article B.

    Returns:
        The verdicts placed (the newest last), and the orphans, whose
        sentences were not found.
    """
    if not _has_table(conn):
        return [], []
    keys: list[Any] = [stored_source(article_a.source), article_a.sha256,
                       stored_source(article_b.source), article_b.sha256]
    columns = ", ".join(f"v.{c.strip()}" for c in _COLUMNS.split(","))
    found: list[tuple[Verdict, bool]] = []
    for turned, params in ((False, keys), (True, keys[2:] + keys[:2])):
        rows = conn.execute(
            f"select {columns} from {TABLE} v "
            "join articles x on x.id = v.article_a join articles y on y.id = v.article_b "
            "where (x.source = ? or x.sha256 = ?) and (y.source = ? or y.sha256 = ?) order by v.created, v.rowid",
            params,
        ).fetchall()
        found += [(_from_values(tuple(row)), turned) for row in rows]
    placed: list[PlacedVerdict] = []
    orphans: list[Verdict] = []
    seen: set[str] = set()
    for verdict, turned in found:
        if verdict.id in seen:
            continue  # the same pair of articles both ways (an article compared with itself)
        seen.add(verdict.id)
        if turned:
            verdict = Verdict(verdict.id, verdict.article_b, verdict.article_a, verdict.b, verdict.a,
                              verdict.verdict, verdict.tier, verdict.created)
        match_a, match_b = locate(article_a.text, verdict.a), locate(article_b.text, verdict.b)
        if match_a is None or match_b is None:
            orphans.append(verdict)
        else:
            placed.append(PlacedVerdict(verdict, (match_a.start, match_a.end), (match_b.start, match_b.end)))
    placed.sort(key=lambda p: instant(p.verdict.created))
    return placed, orphans


def read_verdicts(path: Any, article_a: ArticleLike, article_b: ArticleLike) -> list[PlacedVerdict]:
    """`placed_verdicts` from the database file at `path`, read-only; none when there is no such file.

    Raises:
        sqlite3.Error: If the file cannot be read as a database.
    """
    from pathlib import Path

    file = Path(path)
    if not file.is_file():
        return []
    conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    try:
        return placed_verdicts(conn, article_a, article_b)[0]
    finally:
        conn.close()


def new_verdict(
    article_ids: tuple[int, int], texts: tuple[str, str], a: tuple[int, int], b: tuple[int, int],
    verdict: str, tier: str,
) -> Verdict:
    """The verdict `verdict` with `tier` on passage `a` of A and `b` of B, not stored yet (a new id, now).

    Raises:
        ValueError: If the verdict or the tier is not one newsread knows.
    """
    if verdict not in VERDICTS or tier not in TIERS:
        raise ValueError(f"unknown verdict {verdict!r} or tier {tier!r}")
    return Verdict(str(uuid.uuid4()), article_ids[0], article_ids[1], quote_at(texts[0], *a),
                   quote_at(texts[1], *b), verdict, tier, now())


def judge(
    store: Store, article_ids: tuple[int, int], texts: tuple[str, str],
    a: tuple[int, int], b: tuple[int, int], verdict: str, tier: str,
    replaces: Verdict | None = None, made: Verdict | None = None,
) -> Verdict:
    """Record a verdict on passage `a` of A and `b` of B, in one transaction.

    Args:
        store: Where to write.
        article_ids: The stored ids of A and B (`StoredArticle.id`).
        texts: The two texts (for the quotes and their context).
        a: Offsets of A's sentence.
        b: Offsets of B's sentence.
        verdict: One of `VERDICTS`.
        tier: One of `TIERS`.
        replaces: The verdict this one takes the place of (on the same pair), removed in the same transaction.
        made: The verdict to store, made by `new_verdict` already (kept in the journal first); None: made here.

    Returns:
        The verdict as stored.

    Raises:
        ValueError: If the verdict or the tier is not one newsread knows.
    """
    made = made or new_verdict(article_ids, texts, a, b, verdict, tier)
    with store._write():  # the store's one kind of transaction (BEGIN IMMEDIATE)
        if replaces is not None:
            store.db.conn.execute(f"delete from {TABLE} where id = ?", [replaces.id])
        _insert(store.db.conn, made)
    return made


def _insert(conn: sqlite3.Connection, verdict: Verdict) -> None:
    conn.execute(f"insert into {TABLE} ({_COLUMNS}) values ({', '.join('?' * 16)})", _to_values(verdict))


def unjudge(store: Store, made: Verdict | None, restore: Verdict | None) -> None:
    """Undo a verdict: remove `made` and put back `restore` (the verdict it replaced), in one transaction."""
    with store._write():
        if made is not None:
            store.db.conn.execute(f"delete from {TABLE} where id = ?", [made.id])
        if restore is not None:
            store.db.conn.execute(f"delete from {TABLE} where id = ?", [restore.id])
            _insert(store.db.conn, restore)


def apply_change(store: Store, change: VerdictChange) -> None:
    """Write `change` in one transaction (the journal's replay): what it removes and puts in, gone first."""
    with store._write():
        for gone in (*change.remove, *(v.id for v in change.insert)):
            store.db.conn.execute(f"delete from {TABLE} where id = ?", [gone])
        for verdict in change.insert:
            _insert(store.db.conn, verdict)


def import_verdicts(store: Store, entries: list[tuple[str, str, Verdict]]) -> tuple[int, int]:
    """Store imported verdicts, inside the import's transaction (see `imports.import_document`).

    Each is attached to the stored article of its sources (a placeholder row
    for a source not seen yet, placed by quote when it is opened); one whose
    id is there already is left as it is (a verdict is never edited, only
    replaced by a new one).

    Args:
        entries: (source of A, source of B, the verdict with any article ids).

    Returns:
        How many verdicts were added, and how many were there already.
    """
    from dataclasses import replace

    added = there = 0
    conn = store.db.conn
    for source_a, source_b, verdict in entries:
        if conn.execute(f"select 1 from {TABLE} where id = ?", [verdict.id]).fetchone() is not None:
            there += 1
            continue
        article_a = store._article_for(stored_source(source_a))
        article_b = store._article_for(stored_source(source_b))
        _insert(conn, replace(verdict, article_a=article_a.id, article_b=article_b.id))
        added += 1
    return added, there


def all_verdicts(store: Store) -> list[VerdictSources]:
    """Every stored verdict with its articles' sources and hashes, oldest first (for exports)."""
    columns = ", ".join(f"v.{c.strip()}" for c in _COLUMNS.split(","))
    rows = store.db.conn.execute(
        f"select {columns}, x.source, x.sha256, y.source, y.sha256 from {TABLE} v "
        "join articles x on x.id = v.article_a join articles y on y.id = v.article_b order by v.created, v.rowid"
    ).fetchall()
    return [VerdictSources(_from_values(tuple(row[:16])), *row[16:]) for row in rows]
