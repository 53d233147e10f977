"""Choose, held out, the bar at which an unclaimed sentence is drawn "possibly in" the other article.

    OMP_NUM_THREADS=1 nice python -m bench.possible_bar [--eval ../shared/eval]

Analyses every pair of `aligned_dev.json` (odd topics only) once, in this
process, with one spaCy pipeline and one encoder, as `newsread compare`
does. Every sentence the matcher leaves without a claim (`Comparison.only_in`)
and that covers a judged gold sentence (the scorer's own mapping,
`score_compare.cover`) is an example: positive when the gold pairs that
sentence with any sentence of the other article, negative when it pairs it
with none (a sentence only one annotator paired counts neither way). Its
score is its first candidate's (0 without one); it is called "possibly in"
when that score reaches the bar.

Leave-one-pair-out: for each held-out pair, the bar is the one that
maximises F1 of "possibly in" on the other pairs (ties: the higher bar);
the held-out pair is then counted with it. Prints the held-out precision and
recall of "possibly in" and of "alone" (micro-averaged over pairs), the
bars chosen, and the in-sample figures of the bar chosen on every pair.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from annotations.analysis import pipeline
from annotations.analysis.analyse import shared_encoder, shared_pipeline
from annotations.analysis.claims import encoders
from annotations.analysis.comparison import compare_parsed
from annotations.analysis.parsing import parse
from annotations.sources.articles import load_article

BARS = [round(0.01 * n, 2) for n in range(2, 71)]
Example = tuple[float, bool]
"""A first candidate's score (0 for none), and whether the gold gives the sentence a partner."""


def examples(eval_dir: Path) -> dict[str, list[Example]]:
    """The unclaimed sentences of each pair, with their first candidate's score and gold label."""
    sys.path.insert(0, str(eval_dir))
    from score_compare import cover, nonspace  # the scorer's own mapping of sentences

    gold = json.loads((eval_dir / "aligned_dev.json").read_text(encoding="utf-8"))
    nlp = shared_pipeline(pipeline.choose_model())
    info = pipeline.describe(pipeline.choose_model())
    encoder = shared_encoder(encoders.DEFAULT_ENCODER)
    parsed: dict[str, Any] = {}
    found: dict[str, list[Example]] = {}
    for pair in gold["pairs"]:
        if int(pair["id"].split("_")[0]) % 2 == 0:
            continue  # even topics are held out of everything
        docs = [gold["documents"][pair[side]] for side in ("a", "b")]
        for doc in docs:
            path = str(eval_dir / "ecbplus" / "texts" / doc["file"])
            if path not in parsed:
                parsed[path] = parse([load_article(path)], nlp)[0]
        pa, pb = (parsed[str(eval_dir / "ecbplus" / "texts" / doc["file"])] for doc in docs)
        comparison = compare_parsed(pa, pb, info, encoder=encoder)
        paired = ({g[0] for g in pair["gold_claims"]}, {g[1] for g in pair["gold_claims"]})
        unsure = ({g[0] for g in pair.get("ignore_claims", ())}, {g[1] for g in pair.get("ignore_claims", ())})
        rows: list[Example] = []
        for n, (side, doc) in enumerate(zip(("A", "B"), docs)):
            text = comparison.document(side).article.text
            spans = [(s["start"], s["end"]) for s in doc["sentences"]]
            covered = cover([(s.start, s.end) for s in comparison.document(side).sentences], spans, text,
                            [nonspace(text[a:b]) for a, b in spans])
            for index in comparison.only_in(side):
                golds = covered[index]
                if not golds:
                    continue  # not a judged sentence
                positive = bool(golds & paired[n])
                if not positive and golds & unsure[n]:
                    continue  # one annotator paired it: counted neither way
                first = comparison.candidates_of(side, index)
                rows.append((first[0].score if first else 0.0, positive))
        found[pair["id"]] = rows
        print(f"{pair['id']}: {len(rows)} unclaimed judged sentences, {sum(p for _, p in rows)} with a gold partner",
              file=sys.stderr)
    return found


def counts(rows: list[Example], bar: float) -> Counter[str]:
    """True/false "possibly in" and true/false "alone" at `bar`."""
    tally: Counter[str] = Counter()
    for score, positive in rows:
        tally[("tp" if positive else "fp") if score >= bar else ("fn" if positive else "tn")] += 1
    return tally


def f1(tally: Counter[str]) -> float:
    return 2 * tally["tp"] / max(2 * tally["tp"] + tally["fp"] + tally["fn"], 1)


def best_bar(rows: list[Example]) -> float:
    """The bar with the best F1 of "possibly in" on `rows` (the higher bar on ties)."""
    return max(BARS, key=lambda bar: (round(f1(counts(rows, bar)), 6), bar))


def figures(tally: Counter[str]) -> str:
    tp, fp, fn, tn = tally["tp"], tally["fp"], tally["fn"], tally["tn"]
    return (f"possibly in: P {tp / max(tp + fp, 1):.2f} R {tp / max(tp + fn, 1):.2f} F1 {f1(tally):.2f} "
            f"({tp + fp} said) · alone: P {tn / max(tn + fn, 1):.2f} R {tn / max(tn + fp, 1):.2f} "
            f"({tn + fn} said) · tp {tp} fp {fp} fn {fn} tn {tn}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=Path("../shared/eval"))
    found = examples(parser.parse_args().eval)
    held: Counter[str] = Counter()
    chosen = []
    for pair in found:
        rest = [row for other, rows in found.items() if other != pair for row in rows]
        bar = best_bar(rest)
        chosen.append(bar)
        held += counts(found[pair], bar)
    every = [row for rows in found.values() for row in rows]
    partnered = sum(p for _, p in every)
    print(f"{len(found)} pairs, {len(every)} unclaimed judged sentences, {partnered} with a gold partner")
    print(f"bars chosen leave-one-pair-out: {dict(sorted(Counter(chosen).items()))}")
    print(f"held out:  {figures(held)}")
    bar = best_bar(every)
    print(f"in sample (bar {bar:.2f}, chosen on all pairs): {figures(counts(every, bar))}")
    print(f"no bar (every unclaimed sentence alone): {figures(counts(every, 2.0))}")


if __name__ == "__main__":
    main()
