"""Matching claims: pairing sentences of two articles that report the same thing.

Each sentence's evidence (annotations.analysis.claims.evidence) is compared with each
sentence of the other article that shares something with it: wording
weighted by rarity, named entities, figures, words only that sentence of
each article uses, and where the two sit in their articles. A logistic
combination of those features, fitted on annotated article pairs with
cross-validation across topics, gives the probability that the two report
one claim. Two global checks follow:

- a document check: two articles on the same topic but a different event
  (another fight, another earthquake) share few of their main actors, so
  unless most of the names of each article appear in the other, a pair
  must be twice as strong to be shown;
- an alignment check: a weak pair must be the best its sentence has on one
  side at least, so one sentence does not pair with everything alike.

Two more kinds of pair are shown, whatever their probability, when they
share at least two pieces of evidence: pairs whose plain TF-IDF wording
cosine (annotations.analysis.claims.evidence.wording) is high, against the same doubled bar
when the document check fails; and, between articles on one event, the
headline and first sentence of each, where news states its main event.

Every claim says why it was matched, and carries the figures and quotes
of its two sentences compared (confirmed, conflicting, worded differently).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from annotations.analysis.claims import evidence
from annotations.analysis.claims.candidates import candidate_pairs
from annotations.analysis.claims.evidence import SentenceEvidence
from annotations.analysis.claims.figures import (
    MONEY,
    PERCENT,
    YEAR,
    FigureCheck,
    compare_figures,
)
from annotations.analysis.claims.quotes import (
    Quotation,
    QuoteMatch,
    find_quotes,
    match_quotes,
)
from annotations.analysis.entities import Entity, EntityMention, country_of
from annotations.analysis.parsing import ParsedArticle
from annotations.sides import Side, other, pick

MATCHER = ("newsread-claims 2.4 (rarity-weighted evidence, logistic combination, TF-IDF wording, openings, "
           "document check, rare-word candidates in long articles)")
#: Pairs less probable than this are not shown as matching claims.
THRESHOLD = 0.4
#: Pairs this probable are shown even when not the best of either sentence.
SURE = 0.8
#: Pieces of shared evidence (words, entities, figures) a claim needs, unless a quote.
MIN_EVIDENCE = 2
#: Share of each article's entity mentions naming entities of the other
#: article below which the two are taken to report different events.
SAME_EVENT = 0.6
#: TF-IDF wording cosine at which a pair is shown whatever its probability
#: (chosen with cross-validation across topics, see bench/fit_claims.py).
WORDING = 0.24
#: Eligible sentences at the start of each article paired when they report one event.
OPENING = 2

# Fitted by logistic regression on the development pairs (cross-validated
# across topics) by `python -m bench.fit_claims`; see the README, "How well
# it matches".
_WEIGHTS = {
    "cosine": -0.720, "coverage": 2.529, "entities": 0.315, "figures": 1.130, "anchors": 0.562,
    "one_headline": 0.307, "distance": -1.469, "row_rank": 0.688, "column_rank": 0.398,
    "main_actors": 0.171, "entity_share": 0.228, "lead": 1.441, "mutual_best": -0.170,
}
_BIAS = -2.610
# A sum or a percentage is specific to one fact; a year is shared by many.
_FIGURE_WEIGHT = {MONEY: 2.0, PERCENT: 2.0, YEAR: 0.5}


@dataclass(frozen=True)
class Claim:
    """Sentence `a` of article A and sentence `b` of article B report the same thing."""

    a: int
    b: int
    score: float
    shared_entities: tuple[str, ...] = ()
    """Ids of the entities both sentences name."""
    shared_figures: tuple[str, ...] = ()
    """Figures both sentences give, as written in A."""
    shared_words: tuple[str, ...] = ()
    """Content lemmas both sentences use, rarest first."""
    reasons: tuple[str, ...] = field(default=())
    """Why the pair was matched, in words a person can check."""
    figures: tuple[FigureCheck, ...] = ()
    """Figures of A against figures of B: confirmed (agree) or in conflict."""
    quotes: tuple[QuoteMatch, ...] = ()
    """Quoted passages of A paired with the same quote in B, with their word differences."""

    @property
    def conflicts(self) -> tuple[FigureCheck, ...]:
        """The figure checks where the two articles disagree."""
        return tuple(c for c in self.figures if not c.agree)

    def sentence(self, side: Side) -> int:
        """The claim's sentence in the article of `side`."""
        return pick(side, self.a, self.b)

    def partner(self, side: Side) -> int:
        """The claim's sentence facing the article of `side`."""
        return self.sentence(other(side))


