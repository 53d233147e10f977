"""The line above the detail bar: tags and note of the annotation under the cursor.

Hidden when the cursor is on no annotation. While a passage is being
selected it says what the selection keys do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from annotations.text import display_text

if TYPE_CHECKING:  # sqlite-utils (and numpy with it) load after the first paint
    from annotations.store.records import Annotation

#: Lines of a note shown under the tags; the rest is in the note editor.
NOTE_LINES = 3


def describe(annotations: list[Annotation]) -> Content:
    """The bar's text for the annotations under the cursor (the first in full)."""
    first = annotations[0]
    parts: list = [("✎ ", "bold $text-accent")]
    if first.tags:
        parts.append((" ".join(f"#{display_text(t)}" for t in first.tags), "bold $text-accent"))
    else:
        parts.append(("no tags", "$text-muted"))
    if len(annotations) > 1:
        parts.append((f"  (+{len(annotations) - 1} more here)", "$text-muted"))
    lines = [Content.assemble(*parts)]
    note = first.note.strip().splitlines()
    for line in note[:NOTE_LINES]:
        lines.append(Content("  " + display_text(line)))
    if len(note) > NOTE_LINES:
        lines.append(Content.styled(f"  … {len(note) - NOTE_LINES} more lines (a to edit)", "$text-muted"))
    return Content("\n").join(lines)


class AnnotationBar(Static):
    """Tags and note of the annotation under the cursor, or the selection's keys."""

    DEFAULT_CSS = """
    AnnotationBar {
        height: auto;
        max-height: 5;
        padding: 0 1;
        background: $panel;
        color: $text;
        display: none;
        &.-shown { display: block; }
        &.-selecting { color: $text-primary; }
    }
    """

    def show_annotations(self, annotations: list[Annotation]) -> None:
        """Show the first of `annotations` (none: hide the bar)."""
        was_shown = self.has_class("-shown")
        self.remove_class("-selecting")
        self.set_class(bool(annotations), "-shown")
        if annotations or was_shown:
            # A bar that stays hidden keeps its text: a new one would reflow
            # the whole screen on every cursor step.
            self.update(describe(annotations) if annotations else "")

    def show_selection(self, length: int) -> None:
        """Say that a selection of `length` characters is being made, and how."""
        self.add_class("-shown", "-selecting")
        self.update(Content(
            f"Selecting {length:,} characters · j/k/w/b move the free end · W/B the fixed one · "
            "o swaps them · click a word · t tag · a note · escape cancels"
        ))
