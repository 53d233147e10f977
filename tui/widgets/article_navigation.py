"""Where the cursor and the scroll of an article pane go: pure functions of the wrap and the cursor.

`ArticleView`'s actions ask these for a target, then move there; nothing
here touches a widget, so each rule can be tested on a layout alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from .article_layout import ArticleLayout


def jump_target(targets: Sequence[int], cursor: int, step: int) -> int | None:
    """The nearest of `targets` after (step > 0) or before (step < 0) the sentence `cursor`, if any."""
    found = [i for i in targets if (i > cursor if step > 0 else i < cursor)]
    if not found:
        return None
    return min(found) if step > 0 else max(found)


def first_unit_from(layout: ArticleLayout, top: int) -> int:
    """The first sentence that starts or continues on line `top` or below (a page's new cursor)."""
    top = min(top, len(layout) - 1)
    line = next((i for i in range(top, len(layout)) if layout.line_units[i][1] >= layout.line_units[i][0]), top)
    return layout.line_units[line][0]


def typewriter_top(first: int, last: int, reading_row: int, height: int) -> int:
    """The top line that puts lines first..last on the reading row, or higher when that would cut them off."""
    return min(first, max(first - reading_row, last - height + 2))


def reveal_top(first: int, last: int, top: int, height: int) -> int | None:
    """The top line that brings lines first..last on screen with a little context; None if they are."""
    margin = min(2, max(0, (height - (last - first + 1)) // 2))
    if first - margin < top:
        return first - margin
    if last + margin >= top + height:
        return min(first - margin, last + margin - height + 1)
    return None
