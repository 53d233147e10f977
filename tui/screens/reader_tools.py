"""What the reader's everyday keys do beyond moving a cursor: overviews, copying, keeping the pair in view.

Plain functions of the `Reader`, which calls them from its actions and
handlers, so that the screen itself stays the go-between of its widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotations.text import display_text

from ..widgets.article_view import ArticleView
from .reader_protocol import Reader

if TYPE_CHECKING:
    from annotations.analysis.comparison import Comparison


def keep_in_view(screen: Reader) -> None:
    """After a resize: the cursor's sentence on screen, and its partner in the other pane."""
    view = screen.active_view
    view.move_cursor(view.cursor_sentence)
    other = screen.view("B" if view.side == "A" else "A")
    for partner in sorted(other.partner_sentences)[:1]:
        first, last = other.article_layout.unit_lines[partner]
        top, height = other.top_line, other.scrollable_content_region.height
        if first < top or last >= top + height:
            other.follow(first - min(view.cursor_row(), max(0, height - (last - first + 1))))


def cross_to_mentions(screen: Reader, view: ArticleView, step: int) -> bool:
    """`n`/`N` found no more mentions in `view`: go on in the other pane (False when it has none)."""
    facing = screen.view("B" if view.side == "A" else "A")
    units = facing.mention_sentences()
    if not units:
        return False
    facing.focus()
    facing.move_cursor(units[0] if step > 0 else units[-1])
    return True


def follow_entity(screen: Reader, entity_id: str) -> None:
    """Highlight the mentions of one entity in both panes; the cursor goes to the next one."""
    for side in ("A", "B"):
        screen.view(side).set_focus_entity(entity_id)
    view = screen.active_view
    view.focus()
    if screen.comparison is not None:
        # An entity's name is article text: never markup.
        name = display_text(screen.comparison.entity_by_id[entity_id].name)
        screen.notify(f"{name}: n / N for the next / previous mention.", timeout=3, markup=False)
    units = view.mention_sentences()
    if units and view.cursor_sentence not in units:
        later = [u for u in units if u > view.cursor_sentence]
        view.move_cursor(later[0] if later else units[0])


def overview_rows(screen: Reader, comparison: Comparison, what: str) -> list[Any]:
    """The rows of the claims list ("claims") or the lone-sentence list ("lone") of `comparison`, built once."""
    from ..dialogs.sentence_list import claim_rows, lone_rows

    built = screen.overviews.get(what)
    if built is not None and built[0] is comparison:
        return built[1]
    rows = claim_rows(comparison) if what == "claims" else lone_rows(comparison)
    screen.overviews[what] = (comparison, rows)
    return rows


def prepare_overviews(screen: Reader, comparison: Comparison) -> None:
    """Build both lists' rows (in a thread, after the analysis), so that C and L only have to show them."""
    for what in ("claims", "lone"):
        overview_rows(screen, comparison, what)


def open_overview(screen: Reader, what: str) -> None:
    """The list of every claim ("claims") or of the sentences one article has alone ("lone")."""
    from ..dialogs.sentence_list import Row, SentenceList

    if screen.comparison is None:
        screen.notify(screen.active_view.waiting, timeout=2, markup=False)
        return
    rows = overview_rows(screen, screen.comparison, what)
    title = "Matched claims" if what == "claims" else "Sentences only one article has"
    hint = ("filter: words of either sentence, conflict, close, fair, weak, same, related, confirmed, linked"
            if what == "claims" else "filter: words, or A / B")
    def chosen(row: Row | None) -> None:
        if row is not None:
            screen.view(row.side).go_to(row.sentence)

    screen.app.push_screen(SentenceList(title, rows, hint), chosen)


def quote_with_source(text: str, title: str, source: str, date: str) -> str:
    """A passage as copied by `y`: quoted, on one line, with the article's headline, source and date."""
    quote = " ".join(display_text(text).split())
    where = " · ".join(display_text(x) for x in (title, source, date) if x)
    return f"“{quote}” ({where})"


def copy_passage(screen: Reader) -> None:
    """Copy the selection, else the current sentence, with its source, to the clipboard."""
    view = screen.active_view
    selection = screen.session.selection
    side, span = (selection.side, (selection.start, selection.end)) if selection else (view.side, view.cursor_span)
    if span is None:
        return
    article = screen.view(side).article
    copied = quote_with_source(article.text[span[0]:span[1]], article.title, article.source, article.date)
    screen.app.copy_to_clipboard(copied)
    screen.notify(f"Copied {span[1] - span[0]:,} characters with the source.", timeout=2)


def warm_imports() -> None:
    """Import what the dialogs, the help and the palette need (run in a thread after the first paint)."""
    import textual.command  # noqa: F401  the command palette
    import textual.widgets.option_list  # noqa: F401

    from .. import dialogs  # noqa: F401
    from . import help  # noqa: F401


async def prepare_entities(screen: Reader) -> None:
    """Build the entity list (once): after the analysis, so that `e` only has to show it."""
    from ..widgets.entity_list import EntityList

    if screen.comparison is not None and not screen.query(EntityList):
        await screen.mount(EntityList(screen.comparison, screen.view("A").style_of, id="entity-list"))


def ask_for_pair(screen: Reader) -> None:
    """Ask for two articles (the current ones to start from) and open them in place of these."""
    from ..dialogs import OpenPair

    def chosen(pair: tuple[str, str] | None) -> None:
        if pair is not None:
            screen.app.open_pair(*pair)

    screen.app.push_screen(OpenPair(*(a.source for a in screen.pair)), chosen)
