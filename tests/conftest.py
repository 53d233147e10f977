"""Fixtures shared by the whole suite.

The real English pipeline is loaded once per session: tests assert what the
product does on real text, not on a stand-in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.analysis import pipeline
from annotations.analysis.analyse import shared_pipeline
from annotations.analysis.comparison import Comparison, compare
from annotations.paths import seed_articles
from annotations.sources.articles import Article, load_article

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ECB_TEXTS = SHARED / "eval" / "ecbplus" / "texts"


@pytest.fixture(autouse=True, scope="session")
def _session_database(tmp_path_factory):
    """Module and session fixtures too stay off the user's own database."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSREAD_DB", str(tmp_path_factory.mktemp("session-db") / "newsread.db"))
        yield


@pytest.fixture(autouse=True)
def private_database(tmp_path, monkeypatch) -> Path:
    """Each test's own database: the user's notes and analysis cache are never touched,
    and no test sees an analysis another test cached (newsread processes inherit it)."""
    path = tmp_path / "newsread.db"
    monkeypatch.setenv("NEWSREAD_DB", str(path))
    return path


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline newsread uses by default."""
    return shared_pipeline(pipeline.choose_model())


@pytest.fixture(scope="session")
def seed_paths() -> tuple[Path, Path]:
    return seed_articles()


@pytest.fixture(scope="session")
def seeds(seed_paths) -> tuple[Article, Article]:
    """The two bundled articles, loaded."""
    return load_article(str(seed_paths[0])), load_article(str(seed_paths[1]))


@pytest.fixture(scope="session")
def seed_comparison(seeds, nlp) -> Comparison:
    """The analysis of the two seeds with the real pipeline."""
    return compare(*seeds, nlp, pipeline.describe(pipeline.choose_model()))
