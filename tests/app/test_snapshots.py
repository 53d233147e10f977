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
