"""How common an English word is, from the frequency list of the `wordfreq` package (no network).

Kept apart from `evidence` so that `figures` can tell a name from a common
word ("Luck" from "Trade") without importing the rest of the evidence.
"""

from __future__ import annotations

import gzip
import importlib.util
import math
from functools import lru_cache
from pathlib import Path

#: Zipf frequency (log10 per billion words) given to words not in the list.
RARE_ZIPF = 1.5


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """Word -> Zipf frequency, from wordfreq's small English list.

    The list is read straight from its file in wordfreq's documented
    "cBpack" format (gzipped msgpack: a header, then lists of words, the
    n-th list holding the words of frequency 10^(-n/100)), which skips the
    cost of importing wordfreq itself; its API is the fallback.
    """
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:  # the matcher still works, on the two articles alone
        return {}
    path = Path(spec.origin).parent / "data" / "small_en.msgpack.gz"
    try:
        import msgpack

        with gzip.open(path, "rb") as f:
            header, *buckets = msgpack.load(f, raw=False)
        if header.get("format") != "cB" or header.get("version") != 1:
            raise ValueError(header)
        return {w: 9.0 - n / 100 for n, words in enumerate(buckets) for w in words}
    except (OSError, ValueError, ImportError, AttributeError):
        import wordfreq

        return {w: math.log10(f * 1e9) for w, f in wordfreq.get_frequency_dict("en", "small").items()}


def zipf(word: str) -> float:
    """How common `word` is in English, 0 (unseen) to about 7.7 ("the")."""
    return _frequencies().get(word.casefold(), RARE_ZIPF)
