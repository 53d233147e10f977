"""Running spaCy over an article and keeping plain data: sentences, mentions, lemmas.

Each paragraph is parsed on its own, so a sentence never crosses a paragraph
break and the headline is never glued to the body. Nothing spaCy-typed
leaves this module: the rest of the core works on offsets and strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from sys import intern
from typing import Any

from annotations.sources.articles import BODY, HEADLINE, Article, is_title_case

#: spaCy labels kept as entity mentions, and how the reader groups them.
KIND_OF_LABEL = {
    "PERSON": "person",
    "NORP": "group",
    "ORG": "org",
    "FAC": "place",
    "GPE": "place",
    "LOC": "place",
    "PRODUCT": "thing",
    "EVENT": "event",
    "WORK_OF_ART": "thing",
    "LAW": "thing",
    "DATE": "date",
    "TIME": "date",
    "MONEY": "money",
    "PERCENT": "number",
    "QUANTITY": "number",
    "CARDINAL": "number",
}
# Numeric labels are kept only when they hold a digit: "two" or "an hour"
# are neither worth a colour nor evidence that two sentences agree.
_NEEDS_DIGIT = {"CARDINAL", "TIME", "QUANTITY"}
_TRIM = " \t\n\"'“”‘’«»()[]{},;:–—-"
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
#: A lower-case article before a name is not part of it ("a Rite Aid", "the United States").
_ARTICLE = re.compile(r"(?:a|an|the)\s+")
#: Labels of values rather than names: they keep what spaCy found.
_VALUES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
#: Words spaCy sometimes takes for names: months and days, also abbreviated ("MAR" in a dateline).
_CALENDAR = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec january february march april may june july august "
    "september october november december mon tue wed thu fri sat sun monday tuesday wednesday thursday "
    "friday saturday sunday".split()
)
# spaCy refuses texts over nlp.max_length; very long paragraphs (a 1 MB line)
# are parsed in pieces cut at a sentence end or, failing that, a space.
# spaCy's memory grows with the tokens it parses at once (over 10 KB a token
# at its peak), and some text has a token per character (emoji), so pieces
# and batches are bounded in tokens (estimated: words and other signs) too.
_CHUNK = 20_000
_CHUNK_TOKENS = 4_000
#: Pieces parsed together: at most this many, and about this many tokens.
_BATCH = 64
_BATCH_TOKENS = 8_000
#: spaCy's tokenizer takes time quadratic in the length of a run without
#: spaces (it peels one sign at a time off each end): longer runs are
#: parsed as pieces of this length, each on its own.
_RUN = 200
_TOKENISH = re.compile(r"\w+|[^\w\s]")
_LONG_RUN = re.compile(rf"\S{{{_RUN + 1},}}")


#: The kind of a body sentence without a verb: shown, never read as a claim (not in `CLAIM_KINDS`).
FRAGMENT = "fragment"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as offsets into its article's text, with its paragraph's kind."""

    start: int
    end: int
    kind: str = BODY
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class NamedSpan:
    """A named-entity mention found by spaCy, trimmed, as offsets."""

    start: int
    end: int
    label: str
    text: str
    sentence: int


@dataclass(frozen=True, slots=True)
class Token:
    """What claim matching needs of a word."""

    text: str
    lemma: str
    content: bool
    """Not a stop word, punctuation or space."""
    start: int
    pos: str = ""
    """Coarse part of speech ("PROPN", "NUM"...), for names spaCy's NER missed."""


@dataclass(frozen=True)
class ParsedArticle:
    """The article with its sentences, mentions and per-sentence tokens."""

    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[NamedSpan, ...]
    tokens: tuple[tuple[Token, ...], ...]
    """tokens[i] are the words of sentences[i]."""


def _tokens(text: str) -> int:
    """About how many tokens spaCy makes of `text` (an upper bound for most text)."""
    return sum(1 for _ in _TOKENISH.finditer(text))


def _limit(text: str) -> int:
    """How many characters of `text` a piece may take: `_CHUNK`, fewer when they hold over `_CHUNK_TOKENS` tokens."""
    for count, match in enumerate(_TOKENISH.finditer(text, 0, _CHUNK)):
        if count == _CHUNK_TOKENS:
            return match.start()
    return _CHUNK


