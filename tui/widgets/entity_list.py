"""The entity list: every linked entity with its mention counts in each article.

Names come first, shared ones before the rest, then the most mentioned;
dates, times and bare figures follow under a heading of their own, as what
they are rather than as entities one article names alone. Choosing one posts
`EntityList.EntitySelected`; the reader highlights its mentions in both panes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from annotations.text import display_text

if TYPE_CHECKING:  # the claim matcher is loaded by the worker, not before the first paint
    from annotations.analysis.comparison import Comparison


def entity_rows(comparison: Comparison) -> list[tuple[str, int, int]]:
    """(entity id, mentions in A, mentions in B): names before values, shared first, then by total mentions.

    Values (`entities.VALUE_LABELS`: dates, times, figures) are listed apart, under "Dates and figures".
    """
    from annotations.analysis.entities import VALUE_LABELS

    in_a = Counter(m.entity for m in comparison.a.mentions)
    in_b = Counter(m.entity for m in comparison.b.mentions)
    rows = [(e.id, in_a[e.id], in_b[e.id]) for e in comparison.entities if in_a[e.id] or in_b[e.id]]
    names = comparison.entity_by_id
    return sorted(rows, key=lambda r: (names[r[0]].label in VALUE_LABELS, not (r[1] and r[2]),
                                       -(r[1] + r[2]), names[r[0]].name.lower()))


class EntityList(Vertical):
    """A panel listing entities; Enter highlights one, Escape closes."""

    DEFAULT_CSS = """
    EntityList {
        layer: overlay;
        dock: right;
        width: 44;
        margin: 1 0 1 0;
        display: none;
        border-left: wide $primary;
        background: $surface;
        &.-visible { display: block; }
        #entity-list-title { padding: 0 1; text-style: bold; background: $panel; width: 1fr; }
        OptionList { height: 1fr; border: none; }
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close list"),
        # As in the panes (the list's own keys are the arrows).
        Binding("j", "move(1)", "Next entity", show=False),
        Binding("k", "move(-1)", "Previous entity", show=False),
    ]

    class EntitySelected(Message):
        """The person chose an entity to follow."""

        def __init__(self, entity_list: EntityList, entity_id: str) -> None:
            super().__init__()
            self.entity_list = entity_list
            self.entity_id = entity_id

        @property
        def control(self) -> EntityList:
            return self.entity_list

    class Closed(Message):
        """The list was closed without choosing."""

    def __init__(self, comparison: Comparison, style_of: Callable[[str], Style], *, id: str | None = None) -> None:
        """The list of the entities of `comparison`, each in the colour of its kind.

        Args:
            comparison: the analysis.
            style_of: the style of an entity kind ("person", "place"...).
        """
        super().__init__(id=id)
        self._comparison = comparison
        self._style_of = style_of

    def compose(self):
        yield Static("Entities   A · B", id="entity-list-title")
        # The options are there from the start: filled after mounting, a list
        # still being mounted when the reader closed was filled with no option list.
        yield OptionList(*self._options(), id="entity-options")

    def _options(self) -> list[Option]:
        from annotations.analysis.entities import VALUE_LABELS

        comparison, style_of = self._comparison, self._style_of
        options: list[Option] = []
        names = comparison.entity_by_id
        values = False
        for entity_id, count_a, count_b in entity_rows(comparison):
            entity = names[entity_id]
            if entity.label in VALUE_LABELS and not values:
                values = True
                options.append(Option(Content.styled("Dates and figures", "bold $text-muted"), disabled=True))
            name = display_text(entity.name)
            if len(name) > 26:
                name = name[:25] + "…"
            counts = f"{count_a:>3} · {count_b:<3}"
            prompt = Content.assemble(
                (name.ljust(27), style_of(entity.kind)), (counts, "dim" if not (count_a and count_b) else ""),
            )
            options.append(Option(prompt, id=entity_id))
        return options

    def open(self) -> None:
        """Show the list and give it the keyboard."""
        self.add_class("-visible")
        options = self.query_one(OptionList)
        if options.highlighted is None and options.option_count:
            options.highlighted = 0
        options.focus()

    def action_move(self, step: int) -> None:
        """Highlight the next (1) or previous (-1) entity."""
        options = self.query_one(OptionList)
        (options.action_cursor_down if step > 0 else options.action_cursor_up)()

    def action_close(self) -> None:
        self.remove_class("-visible")
        self.post_message(self.Closed())

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.remove_class("-visible")
            self.post_message(self.EntitySelected(self, event.option.id))
