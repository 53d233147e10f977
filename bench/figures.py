"""Conflicting figures, measured on a hand-judged set of figure pairs from odd-topic ECB+ pairs.

    OMP_NUM_THREADS=1 nice python -m bench.figures [--texts DIR] [--set FILE] [--dump FILE]

`bench/data/figure_pairs.json` holds every pair of figures of one kind
that the two sentences of a matching claim give (the pairs the conflict
rule looks at), on same-event pairs of articles of odd ECB+ topics (even
topics are held out), each judged by hand: `conflict` true when the two
give the same quantity of the same thing at the same time with different
values (its `note` says how it was judged). This script analyses the
pairs again as newsread does and prints the precision and recall of the
pair's conflict list against that judgement; a conflict on a figure pair
that is not in the set is counted as wrong. `--dump FILE` writes the
figure pairs the claims now give, judged where the set already judges
them, for judging the new ones by hand.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
from pathlib import Path
from typing import Any

from .corpus import DEFAULT_TEXTS
from .measure import ROOT

SET = ROOT / "bench" / "data" / "figure_pairs.json"
#: Same-event article pairs per odd topic: the first ones by number.
PER_TOPIC = 5


def document_pairs(texts: Path) -> list[tuple[str, str]]:
    """Same-event pairs of odd topics: `<t>_<n>ecbplus` articles taken two by two."""
    by_topic: dict[int, list[tuple[int, str]]] = {}
    for path in texts.glob("*ecbplus.txt"):
        topic, number = (int(x) for x in re.match(r"(\d+)_(\d+)", path.name).groups())  # type: ignore[union-attr]
        if topic % 2:
            by_topic.setdefault(topic, []).append((number, path.stem))
    out = []
    for topic in sorted(by_topic):
        names = [name for _, name in sorted(by_topic[topic])]
        out.extend(zip(names[0:2 * PER_TOPIC:2], names[1:2 * PER_TOPIC:2]))
    return out


def _key(pair: tuple[str, str], fa: dict[str, Any], fb: dict[str, Any]) -> str:
    return f"{pair[0]}|{pair[1]}|{fa['start']}|{fb['start']}"


def analyse(texts: Path) -> list[dict[str, Any]]:
    """Each document pair's claims' figure pairs, with whether the pair's conflict list holds them."""
    from annotations.analysis import pipeline
    from annotations.analysis.analyse import shared_pipeline
    from annotations.analysis.claims.figures import figures_in
    from annotations.analysis.comparison import compare
    from annotations.sources.articles import load_article

    nlp = shared_pipeline(pipeline.choose_model())
    info = pipeline.describe(pipeline.choose_model())
    out = []
    for pair in document_pairs(texts):
        a, b = (load_article(str(texts / f"{name}.txt")) for name in pair)
        c = compare(a, b, nlp, info)
        flagged = {(x.start_a, x.start_b) for x in c.conflicts}
        seen = set()
        for claim in c.claims:
            fa_all = [f for f in figures_in(c.a.sentence_text(claim.a), c.a.sentences[claim.a].start)
                      if not f.conversion]
            fb_all = [f for f in figures_in(c.b.sentence_text(claim.b), c.b.sentences[claim.b].start)
                      if not f.conversion]
            for fa, fb in itertools.product(fa_all, fb_all):
                if fa.kind != fb.kind or (fa.start, fb.start) in seen:
                    continue
                seen.add((fa.start, fb.start))
                out.append({
                    "pair": list(pair), "kind": fa.kind,
                    "a": {"start": fa.start, "text": fa.text, "value": fa.value, "unit": fa.unit},
                    "b": {"start": fb.start, "text": fb.text, "value": fb.value, "unit": fb.unit},
                    "sentence_a": c.a.sentence_text(claim.a), "sentence_b": c.b.sentence_text(claim.b),
                    "flagged": (fa.start, fb.start) in flagged,
                })
    return out


def score(found: list[dict[str, Any]], judged: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Precision and recall of the flagged figure pairs against the judged conflicts."""
    tp = fp = unjudged = 0
    flagged = set()
    for f in found:
        if not f["flagged"]:
            continue
        key = _key(tuple(f["pair"]), f["a"], f["b"])  # type: ignore[arg-type]
        flagged.add(key)
        truth = judged.get(key)
        if truth is None:
            unjudged += 1
            fp += 1
        elif truth["conflict"]:
            tp += 1
        else:
            fp += 1
    fn = sum(1 for k, j in judged.items() if j["conflict"] and k not in flagged)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"figure_pairs": len(judged), "conflicts": sum(j["conflict"] for j in judged.values()),
            "flagged": tp + fp, "tp": tp, "fp": fp, "fn": fn, "unjudged_flagged": unjudged,
            "precision": round(p, 3), "recall": round(r, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--set", type=Path, default=SET)
    parser.add_argument("--dump", type=Path, help="write the figure pairs the claims give now, for judging")
    args = parser.parse_args()
    judged_set = json.loads(args.set.read_text(encoding="utf-8")) if args.set.exists() else {"pairs": []}
    judged = {_key(tuple(j["pair"]), j["a"], j["b"]): j for j in judged_set["pairs"]}  # type: ignore[arg-type]
    found = analyse(args.texts)
    if args.dump:
        for f in found:
            j = judged.get(_key(tuple(f["pair"]), f["a"], f["b"]))  # type: ignore[arg-type]
            if j is not None:
                f["conflict"], f["note"] = j["conflict"], j.get("note", "")
        args.dump.write_text(json.dumps(found, indent=1, ensure_ascii=False), encoding="utf-8")
    result = score(found, judged)
    for f in found:
        key = _key(tuple(f["pair"]), f["a"], f["b"])  # type: ignore[arg-type]
        truth = judged.get(key)
        if f["flagged"] and (truth is None or not truth["conflict"]):
            print(f"wrong: {f['pair']} {f['a']['text']!r} / {f['b']['text']!r}")
    for key, j in judged.items():
        if j["conflict"] and not any(_key(tuple(f["pair"]), f["a"], f["b"]) == key and f["flagged"]  # type: ignore[arg-type]
                                     for f in found):
            print(f"missed: {j['pair']} {j['a']['text']!r} / {j['b']['text']!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
