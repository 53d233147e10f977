"""The batch tables: an analysed pair as rows a person can query, and writing them.

The tables (`pairs`, `claims`, `conflicts`, `entities`) are created by the
store's migration `m004_batch` (`m008_possibly_in` adds two counts to
`pairs`). Rows are made from the `newsread.compare/1` JSON of the analysis,
the same object `--out` writes, so that what the JSON gains (a claim's
tier) reaches the tables without another path.
Each pair is written in one transaction, replacing whatever an earlier run
wrote for it: writing a pair twice leaves it once.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from annotations.analysis.comparison import Comparison
from annotations.analysis.entities import VALUE_LABELS
from annotations.batch.pairs import PairRow
from annotations.sides import SIDES
from annotations.store.exports import csv_cell

if TYPE_CHECKING:
    from sqlite_utils import Database

DONE, FAILED = "done", "failed"
#: The tiers a claim can have (newsread.compare/1: a claim without one counts as "same").
TIERS = ("same", "related")
CHILD_TABLES = ("conflicts", "entities", "claims")


def _json(value: Iterable[Any]) -> str:
    return json.dumps(list(value), ensure_ascii=False)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def failed_row(pair: PairRow, error: str) -> dict[str, Any]:
    """The `pairs` row of a pair that could not be analysed."""
    return {"id": pair.id, "row": pair.row, "label": pair.label, "a": pair.a, "b": pair.b,
            "status": FAILED, "error": error, "analysed": _now()}


def pair_rows(pair: PairRow, comparison: Comparison, data: dict[str, Any], seconds: float,
              from_cache: bool) -> dict[str, list[dict[str, Any]]]:
    """Every row the analysis of `pair` adds, by table (`data`: its compare JSON).

    Claims and conflicts carry no id yet: `write` numbers them.
    """
    docs = data["documents"]
    text = [doc["text"] for doc in docs]

    def sentence(side: int, index: int) -> str:
        s = docs[side]["sentences"][index]
        return str(text[side][s["start"]:s["end"]])

    names = {e["id"]: e["name"] for e in data["entities"]}
    claims, conflicts = [], []
    tiers: Counter[str] = Counter()
    for number, c in enumerate(data["claims"], start=1):
        tier = c.get("tier") or TIERS[0]
        tiers[tier] += 1
        claims.append({
            "number": number, "sentence_a": c["a"] + 1, "sentence_b": c["b"] + 1,
            "text_a": sentence(0, c["a"]), "text_b": sentence(1, c["b"]), "tier": tier,
            "score": round(float(c["score"]), 4), "reasons": _json(c.get("reasons", ())),
            "shared_entities": _json(names.get(e, e) for e in c.get("shared_entities", ())),
            "shared_figures": _json(c.get("shared_figures", ())),
            "shared_words": _json(c.get("shared_words", ())),
        })
    # The pair's one list of conflicts (`Comparison.conflicts`), each with the claim it comes from.
    claim_of = {(c["a"], c["b"]): number for number, c in enumerate(data["claims"], start=1)}
    units = {(f["a"]["start"], f["b"]["start"]): f["a"].get("unit", "")
             for c in data["claims"] for f in c.get("figures", ())}
    for x in data.get("conflicts", ()):
        conflicts.append({
            "claim": claim_of.get((x["sentence_a"], x["sentence_b"])), "kind": x.get("kind", ""),
            "figure_a": x["a"], "figure_b": x["b"], "value_a": x["value_a"], "value_b": x["value_b"],
            "unit": units.get((x.get("start_a"), x.get("start_b")), ""),
            "sentence_a": x["sentence_a"] + 1, "sentence_b": x["sentence_b"] + 1,
        })
    mentions = [Counter(m["entity"] for m in doc["entities"]) for doc in docs]
    entities = []
    for e in data["entities"]:
        in_a, in_b = mentions[0][e["id"]], mentions[1][e["id"]]
        if not (in_a or in_b):
            continue
        entities.append({"entity": e["id"], "name": e["name"], "label": e["label"], "mentions_a": in_a,
                         "mentions_b": in_b, "found_in": "both" if in_a and in_b else "A" if in_a else "B"})
    # The counts are of names; dates, times and figures are rows of `entities` too, but no entities.
    found_in = Counter(row["found_in"] for row in entities if row["label"] not in VALUE_LABELS)
    warnings = [f"{doc['id']}: {w}" for doc in docs for w in doc.get("warnings", ())]
    # The reader's split: "only in" counts the sentences alone, those possibly in the other apart.
    only = {side: len(comparison.alone_in(side)) for side in SIDES}
    possibly = {side: len(comparison.possibly_in(side)) for side in SIDES}
    pipeline = data["pipeline"]
    summary = {
        "id": pair.id, "row": pair.row, "label": pair.label, "a": pair.a, "b": pair.b,
        "status": DONE, "error": None, "title_a": docs[0].get("title", ""), "title_b": docs[1].get("title", ""),
        "sentences_a": len(docs[0]["sentences"]), "sentences_b": len(docs[1]["sentences"]),
        "claims": len(claims), **{f"claims_{tier}": tiers[tier] for tier in TIERS},
        "only_in_a": only["A"], "only_in_b": only["B"], "possibly_in_a": possibly["A"],
        "possibly_in_b": possibly["B"], "conflicts": len(conflicts),
        "entities_shared": found_in["both"], "entities_only_a": found_in["A"], "entities_only_b": found_in["B"],
        "warnings": _json(warnings), "sha256_a": docs[0]["sha256"], "sha256_b": docs[1]["sha256"],
        "pipeline": f"{pipeline['spacy_model']} {pipeline['spacy_model_version']}",
        "matcher": pipeline.get("matcher", ""), "from_cache": int(from_cache),
        "seconds": round(seconds, 3), "analysed": _now(),
    }
    return {"pairs": [summary], "claims": claims, "conflicts": conflicts, "entities": entities}


def _insert(db: Database, table: str, row: dict[str, Any]) -> int:
    # Plain statements: sqlite-utils' insert_all commits on its own, which
    # would split the pair's one transaction in several.
    columns = ", ".join(f"[{c}]" for c in row)
    cursor = db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    return int(cursor.lastrowid or 0)


def write(db: Database, pair_id: str, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Replace everything stored for `pair_id` by `rows`, in one transaction.

    An interruption at any point leaves the pair as it was before, or wholly written.
    """
    write_many(db, [(pair_id, rows)])


