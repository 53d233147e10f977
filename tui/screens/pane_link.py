"""Keeping the two panes level: the partners of the cursor's sentence, and where a line of one pane faces the other.

`PaneLink` is held by the `ReaderScreen`: it knows each sentence's partners
(from the claims) and the claims that anchor the alignment (see
`alignment`), and moves the other pane when the cursor moves or a pane is
scrolled, as Meld keeps two files level.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from annotations.sides import Side, other, pick

from ..alignment import claim_partners, map_line, ordered_pairs
from ..widgets.article_view import ArticleView

if TYPE_CHECKING:
    from annotations.analysis.comparison import Comparison


class PaneLink:
    """The partners and anchors of a pair, and the levelling of its panes.

    Args:
        view: the pane of a side.
    """

    def __init__(self, view: Callable[[Side], ArticleView]) -> None:
        self._view = view
        self.linked = True
        """Whether the panes scroll together."""
        self.partners: dict[Side, dict[int, list[int]]] = {"A": {}, "B": {}}
        self.best: dict[Side, dict[int, float]] = {"A": {}, "B": {}}
        """Each matched sentence's best claim score."""
        self._pairs: list[tuple[int, int]] = []

    def set_claims(self, comparison: Comparison) -> None:
        """Take the claims of the analysis: partners, best scores, anchors."""
        self.partners, self.best = claim_partners((c.a, c.b, c.score) for c in comparison.claims)
        self._pairs = ordered_pairs((c.a, c.b) for c in comparison.claims)

    def link(self, source: ArticleView, scroll: bool) -> None:
        """Highlight the partners of `source`'s sentence and (scroll, linked) level the other pane."""
        facing = self._view(other(source.side))
        partners = self.partners[source.side].get(source.cursor_sentence, []) if source.analysed else []
        source.set_partners(())
        facing.set_partners(partners)
        if not (scroll and self.linked):
            return
        if partners:
            # The best partner level with the cursor.
            facing.follow(facing.first_line_of(partners[0]) - source.cursor_row(), pad=True)
        else:
            # Level at the reading row, as the wheel does: a function of this
            # pane's scroll alone, so the other pane glides and never backs up.
            self.scrolled(source)

    def scrolled(self, source: ArticleView) -> None:
        """`source` scrolled: the other pane follows, level at the reading row."""
        row = source.reading_row()
        self._view(other(source.side)).follow(self.map(source, source.top_line + row) - row)

    def map(self, source: ArticleView, line: float) -> float:
        """The line of the other pane level with `line` of `source`."""
        facing = self._view(other(source.side))
        # Each claim as (its line in source, its line in the facing pane).
        anchors = [(source.first_line_of(pick(source.side, a, b)), facing.first_line_of(pick(source.side, b, a)))
                   for a, b in self._pairs]
        return map_line(anchors, line, len(source.article_layout), len(facing.article_layout))
