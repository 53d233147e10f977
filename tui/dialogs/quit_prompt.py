"""Asked once on quitting while something is not saved: a note being written, or changes still waiting."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from .dialog import Dialog


class QuitPrompt(Dialog[str]):
    """Dismissed with "save" (the note, then quit), "discard" (quit now) or "keep" (go back).

    Args:
        draft: a note is being written and is not saved.
        waiting: changes not yet in the database.
        unkept: of those, the ones not kept beside it to be written when newsread next opens.
    """

    DEFAULT_CSS = """
    QuitPrompt {
        align: center middle;
        & > Vertical { width: 64; max-width: 95%; height: auto; padding: 1 2; border: round $warning;
                       background: $surface; }
        & Horizontal { height: auto; margin-top: 1; }
        & Button { margin-right: 1; }
    }
    """

    BINDINGS = [
        Binding("s", "answer('save')", "Save and quit"),
        Binding("d", "answer('discard')", "Quit without saving"),
        Binding("escape,k", "answer('keep')", "Keep editing"),
        # q, ctrl+c again: the answer that loses nothing.
        Binding("q", "answer('save')", "Save and quit", show=False),
    ]

    def __init__(self, draft: bool, waiting: int, unkept: int = 0) -> None:
        super().__init__()
        self.draft = draft
        self.waiting = waiting
        self.unkept = unkept

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.draft:
                yield Label("The note you are writing is not saved.")
            if self.waiting:
                changes = "1 change" if self.waiting == 1 else f"{self.waiting} changes"
                yield Label(f"{changes} waiting: the database is busy.")
                if self.unkept:
                    lost = "1 of them is" if self.unkept == 1 else f"{self.unkept} of them are"
                    yield Label(f"Quitting now, {lost} lost.")
                else:
                    yield Label("Quitting now, they are kept beside the database and written when newsread "
                                "next opens.")
            with Horizontal():
                if self.draft:
                    yield Button("Save and quit (s)", id="save", variant="primary")
                    yield Button("Discard (d)", id="discard", variant="warning")
                    yield Button("Keep editing (k)", id="keep")
                else:
                    yield Button("Quit (d)", id="discard", variant="primary")
                    yield Button("Keep waiting (k)", id="keep")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "keep")

    def action_answer(self, answer: str) -> None:
        if answer == "save" and not self.draft:
            answer = "discard"  # nothing to save: quit, the waiting changes are kept
        self.dismiss(answer)
