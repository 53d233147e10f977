"""The review queue: the pair's open suggestions in the order a person should judge them.

A suggestion is a candidate (`Document.candidates`) the person has not
settled: `apply_verdicts` has already dropped the rejected ones and every
one with a sentence linked by hand, so the queue of a comparison with the
verdicts applied is what is left to review. The queue leaves out the
suggestions scoring under `REVIEW_FLOOR` (the detail bar still shows them).
Pure: the reader walks it, and re-computes it after each verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotations.analysis.comparison import Comparison
from annotations.sides import Side, other, pick

REVIEW_FLOOR = 0.03
"""The least score of a suggestion in the queue: below it, a candidate stays in the detail bar only.

Chosen by nested leave-one-pair-out on the 21 pairs of aligned_dev.json
(bench/review_floor.py): in each fold, the floor with the most gold pairs
found per decision by a person walking the whole queue, among those whose
queues still find 90% of what the unfloored queues find (0.02 in 15 folds of
21, 0.03 in 6; 0.03 on all 21). Held out, the queues shrink from 1375
suggestions to 934 and the gold pairs the claims miss that they find from 61
to 58, at 11.9 decisions per gold pair found instead of 17.2. On the seeds
the queue goes from 87 suggestions to 43.
"""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Sentence `a` of A and sentence `b` of B, which the matcher found close without pairing them."""

    a: int
    b: int
    score: float
    """The pair's calibrated probability, on the claims' scale."""
    claimed: int
    """How many of the two sentences (0, 1 or 2) already have a claim."""

    def sentence(self, side: Side) -> int:
        """The suggestion's sentence in the article of `side`."""
        return pick(side, self.a, self.b)

    def partner(self, side: Side) -> int:
        """The suggestion's sentence facing the article of `side`."""
        return self.sentence(other(side))


def suggestions_of(comparison: Comparison, side: Side, index: int) -> list[Suggestion]:
    """The open suggestions of one sentence of `side`: its candidates, best first."""
    claimed_a = {c.a for c in comparison.claims}
    claimed_b = {c.b for c in comparison.claims}
    found = []
    for c in comparison.candidates_of(side, index):
        a, b = pick(side, (index, c.index), (c.index, index))
        found.append(Suggestion(a, b, c.score, (a in claimed_a) + (b in claimed_b)))
    return found


def review_queue(comparison: Comparison) -> list[Suggestion]:
    """Every open suggestion of the pair scoring at least `REVIEW_FLOOR` once, the likeliest claims first.

    Pairs whose sentences have no claim come first (a sentence with a claim
    has most likely found its partner), then those with one, then those
    with two; within each, by score, best first; ties by position in A, then B.

    Args:
        comparison: the analysis with the reader's verdicts applied.
    """
    claimed_a = {c.a for c in comparison.claims}
    claimed_b = {c.b for c in comparison.claims}
    found: dict[tuple[int, int], float] = {}
    for a, candidates in enumerate(comparison.a.candidates):
        for c in candidates:
            found[(a, c.index)] = max(c.score, found.get((a, c.index), 0.0))
    for b, candidates in enumerate(comparison.b.candidates):
        for c in candidates:
            found[(c.index, b)] = max(c.score, found.get((c.index, b), 0.0))
    queue = [Suggestion(a, b, score, (a in claimed_a) + (b in claimed_b)) for (a, b), score in found.items()
             if score >= REVIEW_FLOOR]
    return sorted(queue, key=lambda s: (s.claimed, -s.score, s.a, s.b))
