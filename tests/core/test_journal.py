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


def test_verdict_changes_kept_are_written_once_in_order(tmp_path, seeds):
    from annotations.store.verdicts import VerdictChange, judge, new_verdict, placed_verdicts

    db = tmp_path / "newsread.db"
    a, b = seeds
    store = Store(db)
    ids = store.article(a).id, store.article(b).id
    texts = a.text, b.text
    first = judge(store, ids, texts, (0, 20), (0, 20), "rejected", "same")
    store.close()

    journal = Journal(journal_path(db))
    later = new_verdict(ids, texts, (0, 20), (0, 20), "confirmed", "same")
    journal.verdicts(VerdictChange((first.id,), (later,)))          # confirmed in its place
    journal.verdicts(VerdictChange((later.id,)))                     # then revoked
    journal.verdicts(VerdictChange((later.id,), (first,)))           # then undone: the rejection back

    store = Store(db)
    assert Journal(journal_path(db)).replay(store) == 3
    placed, _ = placed_verdicts(store.db.conn, a, b)
    assert [(p.verdict.id, p.verdict.verdict) for p in placed] == [(first.id, "rejected")]
    assert not journal_path(db).exists()


def test_an_undo_the_locked_database_refuses_is_the_same_undo_when_tried_again(tmp_path, seeds, monkeypatch):
    from annotations.store import database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    db = tmp_path / "newsread.db"
    article = seeds[0]
    store = Store(db)
    stored = store.article(article)
    store.add(stored.id, article.text, 0, 10, ["first"])
    second = store.add(stored.id, article.text, 20, 30, ["second"])
    assert store.planned_undo() == second.id
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    for _ in range(2):
        try:
            store.undo()
        except sqlite3.OperationalError:
            pass
    other.execute("COMMIT")
    other.close()
    store.undo()                                   # the second one's undo, not the first's
    assert [r["tags"] for r in committed(db, "select tags from annotations")] == ['["first"]']
