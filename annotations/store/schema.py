"""The database schema, as numbered migrations applied on open.

To change the schema, write one function named `mNNN_what_it_does` with the
next number and append it to `STEPS`, the ordered list of every migration.
A step's name is recorded in the database once applied, so a step is never
renamed, removed or reordered. `Store`
applies pending migrations on open, and refuses a database that records a
migration this list does not hold (one written by a newer newsread), so an
old version never writes to a schema it cannot read.

sqlite-utils (which loads numpy) is imported only when `migration_set` is
first called, so checking a database file (`database.check_database`) stays
cheap enough to run before the reader's first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "newsread"
MIGRATIONS_TABLE = "_sqlite_migrations"
"""Where sqlite-utils records the migrations applied (one row per migration and set)."""


def known_names() -> list[str]:
    """Names of every migration this version knows, in order."""
    return [step.__name__ for step in STEPS]


@cache
def migration_set() -> Migrations:
    """The sqlite-utils migration set holding every step (built, and sqlite-utils imported, once)."""
    from sqlite_utils.migrations import Migrations

    found = Migrations(MIGRATION_SET)
    for step in STEPS:
        found()(step)
    return found


def m001_articles_and_annotations(db: Database) -> None:
    """Articles by text hash and source; annotations anchored by quote and offsets."""
    db.table("articles").create(
        {"id": int, "sha256": str, "source": str, "title": str, "length": int,
         "first_opened": str},
        pk="id", not_null={"sha256", "source"},
    )
    db.table("articles").create_index(["sha256", "source"], unique=True)
    db.table("articles").create_index(["source"])
    db.table("annotations").create(
        {"id": str, "article_id": int, "start": int, "end": int, "exact": str,
         "prefix": str, "suffix": str, "tags": str, "note": str,
         "created": str, "modified": str},
        pk="id", foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "start", "end", "exact", "tags", "note", "created", "modified"},
        defaults={"prefix": "", "suffix": "", "tags": "[]", "note": ""},
    )
    db.table("annotations").create_index(["article_id", "start"])


def m002_analysis_cache(db: Database) -> None:
    """Analyses of article pairs by key (see `cache`), so a pair opens at once the next time."""
    db.table("analysis_cache").create(
        {"key": str, "pipeline": str, "matcher": str, "checksum": str, "data": bytes, "created": str},
        pk="key", not_null={"checksum", "data"},
    )


def m003_pages(db: Database) -> None:
    """Web pages as fetched, by URL, so an article read from a URL opens again offline (see `pages`)."""
    db.table("pages").create(
        {"url": str, "final_url": str, "kind": str, "charset": str, "data": bytes, "fetched": str},
        pk="url", not_null={"data", "fetched"},
    )


def m004_reading(db: Database) -> None:
    """Where the reader left each pair (cursor, scroll, highlight mode) and when it was last opened."""
    db.table("reading").create(
        {"pair": str, "source_a": str, "source_b": str, "title_a": str, "title_b": str,
         "state": str, "opened": str},
        pk="pair", not_null={"source_a", "source_b", "state", "opened"},
    )
    db.table("reading").create_index(["opened"])


#: Every migration, in the order it is applied.
STEPS: list[Callable[[Database], None]] = [
    m001_articles_and_annotations,
    m002_analysis_cache,
    m003_pages,
    m004_reading,
]
