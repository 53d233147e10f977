"""The note editor: a multi-line TextArea; ctrl+s saves, escape asks before discarding changes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, TextArea

from annotations.text import display_text

from .dialog import Dialog
from .tag_prompt import _shorten


class ConfirmDiscard(Dialog[bool]):
    """"Discard changes?": y or enter discards, n or escape goes back to editing."""

    DEFAULT_CSS = """
    ConfirmDiscard {
        align: center middle;
        & > Vertical { width: 44; height: auto; padding: 1 2; border: round $warning; background: $surface; }
        & Horizontal { height: auto; margin-top: 1; }
        & Button { margin-right: 2; }
    }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Discard"),
        Binding("n,escape", "answer(False)", "Keep editing"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Discard the changes to this note?")
            with Horizontal():
                yield Button("Discard (y)", id="discard", variant="warning")
                yield Button("Keep editing (n)", id="keep")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "discard")

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)


class NoteEditor(Dialog[str | None]):
    """Edit a note; dismissed with the text (ctrl+s) or None (discarded)."""

    DEFAULT_CSS = """
    NoteEditor {
        align: center middle;
        & > Vertical {
            width: 80; max-width: 95%; height: 20; max-height: 90%;
            padding: 0 1; border: round $primary; background: $surface;
        }
        & .note-editor--quote { color: $text-muted; text-style: italic; }
        & TextArea { height: 1fr; }
        & .note-editor--hint { color: $text-muted; }
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save the note", priority=True),
        Binding("escape", "close", "Close (asks before discarding a change)"),
    ]

    def __init__(self, quote: str, note: str = "") -> None:
        """Args:
        quote: the passage annotated (shown shortened above the editor).
        note: the note it has now.
        """
        super().__init__()
        self.quote = quote
        # A note may come from an imported file: what reaches the terminal is
        # made safe, at the same length (saving keeps the safe form).
        self.original = display_text(note)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_shorten(self.quote), classes="note-editor--quote", markup=False)
            yield TextArea(self.original, id="note", soft_wrap=True, show_line_numbers=False)
            yield Label("ctrl+s saves · escape closes", classes="note-editor--hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    @property
    def changed(self) -> bool:
        """Whether the note differs from the one it opened with (a draft not saved)."""
        return self.text != self.original

    def action_save(self) -> None:
        self.dismiss(self.text)

    def action_close(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), answered)
