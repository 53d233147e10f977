"""The reader never loses a keystroke nor says what is not so (issue 19).

Keys sent in one burst (as tmux, a paste or a macro sends them) are posted
to the driver without waiting between them; each test checks what a person
would see or get: the panes, the status line, the database.
"""

from __future__ import annotations

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
        unmatched = sorted(view.highlights.only_here)[0]
        view.move_cursor(unmatched)
        await pilot.press("c")
        said = app._notifications
        assert any("l links this sentence" in n.message for n in said)
        assert not any("L links" in n.message for n in said)

        await pilot.press("l")
        assert f"linking A{unmatched + 1}: enter on a sentence of B" in status(app)
        app.clear_notifications()
        await pilot.pause(0.1)
        await pilot.press("tab", "j")
        assert f"linking A{unmatched + 1}" in status(app)     # still there after the toast is gone
        await pilot.press("escape")
        assert "linking" not in status(app)