@dataclass
class _Pair:
    features: dict[str, float]
    shared: set[str]
    entities: set[str]
    checks: list[FigureCheck]
    probability: float = 0.0
    wording: float = 0.0
    """TF-IDF cosine of the two sentences' wording."""


def _pair(fa: SentenceEvidence, fb: SentenceEvidence, anchors: set[str], entity_weight: dict[str, float]) -> _Pair:
    shared = fa.weights.keys() & fb.weights.keys()
    cosine = sum(fa.weights[w] * fb.weights[w] for w in shared) / (fa.norm * fb.norm)
    # How much of the shorter sentence the shared words cover: a short
    # sentence restated inside a long one scores low on cosine alone.
    coverage = sum(min(fa.weights[w], fb.weights[w]) for w in shared) / min(fa.total, fb.total)
    entities = set(fa.entities & fb.entities)
    named = sum(entity_weight[e] for e in entities)
    checks = compare_figures(fa.figures, fb.figures)
    same = [c for c in checks if c.agree]
    figures = sum(_FIGURE_WEIGHT.get(c.a.kind, 1.0) for c in same)
    return _Pair(
        features={
            "cosine": cosine,
            "coverage": coverage,
            "entities": min(named, 6.0),
            "figures": min(figures, 3.0),
            "anchors": float(min(len(shared & anchors), 3)),
            "one_headline": float(fa.headline != fb.headline),
            "distance": abs(fa.position - fb.position),
            "entity_share": named / (1 + sum(entity_weight[e] for e in fa.entities | fb.entities)),
        },
        shared=shared, entities=entities, checks=checks,
    )


@dataclass
class PairFeatures:
    """The evidence of two articles and the features of each candidate sentence pair."""

    a: list[SentenceEvidence]
    b: list[SentenceEvidence]
    pairs: dict[tuple[int, int], _Pair]
    same_event: bool
    anchors: set[str]
    entity_weight: dict[str, float]
    openings: set[tuple[int, int]] = field(default_factory=set)
    """Pairs of the first sentences of each article, when the two report one event."""

    def evidence(self, key: tuple[int, int]) -> int:
        """How many pieces of evidence (words, entities, agreeing figures) the pair shares."""
        p = self.pairs[key]
        return len(p.shared) + len(p.entities) + sum(c.agree for c in p.checks)

    def shown_anyway(self, key: tuple[int, int]) -> bool:
        """Close wording, or both open their article: shown whatever the probability."""
        close = self.pairs[key].wording * (1.0 if self.same_event else 0.5) >= WORDING
        return (close or key in self.openings) and self.evidence(key) >= MIN_EVIDENCE


