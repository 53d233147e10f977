"""The reader never loses a keystroke nor says what is not so (issue 19).

Keys sent in one burst (as tmux, a paste or a macro sends them) are posted
to the driver without waiting between them; each test checks what a person
would see or get: the panes, the status line, the database.
"""

from __future__ import annotations

import json

import pytest
from support import committed, wait_until
from textual import events
from textual.widgets import Input

from tui.app import NewsreadApp
from tui.widgets.status_line import StatusLine

pytestmark = pytest.mark.anyio


def status(app) -> str:
    return str(app.screen.query_one(StatusLine).render())


def burst(app, *keys: str) -> None:
    """Post `keys` to the app at once, as a terminal delivers a paste or a fast macro."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


async def opened(pilot) -> None:
    """Wait for the analysis and the notes database."""
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.analysis_state == "done" and screen.session.store is not None,
                     "the analysis and the database")


async def test_v_j_t_in_one_burst_tags_both_sentences(seeds, tmp_path, saved):
    db = tmp_path / "n.db"
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        await pilot.press("j", "j")
        view = app.screen.view("A")
        first, second = view.article_layout.units[2], view.article_layout.units[3]
        burst(app, "v", "j", "t")
        await wait_until(pilot, lambda: isinstance(app.screen.focused, Input), "the tag prompt")
        app.screen.query_one(Input).value = "both"
        await pilot.press("enter")
        await saved(pilot)
        [row] = committed(db, "select start, end from annotations")
        assert (row["start"], row["end"]) == (first[0], second[1])


async def test_tab_then_a_key_in_one_burst_acts_in_the_other_pane_and_the_status_line_follows(seeds, tmp_path):
    app = NewsreadApp(seeds, db_path=tmp_path / "n.db")
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        await pilot.press("j")
        burst(app, "tab", "v")
        await pilot.pause()
        selection = app.screen.session.selection
        assert selection is not None and selection.side == "B"
        await pilot.press("escape")
        assert status(app).startswith("B ")


async def test_the_status_line_follows_tab_at_once(seeds, tmp_path):
    app = NewsreadApp(seeds, db_path=tmp_path / "n.db")
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        await pilot.press("j", "j")
        assert status(app).startswith("A 3/")
        await pilot.press("tab")
        assert status(app).startswith("B ")
        await pilot.press("tab")
        assert status(app).startswith("A 3/")


async def test_c_on_an_unmatched_sentence_names_l_and_a_link_in_progress_stays_on_the_status_line(seeds, tmp_path):
    app = NewsreadApp(seeds, db_path=tmp_path / "n.db")
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        screen = app.screen
        view = screen.view("A")
        # A sentence with neither partner nor candidate (a caption): c names the key that links.
        caption = next(i for i, s in enumerate(screen.comparison.a.sentences) if s.kind == "caption")
        view.move_cursor(caption)
        await pilot.press("c")
        said = app._notifications
        assert any("l links this sentence" in n.message for n in said)
        assert not any("L links" in n.message for n in said)
        unmatched = sorted(view.highlights.only_here)[0]
        view.move_cursor(unmatched)

        await pilot.press("l")
        assert f"linking A{unmatched + 1}: enter on a sentence of B" in status(app)
        app.clear_notifications()
        await pilot.pause(0.1)
        await pilot.press("tab", "j")
        assert f"linking A{unmatched + 1}" in status(app)     # still there after the toast is gone
        await pilot.press("escape")
        assert "linking" not in status(app)


async def test_where_the_reader_is_and_the_recent_pair_are_kept_as_it_moves_not_only_at_q(seeds, tmp_path):
    db = tmp_path / "n.db"
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        # Opened: already among the recent pairs (a closed terminal must not lose it).
        await wait_until(pilot, lambda: committed(db, "select source_a from reading")
                         == [{"source_a": seeds[0].source}], "the recent pair")
        await pilot.press(*"jjjjjjjj")
        nine = app.screen.view("A").cursor_span[0]

        def kept() -> int | None:
            rows = committed(db, "select state from reading")
            return json.loads(rows[0]["state"])["A"]["cursor"] if rows else None

        await wait_until(pilot, lambda: kept() == nine, "keeping where the reader is")
        assert app.is_running    # kept while reading, before any q


def run_in_terminal(db, settings) -> tuple[int, int]:
    """Start the reader on the seeds in a pseudo-terminal, as a person does; (pid, the terminal's fd)."""
    import os
    import pty
    import struct
    import sys
    from fcntl import ioctl
    from termios import TIOCSWINSZ

    from support import ROOT

    pid, fd = pty.fork()
    if pid == 0:  # the child: the reader, its database and settings in the test's folder
        try:
            os.chdir(ROOT)
            os.environ.update({"NEWSREAD_DB": str(db), "NEWSREAD_SETTINGS": str(settings),
                               "TERM": "xterm-256color"})
            os.execv(sys.executable, [sys.executable, "-m", "tui"])
        finally:
            os._exit(127)  # never back into the tests
    ioctl(fd, TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
    return pid, fd


def read_until(fd: int, done, seconds: float = 120) -> bytes:
    """What the reader wrote to the terminal, until `done(output)` holds or it closed the terminal."""
    import os
    import select
    import time

    output, end = b"", time.monotonic() + seconds
    while time.monotonic() < end and not done(output):
        if select.select([fd], [], [], 0.2)[0]:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the reader has exited and closed the terminal
                break
            if not chunk:
                break
            output += chunk
    return output


def kept_cursor(db) -> int | None:
    """The cursor of A the database keeps for the pair, as another process sees it (None: nothing yet)."""
    import sqlite3

    try:
        rows = committed(db, "select state from reading")
    except sqlite3.Error:  # not created yet
        return None
    return json.loads(rows[0]["state"])["A"]["cursor"] if rows else None


def end_with(pid: int, fd: int, signal_name: str) -> tuple[int, bytes]:
    """Send `signal_name` to the reader in the terminal `fd`: its exit status once it has ended, and its last output."""
    import os
    import signal

    try:
        os.kill(pid, getattr(signal, signal_name))
        after = read_until(fd, lambda out: False, 30)
    finally:
        done, status = os.waitpid(pid, os.WNOHANG)
        if not done:  # still running after 30 s: stop it, and fail below
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        os.close(fd)
    return status, after


@pytest.mark.parametrize(("signal_name", "key", "hint", "kept"), [
    ("SIGTERM", b"a", b"ctrl+s saves", "A note you were writing when the reader was closed was kept"),
    ("SIGHUP", b"t", b"enter saves", "Tags you were typing when the reader was closed were kept: draft, words"),
])
async def test_sigterm_and_sighup_restore_the_terminal_keep_the_place_and_the_draft_saved_on_the_next_start(
        tmp_path, seeds, signal_name, key, hint, kept):
    """The terminal closed (SIGHUP) or the reader told to end (SIGTERM) while a note or tags are being typed."""
    import os

    from annotations.store.journal import journal_path

    db = tmp_path / "n.db"
    pid, fd = run_in_terminal(db, tmp_path / "settings.json")
    try:
        read_until(fd, lambda out: b"Quit" in out)
        read_until(fd, lambda out: kept_cursor(db) is not None, 60)   # the database is open
        os.write(fd, b"jjjj")
        read_until(fd, lambda out: bool(kept_cursor(db)), 30)         # the place is kept as the reader moves
        os.write(fd, key)
        read_until(fd, lambda out: hint in out, 30)
        os.write(fd, b"draft, words")
        read_until(fd, lambda out: b"words" in out, 30)
    finally:
        status, after = end_with(pid, fd, signal_name)
    assert b"\x1b[?1049l" in after          # out of the alternate screen
    assert b"\x1b[?1000l" in after          # mouse reporting off
    assert os.WIFEXITED(status)             # ended as q ends it, not killed by the signal
    place = kept_cursor(db)
    assert place
    assert journal_path(db).exists()
    assert committed(db, "select * from annotations") == []

    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        await wait_until(pilot, lambda: any(kept in n.message for n in app._notifications), "the draft named")
        [annotation] = app.screen.session.placed["A"].values()
        start = app.screen.view("A").cursor_span[0]
        assert start == place                   # reopened where it was
    assert (annotation.note, annotation.tags) == (("draft, words", ()) if key == b"a" else ("", ("draft", "words")))
    [row] = committed(db, "select start, note from annotations")
    assert row["start"] == start and row["note"] == annotation.note
    assert not journal_path(db).exists()


async def test_quitting_with_a_note_being_written_asks_once_and_saves_it(seeds, tmp_path):
    from textual.widgets import TextArea

    from tui.dialogs import ConfirmDiscard, NoteEditor, QuitPrompt

    db = tmp_path / "n.db"
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        await pilot.press("j", "a")
        app.screen.query_one(TextArea).text = "draft"
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("q")                       # q works over "discard?" too
        assert isinstance(app.screen, QuitPrompt)
        await pilot.press("k")                       # keep editing: back in the editor, the text kept
        assert isinstance(app.screen, NoteEditor) and app.screen.text == "draft"
        await pilot.press("ctrl+c")                  # ctrl+c asks the same, once
        assert isinstance(app.screen, QuitPrompt)
        await pilot.press("s")
        await wait_until(pilot, lambda: not app.is_running, "quitting")
    assert [row["note"] for row in committed(db, "select note from annotations")] == ["draft"]


async def test_quitting_with_a_note_being_written_can_discard_it(seeds, tmp_path):
    from textual.widgets import TextArea

    db = tmp_path / "n.db"
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        await pilot.press("a")
        app.screen.query_one(TextArea).text = "not wanted"
        await pilot.press("ctrl+c", "d")
        await wait_until(pilot, lambda: not app.is_running, "quitting")
    assert committed(db, "select note from annotations") == []


@pytest.fixture
def quick_busy(monkeypatch):
    """The database waits 0.2 s for another process's lock rather than 10 s, so each try ends soon."""
    from annotations.store import database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)


async def tag_here(pilot, tag: str) -> None:
    await pilot.press("t")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen.focused, Input), "the tag prompt")
    pilot.app.screen.query_one(Input).value = tag
    await pilot.press("enter")


