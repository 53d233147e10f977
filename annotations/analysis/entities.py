"""Linking entity mentions, within and across two articles, into entities.

"Xi Jinping", "Xi" and a misspelt "Xi Jiinping" become one person; "US",
"U.S." and "United States" one place. The rules are general, never about a
particular name: exact match after normalising, acronyms of multi-word
names, a lone surname or given name inside a full name, and near-identical
spellings of full names.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA, Levenshtein

from annotations.analysis.parsing import KIND_OF_LABEL, NamedSpan, ParsedArticle

VALUE_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
_SMALL = frozenset({"of", "the", "and", "for", "de", "la", "&"})
# Other names of the same country; general knowledge, not a fit to any text.
_ALIASES = {
    "america": "united states",
    "usa": "united states",
    "united states of america": "united states",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "uk": "united kingdom",
    "russian federation": "russia",
    "prc": "china",
    "people's republic of china": "china",
}

# A capital names its country's government as often as the city ("Moscow
# and Beijing" for "Russia and China"); general knowledge, used as evidence
# that two sentences speak of one country, never to merge the two entities.
CAPITALS = {
    "moscow": "russia", "beijing": "china", "washington": "united states", "london": "united kingdom",
    "paris": "france", "berlin": "germany", "kyiv": "ukraine", "kiev": "ukraine", "tokyo": "japan",
    "tehran": "iran", "pyongyang": "north korea", "seoul": "south korea", "new delhi": "india",
    "ankara": "turkey", "damascus": "syria", "baghdad": "iraq", "kabul": "afghanistan",
    "islamabad": "pakistan", "cairo": "egypt", "riyadh": "saudi arabia", "rome": "italy",
    "madrid": "spain", "ottawa": "canada", "canberra": "australia", "brasilia": "brazil",
    "mexico city": "mexico", "caracas": "venezuela", "havana": "cuba", "minsk": "belarus",
    "taipei": "taiwan", "hanoi": "vietnam", "bangkok": "thailand", "jakarta": "indonesia",
    "manila": "philippines", "nairobi": "kenya", "pretoria": "south africa", "abuja": "nigeria",
    "addis ababa": "ethiopia", "khartoum": "sudan", "tripoli": "libya", "doha": "qatar",
    "warsaw": "poland", "tel aviv": "israel", "jerusalem": "israel", "budapest": "hungary",
}


def country_of(entity: Entity) -> str:
    """The country a place entity is, or whose capital it is; "" for anything else."""
    if entity.label != "GPE":
        return ""
    key = normalise(entity.name)
    if key in CAPITALS:
        return CAPITALS[key]
    return key if key in set(CAPITALS.values()) else ""


@dataclass(frozen=True)
class Entity:
    """A real-world thing named in one or both articles."""

    id: str
    name: str
    label: str

    @property
    def kind(self) -> str:
        """The reader's colour group: person, org, place, date, money..."""
        return KIND_OF_LABEL.get(self.label, "thing")


@dataclass(frozen=True)
class EntityMention:
    """A mention in an article's text, with the entity it names."""

    start: int
    end: int
    label: str
    entity: str


def normalise(surface: str) -> str:
    """The key two mentions of one name share: case, dots, 'the' and accents removed."""
    s = unicodedata.normalize("NFKD", surface)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'").casefold()
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"(?:'s|')$", "", s)
    s = s.replace(".", "")
    s = re.sub(r"[\s\-‐–]+", " ", s).strip()
    return _ALIASES.get(s, s)


def value_key(surface: str) -> str:
    """The key of a date, time or figure: a range written either way is one ("January-November",
    "January to November", "from January through November")."""
    key = re.sub(r"\b(?:from|to|through|thru|until|till)\b", " ", normalise(surface))
    return re.sub(r"\s+", " ", key).strip()


def _initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in _SMALL and w)


