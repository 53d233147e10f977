"""Fixtures shared by the whole suite.

The real English pipeline is loaded once per session: tests assert what the
product does on real text, not on a stand-in. The seeds are analysed once
per session too, and every test's database starts with that analysis in its
cache, as a user's database would after the first look at the pair: a test
that runs `newsread` on the seeds does not parse them again. A test that
needs the first, uncached look marks itself `fresh_database`.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from annotations.analysis import cache as analysis_cache
from annotations.analysis import pipeline
from annotations.analysis.analyse import analysis_key, shared_pipeline
from annotations.analysis.comparison import Comparison, compare
from annotations.paths import seed_articles
from annotations.sources.articles import Article, load_article


def pytest_configure(config) -> None:
    """Bytecode is cached, as on a user's install, even where the environment says not to.

    The suite starts some fifty interpreters (`python -m tui`, Dask workers,
    its own workers); with $PYTHONDONTWRITEBYTECODE set, as on some CI
    machines, each compiled the project from source again, a tenth of a
    second apiece. The workers and commands started from here inherit this.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False


@pytest.fixture(autouse=True, scope="session")
def _session_database(tmp_path_factory, seed_cache):
    """Module and session fixtures too stay off the user's own database."""
    path = tmp_path_factory.mktemp("session-db") / "newsread.db"
    shutil.copyfile(seed_cache, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSREAD_DB", str(path))
        patch.setenv("NEWSREAD_SETTINGS", str(path.with_name("settings.json")))
        yield


@pytest.fixture(autouse=True)
def private_database(request, tmp_path, monkeypatch) -> Path:
    """Each test's own database: the user's notes and analysis cache are never touched,
    and no test sees what another test stored (newsread processes inherit it).
    It holds the seeds' analysis in its cache unless the test is marked `fresh_database`."""
    path = tmp_path / "newsread.db"
    if request.node.get_closest_marker("fresh_database") is None:
        shutil.copyfile(request.getfixturevalue("seed_cache"), path)
    monkeypatch.setenv("NEWSREAD_DB", str(path))
    # The reader's settings (its theme) too stay off the user's own.
    monkeypatch.setenv("NEWSREAD_SETTINGS", str(tmp_path / "settings.json"))
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


@pytest.fixture(scope="session")
def seed_cache(tmp_path_factory, seeds, seed_comparison) -> Path:
    """A database whose analysis cache holds the seeds' analysis, stored as newsread stores it."""
    path = tmp_path_factory.mktemp("seed-cache") / "newsread.db"
    assert analysis_cache.put(path, analysis_key(*seeds), seed_comparison)
    return path
