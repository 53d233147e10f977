"""The strips of an article pane: each wrapped line drawn once per look and cached.

`ArticlePainter` is held by `ArticleView`: it keeps the styles worked out for
the current theme and a cache of drawn lines keyed on what changes a line's
look (the line, the wrap, the pane's look counter and the cursor/partner
state on it), so a cursor step redraws the rows it touches and nothing else.
"""

from __future__ import annotations

from textual.cache import LRUCache
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from annotations.sources.articles import Paragraph

from .article_highlights import ArticleHighlights
from .article_layout import ArticleLayout
from .article_lines import LineState, LineStyles, component_style, draw_line


class ArticlePainter:
    """Draws and caches the lines of one pane.

    Args:
        view: the pane (its theme, its component classes, its visual style).
    """

    def __init__(self, view: Widget) -> None:
        self._view = view
        self.look = 0
        """Bumped whenever something other than the cursor and partners changes the look."""
        self._cache: LRUCache[tuple[int, int, int, LineState], Strip] = LRUCache(1024)
        self._styles: tuple[int, LineStyles] | None = None  # and the look they were worked out for

    def restyle(self) -> None:
        """Forget every drawn line: the highlights, the marks or the theme changed."""
        self.look += 1
        self._cache.clear()

    def line_styles(self) -> LineStyles:
        """The styles of the current look (worked out once per look, not per line)."""
        if self._styles is None or self._styles[0] != self.look:
            self._styles = (self.look, LineStyles.of(self._view, self._styles[1] if self._styles else None))
        return self._styles[1]

    def style_of(self, name: str) -> Style:
        """A named style of the reader ("person", "claim-3"...; see `palette`), or a component's ("annotated")."""
        found = self.line_styles().palette.get(name)
        return found if found is not None else component_style(self._view, name)

    def strip(self, text: str, paragraphs: list[Paragraph] | tuple[Paragraph, ...], layout: ArticleLayout,
              index: int, state: LineState, highlights: ArticleHighlights) -> Strip:
        """Line `index` of `layout` as a strip, from the cache when its look has not changed."""
        key = (index, id(layout), self.look, state)
        strip = self._cache.get(key)
        if strip is None:
            content = draw_line(text, paragraphs, layout, index, state, highlights, self.line_styles())
            strip = Strip(content.render_segments(self._view.visual_style), content.cell_length)
            self._cache[key] = strip
        return strip
