"""Web pages kept in the database, so an article read from a URL opens again offline.

Each successful fetch replaces the page's saved copy (the raw bytes as the
server sent them, with what is needed to read them again). When the page
cannot be fetched later, the saved copy is read instead: extraction gives
the same text, so the article keeps its identity and its annotations.
Keeping a copy is a convenience: if the database cannot be opened, reading
the page goes on without it.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.errors import InputError
from annotations.sources.fetching import Fetched

if TYPE_CHECKING:  # sqlite-utils loads only when a page is kept or looked up
    from annotations.store.store import Store


def _store(db_path: Path) -> Store:
    from annotations.store.store import Store

    return Store(db_path)


def keep(page: Fetched, db_path: Path) -> bool:
    """Save `page` as the latest copy of its URL; False when the database is unusable."""
    try:
        store = _store(db_path)
    except InputError:
        return False
    try:
        with store.db.conn:
            store.db.table("pages").upsert({
                "url": page.url, "final_url": page.final_url, "kind": page.kind,
                "charset": page.charset or "", "data": page.data,
                "fetched": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            }, pk="url")
        return True
    except Exception:  # a full disk or a locked file must not stop the reading
        return False
    finally:
        store.close()


def saved(url: str, db_path: Path) -> tuple[Fetched, str] | None:
    """The saved copy of `url` and when it was fetched (ISO 8601, UTC), if there is one."""
    if not db_path.exists():
        return None
    try:
        store = _store(db_path)
    except InputError:
        return None
    try:
        rows = list(store.db["pages"].rows_where("url = ?", [url]))
    except Exception:
        return None
    finally:
        store.close()
    if not rows:
        return None
    row = rows[0]
    page = Fetched(row["url"], row["final_url"], row["kind"], row["charset"] or None, row["data"])
    return page, row["fetched"]
