"""The Textual side of annotating in the reader: dialogs, notifications, marks and the annotation bar.

The workflow itself (the selection, the target of `t` and `a`, the changes
and their undo and redo) is the headless `AnnotationSession` of the core.
`Annotator` is a plain object the `ReaderScreen` holds: the screen's
handlers and actions call it with what happened, it asks the session, then
opens a dialog, says what went wrong, paints the marks in the panes
(underline and a gutter sign) and shows the annotation under the cursor in
the `AnnotationBar`. `ANNOTATION_BINDINGS` are the screen's keys for it.

Every call that touches the database runs on the `StoreWriter`'s thread,
opened once the text is on screen: a write waiting for another process's
lock never freezes the keys. A change the database cannot take yet (it is
locked) is tried again until it is written; the status line says it waits,
and "saved" once it is committed. Every change (a tag, a note, a removal,
a verdict, an undo or a redo) is first kept in a `Journal` beside the database, so that quitting or a crash meanwhile
loses nothing: the next start writes it. A change refused for good is said
to have failed (a note comes back in its editor).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual.binding import Binding
from textual.screen import Screen

from annotations.errors import InputError
from annotations.sides import SIDES, Side
from annotations.store.session import AnnotationSession, NotSaved, StoreUnavailable

from ..widgets.annotation_bar import AnnotationBar
from ..widgets.article_view import ArticleView
from .store_writer import StoreWriter

if TYPE_CHECKING:  # sqlite-utils (and numpy with it) load after the first paint
    from annotations.store.journal import Journal
    from annotations.store.reading import RecentPair
    from annotations.store.records import Annotation
    from annotations.store.verdicts import VerdictChange

    from ..dialogs import ListedAnnotation

T = TypeVar("T")
P = TypeVar("P")

ANNOTATION_BINDINGS = [
    # Each calls the `Annotator` method named first (ReaderScreen.action_annotate).
    Binding("v", "annotate('select')", "Select"),
    Binding("w", "annotate('move_word', True, 1)", "Free end of the selection a word on", show=False),
    Binding("b", "annotate('move_word', True, -1)", "Free end a word back", show=False),
    Binding("W", "annotate('move_word', False, 1)", "Fixed end of the selection a word on", show=False),
    Binding("B", "annotate('move_word', False, -1)", "Fixed end a word back", show=False),
    Binding("o", "annotate('swap_ends')", "Swap the ends of the selection", show=False),
    Binding("t", "annotate('tag')", "Tag"),
    Binding("a", "annotate('note')", "Note"),
    Binding("x", "annotate('delete')", "Delete annotation", show=False),
    Binding("u", "annotate('undo')", "Undo", show=False),
    Binding("ctrl+r", "annotate('undo', True)", "Redo", show=False),
    Binding("A", "annotate('list_annotations')", "Notes", show=False),
]


class Annotator:
    """Dialogs, notifications and marks for an `AnnotationSession` in the reader.

    Args:
        screen: the reader (notifications, dialogs, the annotation bar).
        session: the headless session it shows.
        view: the pane of a side.
        active: the pane the person is working in.
        pending: called with the number of changes not yet written and whether the last one done
            was written (for the status line).
    """

    RETRY = 0.5
    """Seconds between two tries of a change the database was too busy to take (each try waits too)."""

    def __init__(self, screen: Screen[None], session: AnnotationSession, view: Callable[[Side], ArticleView],
                 active: Callable[[], ArticleView],
                 pending: Callable[[int, bool], None] = lambda count, saved: None) -> None:
        self.screen = screen
        self.session = session
        self._view = view
        self._active = active
        self._selecting = False
        self.writer = StoreWriter()
        self._pending = pending
        self.unsaved = 0
        """Changes made and not yet written (waiting for the database, or being written)."""
        self.unkept = 0
        """Of those, the ones not kept in the journal (made before the database was open): quitting now would
        lose them."""
        self._saved = True
        self.journal: Journal | None = None
        """Where a change waits until committed (None until the database is open)."""
        self.replayed = 0
        """Changes kept by the last reader of this database and written as this one opened it."""
        self._closed = False
        self._drafting: list[tuple[Screen[Any], str, Callable[[], Annotation | None]]] = []
        """The note editors and tag prompts open: (the dialog, "note" or "tags", what it would save now)."""
        self.known_tags: list[str] = []
        """Every tag in use, most used first (read on the store's thread after each change)."""
        self.reading: dict[str, Any] = {}
        """Where the reader left this pair last time ({} for a new pair)."""
        self.recent: list[RecentPair] = []
        """The pairs opened most recently, for the command palette."""

    @property
    def selecting(self) -> bool:
        """Whether a passage is being selected."""
        return self.session.selection is not None

    # -- the store ----------------------------------------------------------

    def open_store(self, path: Path | None, opened: Callable[[], None] = lambda: None) -> None:
        """Open the notes database on the store's thread; `opened` runs once the annotations are placed."""
        self.screen.run_worker(self._open_store(path, opened), group="store", exit_on_error=False,
                               description="Opening the notes database")

    async def _open_store(self, path: Path | None, opened: Callable[[], None]) -> None:
        from ..messages import StoreOpened  # the store opens after the first paint, which need not wait for it

        def open_it() -> tuple[dict[str, Any], list[RecentPair]]:
            # sqlite-utils (and numpy with it) are imported here, off the main thread.
            from annotations.store.journal import Journal, journal_path
            from annotations.store.reading import reading, recent_pairs
            from annotations.store.store import Store

            store = Store(path)
            # What a reader that quit or crashed while the database was locked had kept, written first.
            self.journal = Journal(journal_path(store.path) if store.path is not None else None)
            self.replayed = self.journal.replay(store)
            self.session.open(store)
            self.known_tags = store.all_tags()
            return reading(store, self.session.articles["A"], self.session.articles["B"]), recent_pairs(store)

        try:
            self.reading, self.recent = await self.writer.run(open_it)
        except InputError as error:
            self.session.fail()
            self.screen.notify(f"Notes cannot be saved: {error}", severity="error", timeout=10, markup=False)
            return
        if not self.screen.is_attached:
            return
        drafts = self.journal.drafts if self.journal is not None else []
        if changes := self.replayed - len(drafts):
            said = "1 change" if changes == 1 else f"{changes} changes"
            self.screen.notify(f"{said} made while the database was busy last time, now saved.", timeout=6)
        for kind, annotation in drafts:
            self.screen.notify(_draft_kept(kind, annotation), severity="warning", timeout=20, markup=False)
        for side in SIDES:
            if orphans := self.session.orphans[side]:
                count = len(orphans)
                self.screen.notify(
                    f"{count} annotation{'s' if count != 1 else ''} of {side} no longer fit{'s' if count == 1 else ''}"
                    " its changed text; listed as orphans under A.", severity="warning", timeout=8)
            self._paint(side)
        self.show_under_cursor()
        opened()
        self.screen.post_message(StoreOpened())

    def close(self, state: dict[str, Any] | None = None) -> None:
        """Keep `state` (where the reader is) and close the store, after every write still waiting.

        Once: a second call does nothing.
        """
        if self._closed:
            return
        self._closed = True
        session = self.session

        def last() -> None:
            if state is not None and session.store is not None:
                from annotations.store.reading import save_reading

                save_reading(session.store, session.articles["A"], session.articles["B"], state)
            session.close()

        self.writer.close(last)

    def keep_reading(self, state: dict[str, Any]) -> None:
        """Keep `state` (where the reader is) on the store's thread, and that the pair was opened now."""
        session = self.session
        if self._closed or session.store is None:
            return

        def keep() -> None:
            from annotations.store.reading import save_reading

            if session.store is not None:
                save_reading(session.store, session.articles["A"], session.articles["B"], state)

        self.writer.later(keep)

    async def write(self, change: Callable[[], T], kept: str | None = None) -> T:
        """Run `change` (a call of the session that writes) on the store's thread; NotSaved says why not.

        While another process holds the database, `change` is tried again until it is written.
        `kept`: its key in the journal, dropped once it is written or refused for good (when the
        reader closes first, it stays, for the next start).
        """
        def run() -> T:
            result = change()
            if self.session.store is not None:
                self.known_tags = self.session.store.all_tags()
            return result

        while True:
            try:
                result = await self.writer.run(run)
            except NotSaved as error:
                if error.busy and not self._closed:
                    await asyncio.sleep(self.RETRY)
                    continue
                if kept is not None and self.journal is not None and not error.busy:
                    self.journal.drop(kept)
                self._saved = False
                raise
            if kept is not None and self.journal is not None:
                self.journal.drop(kept)
            self._saved = True
            return result

    def keep(self, planned: Annotation | str | VerdictChange) -> str | None:
        """Keep a change in the journal before it is tried: the annotation it leaves, the id it removes,
        or how it changes the verdicts."""
        from annotations.store.verdicts import VerdictChange

        if self.journal is None:
            return None
        if isinstance(planned, VerdictChange):
            return self.journal.verdicts(planned)
        return self.journal.delete(planned) if isinstance(planned, str) else self.journal.put(planned)

    async def write_planned(self, plan: Callable[[], P | None], change: Callable[[P | None], T]) -> T:
        """`write` a change that is first kept in the journal: `plan()` says what it will leave (read on the
        store's thread, after every change before it), `change(planned)` makes it."""
        planned = await self.writer.run(plan)
        kept = self.keep(planned) if planned is not None else None  # type: ignore[arg-type]
        return await self.write(lambda: change(planned), kept)

    def drafting(self, dialog: Screen[Any], kind: str, planned: Callable[[], Annotation | None]) -> None:
        """`dialog` (a note editor or a tag prompt) is open: `planned()` is what it would save now."""
        stack = self.screen.app.screen_stack
        self._drafting = [d for d in self._drafting if d[0] in stack] + [(dialog, kind, planned)]

    def keep_drafts(self) -> int:
        """The reader is closed from outside (SIGTERM, a closed terminal), where nobody can be asked:
        keep each note or tags being typed in the journal, as the change it was going to be.

        The next start saves it and says so. Returns how many were kept.
        """
        kept = 0
        stack = self.screen.app.screen_stack
        for dialog, kind, planned in self._drafting:
            if self.journal is None or dialog not in stack or not getattr(dialog, "changed", False):
                continue
            if (annotation := planned()) is not None:
                self.journal.put(annotation, draft=kind)
                kept += 1
        return kept

    def in_background(self, work: Any, kept: bool = False) -> None:
        """Run `work` (a change) in a worker, counted as unsaved until it is done; `kept`: in the journal."""
        self.unsaved += 1
        self.unkept += 0 if kept else 1
        self._pending(self.unsaved, self._saved)

        async def run() -> None:
            try:
                await work
            finally:
                self.unsaved -= 1
                self.unkept -= 0 if kept else 1
                if self.screen.is_attached:
                    self._pending(self.unsaved, self._saved)

        self.screen.run_worker(run(), group="writes", exit_on_error=False)

    # -- what is shown ------------------------------------------------------

    def _paint(self, side: Side) -> None:
        view = self._view(side)
        view.set_marks("annotation", self.session.annotated_ranges(side))
        view.set_marks("selection", self.session.selected_ranges(side))

    def show_under_cursor(self) -> None:
        """The annotation bar: the selection's keys while selecting, else the annotations under the cursor."""
        bar = self.screen.query_one(AnnotationBar)
        selection = self.session.selection
        if selection is not None:
            bar.show_selection(selection.end - selection.start)
            return
        view = self._active()
        span = view.cursor_span
        bar.show_annotations(self.session.annotations_at(view.side, *span) if span else [])

    def _changed(self, side: Side | None) -> None:
        """Show what the session now says: the marks of `side` (if any), the bar, and the keys."""
        if not self.screen.is_attached:
            return
        if side is not None:
            self._paint(side)
        self.show_under_cursor()
        if self._selecting != self.selecting:
            # The word keys only work while selecting (see ReaderScreen.check_action).
            self._selecting = self.selecting
            self.screen.refresh_bindings()

    def _not_saved(self, error: NotSaved) -> None:
        if isinstance(error, StoreUnavailable) and error.opening:
            self.screen.notify(str(error), timeout=3, markup=False)
        else:
            self.screen.notify(str(error), severity="error", timeout=10, markup=False)

    # -- what the panes report ----------------------------------------------

    def cursor_moved(self, view: ArticleView) -> None:
        """The cursor of `view` moved: a selection there stretches, one in the other pane ends."""
        self._changed(self.session.cursor_moved(view.side, view.cursor_span))

    def focused(self, view: ArticleView) -> None:
        """`view` got the focus: a selection in the other pane ends."""
        if (side := self.session.pane_changed(view.side)) is not None:
            self._changed(side)
        self.screen.call_after_refresh(self.show_under_cursor)

    def clicked(self, view: ArticleView, at: int) -> None:
        """A click at offset `at` of `view`: while selecting there, the free end reaches that word."""
        if (side := self.session.reach(view.side, at)) is not None:
            self._changed(side)

    # -- selecting ----------------------------------------------------------

    def select(self) -> None:
        """Start selecting at the current sentence (again: restart there)."""
        view = self._active()
        if (span := view.cursor_span) is not None:
            self._changed(self.session.select(view.side, span))

    def cancel(self) -> bool:
        """Stop selecting, saving nothing; False when no selection was being made."""
        side = self.session.cancel_selection()
        if side is None:
            return False
        self._changed(side)
        return True

    def move_word(self, free: bool, step: int) -> None:
        """Move the free end (True) or the fixed end of the selection one word on (1) or back (-1)."""
        self._changed(self.session.move_word(free, step))

    def swap_ends(self) -> None:
        """Swap the ends of the selection: the fixed one becomes free."""
        self._changed(self.session.swap_ends())

    # -- changes ------------------------------------------------------------

    def tag(self) -> None:
        """Ask for tags for the target; they replace its tags."""
        view = self._active()
        target = self.session.target(view.side, view.cursor_span)
        if target is None:
            return
        # The dialogs are imported when first opened, not before the first paint.
        from ..dialogs import TagPrompt

        text = self.session.articles[target.side].text

        async def save(tags: list[str], planned: Annotation | None, kept: str | None) -> None:
            try:
                await self.write(lambda: self.session.tag(target, tags, planned.id if planned else None), kept)
            except NotSaved as error:
                self._not_saved(error)
            self._changed(target.side)

        def done(tags: list[str] | None) -> None:
            if tags is None:
                return
            planned = self._planned(target, tags=tags)
            kept = self.keep(planned) if planned is not None else None
            self.in_background(save(tags, planned, kept), kept=kept is not None)

        existing = target.existing
        prompt = TagPrompt(text[target.start:target.end], existing.tags if existing else (), self.known_tags)
        self.drafting(prompt, "tags", lambda: self._planned(target, tags=prompt.typed))
        self.screen.app.push_screen(prompt, done)

    def note(self) -> None:
        """Open the note editor on the target (its note, if it has one)."""
        view = self._active()
        target = self.session.target(view.side, view.cursor_span)
        if target is None:
            return
        from ..dialogs import NoteEditor

        quote = self.session.articles[target.side].text[target.start:target.end]

        async def save(note: str, planned: Annotation | None, kept: str | None) -> None:
            try:
                saved = await self.write(lambda: self.session.note(target, note, planned.id if planned else None),
                                         kept)
            except NotSaved as error:
                self._not_saved(error)
                # Not saved: the note comes back in the editor rather than being lost.
                if self.screen.is_attached:
                    edit(note)
                return
            if saved is not None:
                self._changed(target.side)

        def done(note: str | None) -> None:
            if note is None:
                return
            planned = self._planned(target, note=note)
            kept = self.keep(planned) if planned is not None else None
            self.in_background(save(note, planned, kept), kept=kept is not None)

        def edit(note: str) -> None:
            editor = NoteEditor(quote, note)
            self.drafting(editor, "note", lambda: self._planned(target, note=editor.text))
            self.screen.app.push_screen(editor, done)

        edit(target.existing.note if target.existing else "")

    def delete(self) -> None:
        """Remove the annotation under the cursor (u brings it back)."""
        view = self._active()
        target = self.session.target(view.side, view.cursor_span)
        if target is None or target.existing is None:
            self.screen.notify("No annotation here.", timeout=2)
            return
        kept = self.keep(target.existing.id)

        async def remove() -> None:
            try:
                removed = await self.write(lambda: self.session.delete(target), kept)
            except NotSaved as error:
                self._not_saved(error)
                return
            if removed is not None:
                self._changed(target.side)
                self.screen.notify("Annotation removed (u to undo).", timeout=3)

        self.in_background(remove(), kept=kept is not None)

    def undo(self, redo: bool = False) -> None:
        """Undo the last change of this session (redo: make the last undone one again), and go to it."""
        session = self.session
        if not (session.can_redo() if redo else session.can_undo()) and self.unsaved == 0:
            self.screen.notify("Nothing to redo." if redo else "Nothing to undo.", timeout=2)
            return

        async def run() -> None:
            try:
                done = await self.write_planned(lambda: session.planned_undo(redo),
                                                lambda _: session.redo() if redo else session.undo())
            except NotSaved as error:
                self._not_saved(error)
                return
            if done is None:
                return
            side, annotation = done
            self._changed(side)
            self.jump(side, annotation)
            self.screen.notify("Redone." if redo else "Undone.", timeout=2)

        self.in_background(run(), kept=self.journal is not None)

    def _planned(self, target: Any, tags: list[str] | None = None, note: str | None = None) -> Annotation | None:
        """What a change of `target` would leave, to keep in the journal (None: nothing to keep)."""
        if self.session.store is None:
            return None  # not open yet: the change fails and says so
        existing = target.existing
        if existing is None and not tags and not note:
            return None  # a change of nothing
        try:
            return self.session.planned(target, tags=tags, note=note)
        except InputError:
            return None  # refused (too long a note): the change says why

    # -- the list -----------------------------------------------------------

    def list_annotations(self) -> None:
        """List every annotation of both articles; choosing one jumps to it."""
        from ..dialogs import AnnotationList

        entries = self.session.listing()
        if not entries:
            self.screen.notify("No annotations yet: v selects, t tags, a writes a note.", timeout=3)
            return

        def chosen(entry: ListedAnnotation | None) -> None:
            if entry is None:
                return
            if entry.orphan:
                self.screen.notify("This annotation no longer fits the article's text; export keeps it.",
                                   severity="warning", timeout=4)
                return
            self.jump(entry.side, entry.annotation)

        self.screen.app.push_screen(AnnotationList(entries), chosen)

    def jump(self, side: Side, annotation: Annotation) -> None:
        """Put the cursor of `side` on the sentence where `annotation` starts."""
        if not self.screen.is_attached:
            return
        view = self._view(side)
        view.focus()
        unit = view.article_layout.unit_at(annotation.start)
        if unit is not None:
            view.move_cursor(unit)
        self.screen.call_after_refresh(self.show_under_cursor)


def _draft_kept(kind: str, annotation: Annotation) -> str:
    """What the next start says of a draft kept when the reader was closed (see `Annotator.keep_drafts`)."""
    from annotations.text import display_text

    quote = " ".join(display_text(annotation.exact).split())
    quote = quote if len(quote) <= 60 else quote[:59] + "…"
    if kind == "note":
        return (f"A note you were writing when the reader was closed was kept: saved on \"{quote}\" "
                "(a edits it, x removes it).")
    tags = ", ".join(display_text(t) for t in annotation.tags) or "none"
    return (f"Tags you were typing when the reader was closed were kept: {tags}, saved on \"{quote}\" "
            "(t edits them).")
