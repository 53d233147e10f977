"""Matching claims: pairing sentences of two articles that report the same thing.

Evidence that two sentences report one fact: the rare words they share
(lemmas weighted by inverse sentence frequency over both articles), the
entities they both name, and the figures they both give. Candidate pairs
come from an inverted index over that evidence, so the work grows with the
number of sentence pairs that share something, not with every pair.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from .articles import CLAIM_KINDS
from .entities import VALUE_LABELS, EntityMention
from .parsing import ParsedArticle

MATCHER = "newsread-claims 1 (idf lemmas + shared entities + figures)"
#: Pairs scoring below this are not shown as matching claims.
THRESHOLD = 0.34


@dataclass(frozen=True)
class Claim:
    """Sentence `a` of article A and sentence `b` of article B report the same thing."""

    a: int
    b: int
    score: float
    shared_entities: tuple[str, ...] = ()
    """Ids of the entities both sentences name."""
    shared_figures: tuple[str, ...] = ()
    """Numbers, sums and dates both sentences give, as written in A."""
    shared_words: tuple[str, ...] = ()
    """Content lemmas both sentences use, rarest first."""
    reasons: tuple[str, ...] = field(default=())
    """Why the pair was matched, in words a person can check."""


_NUMBER = re.compile(r"\d[\d,.]*")


def _figures(sentence_text: str) -> set[str]:
    """Numbers in a sentence, normalised ("218.2", "2019")."""
    return {m.group().rstrip(".,").replace(",", "") for m in _NUMBER.finditer(sentence_text)}


@dataclass
class _Features:
    weights: dict[str, float]
    norm: float
    total: float
    entities: set[str]
    figures: set[str]
    eligible: bool


def _features(parsed: ParsedArticle, mentions: Sequence[EntityMention], idf: dict[str, float]) -> list[_Features]:
    names_by_sentence: dict[int, set[str]] = defaultdict(set)
    in_names: set[int] = set()
    sentence_starts = [s.start for s in parsed.sentences]
    for m in mentions:
        if m.label in VALUE_LABELS:
            continue
        names_by_sentence[_bisect(sentence_starts, m.start)].add(m.entity)
        in_names.update(range(m.start, m.end))
    out = []
    for i, (sentence, tokens) in enumerate(zip(parsed.sentences, parsed.tokens)):
        # Words inside names count once, as entities, not again as wording.
        counts = Counter(
            t.lemma for t in tokens
            if t.content and t.start not in in_names and any(c.isalnum() for c in t.lemma)
        )
        weights = {w: (1 + math.log(n)) * idf.get(w, 1.0) for w, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        total = sum(weights.values()) or 1.0
        text = parsed.article.text[sentence.start:sentence.end]
        out.append(_Features(weights, norm, total, names_by_sentence[i], _figures(text), sentence.kind in CLAIM_KINDS))
    return out


def _bisect(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid + 1
        else:
            hi = mid
    return max(0, lo - 1)


def _anchors(features: list[_Features]) -> set[str]:
    """Words that only one sentence of the article uses."""
    seen: Counter = Counter()
    for f in features:
        if f.eligible:
            seen.update(f.weights.keys())
    return {w for w, n in seen.items() if n == 1 and len(w) > 3 and w.isalpha()}


def _idf(parsed: Sequence[ParsedArticle]) -> dict[str, float]:
    df: Counter = Counter()
    n = 0
    for p in parsed:
        for tokens in p.tokens:
            n += 1
            df.update({t.lemma for t in tokens if t.content})
    return {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}


def _score(
    fa: _Features, fb: _Features, idf: dict[str, float], anchors: set[str]
) -> tuple[float, list[str], set[str], set[str]]:
    shared = fa.weights.keys() & fb.weights.keys()
    cosine = sum(fa.weights[w] * fb.weights[w] for w in shared) / (fa.norm * fb.norm)
    # How much of the shorter sentence the shared words cover: a short
    # sentence restated inside a long one scores low on cosine alone.
    covered = sum(min(fa.weights[w], fb.weights[w]) for w in shared)
    coverage = covered / min(fa.total, fb.total)
    wording = 0.5 * cosine + 0.5 * coverage
    entities = fa.entities & fb.entities
    figures = fa.figures & fb.figures
    # A rare word each article uses in this sentence only ("containment") is
    # strong evidence, and so are shared entities and figures; each adds
    # with diminishing returns, and never enough alone without shared words.
    bonus = (0.12 * min(len(shared & anchors), 2) + 0.06 * min(len(entities), 3)
             + 0.15 * min(len(figures), 2))
    score = min(1.0, wording + bonus * min(1.0, wording * 4))
    words = sorted(shared, key=lambda w: (-idf.get(w, 1.0), w))
    return score, words, entities, figures


def match(
    parsed_a: ParsedArticle,
    parsed_b: ParsedArticle,
    mentions_a: Sequence[EntityMention],
    mentions_b: Sequence[EntityMention],
    names: dict[str, str] | None = None,
    threshold: float = THRESHOLD,
) -> list[Claim]:
    """Pair the sentences of A and B that report the same fact, quote or event.

    Args:
        parsed_a, parsed_b: the two parsed articles.
        mentions_a, mentions_b: their entity mentions, linked across both.
        names: entity id -> display name, for the reasons given.
        threshold: the lowest score kept.

    Returns:
        Claims ordered by sentence of A, then of B.
    """
    idf = _idf((parsed_a, parsed_b))
    fa = _features(parsed_a, mentions_a, idf)
    fb = _features(parsed_b, mentions_b, idf)
    anchors = _anchors(fa) & _anchors(fb)
    index: dict[str, list[int]] = defaultdict(list)
    for j, f in enumerate(fb):
        if f.eligible:
            for w in f.weights:
                index[w].append(j)
    scored: dict[tuple[int, int], tuple[float, list[str], set[str], set[str]]] = {}
    for i, f in enumerate(fa):
        if not f.eligible:
            continue
        candidates = {j for w in f.weights for j in index.get(w, ())}
        for j in candidates:
            result = _score(f, fb[j], idf, anchors)
            if result[0] >= threshold * 0.8:
                scored[(i, j)] = result
    best_a: dict[int, float] = defaultdict(float)
    best_b: dict[int, float] = defaultdict(float)
    for (i, j), (score, *_rest) in scored.items():
        best_a[i] = max(best_a[i], score)
        best_b[j] = max(best_b[j], score)
    claims = []
    names = names or {}
    for (i, j), (score, words, entities, figures) in sorted(scored.items()):
        # A sentence may pair with several, but a weak pair must be the best
        # its sentence has on one side at least.
        if score < threshold or (score < 1.5 * threshold and score < max(best_a[i], best_b[j])):
            continue
        fig_text = tuple(sorted(figures))
        reasons = []
        if entities:
            reasons.append("both name " + ", ".join(sorted(names.get(e, e) for e in entities)))
        if figures:
            reasons.append("same figures " + ", ".join(fig_text))
        if words:
            reasons.append("shared wording: " + ", ".join(words[:6]))
        claims.append(Claim(i, j, round(score, 3), tuple(sorted(entities)), fig_text, tuple(words), tuple(reasons)))
    return claims
