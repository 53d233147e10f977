"""Which floor on a suggestion's score keeps the review queue worth walking, chosen held out.

    OMP_NUM_THREADS=1 nice python -m bench.review_floor [--eval ../shared/eval] [--cache FILE]

On the 21 pairs of `aligned_dev.json` (odd topics), a person walks the
review queue (`annotations.analysis.review.review_queue`: every sentence's
open candidates once, those with fewer claimed sentences first, then by
calibrated score) with only the suggestions at or above a floor, as
`bench/candidates.py` simulates it: linking a suggestion that covers a gold
pair removes every other suggestion of its two sentences, rejecting any
other removes it. Per pair and floor: the queue's length, the gold pairs
the claims miss that walking the whole queue finds, and the decisions it
takes.

Nested leave-one-pair-out: for each held-out pair, the model, gate and
claim bar are chosen on the other 20 as `bench/fit_claims.py` chooses them;
the calibration of the score is fitted on those 20's out-of-fold
probabilities, and the floor is chosen on those same out-of-fold
probabilities: the floor with the most gold pairs found per decision over
the 20, among the floors whose queues still find at least `KEEP` of the
gold pairs the unfloored queues find (ties: the lower floor). The held-out
pair is then walked at that floor and without one. The floor chosen the
same way on all 21 is the one to ship; its in-sample figures follow.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import numpy as np

from annotations.analysis.claims import matcher
from bench import fit_claims
from bench.candidates import load

FLOORS = (0.0, 0.02, 0.03, 0.05, 0.07, 0.10, 0.15, 0.20)
KEEP = 0.90
"""The share of the unfloored queue's finds a floor must keep: a queue a person finishes, losing little."""


@dataclass(frozen=True)
class Walk:
    """A person walking one pair's queue to its end."""

    queue: int
    """Suggestions in the queue before the first decision."""
    decisions: int
    found: int
    """Gold pairs the claims miss, found by linking suggestions."""


def walk(p: fit_claims.Pair, q: np.ndarray, score: np.ndarray, bar: float, floor: float) -> Walk:
    """The queue of pair `p` given its probabilities `q` (claims at `bar`) and calibrated `score`, at `floor`."""
    found_ = p.found
    claimed = np.flatnonzero((q >= bar) | p.quoted)
    claim_pairs = {(int(found_.i[k]), int(found_.j[k])) for k in claimed}
    covered = set().union(*(p.covers[k] for k in claimed)) & p.gold if len(claimed) else set()
    near_a, near_b = matcher.nearest(found_, score, claim_pairs)
    at = {(int(x), int(y)): k for k, (x, y) in enumerate(zip(found_.i, found_.j))}
    # As the product's candidates: the score rounded to three places, then the floor.
    scored = {(x, c.index): c.score for x, found in enumerate(near_a) for c in found}
    scored |= {(c.index, y): c.score for y, found in enumerate(near_b) for c in found}
    claimed_a = {x for x, _ in claim_pairs}
    claimed_b = {y for _, y in claim_pairs}
    queue = sorted((xy for xy, s in scored.items() if s >= floor),
                   key=lambda xy: ((xy[0] in claimed_a) + (xy[1] in claimed_b), -scored[xy], xy))
    linked_a: set[int] = set()
    linked_b: set[int] = set()
    found = set(covered)
    decisions = 0
    for x, y in queue:
        if x in linked_a or y in linked_b:
            continue  # a link removed it
        decisions += 1
        gold = p.covers[at[(x, y)]] & p.gold
        if gold:
            found |= gold
            linked_a.add(x)
            linked_b.add(y)
    return Walk(len(queue), decisions, len(found - covered))


def calibrate(q: np.ndarray, scale: tuple[float, float]) -> np.ndarray:
    """`matcher.calibrated` with the rescaling `scale`."""
    q = np.clip(q, 1e-6, 1 - 1e-6)
    return 1 / (1 + np.exp(-(scale[0] * np.log(q / (1 - q)) + scale[1])))


@dataclass(frozen=True)
class Fold:
    """What is chosen on some pairs: the model, gate, claim bar, calibration and floor."""

    fitted: tuple[np.ndarray, float]
    gate: float
    bar: float
    scale: tuple[float, float]
    floor: float
    walks: dict[float, list[Walk]]
    """The training pairs' walks (out of fold) at every floor."""


def total(walks: list[Walk]) -> tuple[int, int, int]:
    return sum(w.queue for w in walks), sum(w.decisions for w in walks), sum(w.found for w in walks)


