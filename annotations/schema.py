"""The database schema, as numbered migrations applied on open.

To change the schema, add one function decorated with `@migrations()` at the
end of this module, named `mNNN_what_it_does` with the next number; nothing
else needs to change. `Store` applies pending migrations on open, and refuses
a database that records a migration this list does not hold (one written by a
newer newsread), so an old version never writes to a schema it cannot read.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "newsread"

migrations = Migrations(MIGRATION_SET)


def known_names() -> list[str]:
    """Names of every migration this version knows, in order."""
    return [migration.name for migration in migrations._migrations]


def unknown_applied(db: Database) -> list[str]:
    """Migrations recorded in `db` that this version does not know, in order.

    A non-empty answer means the database comes from a newer newsread.
    """
    known = set(known_names())
    return [m.name for m in migrations.applied(db) if m.name not in known]


@migrations()
def m001_articles_and_annotations(db: Database) -> None:
    """Articles by text hash and source; annotations anchored by quote and offsets."""
    db["articles"].create(
        {"id": int, "sha256": str, "source": str, "title": str, "length": int,
         "first_opened": str},
        pk="id", not_null={"sha256", "source"},
    )
    db["articles"].create_index(["sha256", "source"], unique=True)
    db["articles"].create_index(["source"])
    db["annotations"].create(
        {"id": str, "article_id": int, "start": int, "end": int, "exact": str,
         "prefix": str, "suffix": str, "tags": str, "note": str,
         "created": str, "modified": str},
        pk="id", foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "start", "end", "exact", "tags", "note", "created", "modified"},
        defaults={"prefix": "", "suffix": "", "tags": "[]", "note": ""},
    )
    db["annotations"].create_index(["article_id", "start"])


@migrations()
def m002_analysis_cache(db: Database) -> None:
    """Analyses of article pairs by key (see `cache`), so a pair opens at once the next time."""
    db["analysis_cache"].create(
        {"key": str, "pipeline": str, "matcher": str, "checksum": str, "data": bytes, "created": str},
        pk="key", not_null={"checksum", "data"},
    )


@migrations()
def m003_pages(db: Database) -> None:
    """Web pages as fetched, by URL, so an article read from a URL opens again offline (see `pages`)."""
    db["pages"].create(
        {"url": str, "final_url": str, "kind": str, "charset": str, "data": bytes, "fetched": str},
        pk="url", not_null={"data", "fetched"},
    )
