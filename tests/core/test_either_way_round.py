"""`compare A B` and `compare B A` give the same claims, scores and candidates, mirrored.

Checked on the seeds (whose headlines scored 0.82 one way and 0.781 the
other), on ECB+ 2_1 / 2_3 (a pair that scored differently in each order)
and on short same-topic pairs of odd ECB+ topics. Each article is parsed
once and compared in both orders.
"""

from functools import cache
from pathlib import Path

import pytest

from annotations.analysis import pipeline
from annotations.analysis.comparison import Comparison, compare_parsed
from annotations.analysis.parsing import parse
from annotations.paths import seed_articles
from annotations.sources.articles import load_article

ECB_TEXTS = Path(__file__).resolve().parents[1] / "data" / "ecbplus"
SEEDS = tuple(str(p) for p in seed_articles())
PAIRS = [SEEDS, ("2_1ecb.txt", "2_3ecb.txt")] + [
    (a, b) for a, b in (
        ("3_2ecbplus.txt", "3_7ecb.txt"), ("9_4ecbplus.txt", "9_7ecbplus.txt"), ("13_18ecb.txt", "13_11ecb.txt"),
        ("19_7ecb.txt", "19_11ecbplus.txt"), ("25_4ecb.txt", "25_3ecb.txt"), ("31_7ecbplus.txt", "31_4ecbplus.txt"),
        ("37_2ecbplus.txt", "37_7ecbplus.txt"), ("41_4ecbplus.txt", "41_10ecbplus.txt"),
    )
]


@pytest.fixture(scope="module")
def parsed(nlp):
    @cache
    def one(name: str):
        path = name if "/" in name else str(ECB_TEXTS / name)
        return parse([load_article(path)], nlp)[0]
    return one


def _claims(c: Comparison, mirrored: bool) -> dict:
    return {((x.b, x.a) if mirrored else (x.a, x.b)): (x.score, x.tier) for x in c.claims}


def _candidates(c: Comparison) -> tuple[list, list]:
    return ([[(x.index, x.score) for x in found] for found in c.a.candidates],
            [[(x.index, x.score) for x in found] for found in c.b.candidates])


@pytest.mark.parametrize(("a", "b"), PAIRS, ids=[f"{a.rsplit('/', 1)[-1]}~{b.rsplit('/', 1)[-1]}" for a, b in PAIRS])
def test_the_same_answer_whichever_article_is_on_the_left(parsed, a, b):
    info = pipeline.describe(pipeline.choose_model())
    ab = compare_parsed(parsed(a), parsed(b), info)
    ba = compare_parsed(parsed(b), parsed(a), info)
    assert _claims(ab, False) == _claims(ba, True)
    of_a, of_b = _candidates(ab)
    assert (of_b, of_a) == _candidates(ba)
    assert any(of_a) and any(of_b)
    if a == SEEDS[0]:
        assert ab.claims  # the seeds share claims: the check is not vacuous
