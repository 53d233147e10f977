"""Drawing one wrapped line of an article pane: tints, cursor, partners, entities, marks, gutter.

`draw_line` is a pure function of the line and of the pane's state, given
as plain values (`LineState`, `ArticleHighlights`, `LineStyles`); it needs
no app, so a test can draw a line and read its styles. `ArticleView` turns
the result into a cached `Strip`, keyed on the same values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from textual.color import Color
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

from annotations.sources.articles import HEADLINE, Paragraph

from . import palette
from .article_highlights import MARK_LAYERS, ArticleHighlights
from .article_layout import ArticleLayout

#: Paragraph kinds shown dimmed: page furniture, never read as claims.
DIM_KINDS = frozenset({"caption", "credit", "meta", "residue"})
#: Cells left of the text: the cursor pointer, the claim mark, a sign.
GUTTER = 3


@dataclass(frozen=True)
class LineStyles:
    """Every style a line is drawn with, for one theme."""

    palette: Mapping[str, Style]
    """The reader's named styles (see `palette.build`)."""
    marks: Mapping[str, Style]
    """The look of each mark layer."""
    annotated: Style
    """The gutter sign of a line that holds annotated text."""
    theme: tuple[object, ...] = ()
    """The theme and pane colours the palette was built for."""

    @classmethod
    def of(cls, view: Widget, previous: LineStyles | None = None) -> LineStyles:
        """The styles of an article pane for its theme now; the palette of `previous` is kept if the theme is.

        The palette is worked out from the theme's colours (see `palette`);
        the mark layers and the gutter sign are the pane's component classes.
        """
        theme = view.app.current_theme
        base = view.visual_style
        background = base.background if base.background is not None else Color(0, 0, 0)
        foreground = base.foreground if base.foreground is not None else Color(255, 255, 255)
        key = (theme.name, background, foreground)
        colours = previous.palette if previous is not None and previous.theme == key else \
            palette.build(view.app.get_css_variables(), theme.dark, background, foreground)
        marks = {layer: _layer_style(view, f"mark-{layer}") for layer in MARK_LAYERS}
        marks["selection"] = colours["selection"]  # from the theme: see `palette`
        return cls(colours, marks, component_style(view, "annotated"), key)


def component_style(view: Widget, name: str) -> Style:
    """A component's colour and text style (class article-view--NAME), to layer over the text."""
    return view.get_visual_style(f"article-view--{name}", partial=True)


def _layer_style(view: Widget, name: str) -> Style:
    """A mark layer: its colour and text style, and its background if it sets one."""
    partial = component_style(view, name)
    if partial.background is None or partial.background.a == 0:
        return partial
    return replace(partial, background=view.get_visual_style(f"article-view--{name}").background)


@dataclass(frozen=True)
class LineState:
    """What of the cursor and the partners is on one line (with the line, the key of its cached strip)."""

    cursor: int | None = None
    """The cursor's sentence, when it is on this line."""
    focused: bool = False
    """Whether the pane has the focus: only then is the cursor filled."""
    pointer: bool = False
    """Whether the cursor's sentence starts on this line (the gutter shows ▶)."""
    partners: tuple[int, ...] = ()
    """Partner sentences on this line."""

    @classmethod
    def at(cls, layout: ArticleLayout, index: int, cursor: int, focused: bool, partners: Iterable[int]) -> LineState:
        """The state of line `index` with the cursor on sentence `cursor` and these partners."""
        first, last = layout.line_units[index]
        here = first <= cursor <= last
        return cls(
            cursor=cursor if here else None,
            focused=here and focused,
            pointer=here and layout.unit_lines[cursor][0] == index,
            partners=tuple(sorted(p for p in partners if first <= p <= last)),
        )


def draw_line(
    text: str, paragraphs: Sequence[Paragraph], layout: ArticleLayout, index: int,
    state: LineState, highlights: ArticleHighlights, styles: LineStyles,
) -> Content:
    """Line `index` of `layout`, gutter first.

    Args:
        text: the article's text as shown (through `display_text`).
        paragraphs: the article's paragraphs (their kinds dim or embolden lines).
        layout: the wrap, whose units are the cursor's.
        index: the line to draw.
        state: the cursor and partners on this line.
        highlights: claims, only-here sentences, mentions and marks of the pane.
        styles: the look of each of them.
    """
    palette = styles.palette
    start, end, paragraph = layout.lines[index]
    if paragraph < 0:
        return Content("")
    content = Content(text[start:end])
    kind = paragraphs[paragraph].kind
    if kind in DIM_KINDS:
        content = content.stylize(palette["dim"], 0, end - start)
    elif kind == HEADLINE:
        content = content.stylize(palette["headline"], 0, end - start)
    first, last = layout.line_units[index]
    mode = highlights.mode
    mark, mark_style = " ", None
    for unit in range(first, last + 1):
        a, b = layout.units[unit]
        left, right = max(a, start) - start, min(b, end) - start
        if unit in highlights.conflicts:
            # What a fact-checker hunts first: shown in every mode but "nothing".
            if mode != "nothing":
                content = content.stylize(palette["conflict"], left, right)
            mark, mark_style = "!", palette["mark-conflict"]
        elif unit in highlights.strength:
            if mode == "claims":
                content = content.stylize(palette[f"claim-{highlights.strength[unit]}"], left, right)
            if mark == " ":
                mark, mark_style = "┃", palette["mark-claim" if mode == "claims" else "mark-faint"]
        elif unit in highlights.only_here:
            if mode == "differences":
                content = content.stylize(palette["lone"], left, right)
            if mark == " ":
                mark, mark_style = "┊", palette["mark-only"]
        elif unit in highlights.possible:
            # Not alone: a candidate of the other article reaches the bar. Lighter, and its own mark.
            if mode == "differences":
                content = content.stylize(palette["possible"], left, right)
            if mark == " ":
                mark, mark_style = "≈", palette["mark-possible"]
        if unit in state.partners:
            content = content.stylize(palette["partner"], left, right)
        if unit == state.cursor and state.focused:
            # Only the focused pane fills its cursor; the other keeps the pointer
            # alone, so its partner highlight is the one thing that stands out.
            content = content.stylize(palette["cursor"], left, right)
    for mention, mention_kind in highlights.mentions_between(start, end):
        left, right = max(mention.start, start) - start, min(mention.end, end) - start
        if mode == "entities":
            content = content.stylize(palette[mention_kind], left, right)
        if mention.entity == highlights.focus_entity:
            content = content.stylize(palette["entity-focus"], left, right)
    if mode != "nothing":
        for a, b in highlights.conflict_figures.near(start, end):
            content = content.stylize(palette["figure-conflict"], max(a, start) - start, min(b, end) - start)
    for layer in highlights.marks:
        for a, b in highlights.marks_near(layer, start, end):
            content = content.stylize(styles.marks[layer], max(a, start) - start, min(b, end) - start)
    pointer = "▶" if state.pointer else " "
    # A sign in the last gutter cell on every line that holds annotated text.
    sign = ("•", styles.annotated) if highlights.marks_near("annotation", start, end) else " "
    gutter = Content.assemble((pointer, palette["pointer"]), (mark, mark_style) if mark_style else mark, sign)
    return gutter + content
