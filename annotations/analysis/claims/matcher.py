"""Matching claims: pairing sentences of two articles that report the same thing.

Every pair of claim sentences (headline or body) is described by 12
features: how close the two are in meaning (the cosine of a sentence
encoder's vectors, `encoders`), two TF-IDF wording cosines (over all their
lemmas, and over content lemmas only), the names and numbers both give,
their length ratio, whether either is a headline or a dateline, how the
pair ranks against the best pair of each of its sentences, and how much of
the two articles' naming is shared. A logistic regression over those
features gives the probability that annotators would pair the two; its
weights, and every bar below, were chosen leave-one-pair-out on annotated
article pairs (`bench/fit_claims.py`, which writes `weights.json`).

Then a document check: two articles that share under `gate` of their
naming (a capital counting as its country) probably report different
events, so their probabilities are scaled down. A pair is a claim when its
probability reaches the threshold, or when both sentences carry the same
quote. Every claim says why, in words a person can check, and carries the
figures and quotes of its two sentences compared.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from annotations.analysis.claims import evidence
from annotations.analysis.claims.claim import CANDIDATES, MATCHER, Candidate, Claim
from annotations.analysis.claims.figures import compare_figures, figures_in
from annotations.analysis.claims.quotes import Quotation, QuoteMatch, find_quotes, match_quotes
from annotations.analysis.entities import VALUE_LABELS, Entity, EntityMention, country_of
from annotations.analysis.parsing import ParsedArticle
from annotations.sources.articles import CLAIM_KINDS, HEADLINE

#: Above this many sentence pairs, only likely pairs are scored: each sentence's
#: `NEIGHBOURS` best on the blend of meaning and wording that ranks pairs, found
#: a block of sentences at a time, so that memory grows with the articles, not
#: with the product of their lengths.
DENSE_PAIRS = 250_000
#: In long articles, how many best pairs each sentence keeps (at least two:
#: the features compare a pair with the two best of each of its sentences).
NEIGHBOURS = 5
#: How many sentence pairs' blend is held at once while searching them.
BLOCK = 250_000
#: How many vectors are made float64 at once.
CHUNK = 1024
#: Weight of meaning in the blend that ranks each sentence's pairs.
MIX = 0.4
__all__ = ["MATCHER", "Claim", "Matched", "match", "pair_features"]

# Every feature is symmetric in the two articles (a pair is the best for so many of its sentences,
# not "the best for its sentence of A"), so that `compare A B` and `compare B A` give the same claims and scores.
FEATURES = ("meaning", "wording", "content_wording", "names", "numbers", "length_ratio", "headline",
            "dateline", "best_for", "top_two", "margin", "shared_naming")
#: Decimals the cosines are rounded to: below this, float noise (summation order) would make a
#: tie break one way in A-B order and the other way in B-A order.
DECIMALS = 9

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_NAME_STOP = frozenset({"the", "a", "an", "of", "and", "'s", "’s", "s"})
_MONTHS = frozenset("jan january feb february mar march apr april may jun june jul july aug august sep sept "
                    "september oct october nov november dec december".split())
_DAYS = frozenset("mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat saturday sun "
                  "sunday today yesterday".split())
_DATE_WORDS = frozenset("am pm a p m et est edt ct cst cdt mt pt pst pdt gmt utc bst cet cest ist akdt hrs hr posted "
                        "updated last published modified on at by st nd rd th uk edited created".split())


@dataclass(frozen=True)
class Model:
    """The fitted matcher: weights, bars and calibration (`weights.json`)."""

    weights: dict[str, float]
    bias: float
    gate: float
    """Share of shared naming below which the articles are taken to report different events."""
    gate_factor: float
    """What the probabilities are multiplied by then."""
    threshold: float
    """The probability a pair needs to be a claim."""
    same_threshold: float | None = None
    """A second, higher bar for the `same` tier; None: every claim is `same`."""
    calibration: tuple[float, float] = (1.0, 0.0)
    """Slope and intercept on the log-odds that turn the score into a calibrated probability."""


@cache
def shipped_model() -> Model:
    """The model fitted by `bench/fit_claims.py`."""
    data = json.loads((Path(__file__).with_name("weights.json")).read_text(encoding="utf-8"))
    return Model(
        weights={k: float(data["weights"][k]) for k in FEATURES}, bias=float(data["bias"]),
        gate=float(data["gate"]), gate_factor=float(data["gate_factor"]), threshold=float(data["threshold"]),
        same_threshold=data.get("same_threshold"),
        calibration=(float(data["calibration"][0]), float(data["calibration"][1])),
    )


# --------------------------------------------------------------------------- sentence views


def words(text: str) -> list[str]:
    """The lower-cased words of `text`."""
    return [w.lower() for w in _WORD.findall(text)]


def is_dateline(text: str) -> bool:
    """A line that is mostly a date or time stamp ("Posted: Jul 07, 2012 7:40 PM ET")."""
    ws = words(text)
    if not ws or len(ws) > 16:
        return False
    datey = [w for w in ws if w.isdigit() or re.fullmatch(r"\d+(st|nd|rd|th|am|pm|p|a|h)?", w)
             or w in _MONTHS or w in _DAYS]
    if not any(w.isdigit() or w in _MONTHS or w in _DAYS for w in datey):
        return False
    rest = [w for w in ws if w not in datey and w not in _DATE_WORDS]
    return len(rest) <= 2 and len(datey) >= 0.4 * len(ws)


def numbers(text: str) -> set[str]:
    """The numbers written in digits in `text`, without thousands separators."""
    return {v for v in (m.group().replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)) if v}


@dataclass
class _Sentences:
    """What the features need of each sentence of one article."""

    texts: list[str]
    lemmas: list[list[str]]
    content: list[list[str]]
    names: list[set[str]]
    """Lower-cased words of the names mentioned (a surname meets the full name)."""
    entities: list[set[str]]
    """Linked entity ids mentioned, a capital also as "country:<its country>"."""
    numbers: list[set[str]]
    eligible: np.ndarray
    headline: np.ndarray
    dateline: np.ndarray


def _sentences(parsed: ParsedArticle, mentions: Sequence[EntityMention], countries: dict[str, str]) -> _Sentences:
    text = parsed.article.text
    starts = [s.start for s in parsed.sentences]
    names: list[set[str]] = [set() for _ in parsed.sentences]
    ids: list[set[str]] = [set() for _ in parsed.sentences]
    for m in mentions:
        if m.label in VALUE_LABELS:
            continue
        at = max(0, bisect.bisect_right(starts, m.start) - 1)
        names[at].update(w for w in words(text[m.start:m.end]) if w not in _NAME_STOP and len(w) > 1)
        ids[at].add(m.entity)
        if countries.get(m.entity):
            ids[at].add(evidence.COUNTRY + countries[m.entity])
    texts = [text[s.start:s.end] for s in parsed.sentences]
    return _Sentences(
        texts=texts,
        lemmas=[[t.lemma for t in tokens if t.pos != "PUNCT"] for tokens in parsed.tokens],
        content=[[t.lemma for t in tokens if t.content] for tokens in parsed.tokens],
        names=names, entities=ids,
        numbers=[numbers(t) for t in texts],
        eligible=np.array([s.kind in CLAIM_KINDS for s in parsed.sentences], bool),
        headline=np.array([s.kind == HEADLINE for s in parsed.sentences], bool),
        dateline=np.array([is_dateline(t) for t in texts], bool),
    )


def _tfidf(bags_a: Sequence[Sequence[str]],
           bags_b: Sequence[Sequence[str]]) -> tuple[list[dict[int, float]], list[dict[int, float]]]:
    """Unit TF-IDF vectors (raw counts, smoothed idf over the sentences of both articles)."""
    bags = list(bags_a) + list(bags_b)
    n = len(bags)
    df: dict[str, int] = {}
    for bag in bags:
        for w in set(bag):
            df[w] = df.get(w, 0) + 1
    vocab = {w: k for k, w in enumerate(df)}
    idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}
    vectors = []
    for bag in bags:
        counts: dict[str, int] = {}
        for w in bag:
            counts[w] = counts.get(w, 0) + 1
        weighted = {vocab[w]: c * idf[w] for w, c in counts.items()}
        norm = math.sqrt(sum(x * x for x in weighted.values())) or 1.0
        vectors.append({k: x / norm for k, x in weighted.items()})
    return vectors[:len(bags_a)], vectors[len(bags_a):]


def _cosines(va: list[dict[int, float]], vb: list[dict[int, float]], i: np.ndarray, j: np.ndarray,
             dense: bool) -> np.ndarray:
    if dense:
        # Only the terms both articles use add to a cosine: a column per term of the whole
        # vocabulary would make the matrices sentences x vocabulary (840 MB for 7,000 sentences).
        shared = {k for v in va for k in v} & {k for v in vb for k in v}
        column = {k: n for n, k in enumerate(sorted(shared))}
        ma = np.zeros((len(va), len(column)))
        mb = np.zeros((len(vb), len(column)))
        for m, vs in ((ma, va), (mb, vb)):
            for row, v in enumerate(vs):
                for k, x in v.items():
                    if k in column:
                        m[row, column[k]] = x
        return (ma @ mb.T)[i, j]
    out = np.empty(len(i))
    for n, (x, y) in enumerate(zip(i.tolist(), j.tolist())):
        a, b = va[x], vb[y]
        if len(b) < len(a):
            a, b = b, a
        out[n] = sum(w * b[k] for k, w in a.items() if k in b)
    return out


def _group_top(keys: np.ndarray, values: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The largest and second-largest value of each group (-inf where there is none)."""
    first = np.full(size, -np.inf)
    second = np.full(size, -np.inf)
    if not len(keys):
        return first, second  # no pair to score: an article of verbless fragments only ("0")
    order = np.lexsort((-values, keys))
    k, v = keys[order], values[order]
    starts = np.r_[True, k[1:] != k[:-1]]
    first[k[starts]] = v[starts]
    follows = np.r_[False, starts[:-1]] & ~starts
    second[k[follows]] = v[follows]
    return first, second


