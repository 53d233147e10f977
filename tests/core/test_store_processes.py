"""Real processes on one database: a writer killed mid-session, two writers at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from annotations.store.store import Store

ROOT = Path(__file__).resolve().parents[2]

# A writer that annotates the first seed sentence by sentence-sized slices,
# printing each id once `add` (or `set_note`) has returned, i.e. committed.
WRITER = textwrap.dedent("""
    import os, sys, time
    from annotations.sources.articles import load_article
    from annotations.paths import seed_articles
    from annotations.store.store import Store

    path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    article = load_article(str(seed_articles()[0]))
    store = Store(path)
    stored = store.open_article(article).article
    print("ready", flush=True)
    if len(sys.argv) > 4:  # a start line shared with another writer
        while not os.path.exists(sys.argv[4]):
            time.sleep(0.005)
    i = 0
    while count < 0 or i < count:
        start = (i * 7) % (len(article.text) - 40)
        made = store.add(stored.id, article.text, start, start + 30, [name, f"n{i}"])
        store.set_note(made.id, f"{name} note {i}")
        print(made.id, flush=True)
        i += 1
    store.close()
""")


def _writer(db: Path, name: str, count: int, *go: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), name, str(count), *map(str, go)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_a_writer_killed_mid_session_loses_nothing_it_committed(tmp_path):
    db = tmp_path / "newsread.db"
    writer = _writer(db, "killed", -1)
    committed = []
    assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
    try:
        while len(committed) < 150:
            line = writer.stdout.readline()
            assert line, writer.stderr.read()
            committed.append(line.strip())
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    conn.close()
    with Store(db) as store:
        for i, annotation_id in enumerate(committed):
            annotation = store.get(annotation_id)
            assert annotation is not None, f"annotation {i} lost"
            assert annotation.tags == ("killed", f"n{i}")
            assert annotation.note == f"killed note {i}"


def test_two_processes_write_at_once_without_locking_errors_or_lost_writes(tmp_path):
    db, go, count = tmp_path / "newsread.db", tmp_path / "go", 150
    writers = [_writer(db, name, count, go) for name in ("left", "right")]
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
    go.touch()
    outputs = [w.communicate(timeout=300) for w in writers]
    for writer, (_, err) in zip(writers, outputs):
        assert writer.returncode == 0, err
        assert "locked" not in err
    ids = {name: out.split() for name, (out, _) in zip(("left", "right"), outputs)}
    with Store(db) as store:
        for name in ("left", "right"):
            assert len(ids[name]) == count
            for i, annotation_id in enumerate(ids[name]):
                annotation = store.get(annotation_id)
                assert annotation is not None and annotation.note == f"{name} note {i}"
        left, right = store.search(tag="left"), store.search(tag="right")
        assert len(left) == len(right) == count
    # The two sessions really overlapped: each wrote while the other was writing.
    assert min(a.created for a in right) < max(a.created for a in left)
    assert min(a.created for a in left) < max(a.created for a in right)


def _other_program(db: Path, sql: str) -> list[str]:
    """Run `sql` in another process over a read-write connection, closed at the end, as any program would."""
    code = f"import sqlite3\nc = sqlite3.connect({str(db)!r})\nfor r in c.execute({sql!r}): print(r[0])\nc.close()"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()


def test_checking_the_database_while_the_store_is_open_loses_no_write(tmp_path, seeds):
    # The analysis cache checks the database while the reader's (or the batch's) store is open. Had the
    # check opened the file itself, closing it would drop this process's locks: another program closing
    # its connection would then fold and delete the write-ahead log the store still writes to.
    from annotations.store.database import check_database

    db = tmp_path / "newsread.db"
    with Store(db) as store:
        article = store.article(seeds[0])
        store.add(article.id, seeds[0].text, 0, 10, ["first"])
        check_database(db)
        assert _other_program(db, "select count(*) from annotations") == ["1"]
        store.add(article.id, seeds[0].text, 20, 30, ["second"])
        assert _other_program(db, "select count(*) from annotations") == ["2"]
    assert _other_program(db, "pragma integrity_check") == ["ok"]
