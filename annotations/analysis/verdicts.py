"""The reader's verdicts applied on top of the matcher's claims: the person's word wins.

The analysis (and its cache) stays the matcher's; `apply_verdicts` turns it
into what the reader shows and `newsread compare` writes, both through this
one function: a rejected pair leaves `claims` for `rejected`, a confirmed
pair is marked so, and a pair linked by hand is a claim whatever the
matcher said, with the tier the person gave. A verdict is placed by the
quotes of its two sentences (`store.verdicts.placed_verdicts`), then mapped
to the sentences of this analysis, so it outlives a re-analysis and a new
matcher.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace

from annotations.analysis.claims.claim import Claim
from annotations.analysis.comparison import Comparison, Document
from annotations.analysis.parsing import Sentence
from annotations.store.records import instant
from annotations.store.verdicts import CONFIRMED, LINKED, REJECTED, PlacedVerdict

#: Score of a pair the matcher does not make but the person does (`Claim.scored` is False:
#: it is never shown; the compare JSON's contract asks for a number).
BY_HAND = 1.0
#: What the detail bar, the lists and the report say of each verdict.
SAID = {CONFIRMED: "confirmed by you", REJECTED: "rejected by you", LINKED: "linked by you"}


def standing(claim: Claim, score: str = "score ", same: str = "same") -> str:
    """A pair's tier, the matcher's score when it has one, and the person's verdict.

    "same · score 0.81", "same · score 0.81 · confirmed by you", "related ·
    linked by you": a pair the matcher does not make has no score, and none is
    made up for it.

    Args:
        claim: the pair, verdicts applied.
        score: the word before the score ("probability " in the report).
        same: the words for the tier "same" ("same claim" in the report).
    """
    parts = [same if claim.tier == "same" else claim.tier]
    if claim.scored:
        parts.append(f"{score}{claim.score:.2f}")
    if claim.verdict:
        parts.append(SAID.get(claim.verdict, claim.verdict))
    return " · ".join(parts)


def sentence_at(sentences: Sequence[Sentence], start: int, end: int) -> int | None:
    """The sentence that shares most characters with `start:end`, or None when none does."""
    starts = [s.start for s in sentences]
    i = max(bisect_right(starts, start) - 1, 0)
    best, overlap = None, 0
    while i < len(sentences) and sentences[i].start < end:
        shared = min(end, sentences[i].end) - max(start, sentences[i].start)
        if shared > overlap:
            best, overlap = i, shared
        i += 1
    return best


def verdicts_by_pair(comparison: Comparison, placed: Iterable[PlacedVerdict]) -> dict[tuple[int, int], PlacedVerdict]:
    """Each judged pair of sentences (index in A, index in B) with its newest verdict."""
    found: dict[tuple[int, int], PlacedVerdict] = {}
    for p in sorted(placed, key=lambda p: instant(p.verdict.created)):
        a = sentence_at(comparison.a.sentences, *p.a)
        b = sentence_at(comparison.b.sentences, *p.b)
        if a is not None and b is not None:
            found[(a, b)] = p
    return found


def apply_verdicts(comparison: Comparison, placed: Iterable[PlacedVerdict]) -> Comparison:
    """The comparison as the reader judged it.

    Args:
        comparison: The matcher's analysis (never changed).
        placed: The verdicts on this pair, placed in its texts.

    Returns:
        A comparison whose `claims` carry `verdict` where the person gave
        one (linked pairs added, with score `BY_HAND` and `scored` False
        when the matcher did not pair them), whose `rejected` holds the
        matcher's pairs the person rejected, and whose sentences' candidates
        leave out the pairs judged and every pair with a sentence linked by hand.
    """
    judged = verdicts_by_pair(comparison, placed)
    if not judged:
        return comparison
    claims: list[Claim] = []
    rejected: list[Claim] = []
    for claim in comparison.claims:
        found = judged.get((claim.a, claim.b))
        if found is None:
            claims.append(claim)
        elif found.verdict.verdict == REJECTED:
            rejected.append(replace(claim, verdict=REJECTED))
        elif found.verdict.verdict == LINKED:
            claims.append(replace(claim, verdict=LINKED, tier=found.verdict.tier))
        else:
            claims.append(replace(claim, verdict=CONFIRMED))
    matched = {(c.a, c.b) for c in comparison.claims}
    for (a, b), found in judged.items():
        kind = found.verdict.verdict
        if (a, b) in matched or kind == REJECTED:
            continue
        reason = "paired by you; the matcher does not pair them" if kind == LINKED \
            else "confirmed by you; the matcher does not pair them now"
        claims.append(Claim(a, b, BY_HAND, reasons=(reason,), tier=found.verdict.tier, verdict=kind, scored=False))
    doc_a, doc_b = _open_candidates(comparison, judged, claims)
    return replace(comparison, a=doc_a, b=doc_b, claims=tuple(claims), rejected=tuple(rejected))


def _open_candidates(comparison: Comparison, judged: dict[tuple[int, int], PlacedVerdict],
                     claims: list[Claim]) -> tuple[Document, Document]:
    """The documents with the candidates the person has not settled.

    A pair that is a claim or was rejected is no candidate; a sentence the
    person linked by hand has found its partner, so no pair with it is one.
    """
    closed = {(c.a, c.b) for c in claims} | {k for k, p in judged.items() if p.verdict.verdict == REJECTED}
    linked = [k for k, p in judged.items() if p.verdict.verdict == LINKED]
    linked_a, linked_b = {a for a, _ in linked}, {b for _, b in linked}

    def still_open(a: int, b: int) -> bool:
        return (a, b) not in closed and a not in linked_a and b not in linked_b

    a, b = comparison.a, comparison.b
    return (replace(a, candidates=tuple(tuple(c for c in found if still_open(n, c.index))
                                        for n, found in enumerate(a.candidates))),
            replace(b, candidates=tuple(tuple(c for c in found if still_open(c.index, n))
                                        for n, found in enumerate(b.candidates))))
