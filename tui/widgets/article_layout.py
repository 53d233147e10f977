"""The wrapped lines of an article at one width, and the maps between lines and sentences.

Built once per wrap (on resize, or when the sentences become known), so that
moving the cursor or drawing a line is a lookup, never a scan of the article.
Everything here is an offset into the article's text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from rich.cells import get_character_cell_size
from textual._wrap import compute_wrap_offsets

from annotations.sources.articles import Paragraph

#: A wrapped line: start and end offsets and the paragraph's index; the blank
#: line between two paragraphs has paragraph -1 and start == end.
Line = tuple[int, int, int]
#: First and last index of a range of lines or units (last < first: empty).
Range = tuple[int, int]


def wrap(text: str, paragraphs: Sequence[Paragraph], width: int) -> list[Line]:
    """The lines of `text` wrapped at `width` cells, paragraph by paragraph, a blank line between two."""
    lines: list[Line] = []
    for index, paragraph in enumerate(paragraphs):
        if index:
            lines.append((paragraph.start, paragraph.start, -1))
        chunk = text[paragraph.start:paragraph.end]
        breaks = [0, *compute_wrap_offsets(chunk, width, tab_size=8), len(chunk)]
        for left, right in zip(breaks, breaks[1:]):
            if right > left:
                lines.append((paragraph.start + left, paragraph.start + right, index))
    return lines


class ArticleLayout:
    """An article's text wrapped at `width`, with line <-> unit maps.

    Args:
        text: the text as shown (already through `display_text`).
        paragraphs: the article's paragraphs.
        units: the cursor's units (sentences, or paragraphs before the
            analysis), as sorted, non-overlapping (start, end) offsets.
        width: the wrap width in cells.
        lines: the lines of this text already wrapped at `width` (see
            `with_units`); None wraps it here.
    """

    def __init__(
        self, text: str, paragraphs: Sequence[Paragraph], units: Sequence[tuple[int, int]], width: int,
        lines: list[Line] | None = None,
    ) -> None:
        self.width = max(width, 4)
        self.lines: list[Line] = lines if lines is not None else wrap(text, paragraphs, self.width)
        self._text_lines = [i for i, line in enumerate(self.lines) if line[2] >= 0]
        self._text_line_starts = [self.lines[i][0] for i in self._text_lines]
        self.units = list(units)
        self._unit_starts = [start for start, _ in self.units]
        self._unit_ends = [end for _, end in self.units]
        self.unit_lines: list[Range] = [
            (self.line_of(start), self.line_of(max(start, end - 1))) for start, end in self.units
        ]
        self.line_units: list[Range] = [self._units_on(line) for line in self.lines]

    def __len__(self) -> int:
        return len(self.lines)

    def with_units(self, units: Sequence[tuple[int, int]]) -> ArticleLayout:
        """The same wrap with other units (the sentences, once known), without wrapping the text again.

        Builds only the maps, and touches nothing of this layout, so a worker
        thread can prepare it while the screen draws with this one.
        """
        return ArticleLayout("", (), units, self.width, lines=self.lines)

    def _units_on(self, line: Line) -> Range:
        start, end, paragraph = line
        if paragraph < 0:
            return (0, -1)
        return bisect_right(self._unit_ends, start), bisect_left(self._unit_starts, end) - 1

    def line_of(self, offset: int) -> int:
        """Index of the text line that holds `offset` (or the nearest before it)."""
        if not self._text_lines:
            return 0
        position = max(bisect_right(self._text_line_starts, offset) - 1, 0)
        return self._text_lines[position]

    def unit_at(self, offset: int) -> int | None:
        """Index of the unit that holds `offset`, if one does."""
        index = bisect_right(self._unit_starts, offset) - 1
        if 0 <= index < len(self.units) and offset < self._unit_ends[index]:
            return index
        return None

    def nearest_unit(self, line: int, offset: int) -> int | None:
        """The unit at `offset`, else the closest one on `line`, else the closest overall."""
        found = self.unit_at(offset)
        if found is not None or not self.units:
            return found
        first, last = self.line_units[line] if 0 <= line < len(self.lines) else (0, -1)
        candidates = range(first, last + 1) if last >= first else range(len(self.units))
        index = bisect_right(self._unit_starts, offset)
        near = [i for i in (index - 1, index) if 0 <= i < len(self.units)]
        in_line = [i for i in near if i in candidates]
        return (in_line or near)[0]

    def under(self, line: int, cell: int, text: str) -> tuple[int, int]:
        """The line (clamped to the last) and the text offset at column `cell` of `line`."""
        line = min(line, len(self.lines) - 1)
        return line, self.offset_at(line, cell, text)

    def offset_at(self, line: int, cell: int, text: str) -> int:
        """The text offset under column `cell` (0 = the first cell of text) of `line`."""
        start, end, _ = self.lines[line]
        x = 0
        for offset in range(start, end):
            x += get_character_cell_size(text[offset])
            if x > cell:
                return offset
        return max(start, end - 1)


def rewrap(
    old: ArticleLayout | None, text: str, paragraphs: Sequence[Paragraph], units: Sequence[tuple[int, int]],
    width: int,
) -> ArticleLayout | None:
    """The wrap of `text` at `width` with `units`; None when `old` is that wrap already.

    At the width of `old` only the units change (the sentences arrive): its
    lines are kept, and the text is not wrapped again.
    """
    if old is not None and old.width == max(width, 4):
        return None if old.units == list(units) else old.with_units(units)
    return ArticleLayout(text, paragraphs, units, width)