def pair_features(
    parsed_a: ParsedArticle,
    parsed_b: ParsedArticle,
    mentions_a: Sequence[EntityMention],
    mentions_b: Sequence[EntityMention],
    entities: Sequence[Entity] | None = None,
) -> PairFeatures:
    """The features of every sentence pair that shares a word, an entity or a figure.

    Args:
        parsed_a, parsed_b: the two parsed articles.
        mentions_a, mentions_b: their entity mentions, linked across both.
        entities: the linked entities, to know which places are countries
            or their capitals.
    """
    df, n = evidence.sentence_frequencies((parsed_a, parsed_b))
    countries = {e.id: country_of(e) for e in entities or ()}
    fa = evidence.collect(parsed_a, mentions_a, df, n, countries)
    fb = evidence.collect(parsed_b, mentions_b, df, n, countries)
    anchors = evidence.anchors(fa) & evidence.anchors(fb)
    entity_weight = evidence.entity_weights(fa, fb)
    actors_a, actors_b = evidence.actors(mentions_a, countries), evidence.actors(mentions_b, countries)
    same_event = evidence.main_actors(actors_a, actors_b) >= SAME_EVENT
    main_actors = evidence.top_share(actors_a, actors_b)
    lead_a = _lead(fa)
    lead_b = _lead(fb)

    pairs = {(i, j): _pair(fa[i], fb[j], anchors, entity_weight) for i, j in candidate_pairs(fa, fb)}

    # Relative strength: how a pair compares with the best of each sentence.
    base = {k: 0.5 * p.features["cosine"] + 0.5 * p.features["coverage"] + 0.03 * p.features["entities"]
            for k, p in pairs.items()}
    best_a: dict[int, float] = defaultdict(float)
    best_b: dict[int, float] = defaultdict(float)
    for (i, j), s in base.items():
        best_a[i] = max(best_a[i], s)
        best_b[j] = max(best_b[j], s)
    for (i, j), p in pairs.items():
        f = p.features
        f["row_rank"] = base[(i, j)] / (best_a[i] or 1.0)
        f["column_rank"] = base[(i, j)] / (best_b[j] or 1.0)
        f["mutual_best"] = float(f["row_rank"] == 1.0 and f["column_rank"] == 1.0)
        f["main_actors"] = main_actors
        lead = i in lead_a and j in lead_b and main_actors >= SAME_EVENT
        f["lead"] = float(lead and (bool(p.entities) or f["anchors"] > 0
                                   or max((evidence.rarity(w) for w in p.shared), default=0) > 3))
    va, vb = evidence.wording((parsed_a, parsed_b))
    for (i, j), p in pairs.items():
        p.wording = evidence.cosine(va[i], vb[j])
    openings = {(i, j) for i in _lead(fa, OPENING) for j in _lead(fb, OPENING)} if same_event else set()
    return PairFeatures(fa, fb, pairs, same_event, anchors, entity_weight, openings)


