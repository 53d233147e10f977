"""Export (W3C, CSV, Markdown) and W3C import, through the real `newsread` command."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from support import newsread

from annotations.store.exports import exported, render_export, source_from_iri, source_iri
from annotations.store.imports import import_w3c
from annotations.store.store import Store

CHECKER = Path(__file__).resolve().parents[1] / "data" / "w3c" / "check_w3c.py"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return newsread(*args, env=env, text=True, timeout=120)


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.fixture
def db(tmp_path, seeds) -> Path:
    """A database with tagged and noted passages of both seeds."""
    path = tmp_path / "newsread.db"
    a, b = seeds
    with Store(path) as store:
        sa, sb = store.article(a), store.article(b)
        store.add(sa.id, a.text, *_span(a.text, "Vladimir Putin"), ["person", "Russia"],
                  "Named in the caption only.")
        store.add(sa.id, a.text, *_span(a.text, "The US has sanctions against both Beijing and Moscow right now."),
                  ["claim"], 'Unsourced; "right now" is vague.\nCheck the Treasury list.')
        store.add(sb.id, b.text, *_span(b.text, b.title[:20]), ["headline", "framing"])
        store.add(sb.id, b.text, 0, 5)  # neither tag nor note
    return path


def test_w3c_export_is_a_collection_of_annotations_with_both_selectors(db, seeds):
    result = run("export", "--db", str(db))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 4
    items = data["first"]["items"]
    first = items[0]
    assert first["id"].startswith("urn:uuid:") and first["type"] == "Annotation"
    assert {(b["purpose"], b["value"]) for b in first["body"]} == {
        ("tagging", "person"), ("tagging", "Russia"), ("commenting", "Named in the caption only.")}
    target = first["target"]
    assert source_from_iri(target["source"]) == seeds[0].source
    quote, position = target["selector"]
    assert quote == {"type": "TextQuoteSelector", "exact": "Vladimir Putin",
                     "prefix": seeds[0].text[position["start"] - 32:position["start"]],
                     "suffix": seeds[0].text[position["end"]:position["end"] + 32]}
    assert seeds[0].text[position["start"]:position["end"]] == "Vladimir Putin"
    bare = [i for i in items if i["target"]["selector"][1] == {"type": "TextPositionSelector", "start": 0, "end": 5}]
    assert len(bare) == 1 and "body" not in bare[0]


def test_w3c_export_passes_the_w3c_test_suite_musts(db, tmp_path):
    export = tmp_path / "export.json"
    export.write_text(run("export", "--db", str(db)).stdout)
    result = subprocess.run([sys.executable, str(CHECKER), str(export)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].endswith("passed, 0 failed over 4 annotations")


def test_export_by_tag_and_as_csv(db):
    result = run("export", "--db", str(db), "--format", "csv", "--tag", "claim")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1
    assert rows[0]["exact"] == "The US has sanctions against both Beijing and Moscow right now."
    assert rows[0]["note"] == 'Unsourced; "right now" is vague.\nCheck the Treasury list.'
    assert rows[0]["tags"] == "claim"


def test_export_by_tag_takes_the_app_s_filter_syntax(db):
    """`--tag '#claim'` is the reader's filter syntax: it finds what `--tag claim` finds."""
    plain = run("export", "--db", str(db), "--format", "csv", "--tag", "claim").stdout
    hashed = run("export", "--db", str(db), "--format", "csv", "--tag", "#claim")
    assert hashed.returncode == 0 and hashed.stdout == plain and "right now" in plain


def test_markdown_report_lists_each_article_with_its_passages(db, seeds):
    result = run("export", "--format", "markdown", env={"NEWSREAD_DB": str(db)})
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert report.index(f"## {seeds[0].title}") < report.index("> Vladimir Putin") < report.index(
        f"## {seeds[1].title}")
    assert "Tags: person, Russia" in report
    assert "Check the Treasury list." in report


