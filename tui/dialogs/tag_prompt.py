"""The prompt for an annotation's tags: comma-separated, completed from the tags in use."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label

from annotations.text import display_text

from .dialog import Dialog


def split_tags(value: str) -> list[str]:
    """The tags typed in `value`: comma-separated, blanks dropped."""
    return [tag.strip() for tag in value.split(",") if tag.strip()]


class TagSuggester(SuggestFromList):
    """Completes the tag being typed (after the last comma) from the tags in use."""

    def __init__(self, tags: list[str]) -> None:
        # Case is handled here, so that the typed part keeps its own case.
        super().__init__(tags, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        typed = last.lstrip()
        if not typed:
            return None
        already = {tag.casefold() for tag in split_tags(head)}
        for tag in self._suggestions:
            folded = tag.casefold()
            if folded.startswith(typed.casefold()) and folded != typed.casefold() and folded not in already:
                return value + tag[len(typed):]
        return None


class TagPrompt(Dialog[list[str] | None]):
    """Ask for tags; dismissed with the list typed (enter) or None (escape)."""

    DEFAULT_CSS = """
    TagPrompt {
        align: center middle;
        & > Vertical {
            width: 70; max-width: 90%; height: auto;
            padding: 1 2; border: round $primary; background: $surface;
        }
        & .tag-prompt--quote { color: $text-muted; text-style: italic; margin-bottom: 1; max-height: 8; }
        & .tag-prompt--hint { color: $text-muted; }
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, quote: str, tags: tuple[str, ...], known: list[str]) -> None:
        """Args:
        quote: the passage being tagged (shown shortened).
        tags: the tags it has now (editable).
        known: every tag in use, most used first, for completion.
        """
        super().__init__()
        self.quote = quote
        # Tags may come from an imported file: shown (and completed) in safe form.
        self.tags = tuple(display_text(t) for t in tags)
        self.known = [display_text(t) for t in known]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_shorten(self.quote, 640), classes="tag-prompt--quote", markup=False)
            yield Input(
                ", ".join(self.tags), placeholder="tags, comma-separated",
                suggester=TagSuggester(self.known), id="tags",
            )
            yield Label("enter saves · → completes · escape cancels", classes="tag-prompt--hint")

    @property
    def typed(self) -> list[str]:
        """The tags as typed so far."""
        return split_tags(self.query_one(Input).value)

    @property
    def changed(self) -> bool:
        """Whether the tags typed differ from the ones it opened with (a draft not saved)."""
        return self.typed != split_tags(", ".join(self.tags))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(split_tags(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _shorten(text: str, limit: int = 120) -> str:
    text = " ".join(display_text(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
