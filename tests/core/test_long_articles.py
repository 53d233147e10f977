"""The shortcuts that keep long articles fast find what the plain searches found."""

import re
from pathlib import Path

from annotations.entities import _Names
from annotations.quotes import MIN_WORDS, SAME_QUOTE, compare_quotes, match_quotes

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
