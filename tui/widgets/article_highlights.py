"""What an article pane highlights besides its cursor: claims, sentences alone or possibly elsewhere, entities, marks.

Plain state, held by `ArticleView` and read by `draw_line`: the pane's share
of the analysis (set once it arrives), the entity chosen in the entity list,
and the ranges other features paint in named layers (`set_marks`). Lookups
by offset bisect, so that drawing a line costs the same however long the
article and however many its annotations.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from .article_layout import ArticleLayout

if TYPE_CHECKING:  # entity linking (and rapidfuzz) is loaded by the analysis worker
    from annotations.analysis.entities import EntityMention

#: Layers `set_marks` can paint (each has a component class article-view--mark-NAME).
MARK_LAYERS = ("annotation", "search", "selection")
#: What the panes highlight, in the order `h` cycles through them: matched claims tinted by
#: strength; what differs (sentences one article has alone, conflicting figures) with matches
#: receding; entity colours; nothing but the cursor, its partner and the marks.
MODES = ("claims", "differences", "entities", "nothing")
DEFAULT_MODE = "differences"

Span = tuple[int, int]


def merge_ranges(ranges: Sequence[Span]) -> list[Span]:
    """Sorted, disjoint ranges covering the same offsets as `ranges`."""
    merged: list[Span] = []
    for a, b in sorted(ranges):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def claim_strength(score: float) -> int:
    """Tint level 1-3 for a claim score: the stronger the match, the stronger the tint."""
    return 3 if score >= 0.7 else 2 if score >= 0.5 else 1


class MarkLayer:
    """Ranges painted with one look, merged and indexed for lookups by offset."""

    def __init__(self, ranges: Sequence[Span] = ()) -> None:
        # One layer has one look, so overlapping ranges are painted as their union.
        self.ranges = merge_ranges(ranges)
        self._starts = [a for a, _ in self.ranges]
        self._longest = max((b - a for a, b in self.ranges), default=0)

    def near(self, start: int, end: int) -> list[Span]:
        """Ranges that overlap `start:end` (bisected, not scanned)."""
        if not self.ranges:
            return []
        low, high = bisect_left(self._starts, start - self._longest), bisect_left(self._starts, end)
        return [(a, b) for a, b in self.ranges[low:high] if b > start]


class ArticleHighlights:
    """Claim tints, only-here sentences, entity mentions, the chosen entity and painted marks of one pane."""

    def __init__(self) -> None:
        self.strength: dict[int, int] = {}
        """Tint level (1-3) of each sentence that has a matching claim."""
        self.only_here: frozenset[int] = frozenset()
        """Sentences that could be claims but match nothing in the other article, not even possibly."""
        self.possible: frozenset[int] = frozenset()
        """Sentences without a claim whose match is possibly in the other article (a candidate reaches the bar)."""
        self.mentions: tuple[EntityMention, ...] = ()
        """Entity mentions, by offset."""
        self.mention_kinds: list[str] = []
        """The entity kind ("person", "place"...) of each mention."""
        self._mention_starts: list[int] = []
        self.focus_entity: str | None = None
        """Id of the entity whose mentions stand out, if any."""
        self.marks: dict[str, MarkLayer] = {}
        """Painted ranges by layer (see `MARK_LAYERS`), in the order they were first painted."""
        self.mode = DEFAULT_MODE
        """What is highlighted, one of `MODES`."""
        self.conflicts: frozenset[int] = frozenset()
        """Sentences whose figures conflict with their partner's."""
        self.conflict_figures = MarkLayer()
        """Where those conflicting figures are written."""

    def set_analysis(self, mentions: Sequence[EntityMention], strengths: dict[int, int],
                     only_here: frozenset[int], kinds: dict[str, str] | None = None,
                     conflicts: Mapping[int, Sequence[Span]] | None = None,
                     possible: frozenset[int] = frozenset()) -> None:
        """Take the pane's share of the analysis (see `ArticleView.set_analysis`).

        Args:
            kinds: each entity's kind, by entity id: every mention of an entity
                is coloured as the entity, whatever one mention was labelled.
            conflicts: the sentences whose figures conflict, with where the figures are.
            possible: the sentences without a claim whose match is possibly in the other article.
        """
        # Imported here: the parser's module is not needed before the analysis.
        from annotations.analysis.parsing import KIND_OF_LABEL

        kinds = kinds or {}
        self.mentions = tuple(sorted(mentions, key=lambda m: m.start))
        self._mention_starts = [m.start for m in self.mentions]
        self.mention_kinds = [kinds.get(m.entity) or KIND_OF_LABEL.get(m.label, "thing") for m in self.mentions]
        self.strength = dict(strengths)
        self.only_here = only_here
        self.possible = possible
        self.conflicts = frozenset(conflicts or ())
        self.conflict_figures = MarkLayer([span for spans in (conflicts or {}).values() for span in spans])

    def set_marks(self, layer: str, ranges: Sequence[Span]) -> None:
        """Paint `ranges` in `layer`, replacing what it painted before."""
        if layer not in MARK_LAYERS:
            raise ValueError(f"unknown mark layer {layer!r}")
        self.marks[layer] = MarkLayer(ranges)

    def marks_near(self, layer: str, start: int, end: int) -> list[Span]:
        """Ranges of `layer` that overlap `start:end`."""
        found = self.marks.get(layer)
        return found.near(start, end) if found is not None else []

    def mentions_between(self, start: int, end: int) -> Iterator[tuple[EntityMention, str]]:
        """The mentions overlapping `start:end`, each with its kind."""
        position = max(bisect_left(self._mention_starts, start) - 1, 0)
        for index in range(position, len(self.mentions)):
            mention = self.mentions[index]
            if mention.start >= end:
                break
            if mention.end > start:
                yield mention, self.mention_kinds[index]

    @property
    def claim_sentences(self) -> list[int]:
        """Sentences with a matching claim, in order."""
        return sorted(self.strength)

    @property
    def only_here_sentences(self) -> list[int]:
        """Sentences found only in this article, in order."""
        return sorted(self.only_here)

    def mention_sentences(self, layout: ArticleLayout) -> list[int]:
        """Sentences (units of `layout`) that mention the chosen entity, in order."""
        return sorted({
            unit for m in self.mentions if m.entity == self.focus_entity
            if (unit := layout.unit_at(m.start)) is not None
        })
