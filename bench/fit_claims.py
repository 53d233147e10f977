"""Fit the claim matcher on the development gold, choosing everything on pairs it is not scored on.

    OMP_NUM_THREADS=1 nice python -m bench.fit_claims [--eval ../shared/eval] [--cache FILE] [--write]

Reads the two development sets of the evaluation folder (its README
describes them), analyses every article as newsread does (spaCy, entity
linking, quotes, the default sentence encoder), and computes for every
candidate sentence pair exactly the features `matcher.pair_features` gives
the shipped matcher; each pair is labelled through the scorer's own mapping
of our sentences onto the gold ones (`score_compare.cover`).

Everything is chosen leave-one-pair-out on the 21 pairs of
`aligned_dev.json`: for each held-out pair, the logistic regression is
fitted on the other 20 (L2, C = 1, standardised features), and the document
check's gate and the probability bar are chosen on those 20 from
out-of-fold probabilities (a nested leave-one-pair-out), maximising claims
F1 under at most 0.5 claims per ECB+ different-event pair of the other
topics. The held-out pair is then scored with what was chosen without it.
ECB+ pairs are scored with the choice of the fold that held out their topic
(topics not in `aligned_dev.json` with the choice made on all 21). The
in-sample figures apply the choice made on all 21 to the same 21.

It also tries a second model for the tiers (strong/strong gold pairs
against the rest, with a `same` bar chosen the same way) and reports
whether it beats calling every claim `same`; checks the calibration of the
held-out probabilities (reliability by bins, Brier score) and fits the
rescaling of their log-odds the shipped score uses. `--write` writes the
chosen model to `annotations/analysis/claims/weights.json`.

Counts follow `score_compare.score_pair`: a claim marks every gold pair its
two sentences cover; gold pairs only one annotator marked count neither way.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from annotations.analysis import pipeline
from annotations.analysis.analyse import shared_encoder, shared_pipeline
from annotations.analysis.claims import encoders
from annotations.analysis.claims import matcher as claims
from annotations.analysis.claims.quotes import find_quotes
from annotations.analysis.entities import complete_mentions, link
from annotations.analysis.parsing import parse
from annotations.sources.articles import load_article

WEIGHTS = Path(claims.__file__).with_name("weights.json")
GATES = (0.0, 0.2, 0.3, 0.4, 0.5)
GATE_FACTOR = 0.5
BARS = np.round(np.arange(0.20, 0.81, 0.01), 2)
CONTRAST_LIMIT = 0.5
C = 1.0


@dataclass
class Pair:
    """One development pair: its candidate features, labels and the scorer's sentence mapping."""

    id: str
    set: str
    kind: str
    topic: str
    found: claims.PairFeatures
    label: np.ndarray
    """1 gold, 0 judged not gold, -1 not counted (only one annotator, or unmapped)."""
    strong: np.ndarray
    """1 strong/strong gold, 0 judged and not gold or graded partial, -1 not counted."""
    covers: list[set[tuple[int, int]]]
    """The gold sentence pairs each candidate covers."""
    quoted: np.ndarray
    gold: set[tuple[int, int]]
    strong_gold: set[tuple[int, int]]
    ignored: set[tuple[int, int]]
    graded: bool


