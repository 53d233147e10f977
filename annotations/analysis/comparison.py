"""The analysis of a pair of articles, as plain data.

`compare` runs the whole analysis: parsing, entity linking, quotations and
claim matching. Its JSON form is in `compare_json`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from annotations.analysis.claims.claim import MATCHER, Candidate, Claim
from annotations.analysis.claims.encoders import Encoder
from annotations.analysis.claims.figures import Conflict, conflicts_of
from annotations.analysis.claims.quotes import Quotation, find_quotes
from annotations.analysis.entities import Entity, EntityMention, complete_mentions, link
from annotations.analysis.parsing import ParsedArticle, Sentence, parse
from annotations.analysis.pipeline import PipelineInfo
from annotations.sides import Side, pick
from annotations.sources.articles import CLAIM_KINDS, Article

#: The first candidate's score from which a sentence without a claim is "possibly in" the other
#: article rather than alone. Chosen leave-one-pair-out on aligned_dev.json by bench/possible_bar.py
#: (the bar maximising F1 of "this unclaimed sentence has a gold partner" on the other pairs: 0.10 in
#: 18 folds of 21, 0.07 in 3); held out, "possibly in" is right for 41% of the sentences it marks and
#: finds 70% of those with a partner, and "alone" is right for 87% (75% with no bar).
POSSIBLE_BAR = 0.10


@dataclass(frozen=True)
class Document:
    """One analysed article: its sentences and linked entity mentions."""

    id: str
    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[EntityMention, ...]
    quotes: tuple[Quotation, ...] = ()
    """Quoted passages, with their speakers where the text names them."""
    candidates: tuple[tuple[Candidate, ...], ...] = ()
    """For each sentence, the sentences of the other article closest to it that are not its claims, best first."""

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.article.text[s.start:s.end]


@dataclass(frozen=True)
class Comparison:
    """Everything the reader and `compare` show about a pair of articles."""

    a: Document
    b: Document
    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
    pipeline: PipelineInfo
    matcher: str = MATCHER
    encoder: str = ""
    """The sentence encoder's name and version."""
    rejected: tuple[Claim, ...] = ()
    """The matcher's pairs the reader rejected (`analysis.verdicts`): never among `claims`."""

    @cached_property
    def conflicts(self) -> tuple[Conflict, ...]:
        """Figures the two articles give differently for the same thing: those of the claims, each once.

        Derived from `claims`, so a rejected pair takes its conflicts with it
        and every view (report, JSON, reader, batch tables) shows one list.
        """
        return conflicts_of(self.claims)

    @cached_property
    def numbered_claims(self) -> tuple[Claim, ...]:
        """The claims in A's order (then B's): claim n of the reader's title, status line and `C` list.

        A claim is one pair of sentences, one of each article; a sentence in
        two pairs takes part in two claims. Every count of claims counts these.
        """
        return tuple(sorted(self.claims, key=lambda c: (c.a, c.b)))

    @cached_property
    def _first_claim(self) -> dict[Side, dict[int, int]]:
        out: dict[Side, dict[int, int]] = {"A": {}, "B": {}}
        for n, claim in enumerate(self.numbered_claims, start=1):
            for side in out:
                out[side].setdefault(claim.sentence(side), n)
        return out

    def claim_number(self, side: Side, index: int) -> int | None:
        """The number (from 1, in `numbered_claims`) of the first claim sentence `index` of `side` is in."""
        return self._first_claim[side].get(index)

    @cached_property
    def entity_by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}

    def document(self, side: Side) -> Document:
        """The analysed article of `side`."""
        return pick(side, self.a, self.b)

    def claims_of(self, side: Side, index: int) -> list[Claim]:
        """The claims a sentence of `side` takes part in, best first."""
        found = [c for c in self.claims if c.sentence(side) == index]
        return sorted(found, key=lambda c: -c.score)

    def candidates_of(self, side: Side, index: int) -> tuple[Candidate, ...]:
        """The likeliest partners of a sentence of `side` that the matcher did not pair with it, best first."""
        found = self.document(side).candidates
        return found[index] if index < len(found) else ()

    def only_in(self, side: Side) -> list[int]:
        """Sentences of one side that could be claims but match nothing."""
        matched = {c.sentence(side) for c in self.claims}
        sentences = self.document(side).sentences
        return [i for i, s in enumerate(sentences) if s.kind in CLAIM_KINDS and i not in matched]

    def possibly_in(self, side: Side) -> list[int]:
        """Sentences of `side` among `only_in(side)` whose first candidate reaches `POSSIBLE_BAR`.

        The matcher did not pair them, but their match may well be in the
        other article: the reader shows them apart from the sentences alone.
        """
        return [i for i in self.only_in(side)
                if (found := self.candidates_of(side, i)) and found[0].score >= POSSIBLE_BAR]

    def alone_in(self, side: Side) -> list[int]:
        """Sentences of `side` among `only_in(side)` with no candidate reaching `POSSIBLE_BAR`: most likely alone."""
        possible = set(self.possibly_in(side))
        return [i for i in self.only_in(side) if i not in possible]


