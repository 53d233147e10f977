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


def m004_batch(db: Database) -> None:
    """The results of `newsread batch`, as plain tables to query (in Datasette, say).

    `pairs` holds one row per pair of the pairs file, with its counts, or
    the sentence saying why it failed; `claims`, `conflicts` and `entities`
    hold each analysed pair's details. Lists are JSON arrays. Sentence
    numbers count from 1, as `newsread compare` prints them (A3 ~ B7).
    """
    db.table("pairs").create(
        {"id": str, "row": int, "label": str, "a": str, "b": str, "status": str, "error": str,
         "title_a": str, "title_b": str, "sentences_a": int, "sentences_b": int,
         "claims": int, "claims_same": int, "claims_related": int,
         "only_in_a": int, "only_in_b": int, "conflicts": int,
         "entities_shared": int, "entities_only_a": int, "entities_only_b": int,
         "warnings": str, "sha256_a": str, "sha256_b": str, "pipeline": str, "matcher": str,
         "from_cache": int, "seconds": float, "analysed": str},
        pk="id", not_null={"status", "analysed"},
    )
    db.table("pairs").create_index(["status"])
    db.table("pairs").create_index(["label"])
    db.table("claims").create(
        {"id": int, "pair_id": str, "number": int, "sentence_a": int, "sentence_b": int,
         "text_a": str, "text_b": str, "tier": str, "score": float, "reasons": str,
         "shared_entities": str, "shared_figures": str, "shared_words": str},
        pk="id", foreign_keys=[("pair_id", "pairs", "id")], not_null={"pair_id", "number"},
    )
    db.table("claims").create_index(["pair_id", "number"], unique=True)
    db.table("conflicts").create(
        {"id": int, "pair_id": str, "claim_id": int, "kind": str, "figure_a": str, "figure_b": str,
         "value_a": float, "value_b": float, "unit": str, "sentence_a": int, "sentence_b": int},
        pk="id", foreign_keys=[("pair_id", "pairs", "id"), ("claim_id", "claims", "id")],
        not_null={"pair_id"},
    )
    db.table("conflicts").create_index(["pair_id"])
    db.table("entities").create(
        {"id": int, "pair_id": str, "entity": str, "name": str, "label": str,
         "mentions_a": int, "mentions_b": int, "found_in": str},
        pk="id", foreign_keys=[("pair_id", "pairs", "id")], not_null={"pair_id", "entity"},
    )
    db.table("entities").create_index(["pair_id", "entity"], unique=True)
    db.table("entities").create_index(["name"])


def m005_original_quotes(db: Database) -> None:
    """Each annotation keeps the quote as annotated and says where it sits now (see `records.PLACEMENTS`).

    Re-anchoring used to overwrite the quote with the text found; the words
    the person annotated are kept from now on. Rows written before keep
    their quote as the original.
    """
    annotations = db.table("annotations")
    annotations.add_column("original", str, not_null_default="")
    annotations.add_column("placement", str, not_null_default="annotated")


def m006_reading(db: Database) -> None:
    """Where the reader left each pair (cursor, scroll, highlight mode) and when it was last opened."""
    db.table("reading").create(
        {"pair": str, "source_a": str, "source_b": str, "title_a": str, "title_b": str,
         "state": str, "opened": str},
        pk="pair", not_null={"source_a", "source_b", "state", "opened"},
    )
    db.table("reading").create_index(["opened"])


def m007_verdicts(db: Database) -> None:
    """The reader's verdicts on pairs of sentences (see `verdicts`), each passage anchored by its quote."""
    db.table("verdicts").create(
        {"id": str, "article_a": int, "article_b": int,
         "start_a": int, "end_a": int, "exact_a": str, "prefix_a": str, "suffix_a": str,
         "start_b": int, "end_b": int, "exact_b": str, "prefix_b": str, "suffix_b": str,
         "verdict": str, "tier": str, "created": str},
        pk="id", foreign_keys=[("article_a", "articles", "id"), ("article_b", "articles", "id")],
        not_null={"article_a", "article_b", "start_a", "end_a", "exact_a", "start_b", "end_b", "exact_b",
                  "verdict", "tier", "created"},
        defaults={"prefix_a": "", "suffix_a": "", "prefix_b": "", "suffix_b": ""},
    )
    db.table("verdicts").create_index(["article_a", "article_b"])


