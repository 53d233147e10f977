"""What a sentence offers as evidence that another sentence reports the same thing.

For each sentence: its content lemmas weighted by rarity, the named entities
it mentions, the figures it gives, and the words only it uses in its article.
Rarity combines two views: how rare the word is in English at large (a
frequency list shipped with the `wordfreq` package, loaded once, no network)
and how many sentences of the two articles use it, so a topic word the
articles repeat everywhere counts less than the word of one sentence.

Beside it, `wording` gives the plain TF-IDF vector of each sentence (every
content lemma, names included, weighted by its rarity among the sentences
of the two articles only): the cosine of two such vectors ranks the
sentence pairs annotators judged to report one claim better than any single
rarity-weighted feature, so the matcher uses it on its own too.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from annotations.analysis.claims.figures import Figure, figures_in
from annotations.analysis.claims.frequency import zipf
from annotations.analysis.entities import VALUE_LABELS, EntityMention
from annotations.analysis.parsing import ParsedArticle
from annotations.sources.articles import CLAIM_KINDS, HEADLINE

#: Prefix of the pseudo-entity a country and its capital share.
COUNTRY = "country:"
def rarity(word: str) -> float:
    """A weight that grows as the word gets rarer in English: 1 for "say", 5.5 for "containment"."""
    return max(0.5, 7.0 - zipf(word))


@dataclass
class SentenceEvidence:
    """Evidence one sentence offers."""

    index: int
    weights: dict[str, float]
    """Content lemma -> weight (rarity in English times rarity in the pair)."""
    entities: frozenset[str]
    """Ids of the named entities (not values) the sentence mentions."""
    figures: tuple[Figure, ...]
    eligible: bool
    """A headline or body sentence: may be a claim."""
    headline: bool
    position: float
    """Where the sentence sits in its article, 0 (first) to 1 (last)."""

    # Cached: the matcher reads both for every candidate pair.
    @cached_property
    def norm(self) -> float:
        return math.sqrt(sum(v * v for v in self.weights.values())) or 1.0

    @cached_property
    def total(self) -> float:
        return sum(self.weights.values()) or 1.0


def _content(lemma: str) -> bool:
    return any(c.isalpha() for c in lemma) and len(lemma) > 1


def sentence_frequencies(parsed: Sequence[ParsedArticle]) -> tuple[Counter, int]:
    """How many sentences of the articles use each content lemma, and how many sentences there are."""
    df: Counter = Counter()
    n = 0
    for p in parsed:
        for tokens in p.tokens:
            n += 1
            df.update({t.lemma for t in tokens if t.content})
    return df, n


def collect(
    parsed: ParsedArticle,
    mentions: Sequence[EntityMention],
    df: Counter,
    n_sentences: int,
    countries: dict[str, str] | None = None,
) -> list[SentenceEvidence]:
    """The evidence of every sentence of one article.

    Args:
        parsed: the article.
        mentions: its linked entity mentions.
        df, n_sentences: sentence frequencies over both articles.
        countries: entity id -> the country it names or is the capital of;
            such a sentence also names "country:<name>", so "Moscow" and
            "Russia" count as one actor.
    """
    countries = countries or {}
    starts = [s.start for s in parsed.sentences]
    names: dict[int, set[str]] = defaultdict(set)
    in_names: set[int] = set()
    for m in mentions:
        if m.label in VALUE_LABELS:
            continue
        at = max(0, bisect.bisect_right(starts, m.start) - 1)
        names[at].add(m.entity)
        if countries.get(m.entity):
            names[at].add(COUNTRY + countries[m.entity])
        in_names.update(range(m.start, m.end))
    last = max(1, len(parsed.sentences) - 1)
    out = []
    for i, (sentence, tokens) in enumerate(zip(parsed.sentences, parsed.tokens)):
        # Words inside names count once, as entities, not again as wording.
        counts = Counter(t.lemma for t in tokens if t.content and t.start not in in_names and _content(t.lemma))
        weights = {
            w: (1 + math.log(c)) * rarity(w) * math.log(1 + n_sentences / df.get(w, 1))
            for w, c in counts.items()
        }
        text = parsed.article.text[sentence.start:sentence.end]
        out.append(SentenceEvidence(
            index=i,
            weights=weights,
            entities=frozenset(names[i]),
            figures=tuple(figures_in(text, sentence.start)),
            eligible=sentence.kind in CLAIM_KINDS,
            headline=sentence.kind == HEADLINE,
            position=i / last,
        ))
    return out


def anchors(evidence: Sequence[SentenceEvidence]) -> set[str]:
    """Uncommon words that only one claim sentence of the article uses."""
    seen: Counter = Counter()
    for e in evidence:
        if e.eligible:
            seen.update(e.weights.keys())
    return {w for w, n in seen.items() if n == 1 and len(w) > 3 and w.isalpha() and zipf(w) < 5.0}


def entity_weights(
    evidence_a: Sequence[SentenceEvidence], evidence_b: Sequence[SentenceEvidence]
) -> dict[str, float]:
    """Entity id -> weight: an entity named in few sentences of the pair weighs more."""
    df: Counter = Counter()
    for e in list(evidence_a) + list(evidence_b):
        df.update(e.entities)
    n = len(evidence_a) + len(evidence_b)
    return {k: math.log(1 + n / c) for k, c in df.items()}


def wording(parsed: Sequence[ParsedArticle]) -> list[list[dict[str, float]]]:
    """The TF-IDF vector of every sentence of each article, of unit length.

    A term is a lower-cased content lemma (names included); its weight is
    (1 + log count) times log(sentences / sentences using it), counted over
    all the articles given, so a word every sentence uses weighs nothing.
    """
    bags = [[Counter(t.lemma.lower() for t in tokens if t.content and any(c.isalnum() for c in t.lemma))
             for tokens in p.tokens] for p in parsed]
    df: Counter = Counter(w for article in bags for bag in article for w in bag)
    n = sum(len(article) for article in bags)
    out = []
    for article in bags:
        vectors = []
        for bag in article:
            v = {w: (1 + math.log(c)) * math.log(n / df[w]) for w, c in bag.items()}
            norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
            vectors.append({w: x / norm for w, x in v.items()})
        out.append(vectors)
    return out


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """The cosine of two unit-length vectors."""
    if len(b) < len(a):
        a, b = b, a
    return sum(x * b[w] for w, x in a.items() if w in b)


def actors(mentions: Sequence[EntityMention], countries: dict[str, str]) -> Counter:
    """How often the article names each entity, a capital counted as its country."""
    return Counter(
        COUNTRY + countries[m.entity] if countries.get(m.entity) else m.entity
        for m in mentions if m.label not in VALUE_LABELS
    )


def main_actors(ca: Counter, cb: Counter) -> float:
    """How much of each article's naming is of entities the other names too (0 to 1)."""
    if not ca or not cb:
        return 0.0
    shared_a = sum(n for e, n in ca.items() if e in cb) / sum(ca.values())
    shared_b = sum(n for e, n in cb.items() if e in ca) / sum(cb.values())
    return 0.5 * (shared_a + shared_b)


def top_share(ca: Counter, cb: Counter, k: int = 3) -> float:
    """How many of each article's k most named entities the other article names."""
    ta, tb = [e for e, _ in ca.most_common(k)], [e for e, _ in cb.most_common(k)]
    return 0.5 * sum(e in cb for e in ta) / max(1, len(ta)) + 0.5 * sum(e in ca for e in tb) / max(1, len(tb))
