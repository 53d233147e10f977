"""The annotating session of the reader: select, tag, note, delete, undo, list.

`Annotating` is mixed into `ReaderScreen`; `ANNOTATION_BINDINGS` are its
keys. Once the text is on screen it imports the store's modules in a thread
and opens the `Store` on the main thread (which then does every write: they
are small, and the sqlite connection belongs to the thread that opened it),
places each article's annotations, marks them in
both panes (underline and a gutter sign) and shows the one under the cursor
in the `AnnotationBar`.

Target of `t` and `a`: the selection when one is being made (`v`), else the
annotation under the cursor, else the current sentence. `escape` (a key of
the reader) cancels a selection being made before anything else.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import SystemCommand
from textual.binding import Binding

from annotations.errors import InputError
from annotations.sides import SIDES, Side
from annotations.text import display_text

from .selection import Selection
from .widgets.annotation_bar import AnnotationBar
from .widgets.article_view import GUTTER, ArticleView

if TYPE_CHECKING:  # sqlite-utils (and numpy with it) load after the first paint
    from annotations.store.store import Annotation, Store

    from .dialogs import ListedAnnotation

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

class Annotating:
    """Annotation keys and marks for `ReaderScreen` (see the module docstring)."""

    _store: Store | None = None
    _selection: Selection | None = None

    # -- set-up -------------------------------------------------------------

    # Textual runs the handler of every class in the MRO, so this runs as
    # well as ReaderScreen.on_mount (and likewise for the other handlers).
    def on_mount(self) -> None:
        self._placed: dict[str, dict[str, Annotation]] = {"A": {}, "B": {}}
        self._orphans: dict[str, list[Annotation]] = {"A": [], "B": []}
        self._article_ids: dict[str, int] = {}
        self._store_opened = False
        self._store_failed = False

    def on_article_view_painted(self) -> None:
        """Open the store once the text is on screen: importing it costs more than the paint."""
        if self._store_opened:
            return
        self._store_opened = True
        self._import_store()

    @work(thread=True, group="store", exit_on_error=False, description="Loading the notes database")
    def _import_store(self) -> None:
        # sqlite-utils (and numpy with it) take ~0.2 s to import: off the main
        # thread, so the reader answers keys meanwhile. The connection itself
        # is opened on the main thread, which does every write.
        import annotations.store.store  # noqa: F401

        self.app.call_from_thread(self._open_store)

    def _open_store(self) -> None:
        from annotations.store.store import Store

        if not self.is_attached:
            return
        path: Path | None = getattr(self.app, "db_path", None)
        try:
            self._store = Store(path)
        except InputError as error:
            self._store_failed = True
            self.notify(f"Notes cannot be saved: {error}", severity="error", timeout=10, markup=False)
            return
        for side, article in zip(SIDES, self.pair):
            opened = self._store.open_article(article)
            self._article_ids[side] = opened.article.id
            self._placed[side] = {a.id: a for a in opened.annotations}
            self._orphans[side] = list(opened.orphans)
            if opened.orphans:
                self.notify(
                    f"{len(opened.orphans)} annotations of {side} no longer fit its changed text; "
                    "they are listed as orphans under A.", severity="warning", timeout=8)
            self._paint(side)
        self._show_under_cursor()

    def on_unmount(self) -> None:
        if self._store is not None:
            self._store.close()

    # -- what is where ------------------------------------------------------

    def _paint(self, side: Side) -> None:
        view: ArticleView = self.view(side)
        view.set_marks("annotation", [(a.start, a.end) for a in self._placed[side].values()])
        selection = self._selection
        view.set_marks("selection", [(selection.start, selection.end)]
                       if selection is not None and selection.side == side else [])

    def annotations_at(self, side: Side, start: int, end: int) -> list[Annotation]:
        """Annotations of `side` overlapping `start:end`, the closest fit first."""
        found = [a for a in self._placed[side].values() if a.start < end and a.end > start]
        return sorted(found, key=lambda a: (abs(a.start - start) + abs(a.end - end), a.start))

    def annotation_under_cursor(self) -> Annotation | None:
        """The annotation the cursor (or the selection) is on, if any."""
        view: ArticleView = self.active_view
        if self._selection is not None:
            s = self._selection
            exact = [a for a in self._placed[s.side].values() if (a.start, a.end) == (s.start, s.end)]
            return exact[0] if exact else None
        span = view.cursor_span
        if span is None:
            return None
        found = self.annotations_at(view.side, *span)
        return found[0] if found else None

    def _show_under_cursor(self) -> None:
        bar = self.query_one(AnnotationBar)
        if self._selection is not None:
            bar.show_selection(self._selection.end - self._selection.start)
            return
        view: ArticleView = self.active_view
        span = view.cursor_span
        bar.show_annotations(self.annotations_at(view.side, *span) if span else [])

    def on_article_view_cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        selection = self._selection
        span = event.view.cursor_span
        if selection is not None and span is not None:
            if selection.side != event.view.side:
                self._cancel()
            else:
                selection.follow_cursor(span)
                self._paint(selection.side)
        self._show_under_cursor()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, ArticleView):
            if self._selection is not None and self._selection.side != event.widget.side:
                self._cancel()
            self.call_after_refresh(self._show_under_cursor)

    # -- selecting ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("word_end", "word_start"):
            return self._selection is not None
        return super().check_action(action, parameters)

    def action_select(self) -> None:
        """Start selecting at the current sentence (again: restart there)."""
        view: ArticleView = self.active_view
        span = view.cursor_span
        if span is None:
            return
        self._selection = Selection(view.side, span[0], span[1], span)
        self._paint(view.side)
        self._show_under_cursor()

    def _cancel(self) -> None:
        selection, self._selection = self._selection, None
        if selection is not None:
            self._paint(selection.side)
        self._show_under_cursor()
        self.refresh_bindings()

    def cancel_selection(self) -> bool:
        """Stop selecting, saving nothing; False when no selection was being made."""
        if self._selection is None:
            return False
        self._cancel()
        return True

    def _selected_text(self) -> str:
        return self.view(self._selection.side).article.text

    def action_word_end(self, step: int) -> None:
        """Move the end of the selection one word on (1) or back (-1)."""
        self._selection.move_end(self._selected_text(), step)
        self._paint(self._selection.side)
        self._show_under_cursor()

    def action_word_start(self, step: int) -> None:
        """Move the start of the selection one word on (1) or back (-1)."""
        self._selection.move_start(self._selected_text(), step)
        self._paint(self._selection.side)
        self._show_under_cursor()

    def on_click(self, event: events.Click) -> None:
        """While selecting, a click on a word of the same pane moves the nearer end to it."""
        s = self._selection
        view = event.widget
        if s is None or not isinstance(view, ArticleView) or view.side != s.side:
            return
        offset = event.get_content_offset(view)
        if offset is None:
            return
        layout = view.layout
        line = min(round(view.scroll_y) + offset.y, len(layout) - 1)
        s.reach(view.article.text, layout.offset_at(line, offset.x - GUTTER, display_text(view.article.text)))
        self._paint(s.side)
        self._show_under_cursor()

    # -- changes ------------------------------------------------------------

    def _target(self) -> tuple[str, int, int, Annotation | None] | None:
        """(side, start, end, existing annotation or None) of the next change."""
        view: ArticleView = self.active_view
        existing = self.annotation_under_cursor()
        if self._selection is not None:
            s = self._selection
            return s.side, s.start, s.end, existing
        if existing is not None:
            return view.side, existing.start, existing.end, existing
        span = view.cursor_span
        return (view.side, span[0], span[1], None) if span else None

    def _saved(self, side: Side, annotation: Annotation | None, removed: str | None = None) -> None:
        if removed is not None:
            self._placed[side].pop(removed, None)
        if annotation is not None:
            self._placed[side][annotation.id] = annotation
        self._selection = None
        self._paint(side)
        self._show_under_cursor()
        self.refresh_bindings()

    def _write(self, change: str, *args, **kwargs):
        """Run one store change (a `Store` method's name); on a database error say so and return None."""
        if self._store is None:
            if self._store_failed:
                self.notify("Notes cannot be saved: the database could not be opened.", severity="error")
            else:
                self.notify("The notes database is still opening: try again in a moment.", timeout=3)
            return None
        try:
            return getattr(self._store, change)(*args, **kwargs)
        except (sqlite3.Error, InputError) as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=10, markup=False)
            return None

    def action_tag(self) -> None:
        """Ask for tags for the target; they replace its tags."""
        target = self._target()
        if target is None:
            return
        # The dialogs are imported when first opened, not before the first paint.
        from .dialogs import TagPrompt

        side, start, end, existing = target
        text = self.view(side).article.text
        known = self._store.all_tags() if self._store is not None else []

        def done(tags: list[str] | None) -> None:
            if tags is None:
                return
            if existing is not None:
                self._saved(side, self._write("set_tags", existing.id, tags))
            elif tags:
                self._saved(side, self._write("add", self._article_ids.get(side), text, start, end, tags))

        self.app.push_screen(TagPrompt(text[start:end], existing.tags if existing else (), known), done)

    def action_note(self) -> None:
        """Open the note editor on the target (its note, if it has one)."""
        target = self._target()
        if target is None:
            return
        from .dialogs import NoteEditor

        side, start, end, existing = target
        text = self.view(side).article.text
        before = existing.note if existing else ""

        def done(note: str | None) -> None:
            if note is None or note == before:
                return
            if existing is not None:
                saved = self._write("set_note", existing.id, note)
            else:
                saved = self._write("add", self._article_ids.get(side), text, start, end, (), note)
            if saved is None:
                # Not saved: the note comes back in the editor rather than being lost.
                self.app.push_screen(NoteEditor(text[start:end], note), done)
                return
            self._saved(side, saved)

        self.app.push_screen(NoteEditor(text[start:end], before), done)

    def action_delete_annotation(self) -> None:
        """Remove the annotation under the cursor (u brings it back)."""
        existing = self.annotation_under_cursor()
        if existing is None:
            self.notify("No annotation here.", timeout=2)
            return
        side = self._selection.side if self._selection else self.active_view.side
        if self._write("delete", existing.id) is not None:
            self._saved(side, None, removed=existing.id)
            self.notify("Annotation removed (u to undo).", timeout=3)

    def action_undo(self) -> None:
        """Undo the last change of this session."""
        if self._store is None or not self._store.can_undo():
            self.notify("Nothing to undo.", timeout=2)
            return
        restored = self._write("undo")
        if restored is None:
            return
        side = next((s for s, i in self._article_ids.items() if i == restored.article_id), None)
        side = side or next((s for s in SIDES if restored.id in self._placed[s]), "A")
        now = self._store.get(restored.id)
        self._saved(side, now, removed=None if now else restored.id)
        self._jump(side, restored)
        self.notify("Undone.", timeout=2)

    def annotation_commands(self) -> list[SystemCommand]:
        """The annotating actions for the command palette."""
        return [
            SystemCommand("Select a passage", "Start a selection at the current sentence (v)", self.action_select),
            SystemCommand("Tag", "Tag the selection, the annotation here or the sentence (t)", self.action_tag),
            SystemCommand("Note", "Write or edit the note of the target (a)", self.action_note),
            SystemCommand("Delete annotation", "Remove the annotation under the cursor (x)",
                          self.action_delete_annotation),
            SystemCommand("Undo", "Undo the last change to the annotations (u)", self.action_undo),
            SystemCommand("All annotations", "List, filter and jump to annotations (A)",
                          self.action_list_annotations),
        ]

    # -- the list -----------------------------------------------------------

    def action_list_annotations(self) -> None:
        """List every annotation of both articles; choosing one jumps to it."""
        from .dialogs import AnnotationList, ListedAnnotation

        entries = [
            ListedAnnotation(side, a)
            for side in SIDES for a in sorted(self._placed[side].values(), key=lambda a: a.start)
        ] + [ListedAnnotation(side, a, orphan=True) for side in SIDES for a in self._orphans[side]]
        if not entries:
            self.notify("No annotations yet: v selects, t tags, a writes a note.", timeout=3)
            return

        def chosen(entry: ListedAnnotation | None) -> None:
            if entry is None:
                return
            if entry.orphan:
                self.notify("This annotation no longer fits the article's text; export keeps it.",
                            severity="warning", timeout=4)
                return
            self._jump(entry.side, entry.annotation)

        self.app.push_screen(AnnotationList(entries), chosen)

    def _jump(self, side: Side, annotation: Annotation) -> None:
        """Put the cursor of `side` on the sentence where `annotation` starts."""
        view: ArticleView = self.view(side)
        view.focus()
        unit = view.layout.unit_at(annotation.start)
        if unit is not None:
            view.move_cursor(unit)
        self.call_after_refresh(self._show_under_cursor)
