"""`escape` in the reader backs out of the innermost thing: the selection first, then the search, then the entity."""

from __future__ import annotations

import pytest

from tui.app import NewsreadApp
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.anyio


async def test_escape_cancels_the_selection_first_then_the_chosen_entity(seeds, analysed, tmp_path):
    app = NewsreadApp(seeds, db_path=tmp_path / "newsread.db")
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        screen = app.screen
        a, b = screen.view("A"), screen.view("B")
        await pilot.press("e", "enter")           # choose the first entity of the list
        chosen = a.focus_entity
        assert chosen is not None and b.focus_entity == chosen
        await pilot.press("v", "w")              # select from the current sentence
        assert screen.session.selection is not None
        await pilot.press("escape")
        assert screen.session.selection is None
        assert a.focus_entity == b.focus_entity == chosen
        await pilot.press("escape")
        assert a.focus_entity is None and b.focus_entity is None
        await pilot.press("escape")               # nothing left to cancel: nothing happens
        assert isinstance(app.screen, ReaderScreen) and a.focus_entity is None


async def test_escape_is_one_key_and_the_help_says_what_it_does(seeds, analysed, tmp_path):
    escapes = [b for b in ReaderScreen.BINDINGS if "escape" in b.key.split(",")]
    assert len(escapes) == 1
    app = NewsreadApp(seeds, db_path=tmp_path / "newsread.db")
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        row = next(line for line in text.splitlines() if "Cancel the selection" in line)
        assert "escape" in row and "else the search, else the chosen entity" in row
