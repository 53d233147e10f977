"""Where the reader left each pair of articles, and the pairs opened most recently.

One row per pair (keyed by both texts' hashes and sources, in order): the
state the reader restores when the pair opens again (plain JSON: the
cursor's and the top line's text offsets in each pane, the pane being read,
the highlight mode) and when it was last opened, for the list of recent
pairs. Written by the reader as it moves and as it closes a pair; never by a headless command.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotations.store.records import ArticleLike, now

if TYPE_CHECKING:
    from annotations.store.store import Store

#: Pairs offered as "recent", at most.
RECENT = 10


@dataclass(frozen=True)
class RecentPair:
    """A pair opened before: its two sources (paths or URLs), headlines and when."""

    source_a: str
    source_b: str
    title_a: str
    title_b: str
    opened: str


def pair_key(a: ArticleLike, b: ArticleLike) -> str:
    """The key of a pair: its texts and sources, in order."""
    parts = "\0".join((a.sha256, a.source, b.sha256, b.source))
    return hashlib.sha256(parts.encode("utf-8", "surrogateescape")).hexdigest()


def save_reading(store: Store, a: ArticleLike, b: ArticleLike, state: dict[str, Any]) -> None:
    """Keep where the reader is in the pair (a, b), and that it was opened now."""
    row = {"pair": pair_key(a, b), "source_a": a.source, "source_b": b.source,
           "title_a": a.title, "title_b": b.title, "state": json.dumps(state), "opened": now()}
    with store._write():  # noqa: SLF001  the store's own transaction helper
        store.db.table("reading").upsert(row, pk="pair")


def reading(store: Store, a: ArticleLike, b: ArticleLike) -> dict[str, Any]:
    """Where the reader left the pair (a, b) ({} for a pair never opened, or a state unreadable)."""
    rows = list(store.db["reading"].rows_where("pair = ?", [pair_key(a, b)]))
    if not rows:
        return {}
    try:
        state = json.loads(rows[0]["state"])
    except (TypeError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def recent_pairs(store: Store, limit: int = RECENT) -> list[RecentPair]:
    """The pairs opened most recently, newest first."""
    rows = store.db["reading"].rows_where(order_by="opened desc", limit=limit)
    return [RecentPair(r["source_a"], r["source_b"], r["title_a"] or "", r["title_b"] or "", r["opened"])
            for r in rows]