#: How many distinct sentences go to the encoder at once.
ENCODE_BATCH = 2048


def _encode(encoder: Encoder, texts: list[str], say: Callable[[str], None]) -> Any:
    """The encoder's vector of each of `texts`, in their order.

    Each distinct sentence is encoded once: wire copy, boilerplate and
    repeated lines cost nothing twice (encoding is the costliest step after
    parsing). They go in sorted batches, so the encoder sees the same batches
    whichever article is A (its vectors shift in the last float digits with
    the batch), and each batch's vectors are written straight to their rows:
    nothing but the result grows with the text.
    """
    import numpy as np

    at: dict[str, list[int]] = {}
    for n, text in enumerate(texts):
        at.setdefault(text, []).append(n)
    distinct = sorted(at)
    out = None
    for start in range(0, len(distinct), ENCODE_BATCH):
        if start:
            say(f"encoding the sentences ({start}/{len(distinct)})")
        batch = distinct[start:start + ENCODE_BATCH]
        vectors = np.asarray(encoder.encode(batch))
        if out is None:
            out = np.empty((len(texts), vectors.shape[1]), vectors.dtype)
        for text, vector in zip(batch, vectors):
            out[at[text]] = vector
    return out if out is not None else np.asarray(encoder.encode([]))


def compare(
    article_a: Article,
    article_b: Article,
    nlp: Any,
    pipeline: PipelineInfo,
    progress: Callable[[str], None] | None = None,
    encoder: Encoder | None = None,
) -> Comparison:
    """Analyse two articles: sentences, linked entities and matching claims.

    Args:
        article_a, article_b: the two articles.
        nlp: a loaded spaCy pipeline.
        pipeline: its name and version, recorded with the result.
        progress: called with a short description of each step.
        encoder: the sentence encoder (default: the default encoder, loaded now).
    """
    say = progress or (lambda message: None)
    say("parsing both articles")
    parsed_a, parsed_b = parse(
        [article_a, article_b], nlp,
        progress=lambda done, total: say(f"parsing both articles ({done}/{total} paragraphs)"),
    )
    return compare_parsed(parsed_a, parsed_b, pipeline, say, encoder)


def compare_parsed(
    parsed_a: ParsedArticle,
    parsed_b: ParsedArticle,
    pipeline: PipelineInfo,
    progress: Callable[[str], None] | None = None,
    encoder: Encoder | None = None,
) -> Comparison:
    """The comparison of two articles already parsed: entities and claims."""
    # numpy and the matcher only when analysing: a cached analysis opens without them.
    from annotations.analysis.claims import matcher as claim_matching

    say = progress or (lambda message: None)
    if encoder is None:
        from annotations.analysis.claims.encoders import shared_encoder

        encoder = shared_encoder()

    article_a, article_b = parsed_a.article, parsed_b.article
    say("linking entities")
    entities, (mentions_a, mentions_b) = link(complete_mentions([parsed_a, parsed_b]),
                                              (article_a.text, article_b.text))
    names = {e.id: e.name for e in entities}
    quotes_a = tuple(find_quotes(parsed_a, mentions_a, names))
    quotes_b = tuple(find_quotes(parsed_b, mentions_b, names))
    say("encoding the sentences")
    texts_a = [article_a.text[s.start:s.end] for s in parsed_a.sentences]
    texts_b = [article_b.text[s.start:s.end] for s in parsed_b.sentences]
    vectors = _encode(encoder, texts_a + texts_b, say)
    say("matching claims")
    found = claim_matching.match(parsed_a, parsed_b, mentions_a, mentions_b,
                                 (vectors[:len(texts_a)], vectors[len(texts_a):]), names, entities=entities,
                                 quotes=(quotes_a, quotes_b))
    return Comparison(
        a=Document("A", article_a, parsed_a.sentences, tuple(mentions_a), quotes_a, found.candidates[0]),
        b=Document("B", article_b, parsed_b.sentences, tuple(mentions_b), quotes_b, found.candidates[1]),
        entities=tuple(entities),
        claims=found.claims,
        pipeline=pipeline,
        encoder=f"{encoder.name} {encoder.version}",
    )
