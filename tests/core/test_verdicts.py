"""The reader's verdicts on pairs, without Textual: stored, re-anchored, applied, compared and exported."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from support import newsread

from annotations.analysis.verdicts import apply_verdicts
from annotations.store.session import AnnotationSession
from annotations.store.store import Store
from annotations.store.verdicts import placed_verdicts, read_verdicts

CHECKER = Path(__file__).resolve().parents[1] / "data" / "w3c" / "check_w3c.py"


def spans(comparison, claim):
    sa, sb = comparison.a.sentences[claim.a], comparison.b.sentences[claim.b]
    return (sa.start, sa.end), (sb.start, sb.end)


def unmatched_pair(comparison):
    """Two body sentences the matcher does not pair."""
    matched = {(c.a, c.b) for c in comparison.claims}
    a = next(i for i, s in enumerate(comparison.a.sentences) if s.kind == "body")
    b = next(i for i, s in enumerate(comparison.b.sentences) if s.kind == "body" and (a, i) not in matched)
    return a, b


@pytest.fixture
def judged_db(private_database, seeds, seed_comparison) -> Path:
    """The test's database (the seeds' analysis cached) where the seeds' first claim is confirmed,
    the second rejected, and one pair linked."""
    path = private_database
    comparison = seed_comparison
    first, second = comparison.claims[0], comparison.claims[1]
    a, b = unmatched_pair(comparison)
    with Store(path) as store:
        session = AnnotationSession(seeds)
        session.open(store)
        session.judge(*spans(comparison, first), "confirmed", first.tier)
        session.judge(*spans(comparison, second), "rejected", second.tier)
        sa, sb = comparison.a.sentences[a], comparison.b.sentences[b]
        session.judge((sa.start, sa.end), (sb.start, sb.end), "linked", "related")
    return path


def test_verdicts_round_trip_through_the_database(judged_db, seeds, seed_comparison):
    with Store(judged_db) as store:
        session = AnnotationSession(seeds)
        session.open(store)
        kinds = [p.verdict.verdict for p in session.verdicts]
        assert kinds == ["confirmed", "rejected", "linked"]
        assert session.verdicts[2].verdict.tier == "related"
        first = seed_comparison.claims[0]
        assert session.verdicts[0].a == spans(seed_comparison, first)[0]
        assert session.verdicts[0].verdict.a.exact == seed_comparison.a.sentence_text(first.a)
    # Read-only, as `compare` reads them: the same three.
    assert [p.verdict.id for p in read_verdicts(judged_db, *seeds)] == [p.verdict.id for p in session.verdicts]
    # The articles the other way round: the verdicts turned round with them.
    turned = read_verdicts(judged_db, seeds[1], seeds[0])
    assert [p.a for p in turned] == [p.b for p in session.verdicts]


def test_apply_verdicts_lets_the_person_win(judged_db, seeds, seed_comparison):
    placed = read_verdicts(judged_db, *seeds)
    judged = apply_verdicts(seed_comparison, placed)
    first, second = seed_comparison.claims[0], seed_comparison.claims[1]
    a, b = unmatched_pair(seed_comparison)
    by_pair = {(c.a, c.b): c for c in judged.claims}
    assert by_pair[(first.a, first.b)].verdict == "confirmed"
    assert (second.a, second.b) not in by_pair
    assert [(c.a, c.b, c.verdict) for c in judged.rejected] == [(second.a, second.b, "rejected")]
    assert by_pair[(a, b)].verdict == "linked" and by_pair[(a, b)].tier == "related"
    assert seed_comparison.rejected == () and all(not c.verdict for c in seed_comparison.claims)


def test_a_new_verdict_replaces_the_old_one_and_undo_brings_it_back(tmp_path, seeds, seed_comparison):
    claim = seed_comparison.claims[0]
    a, b = spans(seed_comparison, claim)
    with Store(tmp_path / "n.db") as store:
        session = AnnotationSession(seeds)
        session.open(store)
        session.judge(a, b, "confirmed", "same")
        session.judge(a, b, "rejected", "same")
        assert [p.verdict.verdict for p in session.verdicts] == ["rejected"]
        assert store.db.execute("select count(*) from verdicts").fetchone()[0] == 1
        assert session.undo_kind() == "verdict"
        session.undo()
        assert [p.verdict.verdict for p in session.verdicts] == ["confirmed"]
        session.undo()
        assert session.verdicts == [] and not session.can_undo()
        assert store.db.execute("select count(*) from verdicts").fetchone()[0] == 0


def test_annotations_and_verdicts_share_one_undo_history(tmp_path, seeds, seed_comparison):
    a, b = spans(seed_comparison, seed_comparison.claims[0])
    with Store(tmp_path / "n.db") as store:
        session = AnnotationSession(seeds)
        session.open(store)
        session.tag(session.target("A", a), ["check"])
        session.judge(a, b, "confirmed", "same")
        session.tag(session.target("B", b), ["quote"])
        assert session.undo_kind() == "annotation"
        session.undo()
        assert session.verdicts and session.undo_kind() == "verdict"
        session.undo()
        assert not session.verdicts and session.undo_kind() == "annotation"
        session.undo()
        assert not session.can_undo() and not store.annotations(session.article_ids["A"])


def test_a_verdict_survives_an_edited_text(judged_db, seeds, seed_comparison):
    a_article, b_article = seeds
    first = seed_comparison.claims[0]
    sentence = seed_comparison.a.sentence_text(first.a)
    edited = "An editor's note, added later.\n\n" + a_article.text
    changed = replace(a_article, text=edited)
    assert changed.sha256 != a_article.sha256
    conn = sqlite3.connect(judged_db)
    try:
        placed, orphans = placed_verdicts(conn, changed, b_article)
    finally:
        conn.close()
    assert not orphans and len(placed) == 3
    start, end = placed[0].a
    assert edited[start:end] == sentence
    # A new analysis of the edited text (here: the old one shifted) finds the same pair.
    shift = len("An editor's note, added later.\n\n")
    moved = replace(seed_comparison.a, article=changed, sentences=tuple(
        replace(s, start=s.start + shift, end=s.end + shift) for s in seed_comparison.a.sentences))
    judged = apply_verdicts(replace(seed_comparison, a=moved), placed)
    assert any((c.a, c.b, c.verdict) == (first.a, first.b, "confirmed") for c in judged.claims)


def test_compare_json_carries_verdicts_and_rejected(judged_db, seed_paths, seed_comparison, seed_cache, tmp_path):
    result = newsread("compare", *map(str, seed_paths), "--format", "json", "--db", str(judged_db), text=True)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    first, second = seed_comparison.claims[0], seed_comparison.claims[1]
    verdicts = {(c["a"], c["b"]): c.get("verdict") for c in data["claims"]}
    assert verdicts[(first.a, first.b)] == "confirmed"
    assert "linked" in verdicts.values()
    # The pair linked by hand has no score of the matcher's, and says so.
    a, b = unmatched_pair(seed_comparison)
    [linked] = [c for c in data["claims"] if (c["a"], c["b"]) == (a, b)]
    assert linked["scored"] is False and all("scored" not in c for c in data["claims"] if c is not linked)
    assert (second.a, second.b) not in verdicts
    assert [(c["a"], c["b"], c["verdict"]) for c in data["rejected"]] == [(second.a, second.b, "rejected")]
    assert set(data["rejected"][0]) >= {"a", "b", "score", "tier"}
    # Without verdicts, the matcher's claims as they are, and an empty `rejected`.
    shutil.copyfile(seed_cache, tmp_path / "plain.db")
    plain = json.loads(newsread("compare", *map(str, seed_paths), "--format", "json", "--db",
                                str(tmp_path / "plain.db"), text=True).stdout)
    assert plain["rejected"] == [] and len(plain["claims"]) == len(seed_comparison.claims)
    assert all("verdict" not in c for c in plain["claims"])


def test_compare_text_shows_tier_and_verdict_and_no_score_for_a_pair_made_by_hand(
        judged_db, seed_paths, seed_comparison, seed_cache):
    result = newsread("compare", *map(str, seed_paths), "--format", "text", "--db", str(judged_db), text=True)
    assert result.returncode == 0, result.stderr
    report = result.stdout
    first, second = seed_comparison.claims[0], seed_comparison.claims[1]
    a, b = unmatched_pair(seed_comparison)
    assert f"same claim · probability {first.score:.2f} · confirmed by you  A{first.a + 1} ~ B{first.b + 1}" in report
    # The pair linked by hand: its tier and the verdict, and no probability made up for it.
    assert f"  related · linked by you  A{a + 1} ~ B{b + 1}" in report
    assert "probability 1.00" not in report
    assert f"Pairs you rejected (1)\n  same claim · probability {second.score:.2f} · rejected by you  " \
           f"A{second.a + 1} ~ B{second.b + 1}" in report


def test_exports_carry_the_verdicts(judged_db, tmp_path, seeds):
    w3c = newsread("export", "--db", str(judged_db), text=True)
    assert w3c.returncode == 0, w3c.stderr
    data = json.loads(w3c.stdout)
    items = data["first"]["items"]
    assert data["total"] == 3 and len(items) == 3
    linked = items[2]
    assert linked["motivation"] == "linking" and len(linked["target"]) == 2
    assert {(b["purpose"], b["value"]) for b in linked["body"]} == {("tagging", "related"), ("assessing", "linked")}
    assert items[1]["motivation"] == "assessing"
    export = tmp_path / "export.json"
    export.write_text(w3c.stdout)
    checked = subprocess.run([sys.executable, str(CHECKER), str(export)], capture_output=True, text=True,
                             timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[-1].endswith("passed, 0 failed over 3 annotations")

    rows = list(csv.DictReader(io.StringIO(newsread("export", "--db", str(judged_db), "--format", "csv",
                                                    text=True).stdout)))
    assert [(r["kind"], r["verdict"], r["tier"]) for r in rows] == [
        ("verdict", "confirmed", rows[0]["tier"]), ("verdict", "rejected", rows[1]["tier"]),
        ("verdict", "linked", "related")]
    assert rows[2]["exact"] in seeds[0].text and rows[2]["exact_b"] in seeds[1].text

    markdown = newsread("export", "--db", str(judged_db), "--format", "markdown", text=True).stdout
    assert "## Verdicts" in markdown and "Linked by you (related)" in markdown

    lines = newsread("export", "--db", str(judged_db), "--format", "verdicts", text=True).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["verdict"] for r in records] == ["confirmed", "rejected", "linked"]
    assert records[2]["tier"] == "related" and records[2]["created"]
    assert records[2]["a"]["source"] == seeds[0].source and records[2]["b"]["source"] == seeds[1].source
    assert records[2]["a"]["text"] in seeds[0].text and records[2]["b"]["text"] in seeds[1].text


def test_export_then_import_brings_the_verdicts_back(judged_db, tmp_path, seeds):
    with Store(judged_db) as store:
        stored = store.article(seeds[0])
        store.add(stored.id, seeds[0].text, 0, 10, ["headline"], "Q&A")
    export = tmp_path / "export.json"
    export.write_text(newsread("export", "--db", str(judged_db), text=True).stdout)
    other = tmp_path / "other.db"
    result = newsread("import", str(export), "--db", str(other), text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ("newsread: imported 1 annotations (0 already there); "
                             "3 verdicts on pairs (0 already there).\n")
    # Everything back: the same verdicts, ids, quotes and times, placed in the seeds as before.
    def verdicts(db) -> list[dict]:
        lines = newsread("export", "--db", str(db), "--format", "verdicts", text=True).stdout.splitlines()
        records = [json.loads(line) for line in lines]
        for record in records:  # a file's text hash is known once it is opened (the W3C target names the file)
            del record["a"]["sha256"], record["b"]["sha256"]
        return records

    assert verdicts(other) == verdicts(judged_db) and len(verdicts(other)) == 3
    assert [(p.verdict.verdict, p.a, p.b) for p in read_verdicts(other, *seeds)] == \
        [(p.verdict.verdict, p.a, p.b) for p in read_verdicts(judged_db, *seeds)]
    # Again: nothing changes, and the message says so.
    again = newsread("import", str(export), "--db", str(other), text=True)
    assert again.stderr == ("newsread: imported 0 annotations (1 already there); "
                            "0 verdicts on pairs (3 already there).\n")


def test_a_verdict_that_cannot_be_stored_stops_the_whole_import(judged_db, tmp_path, seeds):
    with Store(judged_db) as store:
        store.add(store.article(seeds[0]).id, seeds[0].text, 0, 10, ["headline"])
    data = json.loads(newsread("export", "--db", str(judged_db), text=True).stdout)
    data["first"]["items"][-1]["body"][0]["value"] = "identical"  # no tier newsread knows
    export = tmp_path / "export.json"
    export.write_text(json.dumps(data))
    other = tmp_path / "other.db"
    result = newsread("import", str(export), "--db", str(other), text=True)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "annotation 4" in result.stderr and "its tier is not one of same, related" in result.stderr
    assert not other.exists() or sqlite3.connect(other).execute("select count(*) from annotations").fetchone() == (0,)


def _candidate_pairs(comparison):
    """Every candidate as (sentence of A, sentence of B), from either side's lists."""
    return ({(n, c.index) for n, found in enumerate(comparison.a.candidates) for c in found}
            | {(c.index, n) for n, found in enumerate(comparison.b.candidates) for c in found})


