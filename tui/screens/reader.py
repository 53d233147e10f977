"""The reader: two articles side by side, linked by their matching claims.

The text is on screen first; the analysis runs in a thread worker started
after the first paint, and its result restyles both panes. The screen is the
go-between of the models it holds (`PaneLink`, `Finder`, `Annotator`) and
its widgets. Its keys (the panes' own are on `ArticleView`) each call one of
them; `active_view` is the pane being read. Where the reader was in a pair
is kept in the database as the reader moves (a second after a move) and as
it closes, and restored when it opens again.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, Static
from textual.worker import Worker, WorkerState

from annotations.sides import SIDES, Side, other
from annotations.sources.articles import Article
from annotations.store.session import AnnotationSession
from annotations.text import display_text

from ..widgets.annotation_bar import AnnotationBar
from ..widgets.article_highlights import DEFAULT_MODE, MODES, claim_strength
from ..widgets.article_view import ArticleView
from ..widgets.detail_bar import DetailBar
from ..widgets.pane_header import pane_header
from ..widgets.reader_footer import ReaderFooter
from ..widgets.status_line import StatusLine
from . import reader_tools as tools
from .annotator import ANNOTATION_BINDINGS, Annotator
from .finder import Finder
from .pane_link import PaneLink
from .reader_state import analysis_extras, place_of, reading_state, restore_reading, run_analysis
from .verdicts import VERDICT_BINDINGS, Verdicts

if TYPE_CHECKING:  # the claim matcher and the messages load with the worker, after the first paint
    from annotations.analysis.comparison import Comparison

    from ..messages import AnalysisFailed, AnalysisFinished, AnalysisProgressed, StoreOpened
    from ..widgets.article_layout import ArticleLayout
    from ..widgets.entity_list import EntityList


#: Seconds after the analysis is shown before `_settle_memory` runs: the keys are quiet by then.
SETTLE_AFTER = 0.5


def _settle_memory() -> None:
    """One full collection, then the collector leaves what is alive alone (`gc.freeze`).

    The analysis and the panes' layouts live as long as the pair, and every
    full collection walked them again: some 150 ms on a 50,000-word pair,
    now and then, felt as a key that sticks. Opening another pair unfreezes
    them (`NewsreadApp._show_pair`).
    """
    gc.collect()
    gc.freeze()


class ReaderScreen(Screen[None]):
    """Two linked panes, a detail bar, an entity list."""

    NARROW = 100
    """Below this many columns the panes are stacked."""
    SHORT = 32
    """Below this many rows the screen is compact: no title bar, no pane borders, a two-line detail bar."""
    KEEP_AFTER = 1.0
    """Seconds between a move and keeping where the reader is (at most one write a second)."""

    BINDINGS = [
        Binding("question_mark", "help", "Keys", key_display="?"),
        Binding("tab", "switch_pane", "Switch pane", show=False),
        Binding("s", "toggle_link", "Link panes", show=False),
        Binding("h", "cycle_mode", "Highlight"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("greater_than_sign", "hit(1)", "Next search hit", key_display=">", show=False),
        Binding("less_than_sign", "hit(-1)", "Previous search hit", key_display="<", show=False),
        Binding("e", "entities", "Entities"),
        Binding("C", "claims", "Claims list", show=False),
        Binding("L", "lone", "Sentences only one article has", show=False),
        Binding("y", "copy", "Copy with source", show=False),
        Binding("O", "open_pair", "Open another pair", show=False),
        # One key for "back out": the innermost thing goes first (see action_cancel).
        Binding("escape", "cancel", "Cancel the selection, else the search, else the chosen entity", show=False),
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
        self.link = PaneLink(self.view)
        """The partners of each sentence, and the levelling of the panes."""
        self.comparison: Comparison | None = None
        self.overviews: dict[str, tuple[Comparison, list[Any]]] = {}
        """The rows of the claims list and the lone-sentence list, by the comparison they were built from."""
        self._active_side: Side = "A"
        self._painted = False
        self.analysis_state = "waiting"
        """Where the analysis is: waiting, running, done or failed."""
        self.session = AnnotationSession(pair)
        """The annotations of the pair: the selection, what is placed where, every change."""
        self.annotator = Annotator(self, self.session, self.view, lambda: self.active_view, self._pending)
        """Shows the session: dialogs, notifications, marks, the annotation bar."""
        self.finder = Finder(self.view)
        """The search in both articles."""
        self.mode = DEFAULT_MODE
        """What the panes highlight (see `MODES`)."""
        self.to_review = 0
        """How many suggestions are left to review (`R`), verdicts applied."""
        self._reading: dict[str, object] = {}
        self._keeping: Timer | None = None
        """Runs once the reader has rested: where it is goes to the database (see `_where_now`)."""
        self._restored = False
        # `comparison` is the matcher's analysis (`_matched`) with the reader's verdicts on top.
        self._matched: Comparison | None = None
        """The matcher's analysis, as it came (the verdicts are applied on top of it)."""
        self.verdicts = Verdicts(self, self.session, lambda: self.active_view, lambda: self._matched,
                                 self._show_claims, self.annotator, self._light)
        """Confirm, reject and link pairs: the person's word wins over the matcher's."""

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="panes"):
            for side, article in zip(SIDES, self.pair):
                with Vertical(classes="pane", id=f"pane-{side.lower()}"):
                    yield Static(pane_header(article, side), classes="pane-header")
                    yield ArticleView(article, side, id=f"article-{side.lower()}")
        yield AnnotationBar(id="annotation-bar")
        yield DetailBar(id="detail")
        yield StatusLine(id="status")
        yield ReaderFooter(compact=True)

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
        self.set_class(event.size.height < self.SHORT, "-short")
        if self._painted:
            # Once the panes have their new size: the cursor's sentence and its partner back in view.
            self.call_after_refresh(tools.keep_in_view, self)

    def on_mount(self) -> None:
        for side in SIDES:
            self.view(side).cursor_hook = self._cursor_moved
            self.view(side).edge_hook = lambda view, step: tools.cross_to_mentions(self, view, step)
        self.view("A").focus()
        self.sub_title = "analysing…"

    def on_unmount(self) -> None:
        self.leave()

    def leave(self) -> None:
        """Keep where the reader is in this pair and close its notes (again: nothing)."""
        # On unmount the panes are gone: where they were was kept as they moved.
        self.annotator.close(self._reading if self._painted else None)

    def on_article_view_painted(self) -> None:
        """The text is on screen: say how each article was read, then start what waited for the paint."""
        if self._painted:
            return
        self._painted = True
        self._show_status()
        for side, article in zip(SIDES, self.pair):
            for warning in article.warnings:
                # Warnings quote file names and page text: never markup.
                self.notify(display_text(warning), title=f"Article {side}", severity="warning",
                            timeout=10, markup=False)
        # spaCy and the analysis, in a thread.
        self.analysis_state = "running"
        self.query_one(DetailBar).show_progress("starting")
        self._analyse(self.view("A"), self.view("B"))
        # What the first press of ?, t, c, ctrl+p... would import, imported now, off the main thread.
        self.run_worker(tools.warm_imports, thread=True, group="warm", exit_on_error=False)
        # The notes database: importing its modules costs more than the paint.
        self.annotator.open_store(getattr(self.app, "db_path", None), self._store_opened)
        self._search_bar()

    def _store_opened(self) -> None:
        """Back where this pair was left; from now on where the reader is, is kept as it moves."""
        restore_reading(self)
        self._restored = True
        # At once: the pair is among the recent ones even if the terminal closes in the next second.
        self._reading = reading_state(self)
        self.annotator.keep_reading(self._reading)

    def _where_now(self) -> None:
        """Note where the reader is; kept in the database after a rest (a closed terminal loses a second)."""
        self._reading = reading_state(self)
        if self._restored and self._keeping is None:
            self._keeping = self.set_timer(self.KEEP_AFTER, self._keep_reading)

    def _keep_reading(self) -> None:
        self._keeping = None
        self.annotator.keep_reading(self._reading)

    def _cursor_moved(self, view: ArticleView) -> None:
        """Each pane's `cursor_hook`: level the other pane in the same frame.

        The cursor moves in the pane being read (a click focuses its pane
        first), so that pane becomes the active one.
        """
        self._active_side = view.side
        self._link(view, scroll=True)
        self._show_status()
        # Here, not on a message: a key typed next (`v j t` in one burst) must find the selection stretched.
        self.annotator.cursor_moved(view)

    @on(ArticleView.Scrolled)
    def _pane_scrolled(self, event: ArticleView.Scrolled) -> None:
        """A pane scrolled by wheel or scrollbar: the other follows, level at the reading row."""
        if self.linked:
            self.link.scrolled(event.view)
        self._where_now()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, ArticleView):
            self._activate(event.widget)

    def _activate(self, view: ArticleView) -> None:
        """`view` becomes the pane being read: its partners, the detail bar and the status line follow."""
        if view.side != self._active_side:
            self._active_side = view.side
            self._link(view, scroll=False)
            self._show_status()
        self.annotator.focused(view)

    def on_click(self, event: events.Click) -> None:
        """While selecting, a click on a word of the same pane moves the nearer end to it."""
        view = event.widget
        if self.annotator.selecting and isinstance(view, ArticleView):
            if (found := view.text_offset_at(event)) is not None:
                self.annotator.clicked(view, found[1])

    def _link(self, source: ArticleView, scroll: bool) -> None:
        """Highlight the partners of `source`'s sentence, level the other pane, fill the detail bar."""
        self.link.link(source, scroll)
        if self.comparison is not None:
            self.query_one(DetailBar).show_sentence(self.comparison, source.side, source.cursor_sentence)

    def _light(self, index: int) -> None:
        """Light sentence `index` of the pane facing the active one (a candidate) and bring it level with the cursor."""
        source = self.active_view
        facing = self._other(source)
        facing.set_partners([index])
        facing.follow(facing.first_line_of(index) - source.cursor_row(), pad=True)

    def _map(self, source: ArticleView, line: float) -> float:
        """The line of the other pane level with `line` of `source`."""
        return self.link.map(source, line)

    @property
    def linked(self) -> bool:
        """Whether the panes scroll together."""
        return self.link.linked

    # -- the analysis -------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="analysis", description="Analysing both articles")
    def _analyse(self, view_a: ArticleView, view_b: ArticleView) -> None:
        run_analysis(self, view_a, view_b)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "analysis" and event.state == WorkerState.ERROR:
            from ..messages import AnalysisFailed  # posted by the worker, loaded with it after the first paint

            error = event.worker.error
            self.post_message(AnalysisFailed(f"the analysis stopped on an error ({type(error).__name__}: {error})."))

    def on_analysis_progressed(self, message: AnalysisProgressed) -> None:
        if self.comparison is None:
            self.query_one(DetailBar).show_progress(message.step)
            for side in SIDES:
                self.view(side).waiting = f"The analysis is still running ({message.step}): claims come next."

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        self.analysis_state = "failed"
        self.sub_title = "not analysed"
        for side in SIDES:
            self.view(side).waiting = "There are no claims: the analysis failed (see the bar below)."
        self.query_one(DetailBar).show_failure(message.reason)

    def on_analysis_finished(self, message: AnalysisFinished) -> None:
        self._matched = message.comparison
        self.analysis_state = "done"
        self._show_claims(message.layouts)
        self.set_timer(SETTLE_AFTER, _settle_memory)

    def on_store_opened(self, message: StoreOpened) -> None:
        """The database is open, and with it the verdicts: show the claims as judged."""
        if self._matched is not None:
            self._show_claims()

    def _show_claims(self, layouts: dict[Side, ArticleLayout | None] | None = None) -> None:
        """Show the matcher's claims with the verdicts on top: tints, partners, ]/[ stops, the bar."""
        if self._matched is None:
            return
        from annotations.analysis.review import review_queue

        comparison = self.comparison = self.verdicts.judged(self._matched)
        self.to_review = len(review_queue(comparison))
        kept = {side: self.view(side).article_layout for side in SIDES} if layouts is None else None
        layouts = layouts or {}
        self.link.set_claims(comparison)
        best = self.link.best
        kinds, conflicts = analysis_extras(comparison)
        for side in SIDES:
            doc = comparison.document(side)
            self.view(side).set_analysis(
                [(s.start, s.end) for s in doc.sentences], doc.mentions,
                {i: claim_strength(score) for i, score in best[side].items()},
                # Once wrapped, a verdict changes tints only: the pane keeps its wrap.
                # Only what has no candidate near the bar is alone; the rest is possibly in the other article.
                frozenset(comparison.alone_in(side)), layouts.get(side) if kept is None else kept[side],
                kinds, conflicts[side], frozenset(comparison.possibly_in(side)),
            )
        # Sets, not a scan of every mention per entity: a long pair has thousands of each.
        in_a = {m.entity for m in comparison.a.mentions}
        in_b = {m.entity for m in comparison.b.mentions}
        # Entities are names: dates and figures are not counted (see `EntityList`).
        from annotations.analysis.entities import VALUE_LABELS

        names = [e for e in comparison.entities if e.label not in VALUE_LABELS and (e.id in in_a or e.id in in_b)]
        shared = sum(1 for e in names if e.id in in_a and e.id in in_b)
        self.sub_title = f"{len(comparison.claims)} matching claims · {len(names)} entities, {shared} in both"
        self._link(self.active_view, scroll=True)
        self._show_status()
        self.call_after_refresh(tools.prepare_entities, self)
        # The rows of C and L, built off the main thread: a long pair has thousands.
        self.run_worker(lambda: tools.prepare_overviews(self, comparison), thread=True, group="warm",
                        exit_on_error=False)

    # -- actions ------------------------------------------------------------

    def action_switch_pane(self) -> None:
        """Give the keyboard to the other pane."""
        view = self._other(self.active_view)
        view.focus()
        # At once, not when the focus event arrives: the next key of a burst acts in this pane.
        self._activate(view)

    def action_toggle_link(self) -> None:
        """Scroll the panes together, or each on its own."""
        self.link.linked = not self.linked
        for side in SIDES:
            self.view(side).typewriter = self.linked
        if self.linked:
            self._link(self.active_view, scroll=True)
        self._show_status()

    async def action_entities(self) -> None:
        """Open the list of entities (built the first time it is asked for)."""
        if self.comparison is None:
            return self.notify(self.active_view.waiting, timeout=2, markup=False)
        from ..widgets.entity_list import EntityList  # mounted by prepare_entities, after the first paint

        await tools.prepare_entities(self)
        self.query_one(EntityList).open()

    def action_cancel(self) -> None:
        """Cancel the innermost thing: a link being made, the selection, else the search, else the chosen entity."""
        if self.verdicts.cancel():
            return self._show_status()
        if self.annotator.cancel():
            return
        if self.finder.clear():
            return self._show_status()
        if self.active_view.focus_entity is not None:
            self.action_clear_entity()

    def action_clear_entity(self) -> None:
        """Stop highlighting the chosen entity."""
        for side in SIDES:
            self.view(side).set_focus_entity(None)
        self._show_status()

    def on_entity_list_entity_selected(self, event: EntityList.EntitySelected) -> None:
        tools.follow_entity(self, event.entity_id)
        self._show_status()

    def on_entity_list_closed(self) -> None:
        self.active_view.focus()

    def action_help(self) -> None:
        """Show the legend and every key."""
        from .help import HelpScreen, key_groups

        self.app.push_screen(HelpScreen(key_groups(self.app, self.BINDINGS), self.active_view.style_of))

    # -- finding and seeing -------------------------------------------------

    def _show_status(self) -> None:
        if not self._painted:
            return  # the panes are not wrapped yet: asking where they are would wrap them at no width
        self.query_one(StatusLine).show(place_of(self))
        self._where_now()

    def _pending(self, count: int, saved: bool) -> None:
        if self.is_attached:
            self.query_one(StatusLine).pending(count, saved)

    def action_cycle_mode(self) -> None:
        """Highlight claims, then differences, then entities, then nothing."""
        self.set_mode(MODES[(MODES.index(self.mode) + 1) % len(MODES)])

    def set_mode(self, mode: str) -> None:
        """Highlight `mode` (one of `MODES`) in both panes."""
        self.mode = mode if mode in MODES else DEFAULT_MODE
        for side in SIDES:
            self.view(side).set_mode(self.mode)
        self._show_status()

    def _search_bar(self) -> Input:
        """The search bar, mounted after the first paint: hidden till `/`, it would only slow that frame."""
        search = self.query_one_optional("#search", Input)
        if search is None:
            search = Input(placeholder="search both articles · enter keeps it · escape clears", id="search",
                           compact=True)
            self.mount(search, after=self.query_one(StatusLine))
        return search

    def action_search(self) -> None:
        """Open the search bar (`/`): both articles are searched as the term is typed."""
        search = self._search_bar()
        search.value = self.finder.term
        self._searching(True)
        search.focus()

    def _searching(self, shown: bool) -> None:
        """The search bar in the status line's row, or the status line back.

        Set on the two widgets, not as a class of the screen: a class of the
        screen restyles every widget of it, which was most of `/`'s frame.
        """
        self._search_bar().display = shown
        self.query_one(StatusLine).display = not shown

    @on(Input.Changed, "#search")
    def _search_typed(self, event: Input.Changed) -> None:
        self.finder.search(event.value)
        self._show_status()

    @on(Input.Submitted, "#search")
    def _search_done(self, event: Input.Submitted) -> None:
        self._searching(False)
        self.active_view.focus()
        if self.finder.term and self.finder.count:
            self.action_hit(1)

    def on_key(self, event: events.Key) -> None:
        search = self.query_one_optional("#search", Input)
        if event.key == "escape" and search is not None and search.display:
            event.stop()
            self._searching(False)
            self.finder.clear()
            self.active_view.focus()
            self._show_status()

    def action_hit(self, step: int) -> None:
        """Go to the next (1) or previous (-1) sentence with a search hit, crossing panes at the end."""
        if said := self.finder.walk(self.active_view, step):
            self.notify(said, timeout=2, markup=False)

    def action_claims(self) -> None:
        """List every claim of the pair, filterable; enter jumps to the one chosen."""
        tools.open_overview(self, "claims")

    def action_lone(self) -> None:
        """List the sentences each article has alone; enter jumps to the one chosen."""
        tools.open_overview(self, "lone")

    def action_copy(self) -> None:
        """Copy the selection, else the current sentence, with its headline, source and date."""
        tools.copy_passage(self)

    def action_open_pair(self) -> None:
        """Ask for two articles and open them in place of these."""
        tools.ask_for_pair(self)

    # -- annotating (see `Annotator`) ----------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "annotate" and parameters[:1] in (("move_word",), ("swap_ends",)):
            return self.annotator.selecting  # the selection's keys, only while selecting
        if action == "finish_link":
            return self.verdicts.linking is not None
        return super().check_action(action, parameters)

    def action_annotate(self, what: str, first: object = None, second: object = None) -> None:
        """Call the `Annotator` method `what` (select, tag, note, undo...) with the arguments given."""
        if what == "undo" and first is None and self.session.undo_kind() == "verdict":
            return self.verdicts.undo()  # annotations and verdicts share one history
        getattr(self.annotator, what)(*(a for a in (first, second) if a is not None))

    # -- verdicts (see `Verdicts`) --------------------------------------------

    def action_confirm_pair(self) -> None:
        """Confirm the pair under the cursor."""
        self.verdicts.confirm()

    def action_reject_pair(self) -> None:
        """Reject the pair under the cursor: no longer tinted nor a ]/[ stop."""
        self.verdicts.reject()

    def action_point_partner(self, step: int) -> None:
        """Point the detail bar (and c / r) at the sentence's next or previous partner."""
        self.verdicts.point(step)

    def action_unfold(self, mode: str) -> None:
        """Unfold the detail bar: every partner in full ("details"), or the pair's word diff ("diff")."""
        self.verdicts.unfold(mode)

    def action_verdict_list(self) -> None:
        """List every verdict on the pair: enter jumps, x revokes."""
        self.verdicts.open_list()

    def action_review(self) -> None:
        """Walk the pair's open suggestions one by one (c links, r rejects, n skips, u undoes, escape leaves)."""
        self.verdicts.review()

    def action_start_link(self) -> None:
        """Start linking the current sentence to one of the other pane."""
        self.verdicts.start_link()
        self._show_status()  # says a link is being made until it is made or cancelled

    def action_finish_link(self) -> None:
        """Link the sentence l was pressed on to the current one (asks the tier)."""
        self.verdicts.finish_link()
        self._show_status()
