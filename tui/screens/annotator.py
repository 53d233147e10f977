"""The Textual side of annotating in the reader: dialogs, notifications, marks and the annotation bar.

The workflow itself (the selection, the target of `t` and `a`, the changes
and their undo) is the headless `AnnotationSession` of the core. `Annotator`
is a plain object the `ReaderScreen` holds: the screen's handlers and
actions call it with what happened, it asks the session, then opens a
dialog, says what went wrong, paints the marks in the panes (underline and
a gutter sign) and shows the annotation under the cursor in the
`AnnotationBar`. `ANNOTATION_BINDINGS` are the screen's keys for it.

The store is opened once the text is on screen: its modules are imported in
a thread, the connection opened on the main thread, which then does every
write (they are small, and the sqlite connection belongs to its thread).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.screen import Screen

from annotations.errors import InputError
from annotations.sides import SIDES, Side
from annotations.store.session import AnnotationSession, NotSaved, StoreUnavailable

from ..messages import StoreOpened
from ..widgets.annotation_bar import AnnotationBar
from ..widgets.article_view import ArticleView

if TYPE_CHECKING:  # sqlite-utils (and numpy with it) load after the first paint
    from annotations.store.records import Annotation

    from ..dialogs import ListedAnnotation

ANNOTATION_BINDINGS = [
    Binding("v", "select", "Select"),
    Binding("w", "word_end(1)", "End +word", show=False),
    Binding("b", "word_end(-1)", "End −word", show=False),
    Binding("W", "word_start(1)", "Start +word", show=False),
    Binding("B", "word_start(-1)", "Start −word", show=False),
    Binding("t", "tag", "Tag"),
    Binding("a", "note", "Note"),
    Binding("x", "delete_annotation", "Delete note", show=False),
    Binding("u", "undo", "Undo", show=False),
    Binding("A", "list_annotations", "All notes"),
]


class Annotator:
    """Dialogs, notifications and marks for an `AnnotationSession` in the reader.

    Args:
        screen: the reader (notifications, dialogs, the annotation bar).
        session: the headless session it shows.
        view: the pane of a side.
        active: the pane the person is working in.
    """

    def __init__(self, screen: Screen[None], session: AnnotationSession, view: Callable[[Side], ArticleView],
                 active: Callable[[], ArticleView]) -> None:
        self.screen = screen
        self.session = session
        self._view = view
        self._active = active
        self._selecting = False

    @property
    def selecting(self) -> bool:
        """Whether a passage is being selected."""
        return self.session.selection is not None

    # -- the store ----------------------------------------------------------

    def open_store(self, path: Path | None) -> None:
        """Open the notes database, off the main thread as far as it can be."""
        self.screen.run_worker(lambda: self._import_store(path), thread=True, group="store", exit_on_error=False,
                               description="Loading the notes database")

    def _import_store(self, path: Path | None) -> None:
        # sqlite-utils (and numpy with it) take ~0.2 s to import: off the main
        # thread, so the reader answers keys meanwhile.
        import annotations.store.store  # noqa: F401

        self.screen.app.call_from_thread(self._open_store, path)

    def _open_store(self, path: Path | None) -> None:
        from annotations.store.store import Store

        if not self.screen.is_attached:
            return
        try:
            store = Store(path)
        except InputError as error:
            self.session.fail()
            self.screen.notify(f"Notes cannot be saved: {error}", severity="error", timeout=10, markup=False)
            return
        self.session.open(store)
        for side in SIDES:
            if orphans := self.session.orphans[side]:
                self.screen.notify(
                    f"{len(orphans)} annotations of {side} no longer fit its changed text; "
                    "they are listed as orphans under A.", severity="warning", timeout=8)
            self._paint(side)
        self.show_under_cursor()
        self.screen.post_message(StoreOpened())

    def close(self) -> None:
        """Close the store (every change is already committed)."""
        self.session.close()

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
        if side is not None:
            self._paint(side)
        self.show_under_cursor()
        if self._selecting != self.selecting:
            # The word keys only work while selecting (see ReaderScreen.check_action).
            self._selecting = self.selecting
            self.screen.refresh_bindings()

    def _not_saved(self, error: NotSaved) -> None:
        if isinstance(error, StoreUnavailable) and error.opening:
            self.screen.notify(str(error), timeout=3)
        elif isinstance(error, StoreUnavailable):
            self.screen.notify(str(error), severity="error")
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
        """A click at offset `at` of `view`: while selecting there, the nearer end reaches that word."""
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

    def move_word(self, end: bool, step: int) -> None:
        """Move the end (True) or the start of the selection one word on (1) or back (-1)."""
        self._changed(self.session.move_word(end, step))

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

        def done(tags: list[str] | None) -> None:
            if tags is None:
                return
            try:
                if self.session.tag(target, tags) is None:
                    return
            except NotSaved as error:
                self._not_saved(error)
            self._changed(target.side)

        existing = target.existing
        prompt = TagPrompt(text[target.start:target.end], existing.tags if existing else (), self.session.known_tags())
        self.screen.app.push_screen(prompt, done)

    def note(self) -> None:
        """Open the note editor on the target (its note, if it has one)."""
        view = self._active()
        target = self.session.target(view.side, view.cursor_span)
        if target is None:
            return
        from ..dialogs import NoteEditor

        quote = self.session.articles[target.side].text[target.start:target.end]

        def done(note: str | None) -> None:
            if note is None:
                return
            try:
                saved = self.session.note(target, note)
            except NotSaved as error:
                self._not_saved(error)
                # Not saved: the note comes back in the editor rather than being lost.
                self.screen.app.push_screen(NoteEditor(quote, note), done)
                return
            if saved is not None:
                self._changed(target.side)

        self.screen.app.push_screen(NoteEditor(quote, target.existing.note if target.existing else ""), done)

    def delete(self) -> None:
        """Remove the annotation under the cursor (u brings it back)."""
        view = self._active()
        target = self.session.target(view.side, view.cursor_span)
        if target is None or target.existing is None:
            self.screen.notify("No annotation here.", timeout=2)
            return
        try:
            removed = self.session.delete(target)
        except NotSaved as error:
            self._not_saved(error)
            return
        if removed is not None:
            self._changed(target.side)
            self.screen.notify("Annotation removed (u to undo).", timeout=3)

    def undo(self) -> None:
        """Undo the last change of this session, and go to it."""
        if not self.session.can_undo():
            self.screen.notify("Nothing to undo.", timeout=2)
            return
        try:
            undone = self.session.undo()
        except NotSaved as error:
            self._not_saved(error)
            return
        if undone is None:
            return
        side, restored = undone
        self._changed(side)
        self.jump(side, restored)
        self.screen.notify("Undone.", timeout=2)

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
        view = self._view(side)
        view.focus()
        unit = view.article_layout.unit_at(annotation.start)
        if unit is not None:
            view.move_cursor(unit)
        self.screen.call_after_refresh(self.show_under_cursor)
