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

