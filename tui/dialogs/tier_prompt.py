"""The prompt for a pair linked by hand: which tier, `same` or `related`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from annotations.text import display_text


class TierPrompt(ModalScreen[str | None]):
    """Ask how much the two linked sentences share; dismissed with "same", "related" or None (escape)."""

    DEFAULT_CSS = """
    TierPrompt {
        align: center middle;
        & > Vertical {
            width: 76; max-width: 90%; height: auto;
            padding: 1 2; border: round $primary; background: $surface;
        }
        & .tier-prompt--quote { color: $text-muted; text-style: italic; }
        & .tier-prompt--hint { margin-top: 1; }
    }
    """

    BINDINGS = [
        Binding("s", "choose('same')", "The same claim"),
        Binding("r", "choose('related')", "Related: they share part of it"),
        Binding("escape", "choose('')", "Cancel the link"),
    ]

    def __init__(self, quote_a: str, quote_b: str) -> None:
        """Args:
        quote_a: the sentence of A being linked (shown shortened).
        quote_b: the sentence of B.
        """
        super().__init__()
        self.quotes = (quote_a, quote_b)

    def compose(self) -> ComposeResult:
        with Vertical():
            # Article text: never markup.
            yield Label("A: " + _shorten(self.quotes[0]), classes="tier-prompt--quote", markup=False)
            yield Label("B: " + _shorten(self.quotes[1]), classes="tier-prompt--quote", markup=False)
            yield Label("s: the same claim · r: related (they share part of it) · escape cancels",
                        classes="tier-prompt--hint", markup=False)

    def action_choose(self, tier: str) -> None:
        self.dismiss(tier or None)


def _shorten(text: str, limit: int = 140) -> str:
    text = " ".join(display_text(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
