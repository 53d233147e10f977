"""Every annotation of the two articles, filterable by tag and by words in notes.

Type `#tag` to keep annotations carrying that tag and plain words to keep
those whose note holds every word; enter on an annotation jumps to it.
Orphans (annotations that no longer fit the changed text) are listed last.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

# The session's own record of a listed annotation (its module loads neither sqlite-utils nor numpy).
from annotations.store.session import ListedAnnotation
from annotations.text import display_text


def filter_annotations(entries: list[ListedAnnotation], query: str) -> list[ListedAnnotation]:
    """Entries matching `query`: every `#tag` among their tags, every other word in their note.

    Both comparisons ignore case.
    """
    tags = [w[1:].casefold() for w in query.split() if w.startswith("#") and len(w) > 1]
    words = [w.casefold() for w in query.split() if not w.startswith("#")]
    found = []
    for entry in entries:
        have = {t.casefold() for t in entry.annotation.tags}
        note = entry.annotation.note.casefold()
        if all(t in have for t in tags) and all(w in note for w in words):
            found.append(entry)
    return found


def _line(entry: ListedAnnotation) -> Content:
    a = entry.annotation
    quote = " ".join(display_text(a.exact).split())
    quote = quote if len(quote) <= 60 else quote[:59] + "…"
    note = display_text(a.note.strip().splitlines()[0]) if a.note.strip() else ""
    parts: list = [(f"{entry.side} ", "bold")]
    if entry.orphan:
        parts.append(("orphan ", "$text-warning"))
    parts.append((f"“{quote}”", "italic"))
    if a.tags:
        parts.append(("  " + " ".join(f"#{display_text(t)}" for t in a.tags), "$text-accent"))
    if note:
        parts.append(("  — " + note, "$text-muted"))
    return Content.assemble(*parts)


class AnnotationList(ModalScreen[ListedAnnotation | None]):
    """Choose an annotation; dismissed with it (enter) or None (escape)."""

    DEFAULT_CSS = """
    AnnotationList {
        align: center middle;
        & > Vertical {
            width: 100; max-width: 95%; height: 80%;
            padding: 0 1; border: round $primary; background: $surface;
        }
        & OptionList { height: 1fr; }
        & .annotation-list--count { color: $text-muted; }
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("down", "to_list", "List", show=False),
    ]

    def __init__(self, entries: list[ListedAnnotation]) -> None:
        """Args:
        entries: the annotations of both articles, orphans included.
        """
        super().__init__()
        self.entries = entries
        self.shown: list[ListedAnnotation] = list(entries)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder="filter: #tag and words of notes", id="filter")
            yield Label("", classes="annotation-list--count", id="count")
            yield OptionList(id="annotations")

    def on_mount(self) -> None:
        self._fill()
        self.query_one(Input).focus()

    def _fill(self) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(_line(e)) for e in self.shown])
        if self.shown:
            options.highlighted = 0
        self.query_one("#count", Label).update(
            Content(f"{len(self.shown)} of {len(self.entries)} annotations"))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.shown = filter_annotations(self.entries, event.value)
        self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose(self.query_one(OptionList).highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self.shown):
            self.dismiss(self.shown[index])

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
