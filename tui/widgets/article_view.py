"""One article in a pane: wrapped text, a sentence cursor, entity colours and claim tints.

A Line API `ScrollView` that holds its models rather than inheriting them:
the wrap (`ArticleLayout`), what is highlighted (`ArticleHighlights`), where
the cursor goes (`article_navigation`), the cached strips (`ArticlePainter`,
drawn by the pure `draw_line`), so a cursor step costs the rows on screen.
The text is untrusted: it goes through `display_text`, never as markup.

For the reader: `cursor_sentence`, `cursor_span`, `move_cursor()`,
`set_marks()`, the `cursor_hook` and the `Painted` / `Scrolled` messages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from annotations.sides import Side
from annotations.sources.articles import Article
from annotations.text import display_text

from .article_highlights import MARK_LAYERS, ArticleHighlights, Span
from .article_layout import ArticleLayout, rewrap
from .article_lines import GUTTER, LineState
from .article_navigation import first_unit_from, jump_target, reveal_top, typewriter_top
from .article_painter import ArticlePainter

if TYPE_CHECKING:  # entity linking (and rapidfuzz) is loaded by the analysis worker
    from annotations.analysis.entities import EntityMention


#: The widest a line of text gets, in cells: past it, lines are hard to follow back to their start.
MEASURE = 84


class ArticleView(ScrollView, can_focus=True):
    """An article, wrapped to the pane, with a sentence cursor."""

    DEFAULT_CSS = """
    ArticleView {
        scrollbar-gutter: stable;
        overflow-x: hidden;
        height: 1fr;
        background: $surface;
        & > .article-view--mark-annotation { text-style: underline; }
        & > .article-view--mark-search { background: $warning 45%; color: $text; }
        & > .article-view--annotated { color: $text-accent; text-style: bold; }
    }
    """

    # The reader's own colours come from `palette`; component classes are kept
    # for the marks that other features paint (see `set_marks`).
    COMPONENT_CLASSES = {*(f"article-view--mark-{layer}" for layer in MARK_LAYERS), "article-view--annotated"}

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
        self.side: Side = side
        self._text = display_text(article.text)
        self._units: list[Span] = [(p.start, p.end) for p in article.paragraphs]
        self._layout: ArticleLayout | None = None
        self._wraps: dict[int, ArticleLayout] = {}
        """The last few wraps by width: the entity list opening and closing goes back and forth between two."""
        self._cursor = 0
        self._partners: frozenset[int] = frozenset()
        self.highlights = ArticleHighlights()
        """Claims, only-here sentences, entities and marks of this pane."""
        self._quiet = False
        self._pad = 0
        """Blank lines above the text, while a pair near its start is level with its partner (see `follow`)."""
        self._painted = False
        self._painter = ArticlePainter(self)
        self.analysed = False
        """True once sentences (not paragraphs) are the cursor's units."""
        self.typewriter = True
        """Keep the cursor on the reading row while it moves (the reader sets it when linked)."""
        self.waiting = "The analysis is still running."
        """What `]`, `}` say before the analysis ends (the reader keeps it up to date)."""
        self.edge_hook: Callable[[ArticleView, int], bool] | None = None
        """Called when `n`/`N` run out of mentions here: True when the reader went to the other pane."""
        self.cursor_hook: Callable[[ArticleView], None] | None = None
        """Called as soon as the cursor moves: the reader levels the other pane and stretches a
        selection here, so both change in one frame and before the next key (a message is handled
        a tick later, after keys already queued)."""

    # -- public API ---------------------------------------------------------

    @property
    def article_layout(self) -> ArticleLayout:
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
    def cursor_span(self) -> Span | None:
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
    def focus_entity(self) -> str | None:
        """Id of the entity whose mentions are highlighted, if any."""
        return self.highlights.focus_entity

    def set_partners(self, sentences: Sequence[int]) -> None:
        """Highlight `sentences` as the partners of the other pane's current sentence."""
        if frozenset(sentences) != self._partners:
            self._partners = frozenset(sentences)
            self.refresh()

    def set_focus_entity(self, entity_id: str | None) -> None:
        """Highlight every mention of one entity (None: none)."""
        self.highlights.focus_entity = entity_id
        self._restyle()

    def set_mode(self, mode: str) -> None:
        """Highlight claims, differences, entities or nothing (see `MODES`)."""
        self.highlights.mode = mode
        self._restyle()

    def set_marks(self, layer: str, ranges: Sequence[Span]) -> None:
        """Paint text ranges (offsets into `article.text`) in a named layer of `MARK_LAYERS`."""
        self.highlights.set_marks(layer, ranges)
        self._restyle()

    def mention_sentences(self) -> list[int]:
        """Sentences that mention the highlighted entity, in order."""
        return self.highlights.mention_sentences(self.article_layout)

    def go_to(self, index: int) -> None:
        """Take the keyboard and put the cursor on unit `index`: where a list or a dialog sends the reader."""
        self.focus()
        self.move_cursor(index)

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
            first, last = self.article_layout.unit_lines[self._cursor]
            height = self.scrollable_content_region.height
            if self.typewriter:
                self.follow(typewriter_top(first, last, self.reading_row(), height))
            elif (top := reveal_top(first, last, self.top_line, height)) is not None:
                self.follow(top)
        self.refresh()
        if self.cursor_hook is not None:
            self.cursor_hook(self)

    def reading_row(self) -> int:
        """The row, a third of the way down, where the cursor rests and the panes are levelled."""
        return max(1, self.scrollable_content_region.height // 3)

    def cursor_row(self) -> int:
        """Screen row (from the top of the pane) of the cursor's first line."""
        return self.article_layout.unit_lines[self._cursor][0] - self.top_line if self._units else 0

    @property
    def top_line(self) -> int:
        """The wrapped line at the pane's top row (below 0 while blank lines are above the text)."""
        return round(self.scroll_y) - self._pad

    def first_line_of(self, index: int) -> int:
        """The wrapped line on which unit `index` starts."""
        return self.article_layout.unit_lines[index][0]

    def follow(self, y: float, pad: bool = False) -> None:
        """Scroll to line `y` as the other pane's partner; posts no `Scrolled`.

        Args:
            pad: `y` may be above the first line: blank lines then come above
                the text, as Meld pads the shorter file, so that a sentence
                near the start is level with its partner. Any other scroll
                takes them away: the first line sits at the top as before.
        """
        y = round(y)
        if (padding := max(0, -y) if pad else 0) != self._pad:
            self._pad = padding
            if self._layout is not None:
                self.virtual_size = self._padded_size(self._layout)
            self.refresh()
        quiet, self._quiet = self._quiet, True
        try:
            self.scroll_to(y=max(0, y + self._pad), animate=False, immediate=True)
        finally:
            self._quiet = quiet

    def text_offset_at(self, event: events.MouseEvent) -> tuple[int, int] | None:
        """The wrapped line and the offset into `article.text` under the mouse; None off the text."""
        offset = event.get_content_offset(self)
        if offset is None or not self._units:
            return None
        return self.article_layout.under(self.top_line + offset.y, offset.x - GUTTER, self._text)

    # -- the analysis -------------------------------------------------------
    # A long article's maps take tens of milliseconds: the worker prepares them.

    def prepare_layout(self, sentences: Sequence[Span]) -> ArticleLayout | None:
        """The wrap with `sentences` as units, for `set_analysis` (None before the first wrap).

        Changes nothing of the pane: safe to call from a worker thread."""
        layout = self._layout
        return layout.with_units(sentences) if layout is not None else None

    def set_analysis(
        self,
        sentences: Sequence[Span],
        mentions: Sequence[EntityMention],
        strengths: dict[int, int],
        only_here: frozenset[int],
        layout: ArticleLayout | None = None,
        kinds: dict[str, str] | None = None,
        conflicts: Mapping[int, Sequence[Span]] | None = None,
        possible: frozenset[int] = frozenset(),
    ) -> None:
        """Switch the cursor to sentences and show entities and claims.

        Args:
            sentences: (start, end) offsets of every sentence, in order.
            mentions: entity mentions, in order of offset.
            strengths: tint level (1-3) of each sentence that has a matching claim.
            only_here: sentences that could be claims but match nothing, not even possibly.
            layout: the current wrap with these sentences, prepared off the
                main thread by `prepare_layout`; ignored if the pane has been
                wrapped again since.
            kinds: each entity's kind by id (all its mentions get its colour).
            conflicts: sentences whose figures conflict, with the figures' offsets.
            possible: sentences without a claim whose match is possibly in the other article
                (`Comparison.possibly_in`).
        """
        offset = self._units[self._cursor][0] if self._units else 0
        self._units = list(sentences)
        self.highlights.set_analysis(mentions, strengths, only_here, kinds, conflicts, possible)
        self.analysed = True
        if layout is not None and self._layout is not None and layout.lines is self._layout.lines \
                and layout.units == self._units:
            self._keep(layout)
            self._restyle()
        else:
            self._rewrap()
        self._cursor = self.article_layout.nearest_unit(self.article_layout.line_of(offset), offset) or 0

    # -- actions ------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        """Move the cursor `step` sentences."""
        self.move_cursor(self._cursor + step)

    def _jump(self, targets: Sequence[int], step: int, what: str) -> bool:
        if not self.analysed and what != "mention":
            self.notify(self.waiting, timeout=2, markup=False)
            return False
        target = jump_target(targets, self._cursor, step)
        if target is None:
            if what != "mention" or self.edge_hook is None or not self.edge_hook(self, step):
                self.notify(f"No {what} {'after' if step > 0 else 'before'} this one.", timeout=2)
            return False
        self.move_cursor(target)
        return True

    def action_claim(self, step: int) -> None:
        """Jump to the next (1) or previous (-1) sentence with a matching claim."""
        self._jump(self.highlights.claim_sentences, step, "matched claim")

    def action_only_here(self, step: int) -> None:
        """Jump to the next (1) or previous (-1) sentence found only in this article."""
        self._jump(self.highlights.only_here_sentences, step, "sentence found only here")

    def action_mention(self, step: int) -> None:
        """Jump to the next (1) or previous (-1) mention of the highlighted entity."""
        if self.highlights.focus_entity is None:
            self.notify("Choose an entity first (e).", timeout=2)
            return
        self._jump(self.mention_sentences(), step, "mention")

    def action_page(self, step: int) -> None:
        """Scroll a page and put the cursor on the first sentence in view."""
        height = self.scrollable_content_region.height
        self.scroll_to(y=self.scroll_y + step * max(1, height - 2), animate=False, immediate=True)
        self.move_cursor(first_unit_from(self.article_layout, max(0, self.top_line)), reveal=False)

    def action_edge(self, step: int) -> None:
        """Put the cursor on the first (-1) or last (1) sentence."""
        self.move_cursor(0 if step < 0 else len(self._units) - 1)

    # -- events -------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        found = self.text_offset_at(event)
        if found is None:
            return
        unit = self.article_layout.nearest_unit(*found)
        self.focus()
        if unit is not None:
            self.move_cursor(unit, reveal=False)

    def on_focus(self) -> None:
        self.refresh()  # the cursor is drawn brighter in the focused pane

    on_blur = on_focus

    def _on_resize(self, event: events.Resize) -> None:
        self._rewrap()
        if self._layout is not None:
            self.virtual_size = self._padded_size(self._layout)

    def _padded_size(self, layout: ArticleLayout) -> Size:
        """The wrapped lines, and blank room below them for the last to come up to the reading row
        (and above them while `follow` pads the start).

        As Meld pads the shorter file: near the end of an article, its
        sentence can still be level with its partner in the other pane.
        """
        height = self.scrollable_content_region.height
        return Size(self.scrollable_content_region.width,
                    self._pad + len(layout) + max(0, height - 1 - self.reading_row()))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._restyle()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if not self._quiet and round(old_value) != round(new_value):
            self.post_message(self.Scrolled(self))

    # -- drawing ------------------------------------------------------------

    def style_of(self, name: str) -> Style:
        """A named style of the reader ("person", "claim-3"...; see `palette`), or a component's ("annotated")."""
        return self._painter.style_of(name)

    def _restyle(self) -> None:
        self._painter.restyle()
        self.refresh()

    def _keep(self, layout: ArticleLayout) -> None:
        """Make `layout` the current wrap, and remember it by its width (the last four widths)."""
        self._layout = layout
        self._wraps.pop(layout.width, None)
        self._wraps[layout.width] = layout
        while len(self._wraps) > 4:
            del self._wraps[next(iter(self._wraps))]

    def _rewrap(self) -> None:
        """Wrap to the current width, keeping the top line's text at the top."""
        old = self._layout
        width = max(min(self.scrollable_content_region.width - GUTTER - 1, MEASURE), 4)
        kept = self._wraps.get(width)
        if kept is not None and kept is not old and kept.units == list(self._units):
            layout: ArticleLayout | None = kept
        else:
            layout = rewrap(old, self._text, self.article.paragraphs, self._units, width)
        if layout is None:
            return
        top = old.lines[min(max(0, self.top_line), len(old) - 1)][0] if old is not None and len(old) else 0
        self._keep(layout)
        self._restyle()
        self.virtual_size = self._padded_size(layout)
        if old is not None:
            self.follow(layout.line_of(top))

    def render_line(self, y: int) -> Strip:
        if not self._painted:
            # Handled once this frame is written: work that can wait (spaCy, the database) waits for it.
            self._painted = True
            self.post_message(self.Painted(self))
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        layout = self.article_layout
        index = scroll_y + y - self._pad
        if not 0 <= index < len(layout):
            return Strip.blank(width, self.visual_style.rich_style)
        state = LineState.at(layout, index, self._cursor, self.has_focus, self._partners)
        strip = self._painter.strip(self._text, self.article.paragraphs, layout, index, state, self.highlights)
        return strip.crop_extend(scroll_x, scroll_x + width, self.visual_style.rich_style)