def write_many(db: Database, pairs: Iterable[tuple[str, dict[str, list[dict[str, Any]]]]]) -> None:
    """`write` for several pairs, all in one transaction (100,000 bad rows take seconds, not minutes)."""
    # IMMEDIATE, as the store writes: the write lock first, so that a page
    # kept by a reading thread meanwhile makes this wait, not fail.
    db.execute("BEGIN IMMEDIATE")
    try:
        for pair_id, rows in pairs:
            _replace(db, pair_id, rows)
    except BaseException:
        db.rollback()
        raise
    db.commit()


def recorded_failures(db: Database) -> dict[str, tuple[Any, ...]]:
    """The failed pairs stored, by id: (row, a, b, label, error), to leave alone what is recorded already."""
    query = "SELECT id, [row], a, b, label, error FROM pairs WHERE status = ?"
    return {row[0]: tuple(row[1:]) for row in db.execute(query, [FAILED]).fetchall()}


def _replace(db: Database, pair_id: str, rows: dict[str, list[dict[str, Any]]]) -> None:
    for table in CHILD_TABLES:
        db.execute(f"DELETE FROM [{table}] WHERE pair_id = ?", [pair_id])
    db.execute("DELETE FROM pairs WHERE id = ?", [pair_id])
    for row in rows["pairs"]:
        _insert(db, "pairs", row)
    claim_ids: dict[int, int] = {}
    for claim in rows.get("claims", ()):
        claim_ids[claim["number"]] = _insert(db, "claims", {"pair_id": pair_id, **claim})
    for conflict in rows.get("conflicts", ()):
        values = {k: v for k, v in conflict.items() if k != "claim"}
        _insert(db, "conflicts", {"pair_id": pair_id, "claim_id": claim_ids.get(conflict["claim"]), **values})
    for entity in rows.get("entities", ()):
        _insert(db, "entities", {"pair_id": pair_id, **entity})


def finished_ids(db: Database) -> set[str]:
    """Ids of the pairs analysed by earlier runs (failed ones are tried again).

    A pair written before `possibly_in_a` was counted (schema step
    `m008_possibly_in`) is not finished: its `only_in_a` counted every
    sentence without a claim, so it is analysed again (from the cache, mostly).
    """
    query = "SELECT id FROM pairs WHERE status = ? AND possibly_in_a IS NOT NULL"
    return {row[0] for row in db.execute(query, [DONE]).fetchall()}


def pairs_csv(db: Database) -> str:
    """The `pairs` table as CSV, for a spreadsheet, in the order of the pairs file."""
    columns = [c.name for c in db.table("pairs").columns]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    query = f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM pairs ORDER BY [row], id"
    for row in db.execute(query).fetchall():
        # Titles and errors come from untrusted articles: the same guard as every CSV export.
        writer.writerow(["" if value is None else csv_cell(value) for value in row])
    return out.getvalue()