def match(
    parsed_a: ParsedArticle,
    parsed_b: ParsedArticle,
    mentions_a: Sequence[EntityMention],
    mentions_b: Sequence[EntityMention],
    names: dict[str, str] | None = None,
    threshold: float = THRESHOLD,
    entities: Sequence[Entity] | None = None,
    quotes: tuple[Sequence[Quotation], Sequence[Quotation]] | None = None,
) -> list[Claim]:
    """Pair the sentences of A and B that report the same fact, quote or event.

    Args:
        parsed_a, parsed_b: the two parsed articles.
        mentions_a, mentions_b: their entity mentions, linked across both.
        names: entity id -> display name, for the reasons given.
        threshold: the lowest probability kept.
        entities: the linked entities, to know which places are countries
            or their capitals.
        quotes: the quotes of A and of B, when the caller has found them.

    Returns:
        Claims ordered by sentence of A, then of B.
    """
    found = pair_features(parsed_a, parsed_b, mentions_a, mentions_b, entities)
    fa, fb, pairs, same_event = found.a, found.b, found.pairs, found.same_event
    anchors, entity_weight = found.anchors, found.entity_weight
    for p in pairs.values():
        f = p.features
        z = _BIAS + sum(_WEIGHTS[k] * v for k, v in f.items())
        p.probability = 1 / (1 + math.exp(-z)) * (1.0 if same_event else 0.5)

    # The same quote in both articles is evidence enough on its own.
    if quotes is None:
        quotes = (find_quotes(parsed_a, mentions_a, names or {}), find_quotes(parsed_b, mentions_b, names or {}))
    quotes_a, quotes_b = quotes
    quoted: dict[tuple[int, int], list[QuoteMatch]] = defaultdict(list)
    for qm in match_quotes(quotes_a, quotes_b):
        key = (qm.a.sentence, qm.b.sentence)
        if not (fa[key[0]].eligible and fb[key[1]].eligible):
            continue
        quoted[key].append(qm)
        if key not in pairs:
            pairs[key] = _pair(fa[key[0]], fb[key[1]], anchors, entity_weight)
        pairs[key].probability = max(pairs[key].probability, 0.5 + 0.5 * qm.similarity)

    prob_a: dict[int, float] = defaultdict(float)
    prob_b: dict[int, float] = defaultdict(float)
    for (i, j), p in pairs.items():
        prob_a[i] = max(prob_a[i], p.probability)
        prob_b[j] = max(prob_b[j], p.probability)
    claims = []
    for (i, j), p in sorted(pairs.items()):
        q = p.probability
        if q < threshold or (q < SURE and q < prob_a[i] and q < prob_b[j]):
            if not found.shown_anyway((i, j)):
                continue
        # One shared word is too little to show, however short the sentences
        # ("Power cut" / "...minor cuts and grazes").
        if found.evidence((i, j)) < MIN_EVIDENCE and (i, j) not in quoted:
            continue
        claims.append(_claim(i, j, q, p, tuple(quoted.get((i, j), ())), names or {}, (i, j) in found.openings))
    return claims


def _lead(features: Sequence[SentenceEvidence], size: int = 3) -> set[int]:
    """The headline and first sentences: where news states its main event."""
    return set([f.index for f in features if f.eligible][:size])


def _quote_reason(q: QuoteMatch) -> str:
    speakers = {q.a.speaker, q.b.speaker} - {""}
    who = f" ({' / '.join(sorted(speakers))})" if speakers else ""
    if q.identical:
        return f"same quote{who}: “{q.a.text}”"
    return f"same quote worded differently{who}: “{q.a.text}” / “{q.b.text}”: " + "; ".join(q.differences)


def _claim(i: int, j: int, probability: float, p: _Pair, quotes: tuple[QuoteMatch, ...], names: dict[str, str],
           opening: bool = False) -> Claim:
    words = sorted(p.shared, key=lambda w: (-evidence.rarity(w), w))
    same = [c for c in p.checks if c.agree]
    differ = [c for c in p.checks if not c.agree]
    reasons = []
    real = sorted(names.get(e, e) for e in p.entities if not e.startswith(evidence.COUNTRY))
    shown = {n.casefold() for n in real}
    for e in sorted(p.entities):
        country = e[len(evidence.COUNTRY):]
        if e.startswith(evidence.COUNTRY) and country not in shown:
            real.append(f"{country.title()} (or its capital)")
    if real:
        reasons.append("both name " + ", ".join(real))
    if same:
        reasons.append("same figures " + ", ".join(c.a.text for c in same))
    if differ:
        reasons.append("figures differ: " + ", ".join(f"{c.a.text} (A) / {c.b.text} (B)" for c in differ))
    for q in quotes:
        reasons.append(_quote_reason(q))
    if words:
        reasons.append("shared wording: " + ", ".join(words[:6]))
    if p.wording >= WORDING:
        reasons.append(f"much the same wording (cosine {p.wording:.2f})")
    if p.features.get("lead") or opening:
        reasons.append("both open their article")
    return Claim(
        i, j, round(probability, 3),
        shared_entities=tuple(sorted(e for e in p.entities if not e.startswith(evidence.COUNTRY))),
        shared_figures=tuple(c.a.text for c in same),
        shared_words=tuple(words),
        reasons=tuple(reasons),
        figures=tuple(p.checks),
        quotes=quotes,
    )
