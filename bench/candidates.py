"""How far the matcher's candidates lead a person to the claims it does not make, held out.

    OMP_NUM_THREADS=1 nice python -m bench.candidates [--eval ../shared/eval] [--cache FILE]

On the 21 pairs of `aligned_dev.json` (odd topics), each pair is scored
with the model, gate and bar chosen on the other 20 exactly as
`bench/fit_claims.py` chooses them (leave-one-pair-out; `--cache` reuses
its built features). Its claims and every sentence's three candidates are
then what the shipped code makes of those probabilities (`matcher.select`'s
rule and `matcher.nearest`), and gold pairs are mapped onto our sentences
through the scorer's own mapping, as `fit_claims` does.

It prints, over the gold pairs the claims do not cover: how often the other
sentence is the first candidate of one of the two (goal >= 0.6), and how
often it is among the first three (goal >= 0.80). Then a simulated review:
a person walks the open suggestions (every sentence's candidates, with no
floor on their score: `bench/review_floor.py` measures the floor) in order,
those with a sentence that has no claim first, then by score; links a pair
that covers a gold pair, which removes every other suggestion of its two
sentences, and rejects any other, which removes it. Per pair: the decisions
per gold pair found until recall 0.80 (summed over pairs, goal <= 2), and
the recall after 10 and after 20 decisions (median over the pairs with
gold). The same figures in sample (model chosen on all 21) follow.
"""

from __future__ import annotations

import argparse
import pickle
from dataclasses import dataclass, replace
from pathlib import Path
from statistics import median

import numpy as np

from annotations.analysis.claims import matcher
from bench import fit_claims

RECALL = 0.80
LOOKS = (10, 20)


@dataclass
class Outcome:
    """What the candidates of one pair lead to."""

    missed: int
    """Gold pairs the claims do not cover."""
    first: int
    """... whose other sentence is the first candidate of one of the two."""
    top: int
    """... or among the first three."""
    curve: list[float]
    """Recall after 0, 1, 2, ... decisions of the simulated review."""
    found: list[int]
    """Gold pairs found by the review after 0, 1, 2, ... decisions."""
    gold: int


def outcome(p: fit_claims.Pair, q: np.ndarray, bar: float, rank: np.ndarray | None = None) -> Outcome:
    """The candidates of pair `p` given its probabilities `q` and the claim bar; `rank` ranks them instead of q."""
    found_ = p.found
    claimed = np.flatnonzero((q >= bar) | p.quoted)
    claim_pairs = {(int(found_.i[k]), int(found_.j[k])) for k in claimed}
    if rank is not None:
        q = rank
    near_a, near_b = matcher.nearest(found_, q, claim_pairs)
    covered = set().union(*(p.covers[k] for k in claimed)) & p.gold if len(claimed) else set()
    at = {(int(x), int(y)): k for k, (x, y) in enumerate(zip(found_.i, found_.j))}

    first = top = 0
    missed = p.gold - covered
    for g in missed:
        pairs = [(x, y) for (x, y), k in at.items() if g in p.covers[k]]
        firsts = [(x, y) for x, y in pairs if (near_a[x][:1] and near_a[x][0].index == y)
                  or (near_b[y][:1] and near_b[y][0].index == x)]
        tops = [(x, y) for x, y in pairs if y in [c.index for c in near_a[x]] or x in [c.index for c in near_b[y]]]
        first += bool(firsts)
        top += bool(tops)

    with_claim_a = {x for x, _ in claim_pairs}
    with_claim_b = {y for _, y in claim_pairs}
    queue = {(x, c.index) for x, found in enumerate(near_a) for c in found}
    queue |= {(c.index, y) for y, found in enumerate(near_b) for c in found}
    order = sorted(queue, key=lambda xy: (xy[0] in with_claim_a and xy[1] in with_claim_b, -q[at[xy]], xy))
    linked_a: set[int] = set()
    linked_b: set[int] = set()
    found = set(covered)
    curve = [len(found) / len(p.gold) if p.gold else 1.0]
    by_review = [0]
    for x, y in order:
        if x in linked_a or y in linked_b:
            continue  # a link removed it
        gold = p.covers[at[(x, y)]] & p.gold
        if gold:
            found |= gold
            linked_a.add(x)
            linked_b.add(y)
        curve.append(len(found) / len(p.gold) if p.gold else 1.0)
        by_review.append(len(found - covered))
    return Outcome(len(missed), first, top, curve, by_review, len(p.gold))


