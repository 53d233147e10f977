"""The reader: two articles side by side, linked by their matching claims.

The text is on screen first; the analysis runs in a thread worker started
after the first paint, and its result restyles both panes. The screen is
the go-between of its widgets: panes report cursor moves and scrolls, the
screen moves the other pane and fills the detail bar.

Keys of the screen (the panes' own keys are on `ArticleView`): `s` link,
`e` entity list, `escape` cancel the innermost thing (the selection being
made, else the chosen entity), `?` help, and the annotating keys, whose
actions call the `Annotator` (see `annotator`). Each handler is defined
here once; `active_view` is the pane the person is working in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import Worker, WorkerState

from annotations.sides import SIDES, Side, other, pick
from annotations.sources.articles import Article
from annotations.store.session import AnnotationSession
from annotations.text import display_text

from ..alignment import claim_partners, map_line, ordered_pairs
from ..messages import AnalysisFailed, AnalysisFinished, AnalysisProgressed, StoreOpened
from ..widgets.annotation_bar import AnnotationBar
from ..widgets.article_highlights import claim_strength
from ..widgets.article_view import ArticleView
from ..widgets.detail_bar import DetailBar
from ..widgets.entity_list import EntityList
from .annotator import ANNOTATION_BINDINGS, Annotator
from .verdicts import VERDICT_BINDINGS, Verdicts

if TYPE_CHECKING:  # the claim matcher is loaded by the worker, not before the first paint
    from annotations.analysis.comparison import Comparison

    from ..widgets.article_layout import ArticleLayout


def pane_header(article: Article, side: Side) -> Content:
    """The two lines above a pane: headline, then side, loading warnings, byline, date, source and length.

    Warnings come first on the second line, as a short mark the ellipsis of a
    narrow pane never hides; the reader shows each in full when it opens.
    """
    title = display_text(article.title or "(no headline)")
    words = len(article.text.split())
    details = [display_text(detail) for detail in (article.byline, article.date, article.source) if detail]
    line = " · ".join([*details, f"{words:,} words"])
    if not article.warnings:
        return Content.assemble((title, "bold"), "\n", (f"{side} · {line}", "dim"))
    count = len(article.warnings)
    mark = f"⚠ {count} warning{'s' if count > 1 else ''}"
    return Content.assemble((title, "bold"), "\n", (f"{side} · ", "dim"), (mark, "bold $text-warning"),
                            (f" · {line}", "dim"))


class ReaderScreen(Screen[None]):
    """Two linked panes, a detail bar, an entity list."""

    NARROW = 100
    """Below this many columns the panes are stacked."""

    BINDINGS = [
        Binding("tab", "switch_pane", "Switch pane"),
        Binding("s", "toggle_link", "Link"),
        Binding("e", "entities", "Entities"),
        # One key for "back out": the innermost thing goes first (see action_cancel).
        Binding("escape", "cancel", "Cancel the selection, else clear the chosen entity", show=False),
        Binding("question_mark", "help", "Keys", key_display="?"),
        *ANNOTATION_BINDINGS,
        *VERDICT_BINDINGS,
    ]

    def __init__(self, pair: tuple[Article, Article], model: str | None = None) -> None:
        """Args:
        pair: the two articles (A, B).
        model: the spaCy pipeline to use (None: the default).
        """
        super().__init__()
        self.pair = pair
        self.model = model
        self.linked = True
        """Whether the panes scroll together."""
        self.comparison: Comparison | None = None
        self._partners: dict[Side, dict[int, list[int]]] = {"A": {}, "B": {}}
        self._pairs: list[tuple[int, int]] = []
        self._active_side: Side = "A"
        self._painted = False
        self.analysis_state = "waiting"
        """Where the analysis is: waiting, running, done or failed."""
        self.session = AnnotationSession(pair)
        """The annotations of the pair: the selection, what is placed where, every change."""
        self.annotator = Annotator(self, self.session, self.view, lambda: self.active_view)
        """Shows the session: dialogs, notifications, marks, the annotation bar."""
        # -- verdicts (see `Verdicts`): `comparison` is the matcher's analysis with them on top.
        self._matched: Comparison | None = None
        """The matcher's analysis, as it came (the verdicts are applied on top of it)."""
        self.verdicts = Verdicts(self, self.session, lambda: self.active_view, lambda: self._matched,
                                 self._show_claims)
        """Confirm, reject and link pairs: the person's word wins over the matcher's."""

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="panes"):
            for side, article in zip(SIDES, self.pair):
                with Vertical(classes="pane", id=f"pane-{side.lower()}") as pane:
                    pane.border_title = side
                    yield Static(pane_header(article, side), classes="pane-header")
                    yield ArticleView(article, side, id=f"article-{side.lower()}")
        yield AnnotationBar(id="annotation-bar")
        yield DetailBar(id="detail")
        yield Footer()

    # -- the panes ----------------------------------------------------------

    def view(self, side: Side) -> ArticleView:
        """The pane of side "A" or "B"."""
        return self.query_one(f"#article-{side.lower()}", ArticleView)

    @property
    def active_view(self) -> ArticleView:
        """The pane the person is reading in (the focused one, or the last focused)."""
        return self.view(self._active_side)

    def _other(self, view: ArticleView) -> ArticleView:
        return self.view(other(view.side))

    def on_resize(self, event: events.Resize) -> None:
        # Only a change of class restyles the screen, and a wide terminal
        # (the usual case) never gets one.
        self.set_class(event.size.width < self.NARROW, "-narrow")

    def on_mount(self) -> None:
        for side in SIDES:
            self.view(side).cursor_hook = self._cursor_moved
        self.view("A").focus()
        self.sub_title = "analysing…"

    def on_unmount(self) -> None:
        self.annotator.close()

    def on_article_view_painted(self) -> None:
        """The text is on screen: say how each article was read, then start what waited for the paint."""
        if self._painted:
            return
        self._painted = True
        for side, article in zip(SIDES, self.pair):
            for warning in article.warnings:
                # Warnings quote file names and page text: never markup.
                self.notify(display_text(warning), title=f"Article {side}", severity="warning",
                            timeout=10, markup=False)
        # spaCy and the analysis, in a thread.
        self.analysis_state = "running"
        self.query_one(DetailBar).show_progress("starting")
        self._analyse(self.view("A"), self.view("B"))
        # The notes database: importing its modules costs more than the paint.
        self.annotator.open_store(getattr(self.app, "db_path", None))

    def _cursor_moved(self, view: ArticleView) -> None:
        """Each pane's `cursor_hook`: level the other pane in the same frame.

        The cursor moves in the pane being read (a click focuses its pane
        first), so that pane becomes the active one.
        """
        self._active_side = view.side
        self._link(view, scroll=True)

    @on(ArticleView.Scrolled)
    def _pane_scrolled(self, event: ArticleView.Scrolled) -> None:
        """A pane scrolled by wheel or scrollbar: the other follows, level at the reading row."""
        if not self.linked:
            return
        source, other = event.view, self._other(event.view)
        row = source.reading_row()
        other.follow(self._map(source, source.scroll_y + row) - row)

    def on_article_view_cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        # The panes were levelled by `_cursor_moved` already, in the same frame.
        self.annotator.cursor_moved(event.view)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not isinstance(event.widget, ArticleView):
            return
        if event.widget.side != self._active_side:
            self._active_side = event.widget.side
            self._link(event.widget, scroll=False)
        self.annotator.focused(event.widget)

    def on_click(self, event: events.Click) -> None:
        """While selecting, a click on a word of the same pane moves the nearer end to it."""
        view = event.widget
        if self.annotator.selecting and isinstance(view, ArticleView):
            if (found := view.text_offset_at(event)) is not None:
                self.annotator.clicked(view, found[1])

    def _link(self, source: ArticleView, scroll: bool) -> None:
        """Highlight the partners of `source`'s sentence, level the other pane, fill the detail bar."""
        other = self._other(source)
        index = source.cursor_sentence
        partners = self._partners[source.side].get(index, []) if source.analysed else []
        source.set_partners(())
        other.set_partners(partners)
        if self.comparison is not None:
            self.query_one(DetailBar).show_sentence(self.comparison, source.side, index)
        if not (scroll and self.linked):
            return
        if partners:
            # The best partner level with the cursor.
            other.follow(other.first_line_of(partners[0]) - source.cursor_row())
        else:
            # Level at the reading row, as the wheel does: a function of this
            # pane's scroll alone, so the other pane glides and never backs up.
            row = source.reading_row()
            other.follow(self._map(source, source.scroll_y + row) - row)

    def _map(self, source: ArticleView, line: float) -> float:
        """The line of the other pane level with `line` of `source`."""
        facing = self._other(source)
        # Each claim as (its line in source, its line in the facing pane).
        anchors = [(source.first_line_of(pick(source.side, a, b)), facing.first_line_of(pick(source.side, b, a)))
                   for a, b in self._pairs]
        return map_line(anchors, line, len(source.article_layout), len(facing.article_layout))

    # -- the analysis -------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="analysis", description="Analysing both articles")
    def _analyse(self, view_a: ArticleView, view_b: ArticleView) -> None:
        # Imported here, off the main thread: the analysis modules pull in the
        # claim matcher, and analyse() imports spaCy.
        from annotations.analysis.analyse import analyse
        from annotations.errors import InputError

        def progress(step: str) -> None:
            self.post_message(AnalysisProgressed(step))

        try:
            # A pair analysed before comes from the cache in the database,
            # without importing spaCy.
            result = analyse(*self.pair, model=self.model, progress=progress,
                             cache=getattr(self.app, "db_path", None))
        except InputError as error:
            self.post_message(AnalysisFailed(str(error)))
            return
        # The panes' new layouts are built here too, so that the highlights
        # arrive without a pause on the main thread (a long article's maps
        # take tens of milliseconds).
        layouts = {view.side: view.prepare_layout([(s.start, s.end) for s in doc.sentences])
                   for view, doc in ((view_a, result.a), (view_b, result.b))}
        self.post_message(AnalysisFinished(result, layouts))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "analysis" and event.state == WorkerState.ERROR:
            error = event.worker.error
            self.post_message(AnalysisFailed(f"the analysis stopped on an error ({type(error).__name__}: {error})."))

    def on_analysis_progressed(self, message: AnalysisProgressed) -> None:
        if self.comparison is None:
            self.query_one(DetailBar).show_progress(message.step)

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        self.analysis_state = "failed"
        self.sub_title = "not analysed"
        self.query_one(DetailBar).show_failure(message.reason)

    def on_analysis_finished(self, message: AnalysisFinished) -> None:
        self._matched = message.comparison
        self.analysis_state = "done"
        self._show_claims(message.layouts)

    def on_store_opened(self, message: StoreOpened) -> None:
        """The database is open, and with it the verdicts: show the claims as judged."""
        if self._matched is not None:
            self._show_claims()

    def _show_claims(self, layouts: dict[Side, ArticleLayout | None] | None = None) -> None:
        """Show the matcher's claims with the verdicts on top: tints, partners, ]/[ stops, the bar."""
        if self._matched is None:
            return
        comparison = self.comparison = self.verdicts.judged(self._matched)
        kept = {side: self.view(side).article_layout for side in SIDES} if layouts is None else None
        layouts = layouts or {}
        self._partners, best = claim_partners((c.a, c.b, c.score) for c in comparison.claims)
        self._pairs = ordered_pairs((c.a, c.b) for c in comparison.claims)
        for side in SIDES:
            doc = comparison.document(side)
            self.view(side).set_analysis(
                [(s.start, s.end) for s in doc.sentences], doc.mentions,
                {i: claim_strength(score) for i, score in best[side].items()},
                # Once wrapped, a verdict changes tints only: the pane keeps its wrap.
                frozenset(comparison.only_in(side)), layouts.get(side) if kept is None else kept[side],
            )
        # Sets, not a scan of every mention per entity: a long pair has thousands of each.
        in_a = {m.entity for m in comparison.a.mentions}
        in_b = {m.entity for m in comparison.b.mentions}
        shared = sum(1 for e in comparison.entities if e.id in in_a and e.id in in_b)
        self.sub_title = (f"{len(comparison.claims)} matching claims · {len(comparison.entities)} entities, "
                          f"{shared} in both")
        self._link(self.active_view, scroll=True)

    # -- actions ------------------------------------------------------------

    def action_switch_pane(self) -> None:
        """Give the keyboard to the other pane."""
        self._other(self.active_view).focus()

    def action_toggle_link(self) -> None:
        """Scroll the panes together, or each on its own."""
        self.linked = not self.linked
        for side in SIDES:
            self.view(side).typewriter = self.linked
        self.notify("Panes linked." if self.linked else "Panes scroll on their own.", timeout=2)
        if self.linked:
            self._link(self.active_view, scroll=True)

    async def action_entities(self) -> None:
        """Open the list of entities (built the first time it is asked for)."""
        if self.comparison is None:
            self.notify("The entities are not known yet.", timeout=2)
            return
        if not self.query(EntityList):
            entity_list = EntityList(id="entity-list")
            await self.mount(entity_list)
            view = self.view("A")
            entity_list.fill(self.comparison,
                             view.style_of)
        self.query_one(EntityList).open()

    def action_cancel(self) -> None:
        """Cancel the innermost thing: the selection being made, else the chosen entity."""
        if self.verdicts.cancel() or self.annotator.cancel():
            return
        if self.active_view.focus_entity is not None:
            self.action_clear_entity()

    def action_clear_entity(self) -> None:
        """Stop highlighting the chosen entity."""
        for side in SIDES:
            self.view(side).set_focus_entity(None)

    @on(EntityList.EntitySelected)
    def _entity_selected(self, event: EntityList.EntitySelected) -> None:
        for side in SIDES:
            self.view(side).set_focus_entity(event.entity_id)
        view = self.active_view
        view.focus()
        if self.comparison is not None:
            name = display_text(self.comparison.entity_by_id[event.entity_id].name)
            self.notify(f"{name}: n / N for the next / previous mention.", timeout=3)
        units = view.mention_sentences()
        if units and view.cursor_sentence not in units:
            later = [u for u in units if u > view.cursor_sentence]
            view.move_cursor(later[0] if later else units[0])

    @on(EntityList.Closed)
    def _entity_list_closed(self) -> None:
        self.active_view.focus()

    def action_help(self) -> None:
        """Show the legend and every key."""
        from .help import HelpScreen

        view = self.active_view
        groups = [
            ("In a pane", ArticleView.BINDINGS),
            ("Reader", self.BINDINGS),
            ("Entity list", EntityList.BINDINGS),
            ("Everywhere", self.app.BINDINGS),
        ]
        self.app.push_screen(HelpScreen(groups, view.style_of))

    # -- annotating (see `Annotator`) ----------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("word_end", "word_start"):
            return self.annotator.selecting
        if action == "finish_link":
            return self.verdicts.linking is not None
        return super().check_action(action, parameters)

    def action_select(self) -> None:
        """Start selecting at the current sentence (again: restart there)."""
        self.annotator.select()

    def action_word_end(self, step: int) -> None:
        """Move the end of the selection one word on (1) or back (-1)."""
        self.annotator.move_word(True, step)

    def action_word_start(self, step: int) -> None:
        """Move the start of the selection one word on (1) or back (-1)."""
        self.annotator.move_word(False, step)

    def action_tag(self) -> None:
        """Tag the selection, else the annotation under the cursor, else the sentence."""
        self.annotator.tag()

    def action_note(self) -> None:
        """Write or edit the note of the selection, the annotation under the cursor or the sentence."""
        self.annotator.note()

    def action_delete_annotation(self) -> None:
        """Remove the annotation under the cursor (u brings it back)."""
        self.annotator.delete()

    def action_undo(self) -> None:
        """Undo the last change to the annotations or the verdicts."""
        if self.session.undo_kind() == "verdict":
            self.verdicts.undo()
        else:
            self.annotator.undo()

    def action_list_annotations(self) -> None:
        """List every annotation of both articles; choosing one jumps to it."""
        self.annotator.list_annotations()

    # -- verdicts (see `Verdicts`) --------------------------------------------

    def action_confirm_pair(self) -> None:
        """Confirm the pair under the cursor."""
        self.verdicts.confirm()

    def action_reject_pair(self) -> None:
        """Reject the pair under the cursor: no longer tinted nor a ]/[ stop."""
        self.verdicts.reject()

    def action_start_link(self) -> None:
        """Start linking the current sentence to one of the other pane."""
        self.verdicts.start_link()

    def action_finish_link(self) -> None:
        """Link the sentence L was pressed on to the current one (asks the tier)."""
        self.verdicts.finish_link()
