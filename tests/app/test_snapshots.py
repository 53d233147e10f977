"""Snapshots of the reader's main screen on the seeds, wide and narrow, once the analysis is done."""

from __future__ import annotations

import pytest

from annotations.paths import seed_articles
from tui.app import NewsreadApp
from tui.cli import load_pair


def seed_app() -> NewsreadApp:
    # The seeds by their file names, so the pane headers do not depend on
    # where the checkout lives.
    pair = load_pair(tuple(str(p) for p in seed_articles()))
    return NewsreadApp(tuple(_relative(a) for a in pair))


def _relative(article):
    from dataclasses import replace
    from pathlib import Path

    return replace(article, source=Path(article.source).name)


@pytest.fixture
def after_analysis(analysed):
    async def run_before(pilot) -> None:
        await analysed(pilot)
        await pilot.press("right_square_bracket")  # a matched claim: partner, tints, detail bar
        await pilot.pause()
    return run_before


def test_reader_wide(snap_compare, after_analysis):
    assert snap_compare(seed_app(), terminal_size=(160, 48), run_before=after_analysis)


def test_reader_narrow(snap_compare, after_analysis):
    assert snap_compare(seed_app(), terminal_size=(90, 48), run_before=after_analysis)


def _on_candidate(analysed, theme: str | None, keys: tuple[str, ...]):
    """Before the shot: the analysis done, B's hour-long call chosen (no claim, three candidates), then `keys`."""
    async def run_before(pilot) -> None:
        if theme:
            pilot.app.theme = theme
        await analysed(pilot)
        screen = pilot.app.screen
        doc = screen.comparison.b
        index = next(i for i in range(len(doc.sentences)) if "conversation lasting an hour" in doc.sentence_text(i))
        await pilot.press("tab")
        screen.view("B").move_cursor(index)
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
    return run_before


def test_candidate_lit_light_small(snap_compare, analysed):
    assert snap_compare(seed_app(), terminal_size=(80, 24),
                        run_before=_on_candidate(analysed, "textual-light", ("right_parenthesis",)))


def test_candidate_lit_dark_wide(snap_compare, analysed):
    assert snap_compare(seed_app(), terminal_size=(160, 48),
                        run_before=_on_candidate(analysed, None, ("right_parenthesis",)))


def test_review_queue_dark_wide(snap_compare, analysed):
    assert snap_compare(seed_app(), terminal_size=(160, 48), run_before=_on_candidate(analysed, None, ("R",)))


def test_review_queue_light_small(snap_compare, analysed):
    assert snap_compare(seed_app(), terminal_size=(80, 24),
                        run_before=_on_candidate(analysed, "textual-light", ("R",)))