def _sized(text: str, offset: int) -> Iterable[tuple[str, int]]:
    limit = _limit(text)
    while len(text) > limit:
        cut = max(text.rfind(". ", 0, limit), text.rfind("\u3002", 0, limit))
        cut = cut + 1 if cut > limit // 2 else text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        yield text[:cut], offset
        text, offset = text[cut:], offset + cut
        limit = _limit(text)
    yield text, offset


def _chunks(text: str, offset: int) -> Iterable[tuple[str, int, bool]]:
    """`text` in pieces spaCy parses in bounded time and memory, with their offsets.

    The third item says whether the piece is cut from a long run without
    spaces (encoded data, a pasted blob): no names are taken from those.
    """
    done = 0
    for run in _LONG_RUN.finditer(text):
        if run.start() > done:
            yield from ((piece, at, False) for piece, at in _sized(text[done:run.start()], offset + done))
        for at in range(run.start(), run.end(), _RUN):
            yield text[at:min(at + _RUN, run.end())], offset + at, True
        done = run.end()
    if done < len(text) or not text:
        yield from ((piece, at, False) for piece, at in _sized(text[done:], offset + done))


def _proper_words(article: Article) -> set[str]:
    """Capitalised words used inside body sentences: the names of this article."""
    words: set[str] = set()
    for p in article.paragraphs:
        if p.kind == HEADLINE:
            continue
        for m in re.finditer(r"(?<=[\w,;:’'”)] )([A-Z][\w’'-]*)", article.paragraph_text(p)):
            words.add(m.group(1))
    return words


def recase_headline(line: str, proper: set[str]) -> str:
    """Lower-case the words a Title Case headline capitalises only for style.

    spaCy reads "Putin And Xi Say They Need" as one name; with the style
    capitals removed ("Putin and Xi say they need") it finds the two people.
    Words the body itself capitalises are kept. The result has the length of
    `line`, so offsets carry over.
    """
    if not is_title_case(line):
        return line

    def fix(m: re.Match[str]) -> str:
        w = m.group()
        if w in proper or not w[0].isupper() or w.isupper():
            return w
        low = w[0].lower() + w[1:]
        return low if len(low) == len(w) else w

    return re.sub(r"[^\W\d_][\w’'-]*", fix, line)


def _date_end(text: str, start: int, end: int) -> int:
    """Where a date ends: after its last digit or calendar word ("2019 a year ahead" is "2019").

    A date with neither ("today", "Weeks", "the past two years") is no date
    to list: its end is its start.
    """
    last = start
    for m in re.finditer(r"[\w’'-]+", text[start:end]):
        word = m.group().casefold().rstrip(".")
        if any(c.isdigit() for c in word) or word in _CALENDAR or word.split("-")[-1] in _CALENDAR:
            last = start + m.end()
    return last


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while start < end and text[end - 1] in _TRIM:
        end -= 1
    m = _POSSESSIVE.search(text, start, end)
    if m and m.start() > start:
        end = m.start()
    return start, end


def _units(article: Article, proper: set[str]) -> list[tuple[str, int, int, bool]]:
    """(text to parse, offset, paragraph index, cut from a long run) for every piece of the article."""
    out = []
    for index, p in enumerate(article.paragraphs):
        text = article.paragraph_text(p)
        if p.kind == HEADLINE:
            text = recase_headline(text, proper)
        for piece, offset, run in _chunks(text, p.start):
            out.append((piece, offset, index, run))
    return out