def build(eval_dir: Path) -> list[Pair]:
    sys.path.insert(0, str(eval_dir))
    from score_compare import GRADE, cover, nonspace  # the scorer's own mapping of sentences

    nlp = shared_pipeline(pipeline.choose_model())
    encoder = shared_encoder(encoders.DEFAULT_ENCODER)
    parsed: dict[str, Any] = {}
    vectors: dict[str, Any] = {}
    out = []
    for name in ("aligned_dev.json", "ecbplus_events_dev.json"):
        gold = json.loads((eval_dir / name).read_text(encoding="utf-8"))
        for pair in gold["pairs"]:
            both = []
            for side in ("a", "b"):
                path = str(eval_dir / "ecbplus" / "texts" / gold["documents"][pair[side]]["file"])
                if path not in parsed:
                    parsed[path] = parse([load_article(path)], nlp)[0]
                    p = parsed[path]
                    vectors[path] = encoder.encode([p.article.text[s.start:s.end] for s in p.sentences])
                both.append(path)
            pa, pb = parsed[both[0]], parsed[both[1]]
            entities, (ma, mb) = link(complete_mentions([pa, pb]), (pa.article.text, pb.article.text))
            names = {e.id: e.name for e in entities}
            quotes = (find_quotes(pa, ma, names), find_quotes(pb, mb, names))
            found = claims.pair_features(pa, pb, ma, mb, (vectors[both[0]], vectors[both[1]]), entities, quotes)
            ga, gb = gold["documents"][pair["a"]], gold["documents"][pair["b"]]
            cov = []
            for g, p in ((ga, pa), (gb, pb)):
                gs = [(s["start"], s["end"]) for s in g["sentences"]]
                text = p.article.text
                cov.append(cover([(s.start, s.end) for s in p.sentences], gs, text,
                                 [nonspace(text[a:b]) for a, b in gs]))
            good = {(c[0], c[1]) for c in pair["gold_claims"]}
            strong = {(c[0], c[1]) for c in pair["gold_claims"] if len(c) > 2 and "strong/strong" in c[2]}
            ignored = {(c[0], c[1]) for c in pair.get("ignore_claims", ())}
            graded = any(len(c) > 2 and any(isinstance(x, str) and GRADE.match(x) for x in c[2])
                         for c in pair["gold_claims"])
            covers, label, strong_label = [], [], []
            for i, j in zip(found.i.tolist(), found.j.tolist()):
                both_ = {(x, y) for x in cov[0][i] for y in cov[1][j]}
                covers.append(both_)
                label.append(1 if both_ & good else 0 if both_ - ignored else -1)
                strong_label.append(1 if both_ & strong else 0 if both_ - ignored else -1)
            quoted = np.array([(i, j) in found.quoted for i, j in zip(found.i.tolist(), found.j.tolist())], bool)
            out.append(Pair(pair["id"], name[:3], pair.get("kind", "same_event"), pair["id"].split("_")[0], found,
                            np.array(label, int), np.array(strong_label, int), covers, quoted, good, strong,
                            ignored, graded))
        print(f"built {name}", file=sys.stderr, flush=True)
    return out


# --------------------------------------------------------------------------- model


def fit(pairs: list[Pair], target: str = "label") -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression (C = 1 on standardised features), by Newton's method."""
    xs = np.concatenate([p.found.values[getattr(p, target) >= 0] for p in pairs])
    ys = np.concatenate([getattr(p, target)[getattr(p, target) >= 0] for p in pairs]).astype(float)
    mu, sd = xs.mean(0), xs.std(0) + 1e-9
    z = np.hstack([(xs - mu) / sd, np.ones((len(xs), 1))])
    b = np.zeros(z.shape[1])
    penalty = np.r_[np.ones(z.shape[1] - 1), 0.0] / C
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ b))
        grad = z.T @ (p - ys) + penalty * b
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        b -= step
        if np.abs(step).max() < 1e-8:
            break
    return b[:-1] / sd, float(b[-1] - (b[:-1] * mu / sd).sum())


def raw(p: Pair, fitted: tuple[np.ndarray, float]) -> np.ndarray:
    w, bias = fitted
    return 1 / (1 + np.exp(-(bias + p.found.values @ w)))


def gated(p: Pair, q: np.ndarray, gate: float) -> np.ndarray:
    return q * GATE_FACTOR if p.found.shared_naming < gate else q


# --------------------------------------------------------------------------- counting


