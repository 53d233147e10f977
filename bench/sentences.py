"""Sentence starts against the annotated sentences of the evaluation set.

    OMP_NUM_THREADS=1 nice python -m bench.sentences [--eval DIR] [--show]

Every article of `aligned_dev.json` (odd ECB+ topics) comes with the
sentences its annotators judged, as offsets into the text. This script
splits the same texts as newsread does (`parsing.parse`, the default spaCy
pipeline) and prints precision, recall and F1 of the sentence starts:
a start counts when it is exactly a gold start. `--show` lists each
difference with its context. The gold has errors of its own, listed in
`GOLD_ERRORS` as read by hand: the figures are given against the gold as
it is and against the gold with those corrected.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .measure import ROOT

EVAL = ROOT.parent / "shared" / "eval"

#: Where the annotated sentences split as no reader would (a start after an initial, a title, a
#: dateline's month or a calibre's stray stop), or miss a sentence: (document, text before the
#: place, text after it, whether a sentence starts there).
GOLD_ERRORS = (
    ("19_1ecbplus", "MAR. ", "14, 2013, 8:12 PM", False),  # a dateline
    ("19_1ecbplus", "Kenneth J. ", "Montgomery, an attorney", False),
    ("19_1ecbplus", "with a loaded. ", "38-caliber revolver in hand.", False),  # ".38" with its stop astray
    ("19_1ecbplus", "while John C. ", "Cerar, the former", False),
    ("19_1ecbplus", "paramilitary.” ", "“[The police] have", True),  # two quotes, two sentences
    ("19_9ecbplus", "Kimani Gray had a. ", "38 caliber", False),
    ("1_5ecbplus", "Judge James R. ", "Dabney agreed", False),
    ("21_12ecbplus", "alcohol content of. ", "09 percent", False),  # ".09" with its stop astray
    ("21_12ecbplus", "legal limit of. ", "08 percent", False),
    ("23_6ecbplus", "Aoraki-Mt. ", "Cook National Park", False),
    ("33_10ecbplus", "including Rev. ", "Al Sharpton", False),
    ("35_2ecbplus", "10:55 P.M. ", "FEB. 2, 2009", False),  # a dateline
    ("35_2ecbplus", "10:55 P.M. FEB. ", "2, 2009", False),
    ("9_8ecbplus", "President George W. ", "Bush left office", False),
    ("11_1ecbplus", "Turkmenistan said. ", "'Representatives of the two", True),
    ("39_11ecbplus", "never worked on it. ", '"(For the audition)', True),
)


def corrected(name: str, text: str, starts: set[int]) -> set[int]:
    """The gold starts of one document with `GOLD_ERRORS` put right."""
    out = set(starts)
    for doc, before, after, is_start in GOLD_ERRORS:
        if doc != name:
            continue
        at = text.find(before + after)
        if at < 0:
            raise ValueError(f"{doc}: {before + after!r} is not in the text")
        (out.add if is_start else out.discard)(at + len(before))
    return out


def _scores(tp: int, fp: int, fn: int) -> dict[str, float]:
    p, r = tp / (tp + fp), tp / (tp + fn)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=EVAL)
    parser.add_argument("--show", action="store_true", help="list every start found or missed wrongly")
    args = parser.parse_args()

    from annotations.analysis import pipeline
    from annotations.analysis.analyse import shared_pipeline
    from annotations.analysis.parsing import parse
    from annotations.sources.articles import load_article

    gold = json.loads((args.eval / "aligned_dev.json").read_text(encoding="utf-8"))
    texts = args.eval / "ecbplus" / "texts"
    nlp = shared_pipeline(pipeline.choose_model())
    counts = {"as annotated": [0, 0, 0], "gold errors corrected": [0, 0, 0]}
    for name, doc in sorted(gold["documents"].items()):
        article = load_article(str(texts / doc["file"]))
        (parsed,) = parse([article], nlp)
        ours = {s.start for s in parsed.sentences}
        theirs = {s["start"] for s in doc["sentences"]}
        for key, starts in (("as annotated", theirs), ("gold errors corrected", corrected(name, article.text, theirs))):
            counts[key][0] += len(ours & starts)
            counts[key][1] += len(ours - starts)
            counts[key][2] += len(starts - ours)
        if args.show:
            text = article.text
            for at in sorted(ours ^ theirs):
                side = "extra" if at in ours else "missed"
                print(f"{name} {side:6} …{text[max(0, at - 40):at]!r} | {text[at:at + 40]!r}")
    print(json.dumps({"documents": len(gold["documents"]), "gold_starts": sum(counts["as annotated"][::2]),
                      **{key: _scores(*c) for key, c in counts.items()}}))


if __name__ == "__main__":
    main()