_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]»]*\s*$")
#: Abbreviations after which a full stop rarely ends a sentence: titles, initials, places, months, "a.m.".
_ABBREVIATION = re.compile(
    r"(?:^|[\s(\[\"'“‘-])(?:[A-Za-z]|(?:[A-Za-z]\.)+[A-Za-z]|Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Capt|Cmdr|Sgt|Cpl|Gov|"
    r"Sen|Rep|Rev|Fr|St|Mt|Ft|No|Nos|Jr|Sr|Messrs|Ave|Blvd|Rd|Inc|Corp|Ltd|Co|vs|etc|approx|Calif|Fla|Ariz|"
    r"Ark|Colo|Conn|Del|Ga|Ill|Ind|Kan|Ky|La|Mass|Md|Mich|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Penn|Tenn|"
    r"Tex|Va|Vt|Wash|Wis|Wyo|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$",
    re.IGNORECASE,
)
#: Abbreviations that a name or number follows in the same sentence ("Gen. Smith", "No. 5", "John C. Cerar").
_BEFORE_NAME = re.compile(
    r"(?:^|[\s(\[\"'“‘-])(?:[A-Z]|Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Capt|Cmdr|Sgt|Cpl|Gov|Sen|Rep|Rev|Fr|St|Mt|Ft|"
    r"No|Nos|Messrs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEP|SEPT|OCT|"
    r"NOV|DEC)\.$"
)


def _glued(previous: Any, sent: Any) -> bool:
    """Whether `sent` continues `previous` rather than starting a sentence of its own.

    spaCy ends a sentence at the full stop of "11:30 p.m.", "Calif.",
    "Gen.", "John C." or a calibre written ". 38"; a reader goes on when
    what follows starts lower case or with a digit, when the stop is a
    title's or an initial's, or when the piece before it has no verb of
    its own yet ("Police say that on Saturday around 11:30 p.m.").
    """
    before = previous.text.rstrip()
    if not _ENDS_SENTENCE.search(before):
        return True  # a break inside a quotation, after a colon or no stop at all
    if not before.endswith(".") or not sent.text[:1]:
        return False
    first = sent.text.lstrip("\"'“‘([")[:1]
    last_word = [t for t in previous if not t.is_punct][-1:]
    if first.isdigit() and (before.endswith(" .") or (last_word and last_word[0].pos_ in ("DET", "ADP", "ADJ"))):
        return True  # "a loaded. 38-caliber revolver", "of. 09 percent": a decimal, not a new sentence
    if not _ABBREVIATION.search(before):
        return False
    if first.islower() or first.isdigit() or _unfinished(previous):
        return True
    # "John C. Cerar", "Gen. Smith": a name goes on; "World War Z. He's": a new sentence.
    return bool(_BEFORE_NAME.search(before)) and sent[0].pos_ in ("PROPN", "NUM")


def _unfinished(span: Any) -> bool:
    """A piece with no verb, or none after its last "that", "when"...: the sentence goes on."""
    verbs = [t.i for t in span if t.pos_ in ("VERB", "AUX")]
    if not verbs:
        return True
    marks = [t.i for t in span if t.pos_ == "SCONJ" or t.dep_ == "mark"]
    return bool(marks) and max(marks) > max(verbs)


def _whole_sentences(doc: Any) -> list[Any]:
    """spaCy's sentences, with fragments glued back to the sentence they belong to.

    The parser sometimes breaks a sentence inside a quotation ("a policy of
    double containment" / "[toward] both Russia and China.”"), after a
    colon ("Updated:" / "May 16, 2005"), or at the stop of an abbreviation
    (`_glued`); such a piece belongs to the sentence before it.
    """
    merged: list[Any] = []
    for sent in doc.sents:
        if merged and _glued(merged[-1], sent):
            merged[-1] = doc[merged[-1].start:sent.end]
        else:
            merged.append(sent)
    return merged


def _entities_of(doc: Any, sents: Sequence[Any]) -> list[list[Any]]:
    """The entities wholly inside each of `sents`, as `Span.ents` gives them, from one pass over `doc.ents`.

    `Span.ents` rebuilds every entity of the doc on each call: asked of each
    sentence of a long piece, that is quadratic (most of a megabyte's parse).
    """
    ents = list(doc.ents)
    out: list[list[Any]] = []
    first = 0
    for sent in sents:
        while first < len(ents) and ents[first].start < sent.start:
            first += 1
        last = first
        while last < len(ents) and ents[last].end <= sent.end:
            last += 1
        out.append(ents[first:last])
    return out


