"""Figures 2 to 4: `newsread compare` cold and cached, and long articles, beside plain spaCy.

The peer loads spaCy and parses the two texts, nothing else; newsread's cold
run also loads the sentence encoder (from its built copy in the user's cache
folder, as every run after the first on a machine does) and encodes every
sentence. The cached run must import neither spaCy nor the encoder.

Every figure runs in fresh processes, ours and its peer interleaved run by
run so that a busy machine slows both alike; each row gives the medians
and the median of the paired ratios.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from annotations.analysis.pipeline import choose_model
from annotations.paths import seed_articles

from .corpus import DEFAULT_TEXTS, make_pair
from .measure import newsread, python, run
from .table import Row, megabytes, not_measured, ratio_row

COLD_LIMIT, CACHED_LIMIT, LONG_LIMIT, MEMORY_LIMIT = 1.5, 0.3, 1.5, 1.2
SIZES = (1_000, 10_000, 50_000)


def _plain_spacy(model: str, a: Path, b: Path):
    return run([python(), "bench/plain_spacy.py", model, str(a), str(b)])


def _compare(a: Path, b: Path, db: Path):
    return run([*newsread(), "compare", str(a), str(b), "--format", "json"],
               env={"NEWSREAD_DB": str(db)})


def compare_rows(runs: int) -> list[Row]:
    """Figures 2 and 3: the compare command on the seeds, cold and cached."""
    model = choose_model()
    a, b = seed_articles()
    cold, cached, peer = [], [], []
    cpu: dict[str, list[float]] = {"cold": [], "cached": [], "peer": []}
    with tempfile.TemporaryDirectory() as tmp:
        warm, empty = Path(tmp) / "warm.db", Path(tmp) / "cold.db"
        for _ in range(runs):
            # The cache emptied before each cold run: the pair is new to newsread.
            run([*newsread(), "cache", "clear", "--db", str(empty)])
            # Warmed just before: the cache key holds a hash of the code, so
            # an edit to the core while the benchmark runs would empty it.
            _compare(a, b, warm)
            for name, times, done in (("cached", cached, lambda: _compare(a, b, warm)),
                                      ("cold", cold, lambda: _compare(a, b, empty)),
                                      ("peer", peer, lambda: _plain_spacy(model, a, b))):
                result = done()
                times.append(result.seconds)
                cpu[name].append(result.cpu_seconds)
    spacy_peer = f"plain spaCy script ({model})"
    return [
        ratio_row("2", "`newsread compare` seeds, cold (no cache)", cold,
                  spacy_peer, peer, COLD_LIMIT, cpu=(cpu["cold"], cpu["peer"])),
        ratio_row("3", "`newsread compare` seeds, cached", cached,
                  spacy_peer, peer, CACHED_LIMIT, cpu=(cpu["cached"], cpu["peer"])),
    ]


def long_rows(runs: int, sizes: tuple[int, ...] = SIZES, texts: Path = DEFAULT_TEXTS) -> list[Row]:
    """Figure 4: analysis time and peak memory on long pairs, beside spaCy parsing the same text."""
    model = choose_model()
    out: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for words in sizes:
            try:
                a, b = make_pair(words, Path(tmp), texts)
            except (FileNotFoundError, ValueError) as error:
                out.append(not_measured("4", f"{words:,} words each", str(error)))
                continue
            ours, peer = [], []
            for _ in range(runs):
                ours.append(run([python(), "-m", "bench.analyse_once", str(a), str(b)]))
                peer.append(_plain_spacy(model, a, b))
            label = f"{words // 1000}k words each"
            out.append(ratio_row(
                "4", f"analysis, {label} (after loading the pipeline)",
                [r.json()["analyse"] for r in ours],
                "spaCy parsing the same paragraphs", [r.json()["parse"] for r in peer],
                LONG_LIMIT, cpu=([r.json()["analyse_cpu"] for r in ours],
                                 [r.json()["parse_cpu"] for r in peer])))
            out.append(ratio_row(
                "4", f"peak memory, {label}", [r.max_rss_kb for r in ours],
                "plain spaCy script", [r.max_rss_kb for r in peer],
                MEMORY_LIMIT, unit=megabytes))
    return out


def rows(runs: int) -> list[Row]:
    """Figures 2, 3 and 4."""
    return compare_rows(runs) + long_rows(runs)
