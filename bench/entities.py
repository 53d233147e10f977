"""Entity linking across two articles, scored as the evaluation scorer scores it, without the rest.

    OMP_NUM_THREADS=1 nice python -m bench.entities [--eval DIR]

For every pair of `ecbplus_events_dev.json` with entity gold (odd ECB+
topics), the two articles are parsed and their entities linked exactly as
`newsread compare` does (`parsing.parse`, `entities.complete_mentions`,
`entities.link`), and the scorer's own `score_pair` counts the cross-article
links of mentions: printed are P / R / F1 on names (`named`) and on every
mention (`all`). Matching claims are left out, so the whole set takes
minutes rather than the hour of running `newsread compare` on each pair.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path
from typing import Any

from .measure import ROOT

EVAL = ROOT.parent / "shared" / "eval"


def _scorer(eval_dir: Path) -> Any:
    spec = importlib.util.spec_from_file_location("score_compare", eval_dir / "score_compare.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(eval_dir / "score_compare.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=EVAL)
    args = parser.parse_args()

    from annotations.analysis import pipeline
    from annotations.analysis.analyse import shared_pipeline
    from annotations.analysis.entities import complete_mentions, link
    from annotations.analysis.parsing import parse
    from annotations.sources.articles import load_article

    scorer = _scorer(args.eval)
    gold = json.loads((args.eval / "ecbplus_events_dev.json").read_text(encoding="utf-8"))
    docs = gold["documents"]
    texts_dir = args.eval / "ecbplus" / "texts"
    nlp = shared_pipeline(pipeline.choose_model())
    parsed: dict[str, Any] = {}
    totals = {"named": [0, 0, 0], "all": [0, 0, 0]}
    pairs = [p for p in gold["pairs"] if p.get("entity_gold", True) not in (False, "False")]
    for p in pairs:
        for name in (p["a"], p["b"]):
            if name not in parsed:
                parsed[name] = parse([load_article(str(texts_dir / docs[name]["file"]))], nlp)[0]
        pa, pb = parsed[p["a"]], parsed[p["b"]]
        _, (ma, mb) = link(complete_mentions([pa, pb]), (pa.article.text, pb.article.text))
        pred = tuple({"sentences": [(s.start, s.end) for s in q.sentences],
                      "entities": [(m.start, m.end, m.entity) for m in ms]} for q, ms in ((pa, ma), (pb, mb)))
        r = scorer.score_pair(p, docs, (pa.article.text, pb.article.text), (pred[0], pred[1], []))
        for variant in totals:
            for k, key in enumerate(("tp", "fp", "fn")):
                totals[variant][k] += r[f"e_{variant}"][key]
    out: dict[str, Any] = {"pairs": len(pairs)}
    for variant, (tp, fp, fn) in totals.items():
        prec, rec, f1 = scorer.prf(tp, fp, fn)
        out[variant] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(prec, 3), "recall": round(rec, 3),
                        "f1": round(f1, 3)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