async def test_a_change_the_locked_database_cannot_take_waits_visibly_and_is_written_once_it_can(
        seeds, tmp_path, quick_busy):
    import asyncio
    import sqlite3

    from annotations.store.journal import journal_path

    db = tmp_path / "n.db"
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        await tag_here(pilot, "kept")
        await asyncio.sleep(1.5)                     # several tries, each refused
        await pilot.pause()
        assert "1 change waiting: the database is busy" in status(app)
        assert "saved" not in status(app)
        assert journal_path(db).exists()
        other.execute("COMMIT")
        other.close()
        await wait_until(pilot, lambda: "saved" in status(app), "saving once the lock is gone")
        assert "waiting" not in status(app)
        assert [r["tags"] for r in committed(db, "select tags from annotations")] == ['["kept"]']
        assert not journal_path(db).exists()


async def test_a_change_waiting_when_the_reader_quits_is_written_on_the_next_start(seeds, tmp_path, quick_busy):
    import asyncio
    import sqlite3

    from annotations.store.journal import journal_path
    from tui.dialogs import QuitPrompt

    db = tmp_path / "n.db"
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        await tag_here(pilot, "kept")
        await asyncio.sleep(0.5)
        await pilot.press("q")
        assert isinstance(app.screen, QuitPrompt)    # asked: 1 change waiting
        await pilot.press("d")
        await wait_until(pilot, lambda: not app.is_running, "quitting")
    assert journal_path(db).exists()
    other.execute("COMMIT")
    other.close()
    assert committed(db, "select tags from annotations") == []

    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        assert [a.tags for a in app.screen.session.placed["A"].values()] == [("kept",)]
    assert [r["tags"] for r in committed(db, "select tags from annotations")] == ['["kept"]']
    assert not journal_path(db).exists()


