"""What the reader's filterable lists share: a filter above a list, enter chooses, escape closes."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.binding import Binding
from textual.widgets import Input, OptionList

from .dialog import Dialog

T = TypeVar("T")


class FilterList(Dialog["T | None"], Generic[T]):
    """A dialog dismissed with the row chosen from `shown` (enter), or None (escape).

    A subclass composes an `Input` and an `OptionList`, sets `shown` as the
    filter changes and draws it in `_fill`.
    """

    DEFAULT_CSS = """
    FilterList {
        align: center middle;
        background: $background;  /* opaque: see Dialog */
        & > Vertical { padding: 0 1; border: round $primary; background: $surface; }
        & OptionList { height: 1fr; }
        & #count { color: $text-muted; }
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Close"), Binding("down", "to_list", "List", show=False)]

    #: Rows drawn at most. An `OptionList` measures every option it holds each
    #: time it changes (the 3,750 lone sentences of a long pair took over a
    #: second to open); the filter reaches the rows past these.
    LIMIT = 200

    shown: list[T]

    def _fill(self) -> None:
        raise NotImplementedError

    def _drawn(self) -> list[T]:
        """The rows of `shown` that are drawn: the first `LIMIT`."""
        return self.shown[: self.LIMIT]

    def _beyond(self) -> str:
        """What the count line adds when rows are left undrawn."""
        return f" · the first {self.LIMIT} shown, type to narrow" if len(self.shown) > self.LIMIT else ""

    def on_mount(self) -> None:
        self._fill()
        self.query_one(Input).focus()

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
