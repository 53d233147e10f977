"""The shortcuts that keep long articles fast find what the plain searches found."""

import re
from pathlib import Path

from annotations.analysis.claims import matcher
from annotations.analysis.claims.encoders import shared_encoder
from annotations.analysis.claims.quotes import (
    MIN_WORDS,
    SAME_QUOTE,
    compare_quotes,
    match_quotes,
)
from annotations.analysis.entities import _Names, complete_mentions, link
from annotations.analysis.parsing import parse
from annotations.sources.articles import load_article

DATA = Path(__file__).resolve().parent.parent / "data" / "ecbplus"


def _texts() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.txt")))


def test_names_are_found_where_one_regex_of_every_name_finds_them():
    text = _texts()
    # Names as complete_mentions gathers them: capitalised runs and surnames, case folded.
    runs = {m.group().casefold() for m in re.finditer(r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+)*", text)}
    names = {n for n in runs | {r.split()[-1] for r in runs} if len(n) >= 3}
    regex = re.compile(r"(?<![\w'’])(?:" + "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
                       + r")(?![\w])", re.IGNORECASE)
    expected = [m.span() for m in regex.finditer(text)]
    assert len(expected) > 100
    assert list(_Names(names).find(text)) == expected


def _pairing_every_pair(quotes_a, quotes_b):
    candidates = []
    for qa in quotes_a:
        for qb in quotes_b:
            m = compare_quotes(qa, qb)
            shared = sum(len(d.a.split()) for d in m.diff if d.op == "same" and any(c.isalnum() for c in d.a))
            if m.similarity >= SAME_QUOTE and shared >= MIN_WORDS:
                candidates.append(m)
    used_a, used_b, out = set(), set(), []
    for m in sorted(candidates, key=lambda m: -m.similarity):
        if m.a.start not in used_a and m.b.start not in used_b:
            used_a.add(m.a.start)
            used_b.add(m.b.start)
            out.append(m)
    return sorted(out, key=lambda m: m.a.start)


def test_quote_pairs_are_those_aligning_every_pair_gives(seed_comparison):
    qa, qb = seed_comparison.a.quotes, seed_comparison.b.quotes
    expected = _pairing_every_pair(qa, qb)
    assert any(not m.identical for m in expected)  # the seeds word one quote differently
    assert match_quotes(qa, qb) == expected
    assert match_quotes(qa + qb, qb + qa) == _pairing_every_pair(qa + qb, qb + qa)


def _features(nlp, a, b, monkeypatch=None, long=False):
    parsed = [parse([load_article(str(p))], nlp)[0] for p in (a, b)]
    entities, mentions = link(complete_mentions(parsed))
    encoder = shared_encoder()
    vectors = [encoder.encode([p.article.text[s.start:s.end] for s in p.sentences]) for p in parsed]
    if long:
        # Every pair counts as "long", and blocks of a few sentences: the search runs in many blocks.
        monkeypatch.setattr(matcher, "DENSE_PAIRS", 0)
        monkeypatch.setattr(matcher, "BLOCK", 50)
    return matcher.pair_features(*parsed, *mentions, tuple(vectors), entities)


def _by_pair(found):
    return {(i, j): found.values[n] for n, (i, j) in enumerate(zip(found.i.tolist(), found.j.tolist()))}


def test_in_long_articles_each_sentence_keeps_its_best_pairs_with_the_features_all_pairs_give(nlp, monkeypatch):
    a, b = DATA / "19_10ecb.txt", DATA / "19_1ecb.txt"
    dense = _by_pair(_features(nlp, a, b))
    found = _features(nlp, a, b, monkeypatch, long=True)
    kept = _by_pair(found)
    assert len(found.b.texts) > 10 and len(kept) < len(dense)
    for pair, values in kept.items():
        assert (values == dense[pair]).all(), pair
    # The best pair of every sentence, on either side, is kept: it is what the features compare with.
    best = matcher.FEATURES.index("best_for")
    assert {p for p, v in dense.items() if v[best] > 0} <= set(kept)
    mirrored = _by_pair(_features(nlp, b, a, monkeypatch, long=True))
    assert {(j, i) for i, j in mirrored} == set(kept)