async def test_a_selection_has_a_look_of_its_own_on_every_tint_in_every_theme(seeds, tmp_path):
    from tui.widgets.article_lines import LineStyles

    app = NewsreadApp(seeds, db_path=tmp_path / "n.db")
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        view = app.screen.view("A")
        lone = sorted(view.highlights.only_here)[0]
        view.move_cursor(lone)
        await pilot.press("v")                       # the lone sentence selected, the cursor on it
        row = view.article_layout.unit_lines[lone][0] - round(view.scroll_y)
        for theme in app.available_themes:
            app.theme = theme
            await pilot.pause()
            palette = LineStyles.of(view).palette
            text = [seg for seg in view.render_line(row) if seg.text.strip()][2:]
            assert text, theme
            if palette["selection"].reverse:  # an ANSI theme: its tints are one colour, the selection reversed
                assert all(seg.style.reverse for seg in text), theme
                continue
            selection = palette["selection"].background
            tints = {name: palette[name].background for name in
                     ("cursor", "partner", "lone", "claim-1", "claim-2", "claim-3", "conflict")}
            assert selection not in tints.values(), theme
            # As drawn: every letter of the selected lone sentence, the cursor's, in the selection's colour.
            assert all(seg.style.bgcolor.triplet == selection.rich_color.triplet for seg in text), theme


