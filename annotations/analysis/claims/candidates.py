"""Which sentence pairs are worth scoring as a possible matching claim.

Only pairs that share a word, an entity or a figure can match; an inverted
index finds them without looking at every pair, so matching grows with the
pairs that share something rather than with the product of the articles'
lengths.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from annotations.analysis.claims.evidence import SentenceEvidence

#: Sentences beyond which an article is long: there only rare words (entities,
#: figures) make candidate pairs. No ordinary news article has this many.
COMMON_KEY = 120
#: In long articles, how many of each sentence's rarest keys make candidates.
RARE_KEYS = 4


def candidate_pairs(fa: Sequence[SentenceEvidence], fb: Sequence[SentenceEvidence]) -> list[tuple[int, int]]:
    """The sentence pairs that share a word, an entity or a figure (in long articles, a rare one).

    An inverted index keeps the work proportional to the pairs that share
    something. In articles longer than `COMMON_KEY` sentences (no ordinary
    article is), a word many sentences use tells little about which two
    report one thing, and would make nearly every pair a candidate: there,
    a key used by more than twice the square root of the sentences in
    either article makes no candidates, and each sentence finds its candidates by
    its `RARE_KEYS` rarest keys alone. Every key shared still counts in the
    features of the pairs found.
    """
    index_a: dict[str, list[int]] = defaultdict(list)
    index_b: dict[str, list[int]] = defaultdict(list)
    for index, features in ((index_a, fa), (index_b, fb)):
        for k, f in enumerate(features):
            if f.eligible:
                for key in sentence_keys(f):
                    index[key].append(k)
    found: set[tuple[int, int]] = set()
    sentences = max(len(fa), len(fb))
    if sentences <= COMMON_KEY:
        for key, rows in index_a.items():
            found.update((i, j) for i in rows for j in index_b.get(key, ()))
        return sorted(found)
    bound = int(2 * math.sqrt(sentences))
    rare = {key for key, rows in index_a.items() if len(rows) <= bound and 0 < len(index_b.get(key, ())) <= bound}
    for own, other, flip in ((fa, index_b, False), (fb, index_a, True)):
        for k, f in enumerate(own):
            if not f.eligible:
                continue
            keys = sorted((len(index_a[key]) + len(index_b[key]), key) for key in sentence_keys(f) & rare)
            for _, key in keys[:RARE_KEYS]:
                found.update((m, k) if flip else (k, m) for m in other[key])
    return sorted(found)


def sentence_keys(f: SentenceEvidence) -> set[str]:
    """The words and entities a sentence could share with another."""
    return set(f.weights) | {"entity:" + e for e in f.entities}
