"""Open another pair without leaving the reader: two paths or URLs, as on the command line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from .dialog import Dialog


class OpenPair(Dialog[tuple[str, str] | None]):
    """Ask for articles A and B; dismissed with both (enter in B) or None (escape)."""

    DEFAULT_CSS = """
    OpenPair {
        align: center middle;
        & > Vertical { width: 90; max-width: 95%; height: auto; padding: 1 2; border: round $primary;
                       background: $surface; }
        & .open-pair--hint { color: $text-muted; }
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, a: str = "", b: str = "") -> None:
        super().__init__()
        self._a, self._b = a, b

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Article A (a file or a URL)")
            yield Input(self._a, id="a")
            yield Label("Article B")
            yield Input(self._b, id="b")
            yield Label("enter in B opens the pair · escape cancels", classes="open-pair--hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        a, b = self.query_one("#a", Input).value.strip(), self.query_one("#b", Input).value.strip()
        if event.input.id == "a" and not b:
            self.query_one("#b", Input).focus()
        elif a and b:
            self.dismiss((a, b))

    def action_cancel(self) -> None:
        self.dismiss(None)
