"""Searching both articles: every hit of a term in both panes, and walking them.

`/` opens the search bar; each keystroke searches both texts again
(case-insensitive), paints every hit in the panes' "search" layer, and the
status line says how many there are. `>` and `<` walk the hits of the pane
being read and cross to the other pane when it has no more. `escape`
clears the search. `Finder` is a plain object the `ReaderScreen` holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from annotations.sides import SIDES, Side, other

from ..widgets.article_navigation import jump_target
from ..widgets.article_view import ArticleView

Span = tuple[int, int]
#: Hits painted at most per pane: a one-letter term in a long article would otherwise paint thousands.
MAX_HITS = 5000


def find_hits(text: str, term: str, limit: int = MAX_HITS) -> list[Span]:
    """Where `term` occurs in `text`, ignoring case, as (start, end) offsets; at most `limit`."""
    if not term:
        return []
    found: list[Span] = []
    for match in re.finditer(re.escape(term), text, re.IGNORECASE):
        found.append(match.span())
        if len(found) >= limit:
            break
    return found


class Finder:
    """The search term, its hits in each pane, and the walk through them.

    Args:
        view: the pane of a side.
    """

    def __init__(self, view: Callable[[Side], ArticleView]) -> None:
        self._view = view
        self.term = ""
        """The term searched for ("" when no search is active)."""
        self.hits: dict[Side, list[Span]] = {"A": [], "B": []}

    @property
    def count(self) -> int:
        return sum(len(h) for h in self.hits.values())

    def search(self, term: str) -> None:
        """Search both articles for `term` and paint the hits ("" clears)."""
        self.term = term
        for side in SIDES:
            view = self._view(side)
            self.hits[side] = find_hits(view.article.text, term)
            view.set_marks("search", self.hits[side])

    def clear(self) -> bool:
        """Clear the search; False when none was active."""
        if not self.term:
            return False
        self.search("")
        return True

    def _sentences(self, side: Side) -> list[int]:
        layout = self._view(side).article_layout
        return sorted({u for start, _ in self.hits[side] if (u := layout.unit_at(start)) is not None})

    def walk(self, view: ArticleView, step: int) -> str:
        """Move to the next (1) or previous (-1) sentence with a hit; cross panes when this one has no more.

        Returns:
            What to say when there is nothing to walk to ("" when the cursor moved).
        """
        if not self.term:
            return "No search: / searches both articles."
        if not self.count:
            return f"No hits for “{self.term}”."
        target = jump_target(self._sentences(view.side), view.cursor_sentence, step)
        if target is not None:
            view.move_cursor(target)
            return ""
        facing = self._view(other(view.side))
        sentences = self._sentences(facing.side)
        if not sentences:
            return f"No more hits for “{self.term}”."
        facing.focus()
        facing.move_cursor(sentences[0] if step > 0 else sentences[-1])
        return ""

    def position(self, view: ArticleView) -> str:
        """Where the cursor is among the hits, for the status line ("/putin 3 in A, 5 in B")."""
        if not self.term:
            return ""
        return f"/{self.term} {len(self.hits['A'])} in A, {len(self.hits['B'])} in B"
