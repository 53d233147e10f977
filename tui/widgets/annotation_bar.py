"""The line above the detail bar: tags and note of the annotation under the cursor.

One row, always there (empty when the cursor is on no annotation), so that
the panes never move when the cursor passes an annotated sentence. While a
passage is being selected it says what the selection keys do. Notes are
shown by their start: the note editor (a) has the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from annotations.text import display_text

from .preview import preview

if TYPE_CHECKING:  # sqlite-utils (and numpy with it) load after the first paint
    from annotations.store.records import Annotation


def describe(annotations: list[Annotation]) -> Content:
    """The bar's text for the annotations under the cursor: the first one's tags and the start of its note."""
    first = annotations[0]
    parts: list = [("✎ ", "bold $text-accent")]
    if first.tags:
        parts.append((" ".join(f"#{display_text(t)}" for t in first.tags), "bold $text-accent"))
    note = preview(first.note, 200)
    if note:
        parts.append(("  " if first.tags else "", ""))
        parts.append((note, ""))
    elif not first.tags:
        parts.append(("annotated, without tags or a note", "$text-muted"))
    if len(annotations) > 1:
        parts.append((f"  (+{len(annotations) - 1} more here)", "$text-muted"))
    return Content.assemble(*parts)


class AnnotationBar(Static):
    """Tags and note of the annotation under the cursor, or the selection's keys."""

    DEFAULT_CSS = """
    AnnotationBar {
        height: 1;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $panel;
        color: $text;
        &.-selecting { color: $text-primary; }
    }
    """

    def show_annotations(self, annotations: list[Annotation]) -> None:
        """Show the first of `annotations` (none: an empty row)."""
        self.remove_class("-selecting")
        self.update(describe(annotations) if annotations else "", layout=False)

    def show_selection(self, length: int) -> None:
        """Say that a selection of `length` characters is being made, and how."""
        self.add_class("-selecting")
        self.update(Content(
            f"Selecting {length:,} characters · j/k/w/b move the free end · W/B the fixed one · "
            "o swaps them · click a word · t tag · a note · escape cancels"
        ), layout=False)
