"""Two sentences aligned word by word, as Meld and vimdiff show a changed line.

`word_diff` cuts each sentence into words and figures (punctuation belongs
to the word before it), aligns the two sequences with difflib, and returns
the runs: the same in both, changed (words of A in place of words of B),
only in A, only in B. Words are compared ignoring case and British/American
spelling ("Centre" and "center" are one word). A word of a changed run that
the other sentence uses elsewhere has moved, it is not a difference: the
summary (`WordDiff.summary`) leaves it out, and gives what differs with
figures first, then names, then the other content words.

Pure functions over the two strings: the reader draws the runs, and its
detail bar's "differ:" line is the summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

SAME, CHANGED, ONLY_A, ONLY_B = "same", "changed", "only-a", "only-b"
FIGURE, NAME, WORD = "figure", "name", "word"

_TOKEN = re.compile(r"[$£€¥]?\d[\d,.:/]*\d%?|[$£€¥]?\d%?|[^\W\d_][\w'’-]*")
_FIGURE = re.compile(r"[$£€¥]?\d")
# Function words say nothing about how two reports differ.
STOP = frozenset(
    "a an and are as at be been but by for from had has have he her his in into is it its "
    "of on or our she that the their them they this to was were will with who which what "
    "said says also after before than then there these those not no".split()
)

#: Words that open a sentence with a capital and are no name.
OPENERS = frozenset(
    "although among because before between despite during however if in meanwhile once since so some "
    "still though under until when where whether while yet".split()
)


def spelling(word: str) -> str:
    """A word with case, and British and American spellings, made one ("Centre", "center" -> "center")."""
    w = word.lower().replace("’", "'")
    w = re.sub(r"(?<=[a-z]{3})re$", "er", w)           # centre, theatre
    w = re.sub(r"(?<=[a-z]{2})our(s?)$", r"or\1", w)    # labour, favours
    w = re.sub(r"(?<=[a-z]{3})is(e[ds]?|ing|ation)$", r"iz\1", w)  # organise, realised
    w = re.sub(r"(?<=[a-z]{3})ys(e[ds]?|ing)$", r"yz\1", w)       # analyse
    w = re.sub(r"(?<=[a-z]{2})ll(ed|ing|er)$", r"l\1", w)         # travelled
    return re.sub(r"'s$", "", w)


@dataclass(frozen=True)
class Word:
    """One word or figure of a sentence."""

    text: str
    start: int
    """Offset in its sentence."""
    end: int
    kind: str
    """`FIGURE`, `NAME` (capitalised; the first word when it is no function word) or `WORD`."""
    key: str
    """What it is compared by (`spelling`; a figure without its thousands separators)."""
    moved: bool = False
    """In a changed run, but the other sentence uses it elsewhere."""

    @property
    def counts(self) -> bool:
        """Whether it says something about how the two differ (not moved, not a function word)."""
        return not self.moved and (self.kind != WORD or self.key not in STOP)


@dataclass(frozen=True)
class Run:
    """Words of A and words of B that face each other."""

    kind: str
    """`SAME`, `CHANGED`, `ONLY_A` or `ONLY_B`."""
    a: tuple[Word, ...]
    b: tuple[Word, ...]


@dataclass(frozen=True)
class WordDiff:
    """The two sentences aligned, run by run, in order."""

    a: str
    b: str
    runs: tuple[Run, ...]

    def differing(self, side: str, shared: frozenset[str] = frozenset()) -> list[Word]:
        """The words of `side` ("A" or "B") the other sentence does not use: figures, then names, then words.

        Args:
            side: "A" or "B".
            shared: lowercased words not to count (names both sentences give in another form).
        """
        found: list[Word] = []
        seen: set[str] = set()
        for run in self.runs:
            if run.kind == SAME:
                continue
            for word in run.a if side == "A" else run.b:
                if word.counts and word.key not in seen and word.key not in shared:
                    seen.add(word.key)
                    found.append(word)
        order = {FIGURE: 0, NAME: 1, WORD: 2}
        return sorted(found, key=lambda w: order[w.kind])  # stable: in sentence order within a kind

    def summary(self, limit: int = 8, shared: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
        """At most `limit` differing words of A and of B, figures first, then names."""
        return ([w.text for w in self.differing("A", shared)[:limit]],
                [w.text for w in self.differing("B", shared)[:limit]])

    @property
    def same_share(self) -> float:
        """The share of the words of both sentences that the alignment pairs as the same."""
        same = sum(len(r.a) + len(r.b) for r in self.runs if r.kind == SAME)
        total = sum(len(r.a) + len(r.b) for r in self.runs)
        return same / total if total else 1.0


def words(sentence: str) -> list[Word]:
    """The words and figures of a sentence, in order."""
    found = []
    for i, match in enumerate(_TOKEN.finditer(sentence)):
        text = match.group()
        if _FIGURE.match(text):
            kind, key = FIGURE, text.replace(",", "").rstrip(".")
        else:
            # The first word is capitalised anyway: a name only when it is no function word nor an adverb.
            name = text[0].isupper() and (i > 0 or (text.lower() not in STOP | OPENERS and not text.endswith("ly")))
            kind = NAME if name else WORD
            key = spelling(text)
        found.append(Word(text, match.start(), match.end(), kind, key))
    return found


def word_diff(a: str, b: str) -> WordDiff:
    """Align sentence `a` with sentence `b` word by word.

    Args:
        a: the sentence of article A.
        b: its partner in article B.

    Returns:
        The runs of both, in order; every word of each sentence is in
        exactly one run.
    """
    words_a, words_b = words(a), words(b)
    keys_a, keys_b = [w.key for w in words_a], [w.key for w in words_b]
    in_a, in_b = set(keys_a), set(keys_b)
    runs: list[Run] = []
    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        here = tuple(_moved(w, in_b) for w in words_a[i1:i2])
        there = tuple(_moved(w, in_a) for w in words_b[j1:j2])
        if op == "equal":
            runs.append(Run(SAME, tuple(words_a[i1:i2]), tuple(words_b[j1:j2])))
        elif op == "replace":
            runs.append(Run(CHANGED, here, there))
        elif op == "delete":
            runs.append(Run(ONLY_A, here, ()))
        else:
            runs.append(Run(ONLY_B, (), there))
    return WordDiff(a, b, tuple(runs))


def _moved(word: Word, other: set[str]) -> Word:
    if word.key not in other:
        return word
    return Word(word.text, word.start, word.end, word.kind, word.key, moved=True)
