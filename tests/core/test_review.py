"""The review queue and the "possibly in" rule, without Textual, on the seeds."""

from __future__ import annotations

from dataclasses import replace

from annotations.analysis.claims.claim import Candidate
from annotations.analysis.comparison import POSSIBLE_BAR
from annotations.analysis.review import REVIEW_FLOOR, review_queue
from annotations.analysis.verdicts import apply_verdicts
from annotations.store.session import AnnotationSession
from annotations.store.store import Store
from annotations.store.verdicts import read_verdicts


def _sentence(comparison, side, words):
    doc = comparison.document(side)
    return next(i for i in range(len(doc.sentences)) if words in doc.sentence_text(i))


def test_the_queue_holds_every_open_candidate_at_the_floor_once_unclaimed_sentences_first_then_by_score(
        seed_comparison):
    queue = review_queue(seed_comparison)
    pairs = [(s.a, s.b) for s in queue]
    expected = {(a, c.index) for a, found in enumerate(seed_comparison.a.candidates) for c in found
                if c.score >= REVIEW_FLOOR} \
        | {(c.index, b) for b, found in enumerate(seed_comparison.b.candidates) for c in found
           if c.score >= REVIEW_FLOOR}
    assert len(pairs) == len(set(pairs)) and set(pairs) == expected
    claimed_a = {c.a for c in seed_comparison.claims}
    claimed_b = {c.b for c in seed_comparison.claims}
    assert [s.claimed for s in queue] == [(s.a in claimed_a) + (s.b in claimed_b) for s in queue]
    assert [s.claimed for s in queue] == sorted(s.claimed for s in queue)
    for first, second in zip(queue, queue[1:]):
        if first.claimed == second.claimed:
            assert first.score >= second.score
    assert queue[0].claimed == 0


def test_the_queue_leaves_out_the_suggestions_under_the_floor_and_keeps_the_seeds_parallels(seed_comparison):
    queue = review_queue(seed_comparison)
    every = {(a, c.index) for a, found in enumerate(seed_comparison.a.candidates) for c in found} \
        | {(c.index, b) for b, found in enumerate(seed_comparison.b.candidates) for c in found}
    assert (len(every), len(queue)) == (87, 43)
    assert all(s.score >= REVIEW_FLOOR for s in queue)
    # The same events told twice: the double / dual containment, and the hour-long call (A's has a claim).
    double = _sentence(seed_comparison, "A", "double containment")
    dual = _sentence(seed_comparison, "B", "dual containment")
    call_a = _sentence(seed_comparison, "A", "hour-long phone call")
    call_b = _sentence(seed_comparison, "B", "conversation lasting an hour")
    pairs = {(s.a, s.b) for s in queue}
    assert (double, dual) in pairs and (call_a, call_b) in pairs
    # A candidate under the floor stays the sentence's candidate: only the queue leaves it out.
    low = [c for c in seed_comparison.candidates_of("B", dual) if c.score < REVIEW_FLOOR]
    assert low and not {(c.index, dual) for c in low} & pairs


def test_the_queue_orders_a_made_up_comparison_by_claims_then_score(seed_comparison):
    # Three candidates on sentences chosen by hand: the order is the rule's, not the seeds'.
    claim = seed_comparison.claims[0]
    free_a = next(i for i in range(len(seed_comparison.a.sentences)) if i not in {c.a for c in seed_comparison.claims})
    free_b = next(i for i in range(len(seed_comparison.b.sentences)) if i not in {c.b for c in seed_comparison.claims})
    a_candidates = [()] * len(seed_comparison.a.sentences)
    a_candidates[claim.a] = (Candidate(free_b, 0.9),)  # one sentence claimed: after the free pair, however high
    a_candidates[free_a] = (Candidate(free_b, 0.2), Candidate(claim.b, 0.5))
    b_candidates = [()] * len(seed_comparison.b.sentences)
    b_candidates[free_b] = (Candidate(free_a, 0.2),)  # the same pair seen from B: once in the queue
    made = replace(seed_comparison, a=replace(seed_comparison.a, candidates=tuple(a_candidates)),
                   b=replace(seed_comparison.b, candidates=tuple(b_candidates)))
    assert [(s.a, s.b, s.claimed) for s in review_queue(made)] == [
        (free_a, free_b, 0), (claim.a, free_b, 1), (free_a, claim.b, 1)]


def test_verdicts_feed_the_queue(tmp_path, seeds, seed_comparison):
    queue = review_queue(seed_comparison)
    rejected, linked = queue[0], next(s for s in queue[1:] if s.a != queue[0].a and s.b != queue[0].b)
    with Store(tmp_path / "v.db") as store:
        session = AnnotationSession(seeds)
        session.open(store)
        for s, verdict in ((rejected, "rejected"), (linked, "linked")):
            sa, sb = seed_comparison.a.sentences[s.a], seed_comparison.b.sentences[s.b]
            session.judge((sa.start, sa.end), (sb.start, sb.end), verdict, "same")
    after = review_queue(apply_verdicts(seed_comparison, read_verdicts(tmp_path / "v.db", *seeds)))
    pairs = {(s.a, s.b) for s in after}
    assert (rejected.a, rejected.b) not in pairs
    assert not [p for p in pairs if p[0] == linked.a or p[1] == linked.b]
    assert pairs == {(s.a, s.b) for s in queue
                     if (s.a, s.b) != (rejected.a, rejected.b) and s.a != linked.a and s.b != linked.b}


def test_the_seeds_parallels_are_possibly_in_the_other_article_not_alone(seed_comparison):
    # A's hour-long call has a claim (the multipolar order, B4); B's is the one left unpaired.
    hour_call = _sentence(seed_comparison, "B", "conversation lasting an hour")
    double = _sentence(seed_comparison, "A", "double containment")
    dual = _sentence(seed_comparison, "B", "dual containment")
    for side, index in (("B", hour_call), ("A", double), ("B", dual)):
        assert index in seed_comparison.only_in(side)
        assert index in seed_comparison.possibly_in(side)
        assert index not in seed_comparison.alone_in(side)
    for side in ("A", "B"):
        only, possible, alone = (getattr(seed_comparison, f)(side) for f in ("only_in", "possibly_in", "alone_in"))
        assert sorted(possible + alone) == only and not set(possible) & set(alone)
        for index in alone:
            found = seed_comparison.candidates_of(side, index)
            assert not found or found[0].score < POSSIBLE_BAR
