"""Figures in a sentence (sums, percentages, counts, ages, durations, years, dates) and their comparison.

Two sentences that report one fact may give the same figure ("$218.2
billion" in both: confirmed) or a different one for the same quantity of
the same thing ("32 people" / "35 people": a conflict a reader must see).
A sum given again in another currency right after it ("$218.2 billion
(£173.12 billon)") is a conversion by the outlet, never a conflict.

Figures are read as written: digits, numbers in words ("two", "a dozen"),
durations ("90-minute", "hour-long"), scientific notation and powers
("$1e308", "10^400"). A value no float can hold is no figure at all,
never a truncated one.

Conflicts are looked for only between the two sentences of a matching
claim (the matcher's evidence that they report one event), and
`conflicts_of` lists them for the whole pair: the report, the JSON, the
reader and the batch tables all show that one list.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from annotations.analysis.claims.frequency import zipf

MONEY, PERCENT, COUNT, YEAR, DATE = "money", "percent", "count", "year", "date"
DURATION, AGE = "duration", "age"
#: What each kind of figure is called in a conflict's `about`.
MEASURE = {MONEY: "sum", PERCENT: "percentage", COUNT: "count", YEAR: "year", DATE: "date",
           DURATION: "duration", AGE: "age"}

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
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_WORDNUM = (rf"(?:(?:{_TENS})-(?:{_ONES})|a\s+dozen|a\s+hundred|"
            + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + ")")
#: Durations in minutes.
_TIME_UNITS = {"second": 1 / 60, "minute": 1.0, "hour": 60.0, "day": 1440.0, "week": 10080.0,
               "month": 43830.0, "year": 525960.0}
# Words that follow a number without saying what it counts.
_NOT_UNITS = frozenset(
    "and or of the in on at to a an for from with by as is was were are am pm than more "
    "percent per cent times who which that they he she it we you them his her their its has have had said "
    "says will would could may might can not no".split()
)
# Words between a number and what it counts that say nothing of what it is ("two extra life sentences").
_QUALIFIERS = frozenset(
    "more other additional extra new separate different young old small large big major minor armed "
    "unarmed plainclothes senior former top further fewer local foreign unidentified alleged suspected "
    "innocent further straight consecutive total".split()
)
# Nouns that name the same thing, each mapped to one word.
_SYNONYMS = {
    "person": "people", "individual": "people", "policeman": "officer", "policemen": "officer",
    "cop": "officer", "conversation": "call", "talk": "call", "youngster": "child", "kid": "child",
    "round": "shot", "bullet": "shot", "fatality": "death", "casualty": "victim", "inmate": "prisoner",
    "home": "house", "tremor": "quake", "earthquake": "quake", "fire": "blaze",
}
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|"
    "sep|sept|september|oct|october|nov|november|dec|december"
)
_MONTH_NUMBER = {name: 1 + i // 2 for i, name in enumerate(
    "jan january feb february mar march apr april may may jun june jul july aug august "
    "sep september oct october nov november dec december".split())} | {"sept": 9}
# Digits, with thousands separators, decimals, an exponent ("1e308") or a power ("10^400").
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][+-]?\d+|\^\d+)?"
_FIGURE = re.compile(
    rf"(?P<date>\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b(?:,?\s+\d{{4}}\b)?)"
    rf"|(?P<month>\b(?:{_MONTHS})\.?,?\s+(?:of\s+)?(?P<myear>(?:1[89]|20)\d\d)\b)"
    rf"|(?P<age>\b(?P<anum>\d{{1,3}}|{_WORDNUM})[-\s]years?[-\s]old\b|\baged?\s+(?P<anum2>\d{{1,3}})\b)"
    rf"|(?P<dur>\b(?:(?P<dnum>{_NUM}|{_WORDNUM}|an?|one)[-\s])?(?P<dunit>second|minute|hour|day|week|month|year)"
    rf"(?P<dplural>s)?(?P<dlong>-long)?\b)"
    rf"|(?P<sign>US\$|[$€£¥₹₽])\s?(?P<snum>{_NUM})(?:\s?(?P<sscale>thousand|million|billion|billon|trillion|bn|mn|tn|[kmb])\b)?"
    rf"|(?P<num>{_NUM}|\b{_WORDNUM}\b)(?:\s?(?P<scale>thousand|million|billion|billon|trillion|bn|mn|tn)\b)?"
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
    """Currency code for money; for counts, the word counted ("people"); for durations and ages, the
    noun they qualify ("call"); for dates, "day" or "month" (how precise)."""
    conversion: bool = False
    """A sum restated in another currency just after another sum."""
    # What the sentence says around the figure, for telling one quantity from another; read when the
    # figures are found, never stored (a figure read back from JSON has none, and needs none).
    near: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    """Stems of the words beside the figure (names left out): what it is a figure of."""
    when: str = field(default="", compare=False, repr=False)
    """The weekday, month or year named nearest to it in its sentence ("tuesday", "2004"), if any."""
    scope: str = field(default="", compare=False, repr=False)
    """Where or of what part it is counted, when the text says so right after it ("in the province")."""
    who: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    """The name its sentence opens with, word by word ("jamaal", "charles"): whose figure it is."""

    def same_as(self, other: Figure) -> bool:
        """The same figure: same kind, unit and value (to rounding)."""
        if self.kind != other.kind:
            return False
        if self.kind == DATE:
            return self.unit == other.unit and _same_date(self, other)
        if self.kind in (MONEY, COUNT) and self.unit and other.unit and _thing(self.unit) != _thing(other.unit):
            return False
        if self.value == other.value:
            return True
        if self.kind not in (MONEY, PERCENT, COUNT) or (self.kind == COUNT and self.value.is_integer()
                                                          and other.value.is_integer()):
            return False  # whole counts, years, ages and durations are equal or not
        # A sum or measure rounded ("$218 billion" for "$218.2 billion", "six miles" for "6.2 miles")
        # is the same; 1991 is never 1998.
        digits = min(_significant(self.text), _significant(other.text))
        return _rounded(self.value, digits) == _rounded(other.value, digits)


def _significant(text: str) -> int:
    """How many significant digits a number is written with ("218.2" 4, "1,500" 2)."""
    number = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if number is None:
        return 1
    raw = number.group().replace(",", "")
    digits = raw.replace(".", "").lstrip("0")
    return max(1, len(digits if "." in raw else digits.rstrip("0")))


def _rounded(value: float, digits: int) -> float:
    return float(f"{value:.{digits - 1}e}") if value else 0.0


def _same_date(a: Figure, b: Figure) -> bool:
    if a.unit == "month":
        return a.value == b.value
    # A day with and without its year ("March 5" / "March 5, 2024"): the same when month and day are.
    ya, yb = a.value // 10000, b.value // 10000
    return a.value % 10000 == b.value % 10000 and (not ya or not yb or ya == yb)


def _thing(word: str) -> str:
    word = word.casefold().lstrip("-")
    return _SYNONYMS.get(word, _SYNONYMS.get(_singular(word), _singular(word)))


def _number(text: str) -> float | None:
    """The value of a number as written, or None when no float holds it ("10^400", "1e999")."""
    raw = re.sub(r"\s+", " ", text.casefold().replace(",", ""))
    if raw in ("a", "an", "one", "a dozen", "a hundred"):
        return {"a": 1.0, "an": 1.0, "one": 1.0, "a dozen": 12.0, "a hundred": 100.0}[raw]
    if raw in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[raw])
    if "-" in raw and all(w in _WORD_NUMBERS for w in raw.split("-")):
        return float(sum(_WORD_NUMBERS[w] for w in raw.split("-")))
    try:
        if "^" in raw:
            base, power = raw.split("^")
            if float(power) * math.log10(max(float(base), 1.0)) > 300:
                return None
            value = float(base) ** float(power)
        else:
            value = float(raw)
    except (ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def _scaled(value: float | None, scale: str | None) -> float | None:
    if value is None:
        return None
    out = value * _SCALES.get((scale or "").lower(), 1.0)
    return out if math.isfinite(out) else None


def _noun_after(text: str, at: int, words: int = 1) -> str:
    """The word (or up to `words` words) a number or duration qualifies, past qualifiers ("phone call")."""
    out: list[str] = []
    for word in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text[at:at + 40])[:2 + words]:
        low = word.casefold()
        if low in _QUALIFIERS and not out:
            continue
        if len(low) < 2 or low in _NOT_UNITS or len(out) == words:
            break
        out.append(low)
    return " ".join(out)


def figures_in(text: str, offset: int = 0) -> list[Figure]:
    """The figures of a sentence.

    Args:
        text: the sentence.
        offset: added to every start and end, so they index the article.
    """
    out: list[Figure] = []
    for m in _FIGURE.finditer(text):
        found = _figure(m, text)
        if found is not None:
            a, b, kind, value, unit = found
            out.append(Figure(offset + a, offset + b, text[a:b], kind, value, unit,
                              near=_near(text, a, b), scope=_scope(text, b)))
    markers = [(m.start(), m.group().casefold()) for m in _OCCASION.finditer(text)]
    if markers:
        out = [replace(f, when=min(markers, key=lambda x: abs(x[0] - (f.start - offset)))[1])
               if f.kind not in (YEAR, DATE) else f for f in out]
    who = _subject(text) if out else frozenset()
    if who:
        out = [replace(f, who=who) for f in out]
    return _mark_conversions(out, text, offset)


def _subject(text: str) -> frozenset[str]:
    """The name a sentence opens with ("Jamaal Charles ran", "Artino complemented", "The Colts jumped").

    A single capitalised word that is a common English word ("Trade",
    "Police") is no name, unless it is possessive ("Charles' big day").
    """
    words = re.findall(r"[\w’'-]+", text[:120])
    while words and (words[0].casefold() in _STOP or words[0].casefold() in _MONTH_NUMBER):
        words = words[1:]
    run = []
    for word in words:
        if not word[:1].isupper() or word.casefold() in _STOP or _number(word) is not None:
            break
        run.append(word)
    if not run:
        return frozenset()
    possessive = bool(re.search(r"(?:'s|’s|'|’)$", run[-1]))
    names = [re.sub(r"(?:'s|’s|'|’)$", "", w).casefold() for w in run]
    if len(names) == 1 and not possessive and zipf(names[0]) >= 5.0:
        return frozenset()
    return frozenset(names)


#: Words that say which day or year a sentence speaks of.
_OCCASION = re.compile(r"\b(?:[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday|"
                       r"January|February|March|April|May|June|July|August|September|October|November|"
                       r"December|(?:1[89]|20)\d\d)\b")
#: Words beside a figure too common to say what it is a figure of.
_STOP = frozenset(
    "a an the and or but of in on at to for from with by as is was were are be been being has have had do did "
    "it its he she they them his her their this that which who what when where about after before than over "
    "under up down out into also just only least most more some all any no not said says say told would will "
    "could can may might while per".split()
)
_WINDOW = 6


def _stem(word: str) -> str:
    word = _thing(word)
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[:-len(suffix)]
    return word


def _near(text: str, a: int, b: int) -> frozenset[str]:
    """Stems of the words (not names, not numbers) within a few words of text[a:b]."""
    before = re.findall(r"[A-Za-z][\w'’-]*", text[:a])[-_WINDOW:]
    after = re.findall(r"[A-Za-z][\w'’-]*", text[b:])[:_WINDOW]
    return frozenset(_stem(w) for w in before + after if w[0].islower() and w.casefold() not in _STOP)


def _scope(text: str, b: int) -> str:
    """"in the province", "in 13 countries", "in cash": where or of what the figure is counted."""
    m = re.match(r"\W{0,2}(?:[A-Za-z]+\s+)?(?:in|around|across|outside|inside)\s+((?:the\s+)?[\w-]+(?:\s+[a-z]+)?)",
                 text[b:])
    return m.group(1).casefold() if m else ""


def _figure(m: re.Match[str], text: str) -> tuple[int, int, str, float, str] | None:
    a, b = m.span()
    if m.group("date"):
        words = re.findall(r"[A-Za-z]+|\d+", m.group())
        month = next(_MONTH_NUMBER[w.casefold()] for w in words if w.casefold() in _MONTH_NUMBER)
        numbers = [int(w) for w in words if w.isdigit()]
        day, year = numbers[0], (numbers[1] if len(numbers) > 1 else 0)
        return a, b, DATE, float(year * 10000 + month * 100 + day), "day"
    if m.group("month"):
        month = _MONTH_NUMBER[re.match(r"[A-Za-z]+", m.group()).group().casefold()]  # type: ignore[union-attr]
        return a, b, DATE, float(int(m.group("myear")) * 100 + month), "month"
    if m.group("age"):
        age = _number(m.group("anum") or m.group("anum2"))
        return None if age is None else (a, b, AGE, age, _noun_after(text, b, 2))
    if m.group("dur"):
        raw, unit = m.group("dnum"), m.group("dunit").casefold()
        if raw is None and not m.group("dlong"):
            return None  # "the year", "a day": no length given
        if raw is not None and raw.casefold() in ("a", "an") and unit != "hour" and not m.group("dlong"):
            return None  # "a day after", "a year ahead": seldom a length
        if raw is not None and m.group("dplural") and raw.casefold() in ("a", "an", "one"):
            return None
        count = _number(raw) if raw else 1.0
        if count is None or (a > 0 and (text[a - 1].isalnum() or text[a - 1] in "-/:+.")):
            return None
        return a, b, DURATION, count * _TIME_UNITS[unit], _noun_after(text, b, 2)
    if m.group("sign"):
        value = _scaled(_number(m.group("snum")), m.group("sscale"))
        if value is None:
            return None
        return a, b, MONEY, value, _CURRENCY_SIGNS[m.group("sign").lower()]
    raw = m.group("num")
    in_words = not raw[0].isdigit()
    after = text[a + len(raw):a + len(raw) + 2]
    if not in_words and ((a > 0 and (text[a - 1].isalnum() or text[a - 1] in "-/:+.")) or re.match(r"[-:/.]\d", after)):
        return None  # part of a code, score, time or calibre ("58-3", "GMT+05:00", "2:56", ".38")
    if re.fullmatch(r"0\d+", raw):
        return None  # "00", "05": clock digits and codes, not figures
    if not in_words and re.match(r"(?:st|nd|rd|th)\b", text[a + len(raw):], re.IGNORECASE):
        return None  # "117th Street", "the 11th round": an ordinal
    value = _scaled(_number(raw), m.group("scale"))
    if value is None:
        return None  # more than any float holds: read not at all rather than wrongly
    cur = (m.group("cur") or "").lower()
    if m.group("pct"):
        return a, b, PERCENT, value, ""
    if cur in _CURRENCY_WORDS:
        return a, b, MONEY, value, _CURRENCY_WORDS[cur]
    if not in_words and re.fullmatch(r"(?:1[89]|20)\d\d", raw) and not m.group("scale"):
        return a, a + len(raw), YEAR, value, ""
    if in_words and (re.match(r"\s+of\b", text[a + len(raw):]) or re.search(r"\b(?:no|the|any|every|this|that)\s+$",
                                                                          text[max(0, a - 8):a], re.IGNORECASE)):
        return None  # "one of them", "no one", "the one": a pronoun, not a count
    if not in_words and ("^" in raw or "e" in raw.casefold()):
        return a, b if not cur else a + len(raw), COUNT, value, ""
    compound = re.match(r"-([A-Za-z]+)", text[a + len(raw):])
    if compound:
        # "a seven-yard touchdown", "an 8.6-magnitude quake": the measure of what follows, kept apart
        # from a total given in the same unit ("226 yards").
        return a, a + len(raw) + compound.end(), COUNT, value, "-" + _singular(compound.group(1).casefold())
    unit = _noun_after(text, a + len(raw) + len(m.group("scale") or "") + (1 if m.group("scale") else 0))
    if re.search(r"\b(?:other|another)\s+$", text[max(0, a - 9):a], re.IGNORECASE):
        unit = ""  # "the other two bombs": a part of a count, not the count
    elif unit and re.match(rf"\W*(?:\w+\W+)?{re.escape(unit)}\s+(?:a|an|per)\s+[a-z]+", text[a + len(raw):]):
        unit += " (rate)"  # "eight rebounds a game": an average, never the count of one game
    # The figure reads with the word it counts: "32 people".
    end = m.end("cur") if cur and unit == cur else m.end("scale") if m.group("scale") else a + len(raw)
    return a, end, COUNT, value, _singular(unit) if " " not in unit else unit


def _singular(word: str) -> str:
    if word in ("people", "police", "news", "series"):
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses")):
        return word[:-2]
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _mark_conversions(figures: list[Figure], text: str, offset: int) -> list[Figure]:
    out: list[Figure] = []
    for f in figures:
        prev = out[-1] if out else None
        if (f.kind == MONEY and prev is not None and prev.kind == MONEY and prev.unit != f.unit
                and re.fullmatch(r"\s*[(\[,–—-]?\s*(?:or|about|around|approximately|some)?\s*",
                                 text[prev.end - offset:f.start - offset])):
            f = replace(f, conversion=True)
        out.append(f)
    return out


@dataclass(frozen=True)
class FigureCheck:
    """A figure of A against the figure of B that gives the same kind of thing."""

    a: Figure
    b: Figure
    agree: bool


def _dateline(text: str, figures: Sequence[Figure]) -> bool:
    """A sentence that is nothing but its figures: a dateline, whose date is the article's own."""
    rest = text
    for f in figures:
        rest = rest.replace(f.text, " ")
    return bool(text) and not re.search(r"[A-Za-z]{2}", rest)


