"""Figures in a sentence (sums of money, percentages, counts, years, dates) and their comparison.

Two sentences that report one fact may give the same figure ("$218.2
billion" in both: confirmed) or a different one for the same thing ("32
dead" / "35 dead": a conflict a reader must see). A sum given again in
another currency right after it ("$218.2 billion (£173.12 billon)") is a
conversion by the outlet, never a conflict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MONEY, PERCENT, COUNT, YEAR, DATE = "money", "percent", "count", "year", "date"

_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB"}
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP", "yuan": "CNY", "renminbi": "CNY",
    "cny": "CNY", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "yen": "JPY",
    "rupee": "INR", "rupees": "INR",
}
# Misspelt scales too ("billon"): the text is the outlet's, typos included.
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "billon": 1e9,
    "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
}
# Words that follow a number without saying what it counts.
_NOT_UNITS = frozenset(
    "and or of the in on at to a an for from with by as is was were are am pm than more "
    "percent per cent times".split()
)
_MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|"
    "sep|sept|september|oct|october|nov|november|dec|december"
)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_FIGURE = re.compile(
    rf"(?P<date>\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b(?:,?\s+\d{{4}})?)"
    rf"|(?P<sign>US\$|[$€£¥₹₽])\s?(?P<snum>{_NUM})(?:\s?(?P<sscale>thousand|million|billion|billon|trillion|bn|mn|tn|[kmb])\b)?"
    rf"|(?P<num>{_NUM})(?:\s?(?P<scale>thousand|million|billion|billon|trillion|bn|mn|tn)\b)?"
    rf"(?:\s?(?P<pct>%|per\s?cent\b|percent\b)|\s(?P<cur>[A-Za-z]+))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Figure:
    """A figure as written in the text, with its kind and value."""

    start: int
    end: int
    text: str
    kind: str
    value: float
    unit: str = ""
    """Currency code for money; for counts, the word counted ("people")."""
    conversion: bool = False
    """A sum restated in another currency just after another sum."""

    def same_as(self, other: Figure) -> bool:
        """The same figure: same kind and unit, and a value equal to rounding."""
        if self.kind != other.kind or (self.unit and other.unit and self.unit != other.unit):
            return False
        if self.kind == DATE:
            return self.text.casefold().split()[:2] == other.text.casefold().split()[:2]
        hi = max(abs(self.value), abs(other.value)) or 1.0
        return abs(self.value - other.value) / hi < 0.006


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def figures_in(text: str, offset: int = 0) -> list[Figure]:
    """The figures of a sentence.

    Args:
        text: the sentence.
        offset: added to every start and end, so they index the article.
    """
    out: list[Figure] = []
    for m in _FIGURE.finditer(text):
        a, b = m.span()
        if m.group("date"):
            out.append(Figure(offset + a, offset + b, m.group(), DATE, 0.0))
            continue
        if m.group("sign"):
            value = _number(m.group("snum")) * _SCALES.get((m.group("sscale") or "").lower(), 1.0)
            unit = _CURRENCY_SIGNS[m.group("sign").lower()]
            out.append(Figure(offset + a, offset + b, m.group(), MONEY, value, unit))
            continue
        raw = m.group("num")
        after = text[a + len(raw):a + len(raw) + 2]
        if (a > 0 and (text[a - 1].isalnum() or text[a - 1] in "-/:+.")) or re.match(r"[-:/.]\d", after):
            continue  # part of a code, score or time ("58-3", "GMT+05:00", "2:56")
        if re.fullmatch(r"0\d+", raw):
            continue  # "00", "05": clock digits and codes, not figures
        if re.match(r"-years?-old", text[a + len(raw):], re.IGNORECASE):
            out.append(Figure(offset + a, offset + a + len(raw), raw, COUNT, _number(raw), "year-old"))
            continue
        value = _number(raw) * _SCALES.get((m.group("scale") or "").lower(), 1.0)
        cur = (m.group("cur") or "").lower()
        if m.group("pct"):
            out.append(Figure(offset + a, offset + b, m.group(), PERCENT, value))
        elif cur in _CURRENCY_WORDS:
            out.append(Figure(offset + a, offset + b, m.group(), MONEY, value, _CURRENCY_WORDS[cur]))
        elif re.fullmatch(r"(?:1[89]|20)\d\d", raw) and not m.group("scale"):
            out.append(Figure(offset + a, offset + a + len(raw), raw, YEAR, value))
        else:
            unit = cur if len(cur) > 1 and cur.isalpha() and cur not in _NOT_UNITS else ""
            # The figure reads with the word it counts: "32 people".
            end = m.end("cur") if unit else m.end("scale") if m.group("scale") else a + len(raw)
            out.append(Figure(offset + a, offset + end, text[a:end].strip(), COUNT, value, _singular(unit)))
    return _mark_conversions(out, text, offset)


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _mark_conversions(figures: list[Figure], text: str, offset: int) -> list[Figure]:
    out: list[Figure] = []
    for f in figures:
        prev = out[-1] if out else None
        if (f.kind == MONEY and prev is not None and prev.kind == MONEY and prev.unit != f.unit
                and re.fullmatch(r"\s*[(\[,–—-]?\s*(?:or|about|around|approximately|some)?\s*",
                                 text[prev.end - offset:f.start - offset])):
            f = Figure(f.start, f.end, f.text, f.kind, f.value, f.unit, conversion=True)
        out.append(f)
    return out


@dataclass(frozen=True)
class FigureCheck:
    """A figure of A against the figure of B that gives the same kind of thing."""

    a: Figure
    b: Figure
    agree: bool


def compare_figures(a: Sequence[Figure], b: Sequence[Figure]) -> list[FigureCheck]:
    """Pair the figures of two matched sentences: the same ones, and the conflicting ones.

    A figure of A with an equal figure in B is confirmed. Of those left, a
    sum, percentage or count of A conflicts with one of B when it is the only
    one left of its kind (and currency, or word counted) on both sides, so
    the two can only be giving the same thing; years and dates are compared
    for equality only, since a sentence often has several.
    """
    if not a or not b:
        return []  # most sentence pairs, on long articles: nothing can pair
    checks: list[FigureCheck] = []
    left_a = [f for f in a if not f.conversion]
    left_b = [f for f in b if not f.conversion]
    for fa in list(left_a):
        fb = next((x for x in left_b if fa.same_as(x)), None)
        if fb is not None:
            checks.append(FigureCheck(fa, fb, True))
            left_a.remove(fa)
            left_b.remove(fb)
    for kind in (MONEY, PERCENT, COUNT):
        for key in {(f.kind, f.unit) for f in left_a if f.kind == kind}:
            xs = [f for f in left_a if (f.kind, f.unit) == key]
            ys = [f for f in left_b if (f.kind, f.unit) == key]
            if len(xs) == 1 and len(ys) == 1 and (kind != COUNT or key[1]):
                checks.append(FigureCheck(xs[0], ys[0], False))
    return sorted(checks, key=lambda c: c.a.start)



# --------------------------------------------------------------------------- across the whole pair

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "dozen": 12, "dozens": 0, "hundreds": 0, "thousands": 0,
}
# Words too general to say what a number counts ("5 people", "in 3 years").
_GENERAL = frozenset(
    "people person year time day week month hour minute percent cent be have do say tell make include total "
    "number more least about nearly almost over under than other some".split()
)
#: Tokens on each side of a number that may say what it counts.
WINDOW = (3, 4)


@dataclass(frozen=True)
class Conflict:
    """The two articles give different numbers for the same thing."""

    about: str
    """The word both articles use for what is counted ("arrest", "kill")."""
    a: str
    b: str
    """The numbers as written, each with the word after it."""
    sentence_a: int
    sentence_b: int
    value_a: float
    value_b: float


@dataclass(frozen=True)
class _Counted:
    sentence: int
    value: float
    text: str
    about: frozenset[str]


def _counts(tokens: Sequence[Sequence[Any]]) -> list[_Counted]:
    """Each number in running text (digits or a number word), with the words near it in its clause."""
    out = []
    for s, sentence in enumerate(tokens):
        toks = list(sentence)
        for k, t in enumerate(toks):
            raw = t.text.lower().replace(",", "")
            if re.fullmatch(r"\d+(?:\.\d+)?", raw):
                value = float(raw)
                if re.fullmatch(r"(?:1[89]|20)\d\d", raw):
                    continue  # a year
            elif (raw in _NUMBER_WORDS and t.pos == "NUM" and _NUMBER_WORDS[raw]
                  and not (k + 1 < len(toks) and toks[k + 1].text.lower() == "of")):  # "one of them"
                value = float(_NUMBER_WORDS[raw])
            else:
                continue
            near = [toks[x] for x in (k - 1, k + 1) if 0 <= x < len(toks)]
            if any(n.text in "-–/:." or n.text.lower() in _MONTHS.split("|") for n in near):
                continue  # a score, a time, a date, an age ("16-year-old")
            about = _counted_words(toks, k)
            if about:
                after = toks[k + 1].text if k + 1 < len(toks) and toks[k + 1].pos != "PUNCT" else ""
                out.append(_Counted(s, value, f"{t.text} {after}".strip(), frozenset(about)))
    return out


def _counted_words(toks: list[Any], k: int) -> set[str]:
    """What the number at `k` counts: the noun right after it, a verb of its clause next to it.

    "46 people had been arrested": people, arrest; "one arrest": arrest;
    "killed at least 10": kill. A verb further on, past a second noun
    ("two plainclothes police officers noticed"), is another clause's.
    """
    out: set[str] = set()
    nouns = 0
    for x in range(k + 1, min(len(toks), k + 1 + WINDOW[1] + 1)):
        t = toks[x]
        if t.pos in ("PUNCT", "NUM"):
            break
        if t.pos == "NOUN":
            if nouns == 0:
                out.add(t.lemma)
            nouns += 1
        elif t.pos == "VERB":
            if nouns <= 1:
                out.add(t.lemma)
            break
        elif t.pos in ("ADJ", "PROPN"):
            nouns += 1
        if nouns > 1:
            break
    for x in range(k - 1, max(-1, k - 1 - WINDOW[0]), -1):
        t = toks[x]
        if t.pos == "VERB":
            out.add(t.lemma)
            break
        if t.pos not in ("ADV", "ADP", "ADJ", "AUX"):
            break
    return {w for w in out if w not in _GENERAL and len(w) > 2}


def pair_conflicts(tokens_a: Sequence[Sequence[Any]], tokens_b: Sequence[Sequence[Any]],
                   eligible: tuple[Sequence[bool], Sequence[bool]] | None = None) -> list[Conflict]:
    """Numbers the two articles give differently for the same thing, wherever they are.

    A number counts what the nouns and verbs of its clause next to it name
    ("46 people had been arrested": arrest; "one arrest": arrest; "killed
    10": kill). When each article gives exactly one number for such a word,
    and the two differ, that is a conflict. A word an article uses with two
    different numbers says too little about which is which, so it is left
    out: precision first.

    Args:
        tokens_a, tokens_b: the words of each sentence of A and of B (`parsing.Token`).
        eligible: which sentences may hold a claim (captions and credits left out).
    """
    found = []
    for tokens, ok in ((tokens_a, eligible[0] if eligible else None), (tokens_b, eligible[1] if eligible else None)):
        by_word: dict[str, list[_Counted]] = {}
        for c in _counts(tokens):
            if ok is not None and not ok[c.sentence]:
                continue
            for w in c.about:
                by_word.setdefault(w, []).append(c)
        found.append(by_word)
    out = []
    seen: set[tuple[int, int, float, float]] = set()
    for word in sorted(found[0].keys() & found[1].keys()):
        xs, ys = found[0][word], found[1][word]
        if len({c.value for c in xs}) != 1 or len({c.value for c in ys}) != 1 or xs[0].value == ys[0].value:
            continue
        x, y = xs[0], ys[0]
        key = (x.sentence, y.sentence, x.value, y.value)
        if key in seen:
            continue
        seen.add(key)
        out.append(Conflict(word, x.text, y.text, x.sentence, y.sentence, x.value, y.value))
    return out