class _Clusters:
    """Union-find over normalised keys."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.parent = {k: k for k in keys}

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


_COMPANY = re.compile(r"\s+(?:inc|corp|corporation|co|ltd|llc|plc|ag|sa|gmbh)$")
_PLACE_WORD = re.compile(r"\s+(?:province|state|region|district|county|city|prefecture|oblast)$")
_NAME_SUFFIX = frozenset({"jr", "sr", "ii", "iii"})
# A demonym is its country's name with one of these endings ("israeli" /
# "israel", "sudanese" / "sudan", "indonesian" / "indonesia").
_DEMONYM_ENDINGS = ("ese", "ian", "an", "i", "n", "ish")
_PART_OF = {
    # a lone word may be part of a multi-word name of these labels, when the
    # word's own label is one of these (spaCy often mislabels team names)
    "PERSON": {"PERSON", "GPE", "ORG", "NORP"},
    "ORG": {"ORG", "PRODUCT", "PERSON", "WORK_OF_ART"},
    "WORK_OF_ART": {"ORG", "PRODUCT", "WORK_OF_ART"},
    "PRODUCT": {"ORG", "PRODUCT"},
}


def _person_parts(key: str) -> list[str]:
    return [w for w in key.split() if w not in _NAME_SUFFIX]


def _is_demonym(norp: str, place: str) -> bool:
    if len(norp) < 4 or len(place) < 4 or " " in norp:
        return False
    if place.startswith(norp):  # "turkmen" / "turkmenistan"
        return len(place) - len(norp) <= 5
    return any(norp.endswith(e) and norp[: -len(e)] in (place, place.rstrip("a")) for e in _DEMONYM_ENDINGS)


def _link_names(keys: Counter, labels: dict[str, Counter]) -> _Clusters:
    clusters = _Clusters(list(keys))
    majority = {k: labels[k].most_common(1)[0][0] for k in keys}
    # The same name with or without a company suffix or its spaces:
    # "microsoft corp" / "microsoft", "sea micro" / "seamicro".
    by_core: dict[str, str] = {}
    for k in sorted(keys):
        core = _COMPANY.sub("", k)
        if majority[k] in ("GPE", "LOC"):
            core = _PLACE_WORD.sub("", core)  # "aceh province" / "aceh"
        core = core.replace(" ", "")
        if core in by_core:
            clusters.union(by_core[core], k)
        else:
            by_core[core] = k
    multi = [k for k in keys if " " in k]
    by_initials: dict[str, list[str]] = defaultdict(list)
    by_token: dict[str, list[str]] = defaultdict(list)
    for k in multi:
        by_initials[_initials(_COMPANY.sub("", k))].append(k)
        for token in set(k.split()):
            if token not in _SMALL:
                by_token[token].append(k)
    # Near-identical spellings of full names sharing a word: "xi jiinping".
    for group in by_token.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if (len(a.split()) == len(b.split()) and majority[a] == majority[b]
                        and Levenshtein.normalized_similarity(a, b) >= 0.85):
                    clusters.union(a, b)
    # A long single word misspelt: "turkeminstan" / "turkmenistan". Only
    # words of one label sharing their first letter, so "austria" and
    # "australia" stay apart.
    # Long words only: "thompson" / "thomson" are two people.
    singles = sorted(k for k in keys if " " not in k and len(k) >= 9 and k.isalpha())
    for i, a in enumerate(singles):
        for b in singles[i + 1:]:
            if (a[0] == b[0] and majority[a] == majority[b]
                    and OSA.normalized_similarity(a, b) >= 0.83):
                clusters.union(a, b)
    # A full name with a middle name left out: "christopher simpson" /
    # "christopher kenyon simpson", "joseph comeaux jr" / "arcade joseph comeaux jr".
    people = [k for k in multi if majority[k] == "PERSON"]
    for a in people:
        pa = _person_parts(a)
        fits = {clusters.find(b) for b in people if b != a and len(_person_parts(b)) > len(pa)
                and pa[-1] == _person_parts(b)[-1] and set(pa) <= set(_person_parts(b))}
        if len(fits) == 1:
            clusters.union(a, fits.pop())
    mentions_of: Counter = Counter()
    for k in keys:
        mentions_of[clusters.find(k)] += keys[k]
    places = [k for k in keys if majority[k] in ("GPE", "LOC")]
    for k in keys:
        if " " in k:
            continue
        # An acronym of a multi-word name: "us" / "united states".
        if 2 <= len(k) <= 6 and by_initials.get(k):
            targets = {clusters.find(t) for t in by_initials[k]}
            if len(targets) == 1:
                clusters.union(k, by_initials[k][0])
                continue
        # A people's name and its country: "israeli" / "israel".
        if majority[k] == "NORP":
            homes = {clusters.find(p) for p in places if _is_demonym(k, p)}
            if len(homes) == 1:
                clusters.union(k, homes.pop())
                continue
        # A lone part of a full name: "xi", "putin", "colts" in "indianapolis
        # colts". Linked to the one name it fits, or to the name mentioned far
        # more often than any other it fits ("peterson": Scott, not Laci), so
        # two Klitschko brothers named equally often stay apart.
        candidates = [t for t in by_token.get(k, ()) if majority[k] in _PART_OF.get(majority[t], ())]
        if majority[k] in ("GPE", "NORP"):
            candidates = [t for t in candidates if majority[t] == "PERSON"]
        roots: Counter[str] = Counter()
        for t in candidates:
            roots[clusters.find(t)] = mentions_of[clusters.find(t)]
        ranked = roots.most_common(2)
        if len(ranked) == 1 or (len(ranked) == 2 and ranked[0][1] >= 2 * ranked[1][1]):
            clusters.union(k, ranked[0][0])
    return clusters


def _display_name(surfaces: Counter) -> str:
    """The most informative name: most words, then most frequent, then first seen."""
    return max(surfaces, key=lambda s: (len(s.split()), surfaces[s], -list(surfaces).index(s)))


def link(mentions: Sequence[Sequence[NamedSpan]],
         texts: Sequence[str] | None = None) -> tuple[list[Entity], list[list[EntityMention]]]:
    """Link the mentions of several documents into entities.

    Args:
        mentions: the mentions of each document, in document order.
        texts: each document's text, to tell what a name that starts a
            longer name of its document refers to (`_longer_name`).

    Returns:
        The entities, with ids E1, E2... in order of first mention, and for
        each document its mentions with their entity ids.
    """
    keys = [[normalise(m.text) for m in doc] for doc in mentions]
    if texts is not None:
        keys = [_longer_names(doc, doc_keys, text) for doc, doc_keys, text in zip(mentions, keys, texts)]
    name_keys: Counter = Counter()
    labels: dict[str, Counter] = defaultdict(Counter)
    for doc, doc_keys in zip(mentions, keys):
        for m, key in zip(doc, doc_keys):
            if m.label not in VALUE_LABELS:
                name_keys[key] += 1
                labels[key][m.label] += 1
    clusters = _link_names(name_keys, labels)
    key_of = {id(m): key for doc, doc_keys in zip(mentions, keys) for m, key in zip(doc, doc_keys)}

    def cluster_of(m: NamedSpan) -> tuple[str, str]:
        if m.label in VALUE_LABELS:
            return ("value:" + m.label, value_key(m.text))
        return ("name", clusters.find(key_of[id(m)]))

    ids: dict[tuple[str, str], str] = {}
    surfaces: dict[str, Counter] = defaultdict(Counter)
    label_votes: dict[str, Counter] = defaultdict(Counter)
    linked: list[list[EntityMention]] = []
    for doc in mentions:
        out = []
        for m in doc:
            cluster = cluster_of(m)
            eid = ids.setdefault(cluster, f"E{len(ids) + 1}")
            surfaces[eid][re.sub(r"^the\s+", "", m.text)] += 1
            label_votes[eid][m.label] += 1
            out.append(EntityMention(m.start, m.end, m.label, eid))
        linked.append(out)
    entities = [
        Entity(eid, _display_name(surfaces[eid]), label_votes[eid].most_common(1)[0][0])
        for eid in ids.values()
    ]
    return entities, linked


#: Words before a name that make it a place or an institution: "checked into Betty Ford", "left Betty Ford".
_PLACE_BEFORE = re.compile(
    r"\b(?:at|into|in|from|to|inside|outside|left|leaves?|leaving|entered|enters?|entering)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _longer_names(doc: Sequence[NamedSpan], keys: list[str], text: str) -> list[str]:
    """Each mention's key, a name that starts a longer place or institution name of the document
    taking that name's key where the text says it is that place ("stay at Betty Ford" is the Betty
    Ford Center; "Betty Ford founded it" stays the person)."""
    longer: dict[str, set[str]] = defaultdict(set)
    places = {k for m, k in zip(doc, keys) if m.label in ("ORG", "FAC", "GPE", "LOC")}
    for k in set(keys):
        for long_key in places:
            if long_key.startswith(k + " "):
                longer[k].add(long_key)
    out = []
    for m, k in zip(doc, keys):
        # A place named on its own ("from Moscow") is that place, whatever longer name starts with it.
        found = longer.get(k, set()) if m.label in ("PERSON", "ORG", "FAC") else set()
        if len(found) == 1 and _PLACE_BEFORE.search(text, max(0, m.start - 24), m.start):
            k = next(iter(found))
        out.append(k)
    return out


# Capitalised words that are not names even when tagged PROPN.
_NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december mr mrs ms dr i".split()
)


def _propn_runs(parsed: ParsedArticle) -> list[str]:
    """Runs of capitalised proper nouns in the article's sentences ("Internet Explorer")."""
    runs = []
    for tokens in parsed.tokens:
        run: list[str] = []
        for t in list(tokens) + [None]:
            if t is not None and t.pos == "PROPN" and t.text[:1].isupper() and t.text.isalpha():
                run.append(t.text)
                continue
            if run:
                runs.append(" ".join(run))
            run = []
    return runs


