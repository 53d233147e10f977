"""The annotation store: changes committed as made, undo, search, re-anchoring, bad files."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from dataclasses import replace

import pytest
from support import committed

from annotations.errors import InputError
from annotations.store.schema import known_names
from annotations.store.store import Store


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "notes" / "newsread.db"


def _rows(path) -> dict[str, dict]:
    """The annotations as another connection sees them: only what was committed."""
    return {row["id"]: row for row in committed(path, "select * from annotations")}


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_every_change_is_committed_before_the_call_returns(db_path, seeds):
    article = seeds[0]
    store = Store(db_path)
    stored = store.article(article)
    start, end = _span(article.text, "Vladimir Putin")
    made = store.add(stored.id, article.text, start, end, ["person", " Person ", "actor"])
    row = _rows(db_path)[made.id]
    assert row["exact"] == "Vladimir Putin" and json.loads(row["tags"]) == ["person", "actor"]
    assert row["prefix"] == article.text[start - 32:start]

    store.set_note(made.id, "Named only once in the caption.\nCheck the body.")
    assert _rows(db_path)[made.id]["note"] == "Named only once in the caption.\nCheck the body."
    store.set_tags(made.id, ["person", "actor", "caption"])
    assert json.loads(_rows(db_path)[made.id]["tags"]) == ["person", "actor", "caption"]
    store.delete(made.id)
    assert made.id not in _rows(db_path)
    store.close()


def test_undo_goes_back_through_every_change_of_the_session(db_path, seeds):
    article = seeds[1]
    store = Store(db_path)
    stored = store.article(article)
    first = store.add(stored.id, article.text, 0, 20, ["headline"])
    store.set_tags(first.id, ["headline", "framing"])
    store.set_note(first.id, "Loaded word: condemn.")
    store.delete(first.id)
    assert first.id not in _rows(db_path)

    assert store.undo().note == "Loaded word: condemn."     # the delete
    assert _rows(db_path)[first.id]["note"] == "Loaded word: condemn."
    store.undo()                                             # the note
    assert _rows(db_path)[first.id]["note"] == ""
    store.undo()                                             # the retag
    assert json.loads(_rows(db_path)[first.id]["tags"]) == ["headline"]
    store.undo()                                             # the add
    assert _rows(db_path) == {}
    assert store.undo() is None and not store.can_undo()


def test_tags_for_completion_and_search_by_tag_and_note_words(seeds):
    store = Store()
    a, b = (store.article(article) for article in seeds)
    one = store.add(a.id, seeds[0].text, 0, 10, ["claim", "Russia"], "Kremlin readout, not verified")
    two = store.add(b.id, seeds[1].text, 0, 10, ["claim"], "Compare with the other outlet")
    store.add(b.id, seeds[1].text, 20, 30, ["framing"])
    assert store.all_tags() == ["claim", "framing", "Russia"]
    assert [x.id for x in store.search(tag="CLAIM")] == [one.id, two.id]
    assert [x.id for x in store.search(tag="claim", words="kremlin verified")] == [one.id]
    assert [x.id for x in store.search(article_ids=[b.id], tag="claim")] == [two.id]
    assert store.search(words="absent") == []


def test_the_same_article_opened_again_finds_its_annotations(db_path, seeds):
    article = seeds[0]
    with Store(db_path) as store:
        stored = store.article(article)
        made = store.add(stored.id, article.text, *_span(article.text, "Vladimir Putin"), ["person"])
    with Store(db_path) as store:
        opened = store.open_article(article)
        assert [x.id for x in opened.annotations] == [made.id]
        assert opened.orphans == () and opened.reattached == 0
        # The same text under another name is the same article.
        moved = replace(article, source=article.source + ".copy")
        assert [x.id for x in store.open_article(moved).annotations] == [made.id]


def test_an_edited_article_reattaches_its_annotations_and_lists_orphans(db_path, seeds):
    article = seeds[0]
    text = article.text
    kept = _span(text, "Vladimir Putin")
    gone = _span(text, "The US has sanctions against both Beijing and Moscow right now.")
    reworded = _span(text, "The two leaders spoke during an hour-long phone call on Thursday")
    with Store(db_path) as store:
        stored = store.article(article)
        ids = [store.add(stored.id, text, *span, [name]).id
               for name, span in (("kept", kept), ("gone", gone), ("reworded", reworded))]
    edited_text = ("Correction appended.\n\n" + text[:gone[0]] + text[gone[1]:]).replace(
        "hour-long phone call", "hour-long telephone call")
    edited = replace(article, text=edited_text)
    with Store(db_path) as store:
        opened = store.open_article(edited)
        assert opened.reattached == 2
        assert [x.id for x in opened.orphans] == [ids[1]]
        placed = {x.tags[0]: x for x in opened.annotations}
        assert edited_text[placed["kept"].start:placed["kept"].end] == "Vladimir Putin"
        assert edited_text[placed["reworded"].start:placed["reworded"].end].startswith(
            "The two leaders spoke during an hour-long telephone call")
    # The re-attachment was written: the moved annotations now quote the new text.
    rows = _rows(db_path)
    assert rows[ids[0]]["start"] == placed["kept"].start
    assert "telephone" in rows[ids[2]]["exact"]
    assert rows[ids[1]]["exact"].startswith("The US has sanctions")   # the orphan is kept


def test_migrations_are_recorded_and_applied_once(db_path):
    Store(db_path).close()
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    names = [r[0] for r in conn.execute("select name from _sqlite_migrations where migration_set='newsread'")]
    mode = conn.execute("pragma journal_mode").fetchone()[0]
    conn.close()
    assert names == known_names()
    assert mode == "wal"


# -- files newsread must refuse and leave untouched ------------------------------

def _refused(path) -> str:
    before = path.read_bytes()
    with pytest.raises(InputError) as error:
        Store(path)
    assert path.read_bytes() == before
    return str(error.value)


def test_a_text_file_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("These are my notes, not a database.\n")
    assert "not a newsread database" in _refused(path)


def test_a_damaged_database_is_refused(db_path, seeds):
    with Store(db_path) as store:
        store.add(store.article(seeds[0]).id, seeds[0].text, 0, 10)
    data = db_path.read_bytes()
    db_path.write_bytes(data[:100] + b"\xff" * (len(data) - 100))
    assert "damaged" in _refused(db_path)


def test_a_database_of_another_program_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("create table invoices (id integer primary key, total real)")
    conn.commit()
    conn.close()
    assert "another program" in _refused(path)


def test_a_database_from_a_newer_newsread_is_refused(db_path):
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("insert into _sqlite_migrations (migration_set, name, applied_at) "
                 "values ('newsread', 'm900_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    assert "newer version of newsread" in _refused(db_path)


def test_a_read_only_database_is_refused(db_path):
    Store(db_path).close()
    os.chmod(db_path, stat.S_IRUSR | stat.S_IRGRP)
    try:
        assert "read-only" in _refused(db_path)
    finally:
        os.chmod(db_path, stat.S_IRUSR | stat.S_IWUSR)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(InputError, match="folder"):
        Store(tmp_path)