def curve(p: Pair, q: np.ndarray, bars: np.ndarray = BARS, same_q: np.ndarray | None = None,
          same_bar: float | None = None) -> np.ndarray:
    """Counts (tp, fp, fn, same tp, same fp, same fn, claims) at every bar, as `score_pair` counts them.

    Quoted pairs are claims at every bar; with `same_q`, a claim is `same` when same_q >= same_bar.
    """
    out = np.zeros((len(bars), 7))
    order = np.argsort(-q)
    predicted: set = set()
    same: set = set()
    n = 0
    at = 0
    for k in np.flatnonzero(p.quoted):
        predicted |= p.covers[k]
        same |= p.covers[k]
        n += 1
    for b_index in np.argsort(-bars):
        bar = bars[b_index]
        while at < len(order) and q[order[at]] >= bar:
            k = order[at]
            at += 1
            if p.quoted[k]:
                continue
            predicted |= p.covers[k]
            if same_q is None or same_q[k] >= (same_bar or 0.0):
                same |= p.covers[k]
            n += 1
        tp = len(predicted & p.gold)
        fp = len(predicted - p.gold - p.ignored)
        fn = len(p.gold) - tp
        if p.graded:
            s = (len(same & p.strong_gold), len(same - p.strong_gold - p.ignored - p.gold),
                 len(p.strong_gold - same))
        else:
            s = (0, 0, 0)
        out[b_index] = (tp, fp, fn, *s, n)
    return out


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _middle_best(score: np.ndarray) -> int:
    """Index of the best score; among ties, the middle one of the longest run."""
    best = np.flatnonzero(score >= score.max() - 1e-12)
    return int(best[len(best) // 2])


def choose(train: list[Pair], oof: dict[str, np.ndarray], contrast: list[Pair],
           contrast_q: dict[str, np.ndarray]) -> tuple[float, float]:
    """(gate, bar) maximising claims F1 over `train` with <= 0.5 claims per contrast pair."""
    best: tuple[float, float, float] = (-1.0, 0.0, 0.5)
    for gate in GATES:
        total = sum(curve(p, gated(p, oof[p.id], gate)) for p in train)
        per_contrast = sum(((gated(c, contrast_q[c.id], gate)[:, None] >= BARS[None, :]) | c.quoted[:, None]).sum(0)
                           for c in contrast) / max(1, len(contrast))
        f1 = np.array([prf(*row[:3])[2] for row in total])
        f1 = np.where(per_contrast <= CONTRAST_LIMIT, f1, -1.0)
        k = _middle_best(f1)
        if f1[k] > best[0] + 1e-12:
            best = (float(f1[k]), gate, float(BARS[k]))
    return best[1], best[2]


def choose_same(train: list[Pair], oof: dict[str, np.ndarray], oof_s: dict[str, np.ndarray], gate: float,
                bar: float) -> float | None:
    """The `same` bar on the strong model's probability maximising same-tier F1 (None: every claim `same`)."""
    scores = []
    options: list[float | None] = [None, *BARS.tolist()]
    for same_bar in options:
        total = sum(curve(p, gated(p, oof[p.id], gate), np.array([bar]),
                          None if same_bar is None else oof_s[p.id], same_bar)[0] for p in train)
        scores.append(prf(*total[3:6])[2])
    return options[_middle_best(np.array(scores))]


def out_of_fold(train: list[Pair], target: str = "label") -> dict[str, np.ndarray]:
    return {p.id: raw(p, fit([x for x in train if x.id != p.id], target)) for p in train}


@dataclass
class Choice:
    fitted: tuple[np.ndarray, float]
    fitted_s: tuple[np.ndarray, float]
    gate: float
    bar: float
    same_bar: float | None


def select_all(train: list[Pair], contrast: list[Pair], tiers: bool) -> Choice:
    fitted = fit(train)
    oof = out_of_fold(train)
    contrast_q = {c.id: raw(c, fitted) for c in contrast}
    gate, bar = choose(train, oof, contrast, contrast_q)
    fitted_s = fit(train, "strong") if tiers else fitted
    same_bar = choose_same(train, oof, out_of_fold(train, "strong"), gate, bar) if tiers else None
    return Choice(fitted, fitted_s, gate, bar, same_bar)


def apply(p: Pair, c: Choice, tiers: bool) -> np.ndarray:
    q = gated(p, raw(p, c.fitted), c.gate)
    same = raw(p, c.fitted_s) if tiers and c.same_bar is not None else None
    return curve(p, q, np.array([c.bar]), same, c.same_bar)[0]


def line(counts: np.ndarray) -> str:
    p, r, f = prf(*counts[:3])
    sp, sr, sf = prf(*counts[3:6])
    return f"claims P {p:.3f} R {r:.3f} F1 {f:.3f} | same-claim tier P {sp:.3f} R {sr:.3f} F1 {sf:.3f}"


def ecb_line(counts_same: np.ndarray, counts_contrast: np.ndarray, n_contrast: int) -> str:
    _, r, _ = prf(*counts_same[:3])
    p, _, _ = prf(*counts_same[:3])
    return (f"ECB+ same-event recall {r:.3f} (P {p:.3f}) | claims per different-event pair "
            f"{counts_contrast[6] / max(1, n_contrast):.2f}")


def evaluate(aligned: list[Pair], ecb: list[Pair], tiers: bool) -> dict[str, Any]:
    contrast_all = [p for p in ecb if p.kind == "contrast"]
    held = np.zeros(7)
    folds: dict[str, Choice] = {}
    oof_final: dict[str, np.ndarray] = {}
    t0 = time.time()
    for k, p in enumerate(aligned):
        train = [x for x in aligned if x.id != p.id]
        contrast = [c for c in contrast_all if c.topic != p.topic]
        choice = select_all(train, contrast, tiers)
        folds[p.topic] = choice
        oof_final[p.id] = gated(p, raw(p, choice.fitted), choice.gate)
        held += apply(p, choice, tiers)
        print(f"  fold {k + 1}/{len(aligned)} {p.id}: gate {choice.gate} bar {choice.bar} same bar "
              f"{choice.same_bar} ({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
    everything = select_all(aligned, contrast_all, tiers)
    inside = sum(apply(p, everything, tiers) for p in aligned)

    def on_ecb(get: Any) -> tuple[np.ndarray, np.ndarray]:
        same, contrast = np.zeros(7), np.zeros(7)
        for p in ecb:
            if p.kind == "contrast":
                contrast += apply(p, get(p), tiers)
            else:
                same += apply(p, get(p), tiers)
        return same, contrast

    return dict(held=held, inside=inside, folds=folds, everything=everything, oof=oof_final,
                ecb_held=on_ecb(lambda p: folds.get(p.topic, everything)),
                ecb_inside=on_ecb(lambda p: everything), n_contrast=len(contrast_all))


def calibration(aligned: list[Pair], oof: dict[str, np.ndarray]) -> tuple[tuple[float, float], list[str]]:
    """Reliability of held-out probabilities by bins, and the log-odds rescaling fitted on them."""
    q = np.concatenate([oof[p.id][p.label >= 0] for p in aligned])
    y = np.concatenate([p.label[p.label >= 0] for p in aligned]).astype(float)
    x = np.log(np.clip(q, 1e-6, 1 - 1e-6) / (1 - np.clip(q, 1e-6, 1 - 1e-6)))
    b = np.array([1.0, 0.0])
    z = np.stack([x, np.ones_like(x)], 1)
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ b))
        step = np.linalg.solve((z * (p * (1 - p))[:, None]).T @ z + 1e-9 * np.eye(2), z.T @ (p - y))
        b -= step
    rescaled = 1 / (1 + np.exp(-z @ b))
    rows = []
    edges = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01]
    for name, probs in (("held-out probability", q), ("after rescaling", rescaled)):
        rows.append(f"{name}: Brier {np.mean((probs - y) ** 2):.4f}")
        for lo, hi in zip(edges, edges[1:]):
            m = (probs >= lo) & (probs < hi)
            if m.any():
                rows.append(f"   [{lo:.1f}, {min(hi, 1):.1f}): {int(m.sum()):5d} pairs, "
                            f"predicted {probs[m].mean():.3f}, observed {y[m].mean():.3f}")
    return (float(b[0]), float(b[1])), rows


