"""Quoted passages: finding them, naming who said them, and pairing the same quote across articles.

Quotes are found between straight or curly double quotes, curly single
quotes used as quote marks, or guillemets, within a paragraph; one broken by its
attribution (“We agree,” he said, “on everything.”) is kept as one quote in
parts. The speaker is the person (or, failing one, the organisation) the
sentence names beside a verb of saying; "he said" is resolved to the last
person named before. Two outlets often render one quote differently
(“multipolar, fairer world order” / “multipolar and fairer global order”):
quotes are paired by word overlap, and the word-level differences kept.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from annotations.analysis.entities import EntityMention
from annotations.analysis.parsing import ParsedArticle

_OPEN_CLOSE = re.compile(
    r"“([^“”\n]+)”|\"([^\"\n]+)\"|(?<![\w’'])‘((?:[^‘’\n]|’(?=\w))+?)’(?![\w’'])|«\s?([^«»\n]+?)\s?»"
)
_SAYING = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|stated|states|informed|mentioned|noted|insisted|"
    r"warned|explained|declared|announced|wrote|writes|tweeted|asked|replied|according to|"
    r"reported|claimed|argued|stressed|emphasi[sz]ed|quoted)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
_WORD = re.compile(r"[\w’'-]+|[^\w\s]")
#: Quotes of fewer words are scare quotes or titles, not statements.
MIN_WORDS = 2
#: How alike two quotes must be (share of words in common, in order) to be paired.
SAME_QUOTE = 0.5


@dataclass(frozen=True)
class Quotation:
    """A quoted passage: its parts as offsets into the article (quote marks excluded)."""

    parts: tuple[tuple[int, int], ...]
    text: str
    """The quoted words, parts joined by " … "."""
    sentence: int
    speaker: str = ""
    """Who the text says spoke, by display name; empty when it does not say."""
    speaker_entity: str = ""

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass(frozen=True)
class WordDiff:
    """One step of a word-level comparison: `same`, `replace`, `delete` (only in A) or `insert` (only in B)."""

    op: str
    a: str
    b: str


@dataclass(frozen=True)
class QuoteMatch:
    """A quote of A and the same quote as B renders it."""

    a: Quotation
    b: Quotation
    similarity: float
    diff: tuple[WordDiff, ...]

    @property
    def identical(self) -> bool:
        """The same words (case and punctuation aside)."""
        return all(d.op == "same" for d in self.diff)

    @property
    def differences(self) -> tuple[str, ...]:
        """The word differences in words a person reads: "‘world’ → ‘global’"."""
        out = []
        for d in self.diff:
            if d.op == "replace":
                out.append(f"‘{d.a}’ → ‘{d.b}’")
            elif d.op == "delete":
                out.append(f"‘{d.a}’ only in A")
            elif d.op == "insert":
                out.append(f"‘{d.b}’ only in B")
        return tuple(out)


def _spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    for m in _OPEN_CLOSE.finditer(text, start, end):
        g = next(k for k in (1, 2, 3, 4) if m.group(k) is not None)
        a, b = m.span(g)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def find_quotes(
    parsed: ParsedArticle, mentions: Sequence[EntityMention], names: dict[str, str]
) -> list[Quotation]:
    """The quotes of an article, with their speakers where the text names them.

    Args:
        parsed: the article.
        mentions: its linked entity mentions.
        names: entity id -> display name.
    """
    text = parsed.article.text
    starts = [s.start for s in parsed.sentences]
    people = sorted((m for m in mentions if m.label == "PERSON"), key=lambda m: m.start)
    speakers = sorted((m for m in mentions if m.label in ("PERSON", "ORG", "NORP", "GPE")), key=lambda m: m.start)
    quotes: list[Quotation] = []
    for p in parsed.article.paragraphs:
        spans = [s for s in _spans(text, p.start, p.end) if len(_words(text[s[0]:s[1]])) >= 1]
        groups: list[list[tuple[int, int]]] = []
        for span in spans:
            # “We agree,” he said, “on everything.”: a short attribution
            # between two quoted pieces joins them into one quote.
            if groups:
                between = text[groups[-1][-1][1]:span[0]]
                if len(between.split()) <= 7 and _SAYING.search(between):
                    groups[-1].append(span)
                    continue
            groups.append([span])
        for parts in groups:
            words = sum(len(text[a:b].split()) for a, b in parts)
            if words < MIN_WORDS:
                continue
            sentence = max(0, bisect.bisect_right(starts, parts[0][0]) - 1)
            speaker = _speaker(parsed, sentence, parts, speakers, people)
            quotes.append(Quotation(
                parts=tuple(parts),
                text=" … ".join(text[a:b].strip(" ,") for a, b in parts),
                sentence=sentence,
                speaker=names.get(speaker, "") if speaker else "",
                speaker_entity=speaker,
            ))
    return quotes


def _speaker(
    parsed: ParsedArticle,
    sentence: int,
    parts: Sequence[tuple[int, int]],
    speakers: Sequence[EntityMention],
    people: Sequence[EntityMention],
) -> str:
    s = parsed.sentences[sentence]
    text = parsed.article.text
    inside = lambda m: any(a <= m.start < b for a, b in parts)  # noqa: E731
    # The sentence without its quoted words: where the attribution is.
    outside = "".join(" " * (b - a) if i % 2 else text[a:b] for i, (a, b) in enumerate(_cut(s.start, s.end, parts)))
    verb = _SAYING.search(outside)
    if not verb:
        return ""
    at = s.start + verb.start()
    here = [m for m in speakers if s.start <= m.start < s.end and not inside(m)]
    if here:
        persons = [m for m in here if m.label == "PERSON"]
        pool = persons or here
        return min(pool, key=lambda m: abs(m.start - at)).entity
    if _PRONOUN.search(outside):
        before = [m for m in people if m.start < s.start]
        if before:
            return before[-1].entity
    return ""


def _cut(start: int, end: int, parts: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentence as alternating (outside, inside) spans of its quotes."""
    out, at = [], start
    for a, b in parts:
        a, b = max(a, start), min(b, end)
        if a >= b:
            continue
        out.extend([(at, a), (a, b)])
        at = b
    out.append((at, end))
    return out