def _key(f: Figure) -> tuple[str, str]:
    """What a figure measures: kind, and the currency, the thing counted or the date's precision."""
    if f.kind in (MONEY, DATE):
        return f.kind, f.unit
    if f.kind == COUNT:
        return f.kind, ("-" if f.unit.startswith("-") else "") + _thing(f.unit)
    return f.kind, ""


def compare_figures(a: Sequence[Figure], b: Sequence[Figure], text_a: str = "", text_b: str = "") -> list[FigureCheck]:
    """Pair the figures of two matched sentences: the same ones, and the conflicting ones.

    A figure of A with an equal figure in B is confirmed. Of those left, one
    of A conflicts with one of B when each is the only one left of its
    measure on its side: the same currency, the same thing counted (a noun
    or its synonym: a number that says not what it counts is never in
    conflict), the same precision of date; a duration, an age or a
    percentage. Years are compared for equality only, since a sentence
    often has several. The two must be of the same thing at the same time
    by the words around them (`_same_quantity`). A dateline (a sentence
    that is only a date) is the article's own date: never in conflict.

    Args:
        a, b: the figures of the two sentences (`figures_in`).
        text_a, text_b: the two sentences (a dateline is never in conflict).
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
    if _dateline(text_a, a) or _dateline(text_b, b):
        return checks
    for key in dict.fromkeys(_key(f) for f in left_a):
        kind, unit = key
        if kind == YEAR or (kind == COUNT and not unit):
            continue
        xs = [f for f in left_a if _key(f) == key]
        ys = [f for f in left_b if _key(f) == key]
        if len(xs) == 1 and len(ys) == 1 and _same_quantity(xs[0], ys[0]):
            checks.append(FigureCheck(xs[0], ys[0], False))
    return sorted(checks, key=lambda c: c.a.start)


def _same_quantity(a: Figure, b: Figure) -> bool:
    """Two figures of one measure that the text around them says are of the same thing at the same time.

    The words beside them share a word ("killing at least five people" /
    "killing at least three people"); the sentences open with no two
    different names (another person); neither is nearest another day,
    month or year ("Tuesday" / "in 2004"); neither is counted somewhere
    else or as a part ("in the province" / "in 13 countries", "in cash").
    """
    if not _same_subject(a, b) or not (a.near & b.near):
        return False
    if a.who and b.who and not a.who & b.who:
        return False  # "Artino scored 14 points" / "Echenique scored 11 points": another person
    if a.kind != DATE and a.when and b.when and a.when != b.when:
        return False
    return not ((a.scope or b.scope) and a.scope != b.scope and (a.scope and b.scope or "cash" in a.scope + b.scope))


def _same_subject(a: Figure, b: Figure) -> bool:
    """Durations and ages of a thing both name ("call", "phone call"), or of which one side says nothing."""
    if a.kind not in (DURATION, AGE) or not a.unit or not b.unit:
        return True
    return bool({_thing(w) for w in a.unit.split()} & {_thing(w) for w in b.unit.split()})


# --------------------------------------------------------------------------- across the whole pair


@dataclass(frozen=True)
class Conflict:
    """The two articles give different figures for the same quantity of the same thing."""

    about: str
    """What differs: the thing counted ("people"), or the measure ("sum", "date", "duration")."""
    a: str
    b: str
    """The figures as written."""
    sentence_a: int
    sentence_b: int
    value_a: float
    value_b: float
    kind: str = ""
    start_a: int = 0
    end_a: int = 0
    start_b: int = 0
    end_b: int = 0


def conflicts_of(claims: Iterable[Any]) -> tuple[Conflict, ...]:
    """The conflicting figures of a pair: those of its claims, each figure pair once, in A's order.

    Args:
        claims: the pair's claims (`Claim`: `a`, `b` and their `figures` checks).
    """
    out: dict[tuple[int, int], Conflict] = {}
    for claim in claims:
        for check in claim.figures:
            if check.agree:
                continue
            fa, fb = check.a, check.b
            about = fa.unit if fa.kind == COUNT else MEASURE[fa.kind] + (f" ({fa.unit})" if fa.kind == MONEY else "")
            out.setdefault((fa.start, fb.start), Conflict(
                about, fa.text, fb.text, claim.a, claim.b, fa.value, fb.value, fa.kind,
                fa.start, fa.end, fb.start, fb.end))
    return tuple(sorted(out.values(), key=lambda c: (c.start_a, c.start_b)))
