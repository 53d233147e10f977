"""The journal of changes not yet committed: kept across a crash, written once on the next start."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from support import committed

from annotations.store.journal import Journal, journal_path
from annotations.store.store import Store, new_annotation


def test_kept_changes_survive_the_process_and_are_written_once_in_order(tmp_path, seeds):
    db = tmp_path / "newsread.db"
    article = seeds[0]
    store = Store(db)
    stored = store.article(article)
    start = article.text.index("Vladimir Putin")
    planned = new_annotation(stored.id, article.text, start, start + len("Vladimir Putin"), ["person"])
    doomed = store.add(stored.id, article.text, 0, 10, ["gone"])
    store.close()

    # Another process holds the lock: the reader keeps its changes, then ends before writing them.
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    journal = Journal(journal_path(db))
    journal.put(planned)
    journal.put(replace(planned, note="then a note"))
    journal.delete(doomed.id)
    with journal_path(db).open("a", encoding="utf-8") as file:
        file.write('{"key": "cut short')        # a crash in the middle of a line
    other.execute("COMMIT")
    other.close()

    again = Journal(journal_path(db))
    assert len(again) == 3
    store = Store(db)
    assert again.replay(store) == 3
    rows = committed(db, "select id, exact, tags, note from annotations")
    assert rows == [{"id": planned.id, "exact": "Vladimir Putin", "tags": '["person"]', "note": "then a note"}]
    assert not journal_path(db).exists()
    assert Journal(journal_path(db)).replay(store) == 0     # written once: nothing left to write


def test_a_change_the_locked_database_refuses_stays_for_next_time(tmp_path, seeds, monkeypatch):
    from annotations.store import database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    db = tmp_path / "newsread.db"
    article = seeds[0]
    store = Store(db)
    stored = store.article(article)
    journal = Journal(journal_path(db))
    key = journal.put(new_annotation(stored.id, article.text, 0, 10, ["waits"]))
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    assert journal.replay(store) == 0
    assert len(Journal(journal_path(db))) == 1
    other.execute("COMMIT")
    other.close()
    assert journal.replay(store) == 1 and key and not journal_path(db).exists()
