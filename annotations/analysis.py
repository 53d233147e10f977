"""The one entry point that turns two articles into a `Comparison`.

The command line and the reader both call `analyse`; it chooses and loads
the spaCy pipeline (once per process) and runs the comparison.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from . import pipeline
from .articles import Article
from .comparison import Comparison, compare

_loaded: dict[str, Any] = {}
_lock = threading.Lock()


def load_pipeline(name: str, progress: Callable[[str], None] | None = None) -> Any:
    """The spaCy pipeline `name`, loaded once per process."""
    with _lock:
        if name not in _loaded:
            if progress:
                progress(f"loading the spaCy pipeline {name}")
            _loaded[name] = pipeline.load(name)
        return _loaded[name]


def analyse(
    article_a: Article,
    article_b: Article,
    model: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Comparison:
    """Analyse a pair of articles with the chosen (or default) pipeline.

    Raises:
        AnalysisUnavailable: when no usable spaCy pipeline can be loaded.
    """
    name = pipeline.choose_model(model)
    info = pipeline.describe(name)
    nlp = load_pipeline(name, progress)
    return compare(article_a, article_b, nlp, info, progress)
