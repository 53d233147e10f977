"""Databases newsread must refuse are refused by every command, `compare` included,
and left byte for byte as they were; file names in no encoding round-trip."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import committed, newsread

from annotations.store.exports import source_from_iri, source_iri
from annotations.store.records import source_name, stored_source
from annotations.store.store import Store


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _newer(path: Path) -> Path:
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("insert into _sqlite_migrations (migration_set, name, applied_at) "
                 "values ('newsread', 'm900_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    return path


def _read_only(path: Path) -> Path:
    Store(path).close()
    os.chmod(path, 0o444)
    return path


def _foreign_cache(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("create table analysis_cache (key text primary key, value blob)")
    conn.execute("create table orders (id integer primary key)")
    conn.commit()
    conn.close()
    return path


def _foreign_annotations(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("create table annotations (id integer primary key, body text)")
    conn.commit()
    conn.close()
    return path


def _ours_with_foreign_annotations(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("create table _sqlite_migrations (id integer primary key, migration_set text, name text, "
                 "applied_at text)")
    conn.execute("insert into _sqlite_migrations (migration_set, name, applied_at) "
                 "values ('newsread', 'm001_articles_and_annotations', '2024-01-01')")
    conn.execute("create table articles (id integer primary key, sha256 text, source text, title text, "
                 "length integer, first_opened text)")
    conn.execute("create table annotations (id integer primary key, body text)")
    conn.commit()
    conn.close()
    return path


def _with(sql: str) -> Callable[[Path], Path]:
    """A newsread database to which someone added `sql` (a trigger, a view, a table)."""
    def make(path: Path) -> Path:
        Store(path).close()
        conn = sqlite3.connect(path)
        conn.execute(sql)
        conn.commit()
        conn.close()
        return path
    return make


WIPE = "create trigger wipe after insert on annotations begin delete from annotations where id != new.id; end"
ADDED = {
    "trigger": (WIPE, "trigger newsread did not create (wipe)"),
    "view": ("create view mine as select id, note from annotations", "view newsread did not create (mine)"),
    "table": ("create table mine (id integer primary key)", "table newsread did not create (mine)"),
}

REFUSED = {
    "with a trigger that wipes annotations": (_with(WIPE), "newsread did not create"),
    "newer": (_newer, "newer version of newsread"),
    "read-only": (_read_only, "read-only"),
    "foreign with a cache table": (_foreign_cache, "another program"),
    "foreign with only an annotations table": (_foreign_annotations, "another program"),
    "newsread steps, foreign annotations table": (_ours_with_foreign_annotations, "another program"),
}


@pytest.fixture(params=list(REFUSED))
def refused(request, tmp_path) -> tuple[Path, str]:
    make, words = REFUSED[request.param]
    path = make(tmp_path / "refused.db")
    yield path, words
    os.chmod(path, 0o644)


@pytest.mark.parametrize("command", [
    ["compare"], ["compare", "--format", "json"], ["compare", "--format", "html"], ["export"], ["import", "FILE"],
    ["read"], ["cache", "clear"],
])
def test_every_command_refuses_and_leaves_it_untouched(refused, command, tmp_path, seed_paths):
    path, words = refused
    if command == ["export"] and words == "read-only":
        pytest.skip("export only reads: see test_export_reads_a_read_only_database_and_leaves_it_as_it_was")
    before = _digest(path)
    mode = sqlite3.connect(f"file:{path}?mode=ro", uri=True).execute("pragma journal_mode").fetchone()[0]
    note = tmp_path / "one.json"
    note.write_text('{"type": "Annotation", "target": {"source": "x", "selector": '
                    '{"type": "TextQuoteSelector", "exact": "x"}}}')
    args = [str(note) if a == "FILE" else a for a in command]
    if command[0] == "compare":
        args += [str(p) for p in seed_paths]
    result = newsread(*args, "--db", str(path), text=True)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _digest(path) == before
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert conn.execute("pragma journal_mode").fetchone()[0] == mode
    conn.close()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def test_the_cache_neither_reads_nor_writes_a_refused_database(tmp_path, seeds, seed_comparison):
    from annotations.analysis import cache
    from annotations.analysis.analyse import analysis_key

    path = _foreign_cache(tmp_path / "other.db")
    before = _digest(path)
    key = analysis_key(*seeds)
    assert cache.put(path, key, seed_comparison) is False
    assert cache.get(path, key, seeds) is None
    assert _digest(path) == before


@pytest.mark.parametrize("added", list(ADDED))
def test_what_newsread_did_not_create_is_refused_and_nothing_written(added, tmp_path, seeds):
    """An added trigger once turned an import of one note into the loss of every other."""
    from click.testing import CliRunner

    from annotations.store.exports import source_iri
    from tui.cli import cli

    path = tmp_path / "ours.db"
    store = Store(path)
    article = store.article(seeds[0]).id
    for n in range(3):
        store.add(article, seeds[0].text, n * 10, n * 10 + 5, tags=["kept"])
    store.close()
    sql, words = ADDED[added]
    _with(sql)(path)
    before = _digest(path)
    note = tmp_path / "one.json"
    note.write_text(json.dumps({"type": "Annotation", "target": {
        "source": source_iri(seeds[0].source), "selector": {"type": "TextQuoteSelector", "exact": "the"}}}))
    result = CliRunner().invoke(cli, ["import", str(note), "--db", str(path)])
    assert result.exit_code == 2
    assert words in result.stderr and "left untouched" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _digest(path) == before
    assert committed(path, "select count(*) as n from annotations") == [{"n": 3}]


@pytest.mark.parametrize("fmt", ["w3c", "csv", "markdown", "verdicts"])
def test_export_reads_a_read_only_database_and_leaves_it_as_it_was(tmp_path, seeds, fmt):
    """Export only reads, yet a read-only database was refused."""
    from click.testing import CliRunner

    from tui.cli import cli

    path = tmp_path / "archive.db"
    with Store(path) as store:
        article = store.article(seeds[0]).id
        store.add(article, seeds[0].text, 0, 20, tags=["kept"], note="archived")
    before = _digest(path)
    os.chmod(path, 0o444)
    try:
        result = CliRunner().invoke(cli, ["export", "--format", fmt, "--db", str(path)])
        assert result.exit_code == 0, result.stderr
        if fmt != "verdicts":
            assert "archived" in result.stdout
        assert _digest(path) == before
        assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
        # A read-only database of an older schema would need writing first: said, not tried.
        os.chmod(path, 0o644)
        conn = sqlite3.connect(path)
        conn.execute("delete from _sqlite_migrations where name = 'm007_verdicts'")
        conn.commit()
        conn.close()
        os.chmod(path, 0o444)
        result = CliRunner().invoke(cli, ["export", "--format", fmt, "--db", str(path)])
        assert result.exit_code == 2
        assert result.stderr == (f"newsread: the database {path} is read-only and was written by an older "
                                 "newsread, whose schema must be brought up to date first: make it writable "
                                 "once, or copy it.\n")
    finally:
        os.chmod(path, 0o644)


def test_a_read_only_folder_is_refused_even_to_root(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    os.chmod(folder, 0o555)
    try:
        result = newsread("export", "--db", str(folder / "new.db"), text=True)
        assert result.returncode == 2
        result = newsread("import", "-", "--db", str(folder / "new.db"), stdin="{}", text=True)
        assert result.returncode == 2 and "folder is read-only" in result.stderr
        assert list(folder.iterdir()) == []
    finally:
        os.chmod(folder, 0o755)


def test_a_lock_held_too_long_is_said_as_a_lock_to_try_again(tmp_path):
    from annotations.store.database import DatabaseBusy, refusal

    error = refusal(tmp_path / "x.db", sqlite3.OperationalError("database is locked"))
    assert isinstance(error, DatabaseBusy) and "try again" in str(error)


# -- file names in no encoding ---------------------------------------------------------

def test_a_file_name_in_no_encoding_is_compared_and_annotated(tmp_path, seed_paths, seeds):
    raw = os.fsencode(tmp_path) + b"/bad\xff\xfename.txt"
    with open(raw, "wb") as handle:
        handle.write(seed_paths[0].read_bytes())
    result = subprocess.run(
        [*newsread_argv(), "compare", os.fsdecode(raw), str(seed_paths[1]), "--format", "json"],
        capture_output=True, cwd=Path(__file__).resolve().parents[2], timeout=300,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    from annotations.sources.articles import load_article

    article = load_article(os.fsdecode(raw))
    db = tmp_path / "names.db"
    with Store(db) as store:
        stored = store.open_article(article).article
        store.add(stored.id, article.text, 0, 10, ["tag"])
    with Store(db) as store:
        opened = store.open_article(article)
        assert len(opened.annotations) == 1
        assert source_name(opened.article.source) == article.source
    exported = newsread("export", "--db", str(db), text=True)
    assert exported.returncode == 0 and "%FF%FE" in exported.stdout


def newsread_argv() -> list[str]:
    import sys

    return [sys.executable, "-m", "tui"]


_NAME_BYTES = st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\0" not in b
                                                        and b not in (b".", b".."))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_NAME_BYTES)
def test_any_file_name_round_trips_through_the_store_and_w3c(name):
    source = os.fsdecode(b"/tmp/" + name)       # surrogate-escaped where the bytes are no UTF-8
    stored = stored_source(source)
    stored.encode("utf-8")                     # SQLite can hold it
    assert source_name(stored) == source
    assert os.fsencode(source_name(stored)) == b"/tmp/" + name
    assert source_from_iri(source_iri(stored)) == source
    with Store() as store:
        from dataclasses import dataclass

        @dataclass
        class Named:
            source: str
            text: str = "Some text of an article."
            title: str = ""
            sha256: str = "0" * 64

        article = Named(source)
        first = store.open_article(article).article
        assert store.open_article(article).article.id == first.id
        assert source_name(first.source) == source


@settings(max_examples=40, deadline=None)
@given(name=_NAME_BYTES)
def test_any_file_name_in_an_error_is_one_safe_line(tmp_path_factory, name):
    missing = os.fsencode(tmp_path_factory.getbasetemp()) + b"/" + name
    # As the interpreter hands a process its arguments: undecodable bytes as surrogates.
    result = newsread("compare", os.fsdecode(missing), "-", stdin=b"")
    assert result.returncode == 2
    err = result.stderr.decode("utf-8")
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert not any(ord(c) < 32 and c != "\n" for c in err)


# -- symbolic links that lead back to themselves --------------------------------------

@pytest.fixture
def loop(tmp_path) -> Path:
    (tmp_path / "loop").symlink_to(tmp_path / "back")
    (tmp_path / "back").symlink_to(tmp_path / "loop")
    return tmp_path / "loop"


@pytest.mark.parametrize("command", [["import", "FILE"], ["export"], ["compare", "A", "B"], ["read", "A", "B"]])
def test_a_symlink_loop_as_the_database_is_one_sentence(loop, command, tmp_path, seed_paths, monkeypatch):
    """It ended in tracebacks (sqlite3.OperationalError, RuntimeError) or 'no database yet'."""
    from click.testing import CliRunner

    from tui.app import FIRST_PAINT_ENV
    from tui.cli import cli

    monkeypatch.setenv(FIRST_PAINT_ENV, "1")  # a reader that did open closes at once
    note = tmp_path / "one.json"
    note.write_text('{"type": "Annotation", "target": {"source": "x", "selector": '
                    '{"type": "TextQuoteSelector", "exact": "x"}}}')
    given = {"FILE": str(note), "A": str(seed_paths[0]), "B": str(seed_paths[1])}
    result = CliRunner().invoke(cli, [given.get(a, a) for a in command] + ["--db", str(loop)])
    assert result.exit_code == 2
    assert result.stderr == (f"newsread: the database {loop} is a symbolic link that leads back to itself; "
                             "give a real file with --db.\n")


def test_a_symlink_loop_as_an_article_is_one_sentence(loop, seed_paths):
    from click.testing import CliRunner

    from tui.cli import cli

    result = CliRunner().invoke(cli, ["compare", str(loop), str(seed_paths[1])])
    assert result.exit_code == 2
    assert result.stderr == f"newsread: {loop} is a symbolic link that leads back to itself, not an article file.\n"


def test_every_table_the_migrations_make_is_known_as_newsreads(tmp_path):
    """A step whose tables COLUMNS_BY_STEP does not list would have its own database refused as foreign."""
    from annotations.store.database import OUR_TABLES

    path = tmp_path / "fresh.db"
    Store(path).close()
    made = {row["name"] for row in committed(path, "select name from sqlite_master where type = 'table' "
                                                  "and name not like 'sqlite%'")}
    assert made == OUR_TABLES
    Store(path).close()  # and opened again, it is not refused
