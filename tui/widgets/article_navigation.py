"""Moving through an article view: the cursor keys, jumps, paging, clicks, quiet scrolling.

A mixin of `ArticleView`, kept apart so that each module stays small; it
works on the view's own state (`_units`, `_cursor`, `layout`...).
`ArticleView.BINDINGS` name these actions.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Sequence

from textual import events

#: Cells left of the text: the cursor pointer, the claim mark, a sign.
GUTTER = 3


class ArticleNavigation:
    """Cursor actions and scrolling for `ArticleView`."""

    # -- scrolling ----------------------------------------------------------

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Scroll without posting `Scrolled` (the reader's own moves)."""
        quiet, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = quiet

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if not self._quiet and round(old_value) != round(new_value):
            self.post_message(self.Scrolled(self))

    def _reveal(self, first: int, last: int) -> None:
        """Scroll (quietly) so lines first..last are on screen, with a little context."""
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        margin = min(2, max(0, (height - (last - first + 1)) // 2))
        if first - margin < top:
            target = first - margin
        elif last + margin >= top + height:
            target = min(first - margin, last + margin - height + 1)
        else:
            return
        self.follow(target)

    # -- actions ------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        """Move the cursor `step` sentences."""
        self.move_cursor(self._cursor + step)

    def _jump(self, targets: Sequence[int], step: int, what: str) -> None:
        found = [i for i in targets if (i > self._cursor if step > 0 else i < self._cursor)]
        if not found:
            self.notify(f"No {what} {'after' if step > 0 else 'before'} this one.", timeout=2)
            return
        self.move_cursor(min(found) if step > 0 else max(found))

    def action_claim(self, step: int) -> None:
        """Jump to the next (1) or previous (-1) sentence with a matching claim."""
        self._jump(self.claim_sentences, step, "matched claim")

    def action_only_here(self, step: int) -> None:
        """Jump to the next (1) or previous (-1) sentence found only in this article."""
        self._jump(self.only_here_sentences, step, "sentence found only here")

    def action_mention(self, step: int) -> None:
        """Jump to the next (1) or previous (-1) mention of the highlighted entity."""
        if self._focus_entity is None:
            self.notify("Choose an entity first (e).", timeout=2)
            return
        self._jump(self.mention_sentences(), step, "mention")

    def mention_sentences(self) -> list[int]:
        """Sentences that mention the highlighted entity, in order."""
        return sorted({
            unit for m in self._mentions if m.entity == self._focus_entity
            if (unit := self.layout.unit_at(m.start)) is not None
        })

    def action_page(self, step: int) -> None:
        """Scroll a page and put the cursor on the first sentence in view."""
        height = self.scrollable_content_region.height
        self.scroll_to(y=self.scroll_y + step * max(1, height - 2), animate=False, immediate=True)
        layout = self.layout
        top = min(round(self.scroll_y), len(layout) - 1)
        line = next((i for i in range(top, len(layout)) if layout.line_units[i][1] >= layout.line_units[i][0]), top)
        self.move_cursor(layout.line_units[line][0], reveal=False)

    def action_edge(self, step: int) -> None:
        """Put the cursor on the first (-1) or last (1) sentence."""
        self.move_cursor(0 if step < 0 else len(self._units) - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._units:
            return
        layout = self.layout
        line = min(round(self.scroll_y) + offset.y, len(layout) - 1)
        text_offset = layout.offset_at(line, offset.x - GUTTER, self._text)
        unit = layout.nearest_unit(line, text_offset)
        self.focus()
        if unit is not None:
            self.move_cursor(unit, reveal=False)