def choose_floor(walks: dict[float, list[Walk]]) -> float:
    """The floor with the most gold found per decision among those keeping `KEEP` of the unfloored finds."""
    _, _, unfloored = total(walks[0.0])
    best, best_rate = 0.0, -1.0
    for floor in FLOORS:
        _, decisions, found = total(walks[floor])
        rate = found / decisions if decisions else 0.0
        if found >= KEEP * unfloored - 1e-9 and rate > best_rate + 1e-12:
            best, best_rate = floor, rate
    return best


def select(train: list[fit_claims.Pair], contrast: list[fit_claims.Pair]) -> Fold:
    """Everything chosen on `train`, as `fit_claims.select_all` (one tier), then the calibration and floor."""
    fitted = fit_claims.fit(train)
    oof = fit_claims.out_of_fold(train)
    gate, bar = fit_claims.choose(train, oof, contrast, {c.id: fit_claims.raw(c, fitted) for c in contrast})
    q = {p.id: fit_claims.gated(p, oof[p.id], gate) for p in train}
    scale, _ = fit_claims.calibration(train, q)
    walks = {floor: [walk(p, q[p.id], calibrate(q[p.id], scale), bar, floor) for p in train] for floor in FLOORS}
    return Fold(fitted, gate, bar, scale, choose_floor(walks), walks)


def apply(p: fit_claims.Pair, fold: Fold, floor: float) -> Walk:
    q = fit_claims.gated(p, fit_claims.raw(p, fold.fitted), fold.gate)
    return walk(p, q, calibrate(q, fold.scale), fold.bar, floor)


def summary(walks: list[Walk]) -> str:
    queue, decisions, found = total(walks)
    return (f"queue {queue} in all (median {median(w.queue for w in walks):.0f}, longest "
            f"{max(w.queue for w in walks)}), {decisions} decisions find {found} gold pairs: "
            f"{decisions / max(1, found):.2f} decisions per gold pair found")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--eval", type=Path, default=Path("../shared/eval"), help="the evaluation folder")
    ap.add_argument("--cache", type=Path, default=None, help="the features fit_claims built (kept there)")
    args = ap.parse_args()
    pairs = load(args.eval, args.cache)
    aligned = sorted((p for p in pairs if p.set == "ali"), key=lambda p: p.id)
    contrast = [p for p in pairs if p.set == "ecb" and p.kind == "contrast"]
    print("held out (nested leave-one-pair-out on aligned_dev.json); per pair: floor chosen on the other 20, "
          "queue / decisions / gold found without a floor -> at that floor")
    nested: list[Walk] = []
    unfloored: list[Walk] = []
    fixed: dict[float, list[Walk]] = {floor: [] for floor in FLOORS}
    chosen = []
    for p in aligned:
        fold = select([x for x in aligned if x.id != p.id], [c for c in contrast if c.topic != p.topic])
        for floor in FLOORS:
            fixed[floor].append(apply(p, fold, floor))
        none, at = fixed[0.0][-1], apply(p, fold, fold.floor)
        unfloored.append(none)
        nested.append(at)
        chosen.append(fold.floor)
        print(f"  {p.id:10s} floor {fold.floor:.2f}: {none.queue:3d} / {none.decisions:3d} / {none.found:2d} -> "
              f"{at.queue:3d} / {at.decisions:3d} / {at.found:2d}", flush=True)
    print(f"\n  no floor      : {summary(unfloored)}")
    print(f"  nested floor  : {summary(nested)}")
    print(f"  floors chosen : {', '.join(f'{f:.2f} in {chosen.count(f)}' for f in sorted(set(chosen)))} of "
          f"{len(chosen)} folds")
    print("\nheld out at each fixed floor (each pair with its fold's model and calibration):")
    for floor in FLOORS:
        print(f"  {floor:.2f}: {summary(fixed[floor])}")
    everything = select(aligned, contrast)
    print(f"\nchosen on all 21 (out-of-fold walks): floor {everything.floor:.2f}, calibration "
          f"{everything.scale[0]:.4f}, {everything.scale[1]:.4f}")
    for floor in FLOORS:
        print(f"  {floor:.2f}: {summary(everything.walks[floor])}")
    print("\nin sample (model chosen on all 21, applied to the 21):")
    for floor in sorted({0.0, everything.floor}):
        print(f"  {floor:.2f}: {summary([apply(p, everything, floor) for p in aligned])}")


if __name__ == "__main__":
    main()
