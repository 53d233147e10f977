"""The base of every modal dialog of the reader: it is dismissed once.

Keys arrive in bursts (a paste, a terminal catching up after a pause, a
fast double Enter): a second dismissal of a dialog already closing would
pop the reader itself off the screen stack and end the app. A `Dialog`
ignores every dismissal after the first.

The dialogs that cover most of the screen (the help and the lists) are
opaque: a dimmed reader behind them is drawn again with every frame of the
dialog, which about doubles the time from their key to their first frame.
Small prompts keep the dimmed reader in view, for context.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.screen import ModalScreen

R = TypeVar("R")


class Dialog(ModalScreen[R], Generic[R]):
    """A modal screen whose result is delivered once."""

    # A modal screen hides the app's keys: q quits from every dialog (a text field takes it as a letter).
    BINDINGS = [Binding("q", "app.quit", "Quit", show=False)]

    _dismissed = False

    def dismiss(self, result: R | None = None) -> AwaitComplete:
        """Close with `result`; a second call does nothing."""
        if self._dismissed:
            return AwaitComplete.nothing()
        self._dismissed = True
        return super().dismiss(result)