def compare_quotes(a: Quotation, b: Quotation) -> QuoteMatch:
    """The two quotes compared word by word (case and punctuation aside)."""
    wa = [w for w in _words(a.text) if w != "…"]
    wb = [w for w in _words(b.text) if w != "…"]
    ka = [w.casefold() for w in wa]
    kb = [w.casefold() for w in wb]
    sm = SequenceMatcher(a=ka, b=kb, autojunk=False)
    diff = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        xa, xb = " ".join(wa[i1:i2]), " ".join(wb[j1:j2])
        if op != "equal" and not any(c.isalnum() for c in xa + xb):
            op = "equal"  # punctuation alone is not a difference in wording
        diff.append(WordDiff("same" if op == "equal" else op, xa, xb))
    # Similarity over words, punctuation left out.
    content_a = [w for w in ka if any(c.isalnum() for c in w)]
    content_b = [w for w in kb if any(c.isalnum() for c in w)]
    similarity = SequenceMatcher(a=content_a, b=content_b, autojunk=False).ratio()
    return QuoteMatch(a, b, round(similarity, 3), tuple(diff))


def _content(q: Quotation) -> list[str]:
    """The quote's words as `compare_quotes` weighs them: case folded, punctuation left out."""
    return [k for k in (w.casefold() for w in _words(q.text) if w != "…") if any(c.isalnum() for c in k)]


def match_quotes(quotes_a: Sequence[Quotation], quotes_b: Sequence[Quotation]) -> list[QuoteMatch]:
    """Pair each quote of A with the quote of B that renders it, best pairs first, one to one."""
    # Aligning every pair of quotes is quadratic in the quotes of long
    # articles: only pairs whose word overlap could reach both bars are
    # aligned. The pair's similarity is 2 * matched / (len A + len B) over
    # its words, and the words matched in order are at most the words the
    # two have in common (as multisets); "shared" needs a word in common.
    words_b = [_content(q) for q in quotes_b]
    index: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for j, ws in enumerate(words_b):
        for w, k in Counter(ws).items():
            index[w].append((j, k))
    candidates = []
    for qa in quotes_a:
        wa = _content(qa)
        common: dict[int, int] = defaultdict(int)
        for w, k in Counter(wa).items():
            for j, kb in index.get(w, ()):
                common[j] += min(k, kb)
        for j in sorted(common):
            if round(2.0 * common[j] / (len(wa) + len(words_b[j])), 3) < SAME_QUOTE:
                continue
            m = compare_quotes(qa, quotes_b[j])
            shared = sum(len(d.a.split()) for d in m.diff if d.op == "same" and any(c.isalnum() for c in d.a))
            if m.similarity >= SAME_QUOTE and shared >= MIN_WORDS:
                candidates.append(m)
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for m in sorted(candidates, key=lambda m: -m.similarity):
        if m.a.start in used_a or m.b.start in used_b:
            continue
        used_a.add(m.a.start)
        used_b.add(m.b.start)
        out.append(m)
    return sorted(out, key=lambda m: m.a.start)
