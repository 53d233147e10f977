"""The reader opens a pair it analysed before from the cache, without importing spaCy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tui.app import NewsreadApp

# Runs the reader headless on the seeds in a fresh process, waits for the
# analysis, and says whether spaCy was imported and how many claims it shows.
READER = """
import asyncio, sys
from pathlib import Path
from annotations.sources.articles import load_article
from annotations.paths import seed_articles
from tui.app import NewsreadApp

async def main():
    pair = tuple(load_article(str(p)) for p in seed_articles())
    app = NewsreadApp(pair, db_path=Path(sys.argv[1]))
    async with app.run_test() as pilot:
        for _ in range(3000):
            await app.workers.wait_for_complete()
            await pilot.pause(0.01)
            if getattr(app.screen, "analysis_state", "") in ("done", "failed"):
                break
        print(app.screen.analysis_state, "spacy" in sys.modules, len(app.screen.comparison.claims))

asyncio.run(main())
"""


def open_reader(db) -> list[str]:
    done = subprocess.run([sys.executable, "-c", READER, str(db)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()


@pytest.mark.anyio
@pytest.mark.fresh_database  # the first opening is the uncached look
async def test_second_opening_of_a_pair_does_not_import_spacy(tmp_path, seeds, analysed):
    db = tmp_path / "newsread.db"
    # The first opening analyses in this process, whose pipeline is loaded
    # already; the second is a fresh process, as a user's next start is.
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test() as pilot:
        assert await analysed(pilot) == "done"
        claims = str(len(app.screen.comparison.claims))
        await app.workers.wait_for_complete()
    assert open_reader(db) == ["done", "False", claims]
