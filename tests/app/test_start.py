"""The `newsread` command paints the reader before loading anything heavy, and still refuses a bad database first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.app import FIRST_PAINT_ENV

ROOT = Path(__file__).resolve().parents[2]


def newsread_to_first_frame(*args: str) -> subprocess.CompletedProcess:
    """`python -m tui ARGS` in a fresh interpreter, exiting at the reader's first frame."""
    env = {**os.environ, FIRST_PAINT_ENV: "1"}
    return subprocess.run([sys.executable, "-m", "tui", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_command_paints_before_numpy_sqlite_utils_or_spacy_are_imported(tmp_path):
    db = tmp_path / "notes" / "newsread.db"
    result = newsread_to_first_frame("read", "--db", str(db))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["loaded"] == []
    # Its folder is ready; the store itself is created after the first paint.
    assert db.parent.is_dir()


def test_the_command_refuses_a_file_that_is_not_a_database_before_opening(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("My notes, not a database.\n")
    result = newsread_to_first_frame("read", "--db", str(notes))
    assert result.returncode == 2 and result.stdout == ""
    assert "not a newsread database" in result.stderr and "Traceback" not in result.stderr
    assert notes.read_text() == "My notes, not a database.\n"


@pytest.mark.fresh_database  # a database of its own making, not the seeded one
def test_the_command_refuses_a_damaged_database_before_opening(tmp_path):
    import sqlite3

    path = tmp_path / "newsread.db"
    conn = sqlite3.connect(path)
    conn.execute("create table articles (id integer primary key)")
    conn.commit()
    conn.close()
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\xff" * (len(data) - 100))
    before = path.read_bytes()
    result = newsread_to_first_frame("read", "--db", str(path))
    assert result.returncode == 2 and "damaged" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.anyio
async def test_a_database_refused_after_the_first_paint_leaves_the_reader_readable(seeds, analysed, tmp_path):
    from textual.widgets import Input

    from tui.app import NewsreadApp
    from tui.dialogs import TagPrompt

    # The app itself, without the command's check: the store refuses the file once the text is on screen.
    notes = tmp_path / "notes.db"
    notes.write_text("My notes, not a database.\n")
    app = NewsreadApp(seeds, db_path=notes)
    async with app.run_test(size=(160, 48)) as pilot:
        assert await analysed(pilot) == "done"
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert any("not a newsread database" in message for message in errors)
        await pilot.press("t")
        assert isinstance(app.screen, TagPrompt)
        app.screen.query_one(Input).value = "claim"
        await pilot.press("enter")
        await pilot.pause()
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors[-1] == "Notes cannot be saved: the database could not be opened."
        await pilot.press("j")
        assert app.screen.view("A").cursor_sentence == 1
    assert notes.read_text() == "My notes, not a database.\n"
