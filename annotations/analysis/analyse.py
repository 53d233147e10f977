"""The one entry point that turns two articles into a `Comparison`.

The command line and the reader both call `analyse`; it chooses and loads
the spaCy pipeline and the sentence encoder (each once per process) and
runs the comparison. Given the database, it first looks the pair up in the
analysis cache: a cached pair is returned without importing spaCy or the
encoder at all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotations.analysis import cache as analysis_cache
from annotations.analysis import pipeline
from annotations.analysis.claims import encoders
from annotations.analysis.claims.claim import MATCHER
from annotations.analysis.claims.encoders import Encoder
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


def shared_encoder(name: str, progress: Callable[[str], None] | None = None) -> Encoder:
    """The sentence encoder `name`, loaded once per process."""
    if progress and not encoders.is_loaded(name):
        progress(f"loading the sentence encoder {name}")
    return encoders.shared_encoder(name)


class _Loading:
    """The shared encoder, loaded in a thread while spaCy loads and parses; waited for when first used."""

    def __init__(self, name: str, version: str) -> None:
        self.name = name
        self.version = version
        self._encoder: Encoder | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, name="newsread-encoder", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        try:
            self._encoder = shared_encoder(self.name)
        except BaseException as error:  # noqa: BLE001  re-raised in the analysing thread
            self._error = error

    def encode(self, sentences: list[str]) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._encoder is not None
        return self._encoder.encode(sentences)


def prepare(model: str | None = None, encoder: str | None = None) -> None:
    """Load everything `analyse` needs into this process, once: a batch worker's warm-up.

    The spaCy pipeline and the sentence encoder, so that every worker pays
    for them before its first pair, not during it.

    Raises:
        AnalysisUnavailable: when no usable spaCy pipeline or encoder can be loaded.
    """
    shared_pipeline(pipeline.choose_model(model))
    shared_encoder(encoders.choose_encoder(encoder))


def analysis_key(
    article_a: Article, article_b: Article, model: str | None = None, encoder: str | None = None
) -> str:
    """The analysis cache key under which `analyse` looks up and stores this pair.

    Raises:
        AnalysisUnavailable: when the chosen pipeline or encoder is not installed.
    """
    info = pipeline.describe(pipeline.choose_model(model))
    described = encoders.describe(encoders.choose_encoder(encoder))
    return analysis_cache.cache_key(article_a, article_b, info, MATCHER, described)


def analyse(
    article_a: Article,
    article_b: Article,
    model: str | None = None,
    progress: Callable[[str], None] | None = None,
    cache: Path | None = None,
    encoder: str | None = None,
) -> Comparison:
    """Analyse a pair of articles with the chosen (or default) pipeline.

    Args:
        article_a, article_b: the pair, in reading order.
        model: the spaCy pipeline (None: `pipeline.choose_model`'s choice).
        progress: called with a short description of each slow step.
        cache: the database holding the analysis cache; None analyses
            without looking there or storing the result.
        encoder: the sentence encoder (None: `encoders.choose_encoder`'s choice).

    Raises:
        AnalysisUnavailable: when no usable spaCy pipeline or encoder can be loaded.
    """
    name = pipeline.choose_model(model)
    info = pipeline.describe(name)
    encoder_name = encoders.choose_encoder(encoder)
    described = encoders.describe(encoder_name)
    key = ""
    if cache is not None:
        key = analysis_key(article_a, article_b, model, encoder)
        found = analysis_cache.get(cache, key, (article_a, article_b))
        if found is not None:
            return found
    if encoders.is_loaded(encoder_name):
        sentences: Encoder = encoders.shared_encoder(encoder_name)
    else:
        # Loading the encoder overlaps loading spaCy and parsing.
        sentences = _Loading(encoder_name, described[len(encoder_name) + 1:])
    nlp = shared_pipeline(name, progress)
    result = compare(article_a, article_b, nlp, info, progress, encoder=sentences)
    if cache is not None:
        if progress:
            progress("saving the analysis")
        analysis_cache.put(cache, key, result)
    return result
