"""Drawing a line of an article pane is a pure function: tested here without an app."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.style import Style

from annotations.paths import seed_articles
from annotations.sources.articles import Article, load_article
from annotations.text import display_text
from tui.widgets import palette
from tui.widgets.article_highlights import ArticleHighlights
from tui.widgets.article_layout import ArticleLayout
from tui.widgets.article_lines import LineState, LineStyles, draw_line
from tui.widgets.article_navigation import first_unit_from, jump_target, reveal_top, typewriter_top

THEME = {"accent": "#ffa62b", "success": "#4ebf71", "text-accent": "#ffc473", "text-success": "#82d89f",
         "text-warning": "#ffd591", "warning": "#ffa62b", "primary": "#0178d4", "error": "#ba3c5b",
         "text-error": "#d2738a"}
UNDERLINE = Style(underline=True)
SIGN = Style(bold=True)


@pytest.fixture(scope="module")
def article() -> Article:
    return load_article(str(seed_articles()[0]))


@pytest.fixture(scope="module")
def layout(article) -> ArticleLayout:
    units = [(p.start, p.end) for p in article.paragraphs]
    return ArticleLayout(display_text(article.text), article.paragraphs, units, 60)


@pytest.fixture(scope="module")
def styles() -> LineStyles:
    colours = palette.build(THEME, True, Color.parse("#1e1e1e"), Color.parse("#e0e0e0"))
    return LineStyles(colours, {"annotation": UNDERLINE, "selection": Style(reverse=True)}, SIGN)


def draw(article, layout, styles, index, highlights=None, **state):
    highlights = highlights or ArticleHighlights()
    return draw_line(display_text(article.text), article.paragraphs, layout, index, LineState(**state),
                     highlights, styles)


def styles_over(content, start: int, end: int) -> list:
    """The styles of the spans that cover cells start..end."""
    return [span.style for span in content.spans if span.start <= start and span.end >= end]


def test_a_plain_line_has_an_empty_gutter_and_the_text(article, layout, styles):
    index = layout.unit_lines[1][0]
    start, end, _ = layout.lines[index]
    line = draw(article, layout, styles, index)
    assert line.plain == "   " + display_text(article.text)[start:end]
    blank = next(i for i, (_, _, paragraph) in enumerate(layout.lines) if paragraph < 0)
    assert draw(article, layout, styles, blank).plain == ""


def test_the_cursor_is_filled_only_in_the_focused_pane_and_pointed_at_on_its_first_line(article, layout, styles):
    index = layout.unit_lines[1][0]
    width = layout.lines[index][1] - layout.lines[index][0]
    focused = draw(article, layout, styles, index, cursor=1, focused=True, pointer=True)
    assert focused.plain[0] == "▶"
    assert styles.palette["cursor"] in styles_over(focused, 3, 3 + width)
    unfocused = draw(article, layout, styles, index, cursor=1, focused=False, pointer=True)
    assert unfocused.plain[0] == "▶" and styles.palette["cursor"] not in styles_over(unfocused, 3, 3 + width)
    partner = draw(article, layout, styles, index, partners=(1,))
    assert partner.plain[0] == " " and styles.palette["partner"] in styles_over(partner, 3, 3 + width)


def test_claims_only_here_sentences_and_annotations_mark_the_gutter(article, layout, styles):
    highlights = ArticleHighlights()
    highlights.mode = "claims"
    highlights.strength = {1: 3}
    highlights.only_here = frozenset({2})
    a, b = layout.units[3]
    highlights.set_marks("annotation", [(a, a + 5), (a + 2, a + 8)])   # overlapping: painted as one
    claim = draw(article, layout, styles, layout.unit_lines[1][0], highlights)
    assert claim.plain[1] == "┃" and styles.palette["claim-3"] in styles_over(claim, 3, 4)
    only = draw(article, layout, styles, layout.unit_lines[2][0], highlights)
    assert only.plain[1] == "┊" and only.plain[2] == " "
    marked = draw(article, layout, styles, layout.unit_lines[3][0], highlights)
    assert marked.plain[2] == "•" and SIGN in styles_over(marked, 2, 3)
    assert UNDERLINE in styles_over(marked, 3, 3 + 8) and UNDERLINE not in styles_over(marked, 3, 3 + 9)


def test_where_the_cursor_goes(layout):
    assert jump_target([2, 5, 9], 5, 1) == 9 and jump_target([2, 5, 9], 5, -1) == 2
    assert jump_target([2, 5], 5, 1) is None
    assert first_unit_from(layout, 0) == 0
    assert first_unit_from(layout, layout.unit_lines[3][0] - 1) == 3     # from the blank line before it
    assert typewriter_top(30, 31, 10, 40) == 20 and typewriter_top(30, 60, 10, 20) == 30
    assert reveal_top(5, 6, 0, 20) is None and reveal_top(30, 31, 0, 20) == 14


def test_each_mode_draws_what_it_names(article, layout, styles):
    """Claims tint matches; differences tint lone sentences and let matches recede; conflicts stand out."""
    highlights = ArticleHighlights()
    highlights.strength = {1: 3}
    highlights.only_here = frozenset({2})
    a, _ = layout.units[3]
    highlights.conflicts = frozenset({3})
    from tui.widgets.article_highlights import MarkLayer

    highlights.conflict_figures = MarkLayer([(a, a + 4)])
    lines = {unit: layout.unit_lines[unit][0] for unit in (1, 2, 3)}
    seen = {}
    for mode in ("claims", "differences", "entities", "nothing"):
        highlights.mode = mode
        seen[mode] = {unit: draw(article, layout, styles, line, highlights) for unit, line in lines.items()}
    assert styles.palette["claim-3"] in styles_over(seen["claims"][1], 3, 4)
    assert styles.palette["claim-3"] not in styles_over(seen["differences"][1], 3, 4)
    assert styles.palette["lone"] in styles_over(seen["differences"][2], 3, 4)
    assert styles.palette["lone"] not in styles_over(seen["claims"][2], 3, 4)
    for mode in ("claims", "differences", "entities"):
        assert seen[mode][3].plain[1] == "!"
        assert styles.palette["figure-conflict"] in styles_over(seen[mode][3], 3, 4)
    assert styles.palette["figure-conflict"] not in styles_over(seen["nothing"][3], 3, 4)
