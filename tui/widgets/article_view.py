"""One article in a pane: wrapped text, a sentence cursor, entity colours and claim tints.

A Line API `ScrollView`: the text is wrapped once per width into an
`ArticleLayout`, and `render_line` draws only the visible rows, each kept in
an LRU cache keyed on what changes its look (the cursor or a partner on that
line, the wrap, the analysis). A cursor step therefore costs the rows on
screen, however long the article.

The article's text is untrusted: it goes through `display_text` and into
`Content` as plain text, never as markup.

Cursor and selection API (for the reader and for features built on it):
`cursor_sentence`, `cursor_span`, `move_cursor()`, `set_marks()` to paint
ranges of the text in a named layer, and the `CursorMoved` / `Scrolled`
messages.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Sequence

from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from annotations.sides import Side
from annotations.sources.articles import Article
from annotations.text import display_text

from . import palette
from .article_analysis import ArticleAnalysis
from .article_layout import ArticleLayout
from .article_lines import ArticleLines
from .article_navigation import GUTTER, ArticleNavigation

if TYPE_CHECKING:
    from annotations.analysis.entities import EntityMention

#: Entity kinds with a colour of their own, in legend order.
ENTITY_KINDS = ("person", "org", "place", "date", "money", "number", "group", "event", "thing")
#: Layers `set_marks` can paint (each has a component class article-view--mark-NAME).
MARK_LAYERS = ("annotation", "selection")


def merge_ranges(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint ranges covering the same offsets as `ranges`."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def claim_strength(score: float) -> int:
    """Tint level 1-3 for a claim score: the stronger the match, the stronger the tint."""
    return 3 if score >= 0.7 else 2 if score >= 0.5 else 1


class ArticleView(ArticleAnalysis, ArticleLines, ArticleNavigation, ScrollView, can_focus=True):
    """An article, wrapped to the pane, with a sentence cursor."""

    DEFAULT_CSS = """
    ArticleView {
        scrollbar-gutter: stable;
        overflow-x: hidden;
        height: 1fr;
        background: $surface;
        & > .article-view--mark-annotation { text-style: underline; }
        & > .article-view--mark-selection { background: $primary 40%; }
        & > .article-view--annotated { color: $text-accent; text-style: bold; }
    }
    """

    # The reader's own colours come from `palette`; component classes are kept
    # for the marks that other features paint (see `set_marks`).
    COMPONENT_CLASSES = {
        *(f"article-view--mark-{layer}" for layer in MARK_LAYERS),
        "article-view--annotated",
    }

    BINDINGS = [
        Binding("j,down", "cursor(1)", "Next sentence", show=False),
        Binding("k,up", "cursor(-1)", "Previous sentence", show=False),
        Binding("right_square_bracket", "claim(1)", "Next claim", key_display="]"),
        Binding("left_square_bracket", "claim(-1)", "Prev claim", key_display="[", show=False),
        Binding("right_curly_bracket", "only_here(1)", "Next only-here", key_display="}", show=False),
        Binding("left_curly_bracket", "only_here(-1)", "Prev only-here", key_display="{", show=False),
        Binding("n", "mention(1)", "Next mention", show=False),
        Binding("N", "mention(-1)", "Previous mention", show=False),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home,g", "edge(-1)", "First sentence", show=False),
        Binding("end,G", "edge(1)", "Last sentence", show=False),
    ]

    class CursorMoved(Message):
        """The cursor of `view` is on a new sentence."""

        def __init__(self, view: ArticleView) -> None:
            super().__init__()
            self.view = view

        @property
        def control(self) -> ArticleView:
            return self.view

    class Painted(Message):
        """The text of `view` reached the screen for the first time."""

        def __init__(self, view: ArticleView) -> None:
            super().__init__()
            self.view = view

    class Scrolled(Message):
        """The person scrolled `view` (wheel, scrollbar, page keys), not the reader."""

        def __init__(self, view: ArticleView) -> None:
            super().__init__()
            self.view = view

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.Scrolled) and message.view is self.view

    def __init__(self, article: Article, side: Side, *, id: str | None = None) -> None:
        """Args:
        article: the article to show.
        side: "A" or "B", the article's side in the comparison.
        """
        super().__init__(id=id)
        self.article = article
        self.side = side
        self._text = display_text(article.text)
        self._units: list[tuple[int, int]] = [(p.start, p.end) for p in article.paragraphs]
        self._layout: ArticleLayout | None = None
        self._cursor = 0
        self._quiet = False
        self._painted = False
        self._strength: dict[int, int] = {}
        self._only_here: frozenset[int] = frozenset()
        self._partners: frozenset[int] = frozenset()
        self._mentions: tuple[EntityMention, ...] = ()
        self._mention_starts: list[int] = []
        self._mention_kinds: list[str] = []
        self._focus_entity: str | None = None
        self._marks: dict[str, list[tuple[int, int]]] = {}
        self._mark_index: dict[str, tuple] = {}  # per layer: (ranges, starts, longest), see _marks_near
        self._look = 0  # bumped whenever something other than cursor/partners changes the look
        self._cache: LRUCache[tuple, Strip] = LRUCache(1024)
        self._palette: dict[str, Style] = {}
        self._palette_key: tuple | None = None
        self._palette_look = -1
        self.analysed = False
        """True once sentences (not paragraphs) are the cursor's units."""
        self.typewriter = True
        self.cursor_hook: Callable[[ArticleView], None] | None = None
        """Called as soon as the cursor moves, before `CursorMoved` is posted: the
        reader levels the other pane here, so that both panes change in one frame
        (a message is handled a tick later, and would cost a second frame)."""
        """Keep the cursor on the reading row while it moves (the reader sets it when linked)."""

    # -- public API ---------------------------------------------------------

    @property
    def layout(self) -> ArticleLayout:
        """The current wrap (built on first use at the current width)."""
        if self._layout is None:
            self._rewrap()
        assert self._layout is not None
        return self._layout

    @property
    def cursor_sentence(self) -> int:
        """Index of the sentence under the cursor (a paragraph before the analysis)."""
        return self._cursor

    @property
    def cursor_span(self) -> tuple[int, int] | None:
        """Offsets in `article.text` of the sentence under the cursor."""
        return self._units[self._cursor] if self._units else None

    @property
    def unit_count(self) -> int:
        return len(self._units)

    @property
    def partner_sentences(self) -> frozenset[int]:
        """Sentences highlighted as partners of the other pane's current sentence."""
        return self._partners

    @property
    def claim_sentences(self) -> list[int]:
        """Sentences with a matching claim, in order."""
        return sorted(self._strength)

    @property
    def only_here_sentences(self) -> list[int]:
        """Sentences found only in this article, in order."""
        return sorted(self._only_here)

    @property
    def focus_entity(self) -> str | None:
        """Id of the entity whose mentions are highlighted, if any."""
        return self._focus_entity

    def set_partners(self, sentences: Sequence[int]) -> None:
        """Highlight `sentences` as the partners of the other pane's current sentence."""
        if frozenset(sentences) != self._partners:
            self._partners = frozenset(sentences)
            self.refresh()

    def set_focus_entity(self, entity_id: str | None) -> None:
        """Highlight every mention of one entity (None: none)."""
        self._focus_entity = entity_id
        self._restyle()

    def set_marks(self, layer: str, ranges: Sequence[tuple[int, int]]) -> None:
        """Paint text ranges (offsets into `article.text`) in a named layer of `MARK_LAYERS`."""
        if layer not in MARK_LAYERS:
            raise ValueError(f"unknown mark layer {layer!r}")
        # One layer has one look, so overlapping ranges are painted as their union.
        self._marks[layer] = merge_ranges(ranges)
        self._restyle()

    def _marks_near(self, layer: str, start: int, end: int) -> list[tuple[int, int]]:
        """Ranges of `layer` that overlap `start:end`.

        Bisects the ranges (sorted by start) instead of scanning them all, so
        that thousands of annotations cost little per line drawn.
        """
        ranges = self._marks.get(layer)
        if not ranges:
            return []
        index = self._mark_index.get(layer)
        if index is None or index[0] is not ranges:
            index = self._mark_index[layer] = (ranges, [a for a, _ in ranges], max(b - a for a, b in ranges))
        _, starts, longest = index
        low, high = bisect_left(starts, start - longest), bisect_left(starts, end)
        return [(a, b) for a, b in ranges[low:high] if b > start]

    def move_cursor(self, index: int, *, reveal: bool = True) -> None:
        """Put the cursor on unit `index` and tell the screen.

        Args:
            index: the sentence (clamped to the article).
            reveal: scroll so the sentence is on screen.
        """
        if not self._units:
            return
        self._cursor = max(0, min(index, len(self._units) - 1))
        if reveal:
            first, last = self.layout.unit_lines[self._cursor]
            if self.typewriter:
                # On the reading row, or higher when that would cut the sentence off.
                height = self.scrollable_content_region.height
                self.follow(min(first, max(first - self.reading_row(), last - height + 2)))
            else:
                self._reveal(first, last)
        self.refresh()
        if self.cursor_hook is not None:
            self.cursor_hook(self)
        self.post_message(self.CursorMoved(self))

    def reading_row(self) -> int:
        """The row, a third of the way down, where the cursor rests and the panes are levelled."""
        return max(1, self.scrollable_content_region.height // 3)

    def cursor_row(self) -> int:
        """Screen row (from the top of the pane) of the cursor's first line."""
        return self.layout.unit_lines[self._cursor][0] - round(self.scroll_y) if self._units else 0

    def first_line_of(self, index: int) -> int:
        """The wrapped line on which unit `index` starts."""
        return self.layout.unit_lines[index][0]

    def follow(self, y: float) -> None:
        """Scroll to line `y` as the other pane's partner; posts no `Scrolled`."""
        with self._quietly():
            self.scroll_to(y=max(0, round(y)), animate=False, immediate=True)

    # -- drawing ------------------------------------------------------------

    def style_of(self, name: str) -> Style:
        """A named style of the reader ("person", "claim-3", "cursor"...; see `palette`).

        Also the component classes' styles ("mark-annotation", "annotated").
        """
        found = self._styles().get(name)
        return found if found is not None else self._style(name)

    def _styles(self) -> dict[str, Style]:
        """The palette for the current theme (rebuilt when the theme changes)."""
        if self._palette_look == self._look:
            # Nothing restyled since the last look-up: every line of a frame asks.
            return self._palette
        self._palette_look = self._look
        theme = self.app.current_theme
        base = self.visual_style
        key = (theme.name, base.background, base.foreground)
        if self._palette_key != key:
            self._palette = palette.build(self.app.get_css_variables(), theme.dark,
                                          base.background, base.foreground)
            self._palette_key = key
        return self._palette

    def _style(self, name: str) -> Style:
        """A component's colour and text style, to layer over the text."""
        return self.get_visual_style(f"article-view--{name}", partial=True)

    def _layer(self, name: str) -> Style:
        """A mark layer: its colour and text style, and its background if it sets one."""
        partial = self._style(name)
        if partial.background is None or partial.background.a == 0:
            return partial
        return replace(partial, background=self.get_visual_style(f"article-view--{name}").background)

    def _restyle(self) -> None:
        self._look += 1
        self._cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._restyle()

    def _on_resize(self, event: events.Resize) -> None:
        self._rewrap()

    def on_focus(self) -> None:
        self.refresh()  # the cursor is drawn brighter in the focused pane

    def on_blur(self) -> None:
        self.refresh()

    def _rewrap(self) -> None:
        """Wrap to the current width, keeping the top line's text at the top."""
        width = self.scrollable_content_region.width - GUTTER - 1
        if self._layout is not None and self._layout.width == max(width, 4) and self._layout.units == self._units:
            return
        old = self._layout
        top = old.lines[min(round(self.scroll_y), len(old) - 1)][0] if old is not None and len(old) else 0
        if old is not None and old.width == max(width, 4):
            # Same width, new units (the sentences): the text's lines stay as they are.
            self._layout = old.with_units(self._units)
        else:
            self._layout = ArticleLayout(self._text, self.article.paragraphs, self._units, width)
        self._restyle()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._layout))
        if old is not None:
            self.follow(self._layout.line_of(top))

    def render_line(self, y: int) -> Strip:
        if not self._painted:
            # Handled once this frame is written: work that can wait (spaCy,
            # the database) waits for it.
            self._painted = True
            self.post_message(self.Painted(self))
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        layout = self.layout
        index = scroll_y + y
        if index >= len(layout):
            return Strip.blank(width, self.visual_style.rich_style)
        first, last = layout.line_units[index]
        cursor = (self._cursor, self.has_focus) if first <= self._cursor <= last else None
        partners = tuple(p for p in self._partners if first <= p <= last)
        key = (index, id(layout), self._look, cursor, partners)
        strip = self._cache.get(key)
        if strip is None:
            content = self._line_content(index, cursor is not None, partners)
            strip = Strip(content.render_segments(self.visual_style), content.cell_length)
            self._cache[key] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, self.visual_style.rich_style)