def complete_mentions(parsed: Sequence[ParsedArticle]) -> list[list[NamedSpan]]:
    """The mentions of each article, with the names spaCy's NER missed added.

    A statistical NER finds a name in one sentence and misses it in the next
    ("Tyler Hansbrough" found, "Hansbrough" not; "Colts" never). A name is
    added where its exact words (any case, e.g. an upper-case headline) appear
    capitalised again, and a run of proper nouns is taken as a name when both
    articles use it. Value mentions (dates, sums) are left as found.
    """
    labels: dict[str, Counter] = defaultdict(Counter)
    for p in parsed:
        for m in p.mentions:
            if m.label not in VALUE_LABELS:
                key = re.sub(r"^the\s+", "", m.text, flags=re.IGNORECASE).casefold()
                if (len(key) >= 3 or m.label == "PERSON" and len(key) == 2) and key not in _NOT_NAMES:  # "Xi"
                    labels[key][m.label] += 1
                # A person is named again by surname alone: "Hansbrough".
                words = key.split()
                if m.label == "PERSON" and len(words) >= 2 and len(words[-1]) >= 4 and words[-1].isalpha():
                    labels[words[-1]]["PERSON"] += 0
    run_sets = [{r.casefold() for r in _propn_runs(p)} for p in parsed]
    shared_runs = set.intersection(*run_sets) if run_sets else set()
    for key in shared_runs:
        if len(key) >= 3 and key not in labels and not set(key.split()) & _NOT_NAMES:
            labels[key]["ORG"] += 0
    if not labels:
        return [list(p.mentions) for p in parsed]
    names = _Names(labels)
    out = []
    for p in parsed:
        text = p.article.text
        taken = [False] * (len(text) + 1)
        for m in p.mentions:
            for k in range(m.start, m.end):
                taken[k] = True
        starts = [s.start for s in p.sentences]
        added = list(p.mentions)
        for a, b in names.find(text):
            if not text[a].isupper() or any(taken[a:b]):
                continue
            i = _sentence_of(starts, a)
            if i is None or p.sentences[i].end < b:
                continue
            counts = labels[text[a:b].casefold()]
            label = counts.most_common(1)[0][0] if counts else "ORG"
            added.append(NamedSpan(a, b, label, text[a:b], i))
            for k in range(a, b):
                taken[k] = True
        out.append(sorted(added, key=lambda m: (m.start, m.end)))
    return out