def _batches(texts: Sequence[str]) -> Iterable[Sequence[str]]:
    """`texts` in order, in runs of at most `_BATCH` texts and (beyond the first) `_BATCH_TOKENS` tokens."""
    start = size = 0
    for end, text in enumerate(texts):
        tokens = _tokens(text)
        if end > start and (end - start == _BATCH or size + tokens > _BATCH_TOKENS):
            yield texts[start:end]
            start, size = end, 0
        size += tokens
    if start < len(texts):
        yield texts[start:]


def _parsed(nlp: Any, texts: Sequence[str]) -> Iterable[Any]:
    """The spaCy doc of each text, in order, parsed batch by batch (see `_BATCH_TOKENS`)."""
    for batch in _batches(texts):
        yield from nlp.pipe(batch, batch_size=len(batch))


def parse(
    articles: Sequence[Article],
    nlp: Any,
    progress: Callable[[int, int], None] | None = None,
) -> list[ParsedArticle]:
    """Parse each article with the spaCy pipeline `nlp`.

    Args:
        articles: the articles, parsed in one stream so spaCy batches them.
        nlp: a loaded spaCy pipeline with a parser (or senter) and NER.
        progress: called with (pieces done, pieces in all) now and then.
    """
    units = [(i, u) for i, a in enumerate(articles) for u in _units(a, _proper_words(a))]
    total = len(units)
    sentences: list[list[Sentence]] = [[] for _ in articles]
    mentions: list[list[NamedSpan]] = [[] for _ in articles]
    tokens: list[list[tuple[Token, ...]]] = [[] for _ in articles]
    docs = _parsed(nlp, [u[0] for _, u in units])
    for done, ((which, (_, offset, p_index, blob)), doc) in enumerate(zip(units, docs), 1):
        article = articles[which]
        text = article.text
        kind = article.paragraphs[p_index].kind
        whole = _whole_sentences(doc)
        # A megabyte of base64 gave 2,307 "entities": a blob names nothing.
        for sent, entities in zip(whole, [[]] * len(whole) if blob else _entities_of(doc, whole)):
            start, end = offset + sent.start_char, offset + sent.end_char
            while start < end and text[start].isspace():
                start += 1
            while start < end and text[end - 1].isspace():
                end -= 1
            if start >= end:
                continue
            s_index = len(sentences[which])
            # A body sentence without a verb ("Sunday 23 Dec 2012", "Astounding!") states nothing a
            # claim could rest on; a headline may (headlines drop their verbs by custom).
            verbless = kind == BODY and not any(t.pos_ in ("VERB", "AUX") for t in sent)
            sentences[which].append(Sentence(start, end, FRAGMENT if verbless else kind, p_index))
            # Words repeat: interned, each spelling, lemma and tag is held once.
            tokens[which].append(tuple(
                Token(intern(t.text), intern(t.lemma_.lower() or t.lower_),
                      not (t.is_stop or t.is_punct or t.is_space), offset + t.idx, intern(t.pos_))
                for t in sent if not t.is_space
            ))
            for ent in entities:
                if ent.label_ not in KIND_OF_LABEL:
                    continue
                m_start, m_end = _trim(text, offset + ent.start_char, offset + ent.end_char)
                if ent.label_ not in _VALUES and (determiner := _ARTICLE.match(text, m_start, m_end)):
                    m_start = determiner.end()
                if ent.label_ == "DATE":
                    m_end = _date_end(text, m_start, m_end)
                surface = text[m_start:m_end]
                if not surface or (ent.label_ in _NEEDS_DIGIT and not any(c.isdigit() for c in surface)):
                    continue
                if ent.label_ not in _VALUES and (surface == surface.lower() or surface.casefold() in _CALENDAR):
                    continue  # a name has a capital, and is not a month ("van", "MAR")
                mentions[which].append(NamedSpan(m_start, m_end, ent.label_, surface, s_index))
        if progress and (done == total or done % 50 == 0):
            progress(done, total)
    return [
        ParsedArticle(a, tuple(s), tuple(m), tuple(t))
        for a, s, m, t in zip(articles, sentences, mentions, tokens)
    ]