def report(title: str, outcomes: list[Outcome]) -> None:
    missed = sum(o.missed for o in outcomes)
    print(f"\n{title}")
    print(f"  gold pairs the claims miss: {missed}; the other sentence is the first candidate of one of the two: "
          f"{sum(o.first for o in outcomes) / max(1, missed):.3f} (goal >= 0.6), among the first three: "
          f"{sum(o.top for o in outcomes) / max(1, missed):.3f} (goal >= 0.80)")
    with_gold = [o for o in outcomes if o.gold]
    decisions = found = reached = 0
    for o in with_gold:
        at = next((d for d, r in enumerate(o.curve) if r >= RECALL - 1e-9), len(o.curve) - 1)
        reached += o.curve[at] >= RECALL - 1e-9
        decisions += at
        found += o.found[at]
    print(f"  simulated review over {len(with_gold)} pairs with gold: {decisions} decisions find {found} gold pairs "
          f"until recall {RECALL} (or the queue ends): {decisions / max(1, found):.2f} decisions per gold pair found "
          f"(goal <= 2); {reached} of {len(with_gold)} pairs reach recall {RECALL}")
    before = median(o.curve[0] for o in with_gold)
    looks = ", ".join(f"after {n} decisions {median(o.curve[min(n, len(o.curve) - 1)] for o in with_gold):.3f}"
                      for n in LOOKS)
    end = median(o.curve[-1] for o in with_gold)
    queue = median(len(o.curve) - 1 for o in with_gold)
    print(f"  median recall of a pair: claims alone {before:.3f}, {looks}, at the end of its queue {end:.3f} "
          f"(median queue {queue} decisions)")


class _Features(pickle.Unpickler):
    """Reads the features `fit_claims` kept, also when it ran as `__main__`."""

    def find_class(self, module: str, name: str) -> type:
        return super().find_class("bench.fit_claims" if module == "__main__" else module, name)


def load(eval_dir: Path, cache: Path | None) -> list[fit_claims.Pair]:
    """The development pairs' features: read from `cache` when it holds them, else built (and kept there)."""
    if cache and cache.is_file():
        with open(cache, "rb") as f:
            return list(_Features(f).load())
    pairs = fit_claims.build(eval_dir)
    if cache:
        with open(cache, "wb") as f:
            pickle.dump(pairs, f)
    return pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--eval", type=Path, default=Path("../shared/eval"), help="the evaluation folder")
    ap.add_argument("--cache", type=Path, default=None, help="the features fit_claims built (kept there)")
    ap.add_argument("--compare", action="store_true",
                    help="also rank by the encoder cosine alone, and by a regression fitted on the open pairs")
    args = ap.parse_args()
    pairs = load(args.eval, args.cache)
    aligned = sorted((p for p in pairs if p.set == "ali"), key=lambda p: p.id)
    contrast = [p for p in pairs if p.set == "ecb" and p.kind == "contrast"]
    held: dict[str, list[Outcome]] = {"model": [], "meaning": [], "open": []}
    for p in aligned:
        train = [x for x in aligned if x.id != p.id]
        choice = fit_claims.select_all(train, [c for c in contrast if c.topic != p.topic], False)
        q = fit_claims.gated(p, fit_claims.raw(p, choice.fitted), choice.gate)
        held["model"].append(outcome(p, q, choice.bar))
        if args.compare:
            held["meaning"].append(outcome(p, q, choice.bar, p.found.column("meaning")))
            held["open"].append(outcome(p, q, choice.bar, fit_claims.raw(p, _fit_open(train, choice))))
    report("held out (leave-one-pair-out on aligned_dev.json)", held["model"])
    if args.compare:
        report("held out, ranked by the encoder cosine alone", held["meaning"])
        report("held out, ranked by a regression fitted on the pairs the claims leave open", held["open"])
    everything = fit_claims.select_all(aligned, contrast, False)
    report("in sample (chosen on all 21)", [
        outcome(p, fit_claims.gated(p, fit_claims.raw(p, everything.fitted), everything.gate), everything.bar)
        for p in aligned])


def _fit_open(train: list[fit_claims.Pair], choice: fit_claims.Choice) -> tuple[np.ndarray, float]:
    """The regression refitted on the training pairs' candidate pairs below the claim bar."""
    open_pairs = []
    for x in train:
        below = fit_claims.gated(x, fit_claims.raw(x, choice.fitted), choice.gate) < choice.bar
        found = replace(x.found, values=x.found.values[below])
        open_pairs.append(replace(x, found=found, label=x.label[below]))
    return fit_claims.fit(open_pairs)

if __name__ == "__main__":
    main()
