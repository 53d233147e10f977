"""The one entry point that turns two articles into a `Comparison`.

The command line and the reader both call `analyse`; it chooses and loads
the spaCy pipeline (once per process) and runs the comparison. Given the
database, it first looks the pair up in the analysis cache: a cached pair
is returned without importing spaCy at all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotations.analysis import cache as analysis_cache
from annotations.analysis import pipeline
from annotations.analysis.claims.matcher import MATCHER
from annotations.analysis.comparison import Comparison, compare
from annotations.sources.articles import Article

_loaded: dict[str, Any] = {}
_lock = threading.Lock()


def shared_pipeline(name: str, progress: Callable[[str], None] | None = None) -> Any:
    """The spaCy pipeline `name`, loaded once per process."""
    with _lock:
        if name not in _loaded:
            if progress:
                progress(f"loading the spaCy pipeline {name}")
            _loaded[name] = pipeline.load_model(name)
        return _loaded[name]


def prepare(model: str | None = None) -> None:
    """Load everything `analyse` needs into this process, once: a batch worker's warm-up.

    Today that is the spaCy pipeline; whatever else the analysis comes to
    load once per process (a sentence encoder) belongs here too, so that
    every worker pays for it before its first pair, not during it.

    Raises:
        AnalysisUnavailable: when no usable spaCy pipeline can be loaded.
    """
    shared_pipeline(pipeline.choose_model(model))


def analysis_key(article_a: Article, article_b: Article, model: str | None = None) -> str:
    """The analysis cache key under which `analyse` looks up and stores this pair.

    Raises:
        AnalysisUnavailable: when the chosen pipeline is not installed.
    """
    info = pipeline.describe(pipeline.choose_model(model))
    return analysis_cache.cache_key(article_a, article_b, info, MATCHER)


def analyse(
    article_a: Article,
    article_b: Article,
    model: str | None = None,
    progress: Callable[[str], None] | None = None,
    cache: Path | None = None,
) -> Comparison:
    """Analyse a pair of articles with the chosen (or default) pipeline.

    Args:
        article_a, article_b: the pair, in reading order.
        model: the spaCy pipeline (None: `pipeline.choose_model`'s choice).
        progress: called with a short description of each slow step.
        cache: the database holding the analysis cache; None analyses
            without looking there or storing the result.

    Raises:
        AnalysisUnavailable: when no usable spaCy pipeline can be loaded.
    """
    name = pipeline.choose_model(model)
    info = pipeline.describe(name)
    key = ""
    if cache is not None:
        key = analysis_key(article_a, article_b, model)
        found = analysis_cache.get(cache, key, (article_a, article_b))
        if found is not None:
            return found
    nlp = shared_pipeline(name, progress)
    result = compare(article_a, article_b, nlp, info, progress)
    if cache is not None:
        if progress:
            progress("saving the analysis")
        analysis_cache.put(cache, key, result)
    return result