def test_import_round_trips_and_is_idempotent(db, tmp_path, seeds):
    export = tmp_path / "export.json"
    export.write_text(run("export", "--db", str(db)).stdout)
    other = tmp_path / "other.db"
    first = run("import", str(export), "--db", str(other))
    assert first.returncode == 0 and "imported 4 annotations (0 already there)" in first.stderr
    again = run("import", str(export), "--db", str(other))
    assert "imported 0 annotations (4 already there)" in again.stderr
    assert run("export", "--db", str(other)).stdout == export.read_text()
    # Opening the article finds the imported annotations in its text.
    with Store(other) as store:
        opened = store.open_article(seeds[0])
        assert [a.exact for a in opened.annotations][:1] == ["Vladimir Putin"]
        assert opened.orphans == ()


def test_import_keeps_the_newer_of_two_versions(db, tmp_path):
    with Store(db) as store:
        old = render_export(exported(store), "w3c")
        target = store.search(tag="claim")[0]
        store.set_note(target.id, "Checked: true, per the Treasury list.")
        # An older export does not overwrite the newer note.
        assert import_w3c(store, old) == (0, 4)
        assert store.get(target.id).note == "Checked: true, per the Treasury list."


def test_file_sources_become_file_iris_and_back(seeds):
    iri = source_iri(seeds[0].source)
    assert iri.startswith("file:///")
    assert source_from_iri(iri) == seeds[0].source
    assert source_iri("https://example.org/news/1") == "https://example.org/news/1"


@pytest.mark.parametrize("content, words", [
    (b"not json at all", "not JSON"),
    (b'{"type": "AnnotationCollection", "total": 0}', "no W3C Web Annotation"),
    (b"\xff\xfe\x00binary", "not UTF-8"),
])
def test_import_of_a_bad_file_is_one_sentence(tmp_path, content, words):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = run("import", str(bad), "--db", str(tmp_path / "n.db"))
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_export_refuses_a_bad_database_and_leaves_it_untouched(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("my notes\n")
    result = run("export", "--db", str(bad))
    assert result.returncode == 2 and result.stdout == ""
    assert "not a newsread database" in result.stderr and "Traceback" not in result.stderr
    assert bad.read_text() == "my notes\n"
    missing = run("export", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 2 and "nothing has been annotated" in missing.stderr
    assert not (tmp_path / "none.db").exists()


def test_the_reader_refuses_a_database_from_a_newer_newsread_before_opening(tmp_path):
    path = tmp_path / "newsread.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("insert into _sqlite_migrations (migration_set, name, applied_at) "
                 "values ('newsread', 'm900_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    result = run("read", "--db", str(path))
    assert result.returncode == 2 and "newer version of newsread" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_an_article_read_from_standard_input_is_named_by_its_hash_and_found_again(seeds):
    from dataclasses import replace

    piped = replace(seeds[0], source="standard input")
    with Store() as store:
        stored = store.article(piped)
        made = store.add(stored.id, piped.text, *_span(piped.text, "Vladimir Putin"), ["person"])
        document = render_export(exported(store), "w3c")
    target = json.loads(document)["first"]["items"][0]["target"]
    assert target["source"].startswith("ni:///sha-256;")
    with Store() as other:
        assert import_w3c(other, document) == (1, 0)
        opened = other.open_article(piped)
        assert [a.id for a in opened.annotations] == [made.id]


def test_csv_cells_never_start_a_spreadsheet_formula(tmp_path, seeds):
    path = tmp_path / "formula.db"
    a, _ = seeds
    with Store(path) as store:
        sa = store.article(a)
        store.add(sa.id, a.text, *_span(a.text, "Vladimir Putin"), ["=HYPERLINK(\"x\")"], "@SUM(A1:A9)")
    result = run("export", "--db", str(path), "--format", "csv")
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert row["note"] == "'@SUM(A1:A9)"
    assert row["tags"] == "'=HYPERLINK(\"x\")"
    assert row["exact"] == "Vladimir Putin"
