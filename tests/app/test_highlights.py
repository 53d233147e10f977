"""When the analysis arrives, the panes keep their wrapped lines: the worker prepares the sentence maps."""

from __future__ import annotations

import pytest

from tui.app import NewsreadApp
from tui.widgets import article_layout

pytestmark = pytest.mark.anyio


async def test_the_text_is_wrapped_once_per_pane_and_the_sentences_come_ready(seeds, analysed, tmp_path,
                                                                              monkeypatch):
    wrapped = []
    wrap = article_layout.wrap

    def counted(text, paragraphs, width):
        wrapped.append(width)
        return wrap(text, paragraphs, width)

    # Counts the calls and runs the real wrap.
    monkeypatch.setattr(article_layout, "wrap", counted)
    app = NewsreadApp(seeds, db_path=tmp_path / "newsread.db")
    async with app.run_test(size=(160, 48)) as pilot:
        assert await analysed(pilot) == "done"
        comparison = app.screen.comparison
        for side, doc in (("A", comparison.a), ("B", comparison.b)):
            view = app.screen.view(side)
            assert view.article_layout.units == [(s.start, s.end) for s in doc.sentences]
            assert view.unit_count == len(doc.sentences) > len(view.article.paragraphs)
        assert len(wrapped) == 2  # at the first paint, one per pane; never again for the highlights
        await pilot.resize_terminal(120, 48)
        await pilot.pause()
        assert len(wrapped) == 4  # a new width does wrap again
        view = app.screen.view("A")
        assert view.article_layout.units == [(s.start, s.end) for s in comparison.a.sentences]


async def test_the_title_counts_the_entities_both_articles_mention(seeds, analysed, tmp_path):
    app = NewsreadApp(seeds, db_path=tmp_path / "newsread.db")
    async with app.run_test(size=(160, 48)) as pilot:
        assert await analysed(pilot) == "done"
        comparison = app.screen.comparison
        values = {e.id for e in comparison.entities if e.label in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL")}
        shared = {m.entity for m in comparison.a.mentions} & {m.entity for m in comparison.b.mentions} - values
        assert len(shared) > 0 and values
        # Names only: dates and figures are listed apart and are not counted as entities.
        names = len(comparison.entities) - len(values)
        assert app.screen.sub_title.endswith(f"{names} entities, {len(shared)} in both")