async def test_j_and_k_move_in_the_entity_list_and_scroll_the_help(seeds, tmp_path):
    from textual.containers import VerticalScroll
    from textual.widgets import OptionList

    from tui.screens.help import HelpScreen

    app = NewsreadApp(seeds, db_path=tmp_path / "n.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("e")
        options = app.screen.query_one("#entity-options", OptionList)
        first = options.highlighted
        await pilot.press("j", "j")
        assert options.highlighted == first + 2
        await pilot.press("k")
        assert options.highlighted == first + 1
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        scroll = app.screen.query_one("#help", VerticalScroll)
        await pilot.press("j", "j", "j")
        assert scroll.scroll_y == 3
        await pilot.press("k")
        assert scroll.scroll_y == 2


async def test_the_help_files_verdict_keys_apart_and_lists_the_prompts_keys(seeds, tmp_path):
    from textual.widgets import Static

    app = NewsreadApp(seeds, db_path=tmp_path / "n.db")
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        await pilot.press("question_mark")
        blocks = [str(s.render()) for s in app.screen.query(Static)]
        finding = blocks[blocks.index("Finding and seeing") + 1]
        verdicts = blocks[blocks.index("Your verdicts") + 1]
        assert "Confirm the pair the detail bar points at" in verdicts
        assert "Confirm the pair" not in finding and "Reject the pair" not in finding
        tier = blocks[blocks.index("Tier of a link (after l, enter)") + 1]
        assert "The same claim" in tier and "Related" in tier
        text = "\n".join(blocks)
        for key in ("ctrl+s", "ctrl+c / ctrl+q"):
            assert key in text


async def test_open_another_pair_expands_home_and_keeps_both_paths_typed_after_an_error(seeds, tmp_path, monkeypatch):
    from tui.dialogs import OpenPair

    home = tmp_path / "home"
    home.mkdir()
    for name, article in zip(("a.txt", "b.txt"), seeds):
        (home / name).write_text(article.text, encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    app = NewsreadApp(seeds, db_path=tmp_path / "n.db")
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        app.open_pair("~/a.txt", "~/missing.txt")
        await wait_until(pilot, lambda: isinstance(app.screen, OpenPair), "asking again")
        assert app.screen.query_one("#a", Input).value == "~/a.txt"
        assert app.screen.query_one("#b", Input).value == "~/missing.txt"
        app.screen.query_one("#b", Input).value = "~/b.txt"
        app.screen.query_one("#b", Input).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: getattr(app.screen, "pair", seeds)[0].source != seeds[0].source,
                         "the pair from the home folder")
        assert app.screen.pair[1].source.endswith("b.txt") and "~" not in app.screen.pair[1].source


async def test_below_32_rows_the_warning_mark_still_shows(seeds, tmp_path):
    from pathlib import Path

    from textual.widgets import Static

    from annotations.sources.articles import load_article

    page = load_article(str(Path(__file__).resolve().parents[1] / "data" / "pages" / "soxblog-cp1252.html"))
    app = NewsreadApp((page, seeds[1]), db_path=tmp_path / "n.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        header = app.screen.query_one("#pane-a .pane-header", Static)
        assert header.size.height == 1
        assert "⚠ 1 warning" in str(header.render()).splitlines()[0]    # the one line shown


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
async def test_a_toast_never_covers_b_s_headline(seeds, tmp_path, size):
    from textual.widgets import Static
    from textual.widgets._toast import Toast

    app = NewsreadApp(seeds, db_path=tmp_path / "n.db")
    async with app.run_test(size=size, notifications=True) as pilot:
        await opened(pilot)
        app.notify("Something to say, at some length, over the panes.", timeout=30)
        await wait_until(pilot, lambda: bool(app.screen.query(Toast)), "the toast")
        header = app.screen.query_one("#pane-b .pane-header", Static).region
        for toast in app.screen.query(Toast):
            assert not toast.region.overlaps(header)


async def test_reopened_in_a_smaller_terminal_the_cursor_is_on_screen_at_once(seeds, tmp_path):
    db = tmp_path / "n.db"
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        await pilot.press("s")                       # unlinked: the cursor low in the pane, far from the top
        await pilot.press(*"jjjjjjjjjj")
        left = app.screen.view("A").cursor_sentence
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        view = app.screen.view("A")
        await wait_until(pilot, lambda: view.cursor_sentence == left, "the place restored")
        first, last = view.article_layout.unit_lines[left]
        top = round(view.scroll_y)
        assert top <= first and last < top + view.scrollable_content_region.height


async def test_near_the_end_of_an_article_a_pair_is_still_level(seeds, tmp_path):
    app = NewsreadApp(seeds, db_path=tmp_path / "n.db")
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        screen = app.screen
        a, b = screen.view("A"), screen.view("B")
        # The claim latest in B: its sentence is among B's last lines.
        claim = max(screen.comparison.claims, key=lambda c: c.b)
        a.move_cursor(claim.a)
        await pilot.pause()
        partner = b.first_line_of(screen.link.partners["A"][claim.a][0])
        assert partner - round(b.scroll_y) == a.cursor_row()


async def test_a_verdict_and_its_undo_waiting_for_the_locked_database_are_written_on_the_next_start(
        seeds, tmp_path, quick_busy):
    import asyncio
    import sqlite3

    from annotations.store.journal import journal_path
    from tui.dialogs import QuitPrompt

    db = tmp_path / "n.db"
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        screen = app.screen
        view = screen.view("A")
        index = next(i for i in view.highlights.claim_sentences if len(screen.comparison.claims_of("A", i)) == 1)
        view.move_cursor(index)
        await pilot.pause()
        await pilot.press("r")                       # rejected, written at once
        await wait_until(pilot, lambda: committed(db, "select verdict from verdicts") == [{"verdict": "rejected"}],
                         "the rejection")
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        await pilot.press("u")                       # the rejection undone, then confirmed: both wait
        await pilot.press("c")
        await asyncio.sleep(0.5)
        await pilot.press("q")
        assert isinstance(app.screen, QuitPrompt)
        assert "lost" not in " ".join(str(label.render()) for label in app.screen.query("Label"))
        await pilot.press("d")
        await wait_until(pilot, lambda: not app.is_running, "quitting")
    assert journal_path(db).exists()
    other.execute("COMMIT")
    other.close()
    assert committed(db, "select verdict from verdicts") == [{"verdict": "rejected"}]

    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        assert [p.verdict.verdict for p in app.screen.session.verdicts] == ["confirmed"]
    assert committed(db, "select verdict from verdicts") == [{"verdict": "confirmed"}]
    assert not journal_path(db).exists()


async def test_near_the_start_of_an_article_a_pair_is_still_level_and_the_padding_goes_when_not_needed(
        seeds, tmp_path):
    app = NewsreadApp(seeds, db_path=tmp_path / "n.db")
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(pilot)
        screen = app.screen
        a, b = screen.view("A"), screen.view("B")
        assert b.top_line == 0
        levelled = 0
        for claim in sorted(screen.comparison.claims, key=lambda c: c.a):
            a.move_cursor(claim.a)
            await pilot.pause()
            partner = b.first_line_of(screen.link.partners["A"][claim.a][0])
            if partner >= a.cursor_row():
                continue
            # B's partner starts higher in its article than A's sentence sits in its pane:
            # level only with blank lines above B's text.
            levelled += 1
            assert partner - b.top_line == a.cursor_row()
            assert b.top_line < 0 and round(b.scroll_y) == 0
        assert levelled
        a.move_cursor(0)                             # no pair needs it: B's first line at the top again
        await pilot.pause()
        assert b.top_line == 0 and round(b.scroll_y) == 0
