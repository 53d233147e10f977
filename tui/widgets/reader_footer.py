"""The footer: the reader's keys, and on a narrow terminal only the ones a person needs first.

Textual's `Footer` cuts whatever does not fit; below `NARROW` columns this
one shows fewer keys whole rather than every key cut off (`?` lists them all).
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the footer's own key widget; Textual pinned (8.2.8)

#: Below this many columns only `ESSENTIAL` keys are shown.
NARROW = 100
#: The actions whose keys a narrow footer keeps.
ESSENTIAL = frozenset({"help", "claim(1)", "search", "cycle_mode", "annotate('tag')", "quit", "command_palette"})


class ReaderFooter(Footer):
    """A compact footer that keeps the essential keys whole on narrow terminals."""

    _narrow = False

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if self._narrow and isinstance(widget, FooterKey) and widget.action not in ESSENTIAL:
                continue
            yield widget

    def on_resize(self, event: events.Resize) -> None:
        narrow = self.app.size.width < NARROW
        if narrow != self._narrow:
            self._narrow = narrow
            self.refresh(recompose=True)