# --------------------------------------------------------------------------- features


@dataclass
class PairFeatures:
    """The features of the candidate sentence pairs of two articles."""

    i: np.ndarray
    """Sentence of A of each candidate pair."""
    j: np.ndarray
    """Sentence of B of each candidate pair."""
    values: np.ndarray
    """One row per candidate pair, one column per name in FEATURES."""
    shared_naming: float
    quoted: dict[tuple[int, int], list[QuoteMatch]]
    meaning: np.ndarray
    wording: np.ndarray
    a: _Sentences
    b: _Sentences

    def column(self, name: str) -> np.ndarray:
        return self.values[:, FEATURES.index(name)]

    def positions(self, pairs: Iterable[tuple[int, int]]) -> list[int]:
        """Where each of `pairs` (candidate pairs all) is among the candidate pairs."""
        nb = len(self.b.texts)
        keys = self.i.astype(np.int64) * nb + self.j
        order = np.argsort(keys)
        wanted = np.array([x * nb + y for x, y in pairs], np.int64)
        return order[np.searchsorted(keys[order], wanted)].tolist() if len(wanted) else []


def _postings(vectors: list[dict[int, float]]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Term -> the sentences using it and its weight in each."""
    rows: dict[int, list[int]] = {}
    weights: dict[int, list[float]] = {}
    for n, v in enumerate(vectors):
        for k, x in v.items():
            rows.setdefault(k, []).append(n)
            weights.setdefault(k, []).append(x)
    return {k: (np.array(rows[k], np.intp), np.array(weights[k])) for k in rows}


def _blend_block(rows: np.ndarray, sa: _Sentences, sb: _Sentences, ea: _Vectors, eb: _Vectors,
                 va: list[dict[int, float]], postings_b: dict[int, tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """The blend of sentences `rows` of A against every sentence of B, as `pair_features` computes it.

    -inf where either sentence cannot be a claim.
    """
    meaning = np.round(_meaning_block(ea, eb, rows), DECIMALS)
    wording = np.zeros_like(meaning)
    by_term: dict[int, tuple[list[int], list[float]]] = {}
    for r, x in enumerate(rows.tolist()):
        for k, w in va[x].items():
            if k in postings_b:
                found = by_term.setdefault(k, ([], []))
                found[0].append(r)
                found[1].append(w)
    for k, (at, w) in by_term.items():
        columns, weights = postings_b[k]
        wording[np.ix_(np.array(at), columns)] += np.outer(w, weights)
    blend = np.where(sa.dateline[rows][:, None] | sb.dateline[None, :], -1.0,
                     MIX * meaning + (1 - MIX) * np.round(wording, DECIMALS))
    blend[~sa.eligible[rows]] = -np.inf
    blend[:, ~sb.eligible] = -np.inf
    return blend


def _candidates(sa: _Sentences, sb: _Sentences, ea: _Vectors, eb: _Vectors,
                va: list[dict[int, float]], vb: list[dict[int, float]]) -> tuple[np.ndarray, np.ndarray, bool]:
    """Every pair of claim sentences; in very long articles, each sentence's `NEIGHBOURS` best pairs.

    The long case reads the blend a block of sentences of A at a time and
    keeps each sentence's best on either side (ties to the lower index), so
    it holds O(block + sentences) numbers, and every feature of a pair kept
    is what the dense case gives it: a sentence's best and second-best pairs
    are always kept. Symmetric: A's rows and B's columns are ranked alike.
    """
    na, nb = len(sa.texts), len(sb.texts)
    if na * nb <= DENSE_PAIRS:
        rows, cols = np.nonzero(np.logical_and.outer(sa.eligible, sb.eligible))
        return rows, cols, True
    postings_b = _postings(vb)
    keep_i: list[np.ndarray] = []
    keep_j: list[np.ndarray] = []
    column_best = np.full((0, nb), -np.inf)
    column_rows = np.zeros((0, nb), np.intp)
    step = max(1, min(CHUNK, BLOCK // max(1, nb)))
    for start in range(0, na, step):
        rows = np.arange(start, min(na, start + step))
        blend = _blend_block(rows, sa, sb, ea, eb, va, postings_b)
        top = np.argsort(-blend, axis=1, kind="stable")[:, :NEIGHBOURS]
        kept = np.isfinite(np.take_along_axis(blend, top, 1))
        keep_i.append(np.broadcast_to(rows[:, None], top.shape)[kept])
        keep_j.append(top[kept])
        # Each column's best so far, then this block's rows (all later, so ties keep the lower row).
        merged = np.vstack([column_best, blend])
        merged_rows = np.vstack([column_rows, np.broadcast_to(rows[:, None], blend.shape)])
        order = np.argsort(-merged, axis=0, kind="stable")[:NEIGHBOURS]
        column_best = np.take_along_axis(merged, order, 0)
        column_rows = np.take_along_axis(merged_rows, order, 0)
    kept = np.isfinite(column_best)
    keep_i.append(column_rows[kept])
    keep_j.append(np.broadcast_to(np.arange(nb)[None, :], column_best.shape)[kept])
    pairs = np.unique(np.concatenate(keep_i).astype(np.int64) * nb + np.concatenate(keep_j))
    return pairs // nb, pairs % nb, False


class _Vectors:
    """One article's sentence vectors, of unit length, in float64 a block of rows at a time.

    The encoder's matrix is kept as it came (float32): a float64 copy of all
    of it would double its memory, and gathering one row per pair would grow
    with the pairs. Each row is scaled exactly as a whole-matrix division would.
    """

    def __init__(self, matrix: Any) -> None:
        m = np.asarray(matrix)
        self.raw = m.reshape(len(m), -1) if m.ndim != 2 else m
        self.norms = np.concatenate(
            [np.linalg.norm(self.raw[k:k + CHUNK].astype(np.float64), axis=1) for k in range(0, len(self.raw), CHUNK)]
        ) if len(self.raw) else np.zeros(0)

    def rows(self, index: np.ndarray | slice) -> np.ndarray:
        return self.raw[index].astype(np.float64) / np.maximum(self.norms[index], 1e-9)[:, None]


def _meaning(va: _Vectors, vb: _Vectors, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The encoder cosine of each pair (i, j), a chunk of pairs at a time."""
    out = np.empty(len(i))
    for k in range(0, len(i), CHUNK):
        out[k:k + CHUNK] = np.einsum("ij,ij->i", va.rows(i[k:k + CHUNK]), vb.rows(j[k:k + CHUNK]))
    return out


def _meaning_block(va: _Vectors, vb: _Vectors, rows: np.ndarray) -> np.ndarray:
    """The encoder cosine of sentences `rows` of A against every sentence of B."""
    a = va.rows(rows)
    return np.hstack([a @ vb.rows(slice(k, k + CHUNK)).T for k in range(0, len(vb.raw), CHUNK)]) \
        if len(vb.raw) else np.zeros((len(rows), 0))


def pair_features(
    parsed_a: ParsedArticle,
    parsed_b: ParsedArticle,
    mentions_a: Sequence[EntityMention],
    mentions_b: Sequence[EntityMention],
    embeddings: tuple[Any, Any],
    entities: Sequence[Entity] | None = None,
    quotes: tuple[Sequence[Quotation], Sequence[Quotation]] | None = None,
) -> PairFeatures:
    """The features of every candidate sentence pair of two articles.

    Args:
        parsed_a, parsed_b: the two parsed articles.
        mentions_a, mentions_b: their entity mentions, linked across both.
        embeddings: the sentence encoder's vectors of the sentences of A and of B.
        entities: the linked entities, to know which places are countries or their capitals.
        quotes: the quotes of A and of B.
    """
    countries = {e.id: country_of(e) for e in entities or ()}
    sa = _sentences(parsed_a, mentions_a, countries)
    sb = _sentences(parsed_b, mentions_b, countries)
    ea, eb = _Vectors(embeddings[0]), _Vectors(embeddings[1])
    words_a, words_b = _tfidf(sa.lemmas, sb.lemmas)
    i, j, dense = _candidates(sa, sb, ea, eb, words_a, words_b)
    quoted: dict[tuple[int, int], list[QuoteMatch]] = {}
    if quotes is not None:
        for qm in match_quotes(*quotes):
            key = (qm.a.sentence, qm.b.sentence)
            if sa.eligible[key[0]] and sb.eligible[key[1]]:
                quoted.setdefault(key, []).append(qm)
    if not dense and quoted:
        nb = len(sb.texts)
        wanted = np.array(sorted(x * nb + y for x, y in quoted), np.int64)
        missing = wanted[~np.isin(wanted, i * nb + j)]
        i, j = np.r_[i, missing // nb], np.r_[j, missing % nb]
    meaning = np.round(_meaning(ea, eb, i, j), DECIMALS)
    wording = np.round(_cosines(words_a, words_b, i, j, dense), DECIMALS)
    content = np.round(_cosines(*_tfidf(sa.content, sb.content), i, j, dense), DECIMALS)
    names = np.array([min(len(sa.names[x] & sb.names[y]), 3) for x, y in zip(i.tolist(), j.tolist())], float)
    nums = np.array([min(len(sa.numbers[x] & sb.numbers[y]), 3) for x, y in zip(i.tolist(), j.tolist())], float)
    la = np.array([len(x) for x in sa.lemmas], float)
    lb = np.array([len(x) for x in sb.lemmas], float)
    ratio = np.minimum(la[i], lb[j]) / np.maximum(np.maximum(la[i], lb[j]), 1)
    headline = sa.headline[i].astype(float) + sb.headline[j].astype(float)
    dateline = (sa.dateline[i] | sb.dateline[j]).astype(float)
    blend = np.where(dateline > 0, -1.0, MIX * meaning + (1 - MIX) * wording)
    row_first, row_second = _group_top(i, blend, len(sa.texts))
    col_first, col_second = _group_top(j, blend, len(sb.texts))
    flat_a = [k for x in sa.names for k in x]
    flat_b = [k for x in sb.names for k in x]
    set_a, set_b = set(flat_a), set(flat_b)
    share = min(float(np.mean([k in set_b for k in flat_a])) if flat_a else 0.0,
                float(np.mean([k in set_a for k in flat_b])) if flat_b else 0.0)
    columns = {
        "meaning": meaning, "wording": wording, "content_wording": content, "names": names, "numbers": nums,
        "length_ratio": ratio, "headline": headline, "dateline": dateline,
        # Of how many of its two sentences (0, 1 or 2) the pair is the best pair.
        "best_for": (blend >= row_first[i]).astype(float) + (blend >= col_first[j]).astype(float),
        "top_two": ((blend >= row_second[i]) | (blend >= col_second[j])).astype(float),
        "margin": blend - np.maximum(row_first[i], col_first[j]),
        "shared_naming": np.full(len(i), share),
    }
    values = np.stack([columns[f] for f in FEATURES], axis=1) if len(i) else np.zeros((0, len(FEATURES)))
    return PairFeatures(i, j, values, share, quoted, meaning, wording, sa, sb)


def probabilities(found: PairFeatures, model: Model) -> np.ndarray:
    """The probability of each candidate pair, after the document check (not yet calibrated)."""
    w = np.array([model.weights[f] for f in FEATURES])
    p = 1 / (1 + np.exp(-(model.bias + found.values @ w)))
    return p * model.gate_factor if found.shared_naming < model.gate else p


def calibrated(p: np.ndarray | float, model: Model) -> np.ndarray:
    """The calibrated probability of probabilities `p` (a monotone rescaling of their log-odds)."""
    q = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    slope, intercept = model.calibration
    return 1 / (1 + np.exp(-(slope * np.log(q / (1 - q)) + intercept)))


def select(found: PairFeatures, p: np.ndarray, model: Model) -> list[tuple[int, int, str]]:
    """The claims: (sentence of A, sentence of B, tier), by sentence of A then of B."""
    out = []
    quoted = np.zeros(len(p), bool)
    quoted[found.positions(found.quoted)] = True
    for n in np.flatnonzero((p >= model.threshold) | quoted).tolist():
        same = model.same_threshold is None or p[n] >= model.same_threshold or (
            int(found.i[n]), int(found.j[n])) in found.quoted
        out.append((int(found.i[n]), int(found.j[n]), "same" if same else "related"))
    return sorted(out)


Nearest = tuple[tuple[Candidate, ...], ...]
"""Each sentence's candidates in the other article, best first."""


@dataclass(frozen=True)
class Matched:
    """The claims of two articles, and each sentence's nearest sentences that are not its claims."""

    claims: tuple[Claim, ...]
    """Ordered by sentence of A, then of B."""
    candidates: tuple[Nearest, Nearest]
    """For each sentence of A, and of B."""


def nearest(found: PairFeatures, score: np.ndarray, claimed: set[tuple[int, int]]) -> tuple[Nearest, Nearest]:
    """Each sentence's `CANDIDATES` best-scored pairs that are not claims, best first (ties: lower index).

    Both sides rank the same scores, so a pair is the same candidate whichever article is A.
    """
    open_ = np.ones(len(score), bool)
    open_[found.positions(claimed)] = False
    out = []
    for own, other, size in ((found.i, found.j, len(found.a.texts)), (found.j, found.i, len(found.b.texts))):
        lists: list[list[Candidate]] = [[] for _ in range(size)]
        for n in np.lexsort((other, -score, own)).tolist():
            at = lists[int(own[n])]
            if open_[n] and len(at) < CANDIDATES:
                at.append(Candidate(int(other[n]), round(float(score[n]), 3)))
        out.append(tuple(tuple(x) for x in lists))
    return out[0], out[1]


def match(
    parsed_a: ParsedArticle,
    parsed_b: ParsedArticle,
    mentions_a: Sequence[EntityMention],
    mentions_b: Sequence[EntityMention],
    embeddings: tuple[Any, Any],
    names: dict[str, str] | None = None,
    entities: Sequence[Entity] | None = None,
    quotes: tuple[Sequence[Quotation], Sequence[Quotation]] | None = None,
    model: Model | None = None,
) -> Matched:
    """Pair the sentences of A and B that report the same fact, quote or event.

    Args:
        parsed_a, parsed_b: the two parsed articles.
        mentions_a, mentions_b: their entity mentions, linked across both.
        embeddings: the sentence encoder's vectors of the sentences of A and of B.
        names: entity id -> display name, for the reasons given.
        entities: the linked entities, to know which places are countries or their capitals.
        quotes: the quotes of A and of B, when the caller has found them.
        model: the fitted model (default: the shipped one).

    Returns:
        The claims, and each sentence's nearest sentences in the other article that are not its claims.
    """
    model = model or shipped_model()
    if quotes is None:
        quotes = (find_quotes(parsed_a, mentions_a, names or {}), find_quotes(parsed_b, mentions_b, names or {}))
    found = pair_features(parsed_a, parsed_b, mentions_a, mentions_b, embeddings, entities, quotes)
    if not len(found.i):
        return Matched((), (tuple(() for _ in parsed_a.sentences), tuple(() for _ in parsed_b.sentences)))
    p = probabilities(found, model)
    score = calibrated(p, model)
    texts = (parsed_a.article.text, parsed_b.article.text)
    starts = ([s.start for s in parsed_a.sentences], [s.start for s in parsed_b.sentences])
    claims = []
    chosen = select(found, p, model)
    for (x, y, tier), n in zip(chosen, found.positions((x, y) for x, y, _ in chosen)):
        claims.append(_claim(found, x, y, n, float(score[n]), tier, names or {}, texts, starts,
                             found.shared_naming < model.gate, (parsed_a.tokens[x], parsed_b.tokens[y])))
    return Matched(tuple(claims), nearest(found, score, {(x, y) for x, y, _ in chosen}))


def _shared_words(tokens: tuple[Iterable[Any], Iterable[Any]], names: tuple[set[str], set[str]]) -> list[str]:
    la = {t.lemma for t in tokens[0] if t.content and any(c.isalpha() for c in t.lemma) and len(t.lemma) > 1}
    lb = {t.lemma for t in tokens[1] if t.content and any(c.isalpha() for c in t.lemma) and len(t.lemma) > 1}
    shared = (la & lb) - names[0] - names[1]
    return sorted(shared, key=lambda w: (-evidence.rarity(w), w))


def _quote_reason(q: QuoteMatch) -> str:
    speakers = {q.a.speaker, q.b.speaker} - {""}
    who = f" ({' / '.join(sorted(speakers))})" if speakers else ""
    if q.identical:
        return f"same quote{who}: “{q.a.text}”"
    return f"same quote worded differently{who}: “{q.a.text}” / “{q.b.text}”: " + "; ".join(q.differences)


def _claim(found: PairFeatures, x: int, y: int, n: int, score: float, tier: str, names: dict[str, str],
           texts: tuple[str, str], starts: tuple[list[int], list[int]], gated: bool,
           tokens: tuple[Iterable[Any], Iterable[Any]]) -> Claim:
    sa, sb = found.a, found.b
    entities = sa.entities[x] & sb.entities[y]
    offset_a = starts[0][x]
    offset_b = starts[1][y]
    checks = compare_figures(figures_in(sa.texts[x], offset_a), figures_in(sb.texts[y], offset_b),
                             sa.texts[x], sb.texts[y])
    same = [c for c in checks if c.agree]
    differ = [c for c in checks if not c.agree]
    shared_words = _shared_words(tokens, (sa.names[x], sb.names[y]))
    quotes = tuple(found.quoted.get((x, y), ()))
    reasons = []
    real = sorted(names.get(e, e) for e in entities if not e.startswith(evidence.COUNTRY))
    shown = {r.casefold() for r in real}
    for e in sorted(entities):
        country = e[len(evidence.COUNTRY):]
        if e.startswith(evidence.COUNTRY) and country not in shown:
            real.append(f"{country.title()} (or its capital)")
    if real:
        reasons.append("both name " + ", ".join(real))
    if same:
        reasons.append("same figures " + ", ".join(c.a.text for c in same))
    if differ:
        reasons.append("figures differ: " + ", ".join(f"{c.a.text} (A) / {c.b.text} (B)" for c in differ))
    reasons.extend(_quote_reason(q) for q in quotes)
    meaning = float(found.meaning[n])
    if meaning >= 0.6:
        reasons.append(f"close in meaning (encoder cosine {meaning:.2f})")
    if shared_words:
        reasons.append("shared wording: " + ", ".join(shared_words[:6]))
    if float(found.wording[n]) >= 0.3:
        reasons.append(f"much the same wording (TF-IDF cosine {float(found.wording[n]):.2f})")
    if sa.headline[x] or sb.headline[y]:
        reasons.append("a headline against " + ("a headline" if sa.headline[x] and sb.headline[y] else "a sentence"))
    if gated:
        reasons.append("the two articles share few names, so a stricter bar applied")
    return Claim(
        x, y, round(score, 3),
        shared_entities=tuple(sorted(e for e in entities if not e.startswith(evidence.COUNTRY))),
        shared_figures=tuple(c.a.text for c in same),
        shared_words=tuple(shared_words),
        reasons=tuple(reasons),
        figures=tuple(checks),
        quotes=quotes,
        tier=tier,
    )
