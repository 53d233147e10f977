"""A matching claim: two sentences, one of each article, that report the same thing.

Kept apart from the matcher so that reading a cached analysis imports
neither numpy nor the matcher.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotations.analysis.claims.figures import FigureCheck
from annotations.analysis.claims.quotes import QuoteMatch
from annotations.sides import Side, other, pick

MATCHER = ("newsread-claims 3.1 (sentence encoder and TF-IDF, symmetric features, logistic regression chosen "
           "leave-one-pair-out, document check, same quotes)")


#: How many candidates each sentence carries.
CANDIDATES = 3


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence of the other article that the matcher found close without pairing the two."""

    index: int
    """The sentence, in the other article."""
    score: float
    """The pair's calibrated probability, on the claims' scale."""


@dataclass(frozen=True)
class Claim:
    """Sentence `a` of article A and sentence `b` of article B report the same thing."""

    a: int
    b: int
    score: float
    """Calibrated probability that annotators would pair the two sentences."""
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
    tier: str = "same"
    """"same": the two report the same fact; "related": they share part of it."""
    verdict: str = ""
    """What the reader said of the pair ("confirmed", "linked", "rejected"; "" for none): see `analysis.verdicts`."""
    scored: bool = True
    """False for a pair the person made that the matcher does not pair: its `score` measures nothing."""

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