def tfidf_baseline(aligned: list[Pair], ecb: list[Pair]) -> str:
    """Plain TF-IDF (the `wording` feature) with one bar chosen leave-one-pair-out: the bar to beat."""
    col = claims.FEATURES.index("wording")
    bars = np.round(np.arange(0.05, 0.81, 0.01), 2)
    no_quotes = {p.id: replace(p, quoted=np.zeros_like(p.quoted)) for p in aligned + ecb}
    held = np.zeros(7)
    for p in aligned:
        total = sum(curve(no_quotes[x.id], x.found.values[:, col], bars) for x in aligned if x.id != p.id)
        k = _middle_best(np.array([prf(*row[:3])[2] for row in total]))
        held += curve(no_quotes[p.id], p.found.values[:, col], bars[k:k + 1])[0]
    return "plain TF-IDF, one bar chosen leave-one-pair-out: " + line(held)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--eval", type=Path, default=Path("../shared/eval"), help="the evaluation folder")
    ap.add_argument("--cache", type=Path, default=None, help="keep the built features in this file")
    ap.add_argument("--write", action="store_true", help="write the chosen model to weights.json")
    args = ap.parse_args()
    if args.cache and args.cache.is_file():
        with open(args.cache, "rb") as f:
            pairs = pickle.load(f)
    else:
        pairs = build(args.eval)
        if args.cache:
            with open(args.cache, "wb") as f:
                pickle.dump(pairs, f)
    aligned = sorted((p for p in pairs if p.set == "ali"), key=lambda p: p.id)
    ecb = [p for p in pairs if p.set == "ecb"]
    print(tfidf_baseline(aligned, ecb))
    results = {}
    for tiers in (False, True):
        r = results[tiers] = evaluate(aligned, ecb, tiers)
        title = "two tiers (second model for strong/strong)" if tiers else "one tier (every claim same)"
        print(f"\n{title}")
        print("  held out :", line(r["held"]), "|", ecb_line(*r["ecb_held"], r["n_contrast"]))
        print("  in sample:", line(r["inside"]), "|", ecb_line(*r["ecb_inside"], r["n_contrast"]))
        e = r["everything"]
        print(f"  chosen on all 21: gate {e.gate}, bar {e.bar}, same bar {e.same_bar}; per fold: gates "
              f"{sorted({c.gate for c in r['folds'].values()})}, bars "
              f"{sorted({c.bar for c in r['folds'].values()})}")
    one, two = results[False], results[True]
    use_tiers = prf(*two["held"][3:6])[2] > prf(*one["held"][3:6])[2]
    print(f"\nsame-claim tier F1 held out: one tier {prf(*one['held'][3:6])[2]:.3f}, two tiers "
          f"{prf(*two['held'][3:6])[2]:.3f} -> shipping {'two tiers' if use_tiers else 'one tier'}")
    chosen = two if use_tiers else one
    scale, rows = calibration(aligned, chosen["oof"])
    print("\ncalibration (held-out folds, every judged candidate pair):")
    print("\n".join(rows))
    e = chosen["everything"]
    w, bias = e.fitted
    model = {
        "fitted by": "python -m bench.fit_claims --write (leave-one-pair-out on aligned_dev.json)",
        "encoder": encoders.DEFAULT_ENCODER,
        "weights": {k: round(float(x), 6) for k, x in zip(claims.FEATURES, w)},
        "bias": round(bias, 6), "gate": e.gate, "gate_factor": GATE_FACTOR, "threshold": e.bar,
        "same_threshold": e.same_bar if use_tiers else None,
        "calibration": [round(scale[0], 6), round(scale[1], 6)],
    }
    if use_tiers:
        ws, bs = e.fitted_s
        model["same_weights"] = {k: round(float(x), 6) for k, x in zip(claims.FEATURES, ws)}
        model["same_bias"] = round(bs, 6)
    print("\n" + json.dumps(model, indent=1))
    if args.write:
        WEIGHTS.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"written to {WEIGHTS}")


if __name__ == "__main__":
    main()
