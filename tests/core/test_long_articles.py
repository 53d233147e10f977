"""The shortcuts that keep long articles fast find what the plain searches found."""

import re
from pathlib import Path

from annotations.analysis.claims import candidates, evidence
from annotations.analysis.claims.quotes import (
    MIN_WORDS,
    SAME_QUOTE,
    compare_quotes,
    match_quotes,
)
from annotations.analysis.entities import _Names, complete_mentions, country_of, link
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


def _evidence(nlp, paths):
    parsed = [parse([load_article(str(p))], nlp)[0] for p in paths]
    entities, mentions = link(complete_mentions(parsed))
    df, n = evidence.sentence_frequencies(parsed)
    countries = {e.id: country_of(e) for e in entities}
    return [evidence.collect(p, m, df, n, countries) for p, m in zip(parsed, mentions)]


def _sharing(fa, fb):
    return {(i, j) for i, a in enumerate(fa) for j, b in enumerate(fb)
            if a.eligible and b.eligible and candidates.sentence_keys(a) & candidates.sentence_keys(b)}


def test_in_ordinary_articles_every_pair_sharing_something_is_a_candidate(nlp):
    fa, fb = _evidence(nlp, [DATA / "1_14ecb.txt", DATA / "1_1ecbplus.txt"])
    assert candidates.candidate_pairs(fa, fb) == sorted(_sharing(fa, fb))


def test_in_long_articles_candidates_share_a_rare_word(nlp, tmp_path, monkeypatch):
    # The five texts make one article of some 60 sentences: long enough to
    # see the rule at work once "long" starts lower.
    monkeypatch.setattr(candidates, "COMMON_KEY", 20)
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    paragraphs = [[line.strip() for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
                  for p in sorted(DATA.glob("*.txt"))]
    body = [line for lines in paragraphs for line in lines[1:]]
    a.write_text("\n\n".join([paragraphs[0][0]] + body) + "\n", encoding="utf-8")
    b.write_text("\n\n".join([paragraphs[-1][0]] + body[::-1]) + "\n", encoding="utf-8")
    fa, fb = _evidence(nlp, [a, b])
    assert max(len(fa), len(fb)) > candidates.COMMON_KEY
    found, sharing = set(candidates.candidate_pairs(fa, fb)), _sharing(fa, fb)
    assert found < sharing
    # The same sentence in both articles is always found.
    same = {(i, j) for i, j in sharing if fa[i].weights == fb[j].weights and len(fa[i].weights) >= 3}
    assert len(same) > 10 and same <= found