def test_a_rejected_candidate_is_gone_and_a_link_settles_both_sentences(tmp_path, seeds, seed_comparison):
    comparison = seed_comparison
    before = _candidate_pairs(comparison)
    # A candidate to reject, and a candidate of another sentence of A to link.
    x, y = min(before)
    linked_a = next(a for a, _ in sorted(before) if a != x)
    linked_b = comparison.candidates_of("A", linked_a)[0].index
    assert (x, y) not in {(c.a, c.b) for c in comparison.claims}
    with Store(tmp_path / "v.db") as store:
        session = AnnotationSession(seeds)
        session.open(store)
        for (a, b), verdict in (((x, y), "rejected"), ((linked_a, linked_b), "linked")):
            sa, sb = comparison.a.sentences[a], comparison.b.sentences[b]
            session.judge((sa.start, sa.end), (sb.start, sb.end), verdict, "same")
    judged = apply_verdicts(comparison, read_verdicts(tmp_path / "v.db", *seeds))
    after = _candidate_pairs(judged)
    assert (x, y) not in after
    assert not [p for p in after if p[0] == linked_a or p[1] == linked_b]
    # Nothing else changes: the other sentences keep their candidates.
    assert after == {p for p in before if p != (x, y) and p[0] != linked_a and p[1] != linked_b}
    assert (linked_a, linked_b) in {(c.a, c.b) for c in judged.claims}
