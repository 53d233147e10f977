"""Linking entity mentions, within and across two articles, into entities.

"Xi Jinping", "Xi" and a misspelt "Xi Jiinping" become one person; "US",
"U.S." and "United States" one place. The rules are general, never about a
particular name: exact match after normalising, acronyms of multi-word
names, a lone surname or given name inside a full name, and near-identical
spellings of full names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

from rapidfuzz.distance import Levenshtein

from .parsing import KIND_OF_LABEL, Mention

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


def _link_names(keys: Counter, labels: dict[str, Counter]) -> _Clusters:
    clusters = _Clusters(list(keys))
    majority = {k: labels[k].most_common(1)[0][0] for k in keys}
    multi = [k for k in keys if " " in k]
    by_initials: dict[str, list[str]] = defaultdict(list)
    by_token: dict[str, list[str]] = defaultdict(list)
    for k in multi:
        by_initials[_initials(k)].append(k)
        for token in set(k.split()):
            if token not in _SMALL:
                by_token[token].append(k)
    # Near-identical spellings of full names sharing a word: "xi jiinping".
    for token, group in by_token.items():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if (len(a.split()) == len(b.split()) and majority[a] == majority[b]
                        and Levenshtein.normalized_similarity(a, b) >= 0.85):
                    clusters.union(a, b)
    for k in keys:
        if " " in k:
            continue
        # An acronym of a multi-word name: "us" / "united states".
        if 2 <= len(k) <= 6 and by_initials.get(k):
            targets = {clusters.find(t) for t in by_initials[k]}
            if len(targets) == 1:
                clusters.union(k, by_initials[k][0])
                continue
        # A lone part of a person's full name: "xi", "putin". Linked only when
        # it fits one person, so two Klitschko brothers stay apart.
        candidates = [t for t in by_token.get(k, ()) if majority[t] == "PERSON"]
        roots = {clusters.find(t) for t in candidates}
        if len(roots) == 1 and majority[k] in ("PERSON", "GPE", "ORG", "NORP"):
            clusters.union(k, candidates[0])
    return clusters


def _display_name(surfaces: Counter) -> str:
    """The most informative name: most words, then most frequent, then first seen."""
    return max(surfaces, key=lambda s: (len(s.split()), surfaces[s], -list(surfaces).index(s)))


def link(mentions: Sequence[Sequence[Mention]]) -> tuple[list[Entity], list[list[EntityMention]]]:
    """Link the mentions of several documents into entities.

    Args:
        mentions: the mentions of each document, in document order.

    Returns:
        The entities, with ids E1, E2... in order of first mention, and for
        each document its mentions with their entity ids.
    """
    name_keys: Counter = Counter()
    labels: dict[str, Counter] = defaultdict(Counter)
    for doc in mentions:
        for m in doc:
            if m.label not in VALUE_LABELS:
                key = normalise(m.text)
                name_keys[key] += 1
                labels[key][m.label] += 1
    clusters = _link_names(name_keys, labels)

    def cluster_of(m: Mention) -> tuple[str, str]:
        if m.label in VALUE_LABELS:
            return ("value:" + m.label, normalise(m.text))
        return ("name", clusters.find(normalise(m.text)))

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