class _Names:
    """Finds known names in a text, as one regex alternating them longest first would.

    One alternation of every name scanned over the text costs names x
    length; names are looked up by their first two characters instead.
    Like the regex, a name starts where no word character or apostrophe
    precedes it, ends before no word character, the longest name at a place
    wins, and the search resumes after each name found.
    """

    _AFTER = re.compile(r"\w")

    def __init__(self, names: Iterable[str]) -> None:
        # Every name has at least two characters (complete_mentions keeps no shorter).
        self.lengths: dict[str, list[int]] = defaultdict(list)
        self.names: set[str] = set(names)
        for name in self.names:
            self.lengths[name[:2]].append(len(name))
        for prefix, lengths in self.lengths.items():
            self.lengths[prefix] = sorted(set(lengths), reverse=True)
        firsts = "".join(sorted({name[0] for name in self.names}))
        self.starts = re.compile(r"(?<![\w'’])[" + re.escape(firsts) + "]", re.IGNORECASE)

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        """The (start, end) of each name found, left to right, never overlapping."""
        resume = 0
        for start in self.starts.finditer(text):
            a = start.start()
            if a < resume:
                continue
            for length in self.lengths.get(text[a:a + 2].lower(), ()):
                b = a + length
                if b <= len(text) and text[a:b].lower() in self.names and not self._AFTER.match(text, b):
                    yield a, b
                    resume = b
                    break


def _sentence_of(starts: list[int], offset: int) -> int | None:
    i = bisect.bisect_right(starts, offset) - 1
    return i if i >= 0 else None
