"""The reader's "Save this comparison as a web page": the file, where it went, and never over another."""

from __future__ import annotations

import pytest
from support import wait_until
from textual.command import CommandPalette

from annotations.store.store import Store
from tui.app import NewsreadApp

pytestmark = pytest.mark.anyio


async def save_from_the_palette(pilot) -> None:
    await pilot.press("ctrl+p")
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*"save this comparison", "enter")
    await pilot.pause()


async def test_the_palette_saves_the_pair_as_a_web_page_and_says_where(seeds, private_database, tmp_path,
                                                                       monkeypatch):
    a, b = seeds
    with Store(private_database) as store:
        start = a.text.index("The Moscow Times")
        store.add(store.open_article(a).article.id, a.text, start, start + 16, tags=["sourcing"],
                  note="Who told the Moscow Times?")
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    app = NewsreadApp(seeds, db_path=private_database)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.comparison is not None and screen.session.store is not None,
                         "the analysis or the database")
        await save_from_the_palette(pilot)
        await wait_until(pilot, lambda: len(list(folder.glob("*.html"))) == 1, "the web page")
        (page,) = folder.glob("*.html")
        assert page.name.startswith("newsread-putin-and-xi-say-they-need-to-oppose-vs-russia-s-putin")
        text = page.read_text(encoding="utf-8")
        assert '<span class="tag">#sourcing</span>' in text and "Who told the Moscow Times?" in text
        for claim in screen.comparison.claims:
            assert f'id="A{claim.a + 1}"' in text and f'id="B{claim.b + 1}"' in text
        await wait_until(pilot, lambda: any(str(page) in n.message for n in app._notifications), "the notification")
        # Again: a second file beside the first, which is left as it was.
        await save_from_the_palette(pilot)
        await wait_until(pilot, lambda: len(list(folder.glob("*.html"))) == 2, "the second web page")
        assert page.read_text(encoding="utf-8") == text
        assert page.with_name(page.stem + "-2.html").exists()


async def test_a_page_that_cannot_be_written_is_said_so(seeds, private_database, tmp_path, monkeypatch):
    folder = tmp_path / "gone"
    folder.mkdir()
    monkeypatch.chdir(folder)
    folder.rmdir()  # the folder newsread was started in no longer exists
    app = NewsreadApp(seeds, db_path=private_database)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.comparison is not None, "the analysis")
        await save_from_the_palette(pilot)
        await wait_until(pilot, lambda: any(n.title == "Not saved" for n in app._notifications), "the refusal")
        (said,) = [n.message for n in app._notifications if n.title == "Not saved"]
        assert said.startswith("The web page could not be written in the current folder (")
        assert not any("Saved the comparison" in n.message for n in app._notifications)
