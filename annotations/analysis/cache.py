"""The analysis cache: a pair analysed once opens at once the next time.

An analysis is stored in the annotations database (table `analysis_cache`,
created by the store's migrations) under a key made of the SHA-256 of both
texts, the spaCy pipeline's name and version, the claim matcher's version,
the sentence encoder's name and version,
newsread's version and a hash of the core's source code, so that changing
any of them (an upgrade, or an edit to the analysis) misses the cache.
The value is the `newsread.compare/1` JSON without the two texts (the
caller has them), compressed, with a SHA-256 checksum: an entry that does
not check out, or does not fit the texts, is recomputed, never trusted.

Reading and writing use the standard library's sqlite3 alone: a cached pair
then opens without importing spaCy or sqlite-utils (whose import alone
costs more than the whole read). The file is first checked as the store
checks it (`database.check_database`): a database the store refuses (not
newsread's, of a newer newsread, read-only) is neither read nor written
here either. A database without the table is first opened through `Store`,
whose migrations create it; clearing goes through `Store` too.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from datetime import datetime, timezone
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from annotations.analysis.compare_json import from_json, to_json
from annotations.analysis.comparison import Comparison
from annotations.analysis.pipeline import PipelineInfo
from annotations.errors import InputError
from annotations.sources.articles import Article
from annotations.store.database import check_database

TABLE = "analysis_cache"
#: Analyses kept; the least recently stored go first (an entry of an old
#: version of the code or model is never read again).
MAX_ENTRIES = 500
#: The layout of a stored value; change it to drop every older entry.
FORMAT = "newsread-cache/1"


@cache
def code_version() -> str:
    """newsread's version and a hash of the core's source files.

    The matcher's version names deliberate changes; the hash also catches
    any edit to the analysis code between releases (about a millisecond).
    """
    try:
        digest = hashlib.sha256(version("newsread").encode("utf-8"))
    except PackageNotFoundError:
        digest = hashlib.sha256(b"unknown")
    # Every module that reading or analysing runs: the whole core but the
    # store and the batch runner, which only keep and hand over the results.
    core = Path(__file__).resolve().parents[1]
    # The matcher's fitted weights (weights.json) are part of the analysis too.
    for path in sorted([*core.rglob("*.py"), *core.rglob("*.json")]):
        name = path.relative_to(core).as_posix()
        if not name.startswith(("store/", "batch/")):
            digest.update(name.encode("utf-8") + b"\x00" + path.read_bytes())
    return digest.hexdigest()


def cache_key(article_a: Article, article_b: Article, pipeline: PipelineInfo, matcher: str, encoder: str) -> str:
    """The key of the analysis of this pair with this pipeline, matcher and sentence encoder.

    Args:
        article_a, article_b: the pair, in reading order (A|B is not B|A).
        pipeline: the spaCy pipeline's name and version.
        matcher: the claim matcher's version (`claims.MATCHER`).
        encoder: the sentence encoder's name and version (`encoders.describe`).
    """
    parts = (FORMAT, code_version(), article_a.sha256, article_b.sha256,
             pipeline.name, pipeline.version, matcher, encoder)
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def _checked(data: dict[str, Any], articles: tuple[Article, Article], key: str) -> Comparison:
    """The comparison in `data`, if it belongs to `articles` and its offsets fit them.

    Raises:
        KeyError, TypeError, ValueError: when it does not.
    """
    if data.get("key") != key:
        raise ValueError("entry stored under another key")
    for doc, article in zip(data["documents"], articles):
        if doc["sha256"] != article.sha256:
            raise ValueError("entry for another text")
        doc["text"] = article.text
    result = from_json(data, articles)
    for analysed in (result.a, result.b):
        size = len(analysed.article.text)
        spans = [(s.start, s.end) for s in analysed.sentences] + [(m.start, m.end) for m in analysed.mentions]
        spans += [part for quote in analysed.quotes for part in quote.parts]
        if any(not 0 <= start <= end <= size for start, end in spans):
            raise ValueError("offset outside the text")
    ids = {e.id for e in result.entities}
    if any(m.entity not in ids for m in (*result.a.mentions, *result.b.mentions)):
        raise ValueError("mention of an unknown entity")
    if any(not (0 <= c.a < len(result.a.sentences) and 0 <= c.b < len(result.b.sentences))
           for c in result.claims):
        raise ValueError("claim between unknown sentences")
    return result


def _connect(db_path: Path) -> sqlite3.Connection:
    """A connection to an existing database file (never creates one)."""
    # mode=rw: a missing file raises instead of becoming an empty database.
    return sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=rw", uri=True, timeout=10)


def _usable(db_path: Path) -> bool:
    """Whether the store would use the file at `db_path` (see `database.check_database`)."""
    try:
        check_database(db_path)
    except InputError:
        return False
    return True


def get(db_path: Path, key: str, articles: tuple[Article, Article]) -> Comparison | None:
    """The cached analysis under `key`, or None when there is none or it is damaged.

    Never raises: a missing, locked, damaged or refused database is a cache miss.
    """
    if not db_path.is_file() or not _usable(db_path):
        return None
    try:
        conn = _connect(db_path)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute(f"SELECT checksum, data FROM {TABLE} WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        return None  # no cache table yet (an older database), or unreadable
    finally:
        conn.close()
    if row is None:
        return None
    checksum, blob = row
    try:
        if not isinstance(blob, bytes) or hashlib.sha256(blob).hexdigest() != checksum:
            return None
        return _checked(json.loads(zlib.decompress(blob)), articles, key)
    except (zlib.error, UnicodeDecodeError, KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None


def _insert(db_path: Path, row: dict[str, Any]) -> None:
    conn = _connect(db_path)
    try:
        with conn:
            conn.execute(
                f"INSERT OR REPLACE INTO {TABLE} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
            # A replaced row gets a new rowid, so rowid order is storing order.
            conn.execute(
                f"DELETE FROM {TABLE} WHERE rowid NOT IN "
                f"(SELECT rowid FROM {TABLE} ORDER BY rowid DESC LIMIT ?)", (MAX_ENTRIES,),
            )
    finally:
        conn.close()


def put(db_path: Path, key: str, comparison: Comparison) -> bool:
    """Store `comparison` under `key`, replacing any entry there.

    Returns:
        Whether it was stored; a database that cannot be written, or that
        the store refuses, is skipped, since the cache only saves time.
    """
    if not _usable(db_path):
        return False
    data = to_json(comparison)
    data["key"] = key
    for doc in data["documents"]:
        doc["text"] = None  # the caller has the texts; their hashes stay
    # A source may be a file name in no encoding (lone surrogates): they are
    # kept as they are, and json.loads reads them back the same.
    blob = zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"))
    row = {
        "key": key,
        "pipeline": f"{comparison.pipeline.name} {comparison.pipeline.version}",
        "matcher": comparison.matcher,
        "checksum": hashlib.sha256(blob).hexdigest(),
        "data": blob,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    try:
        _insert(db_path, row)
        return True
    except sqlite3.Error:
        pass  # no database or no cache table yet: the store creates them
    # sqlite-utils is imported only for a database not yet set up.
    from annotations.store.store import Store

    try:
        Store(db_path).close()
        _insert(db_path, row)
    except (InputError, sqlite3.Error):
        return False
    return True


def clear(db_path: Path) -> int:
    """Empty the cache of the database at `db_path`.

    Returns:
        How many cached analyses were removed.

    Raises:
        InputError: when the database cannot be opened.
    """
    from annotations.store.store import Store

    with Store(db_path) as store:
        with store.db.conn:
            count = store.db[TABLE].count
            store.db.execute(f"DELETE FROM {TABLE}")
    return count