def m008_possibly_in(db: Database) -> None:
    """Each analysed pair counts apart the sentences without a claim possibly in the other article.

    `only_in_a` / `only_in_b` count from now on the sentences alone, as the
    reader does (`Comparison.alone_in`); `possibly_in_a` / `possibly_in_b`
    the others (`Comparison.possibly_in`). Rows written before hold no
    count of these (null) and an `only_in_a` of every sentence without a
    claim: the next batch run analyses those pairs again (`tables.finished_ids`).
    """
    pairs = db.table("pairs")
    pairs.add_column("possibly_in_a", int)
    pairs.add_column("possibly_in_b", int)


#: Every migration, in the order it is applied.
STEPS: list[Callable[[Database], None]] = [
    m001_articles_and_annotations,
    m002_analysis_cache,
    m003_pages,
    m004_batch,
    m005_original_quotes,
    m006_reading,
    m007_verdicts,
    m008_possibly_in,
]

#: The columns each step leaves in each table, by step name: a database is
#: checked against them (`database.check_database`) before anything is
#: written, so a table of the same name but another shape is never used.
COLUMNS_BY_STEP: dict[str, dict[str, frozenset[str]]] = {
    "m001_articles_and_annotations": {
        "articles": frozenset({"id", "sha256", "source", "title", "length", "first_opened"}),
        "annotations": frozenset({"id", "article_id", "start", "end", "exact", "prefix", "suffix",
                                  "tags", "note", "created", "modified"}),
    },
    "m002_analysis_cache": {
        "analysis_cache": frozenset({"key", "pipeline", "matcher", "checksum", "data", "created"}),
    },
    "m003_pages": {
        "pages": frozenset({"url", "final_url", "kind", "charset", "data", "fetched"}),
    },
    "m004_batch": {
        "pairs": frozenset({"id", "row", "label", "a", "b", "status", "error", "title_a", "title_b",
                            "sentences_a", "sentences_b", "claims", "claims_same", "claims_related",
                            "only_in_a", "only_in_b", "conflicts", "entities_shared", "entities_only_a",
                            "entities_only_b", "warnings", "sha256_a", "sha256_b", "pipeline", "matcher",
                            "from_cache", "seconds", "analysed"}),
        "claims": frozenset({"id", "pair_id", "number", "sentence_a", "sentence_b", "text_a", "text_b", "tier",
                             "score", "reasons", "shared_entities", "shared_figures", "shared_words"}),
        "conflicts": frozenset({"id", "pair_id", "claim_id", "kind", "figure_a", "figure_b", "value_a", "value_b",
                                "unit", "sentence_a", "sentence_b"}),
        "entities": frozenset({"id", "pair_id", "entity", "name", "label", "mentions_a", "mentions_b", "found_in"}),
    },
    "m005_original_quotes": {
        "annotations": frozenset({"original", "placement"}),
    },
    "m006_reading": {
        "reading": frozenset({"pair", "source_a", "source_b", "title_a", "title_b", "state", "opened"}),
    },
    "m007_verdicts": {
        "verdicts": frozenset({"id", "article_a", "article_b", "start_a", "end_a", "exact_a", "prefix_a",
                               "suffix_a", "start_b", "end_b", "exact_b", "prefix_b", "suffix_b",
                               "verdict", "tier", "created"}),
    },
    "m008_possibly_in": {
        "pairs": frozenset({"possibly_in_a", "possibly_in_b"}),
    },
}
