"""The `?` screen: what the colours and marks mean, and every key."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import App
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from annotations.analysis.entity_kinds import ENTITY_LEGEND

from ..dialogs.dialog import Dialog


def key_groups(app: App, screen_keys: Iterable[BindingType]) -> list[tuple[str, list[BindingType]]]:
    """The reader's keys in the groups the help screen and the README show them in.

    Args:
        app: the app (its keys work everywhere).
        screen_keys: the reader screen's keys, the annotating ones among them.
    """
    from ..dialogs import NoteEditor, QuitPrompt, TierPrompt
    from ..widgets.article_view import ArticleView
    from ..widgets.entity_list import EntityList
    from .annotator import ANNOTATION_BINDINGS
    from .verdicts import VERDICT_BINDINGS

    reader = [b for b in screen_keys if b not in ANNOTATION_BINDINGS and b not in VERDICT_BINDINGS]
    return [
        ("Moving in a pane", list(ArticleView.BINDINGS)),
        ("Finding and seeing", reader),
        ("Annotating", list(ANNOTATION_BINDINGS)),
        ("In the note editor", list(NoteEditor.BINDINGS)),
        ("Your verdicts", [b for b in screen_keys if b in VERDICT_BINDINGS]),
        ("Tier of a link (after l, enter)", list(TierPrompt.BINDINGS)),
        ("Entity list", list(EntityList.BINDINGS)),
        ("Everywhere", list(app.BINDINGS)),
        ("Quitting with a note or a change not saved", list(QuitPrompt.BINDINGS)),
    ]


def _key_label(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    return " / ".join(k.strip() for k in binding.key.split(","))


class HelpScreen(Dialog[None]):
    """A legend of the reader's colours and marks, and a table of its keys."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        background: $background;  /* opaque: see Dialog */
        #help { width: 84; max-width: 95%; height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
        .help-title { text-style: bold; color: $text-primary; margin-top: 1; }
    }
    """

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
        Binding("j", "scroll_keys(1)", "Scroll down", show=False),
        Binding("k", "scroll_keys(-1)", "Scroll up", show=False),
    ]

    def __init__(
        self,
        bindings: Iterable[tuple[str, Iterable[BindingType]]],
        style_of: Callable[[str], Style],
    ) -> None:
        """Args:
        bindings: (where the keys work, their bindings) groups.
        style_of: the style of a component of the article view ("person", "claim-3"...).
        """
        super().__init__()
        # Every binding of the reader is a `Binding`; a bare (key, action) tuple would have no description.
        self._groups = [(title, [b for b in group if isinstance(b, Binding)]) for title, group in bindings]
        self._style_of = style_of

    def compose(self):
        with VerticalScroll(id="help"):
            yield Static("Colours and marks", classes="help-title")
            yield Static(self._legend())
            for title, group in self._groups:
                yield Static(title, classes="help-title")
                yield Static(self._keys(group))

    def action_scroll_keys(self, step: int) -> None:
        """Scroll the help a line down (1) or up (-1), as j and k move in the panes."""
        scroll = self.query_one("#help", VerticalScroll)
        (scroll.scroll_down if step > 0 else scroll.scroll_up)(animate=False)

    def _legend(self) -> Content:
        style = self._style_of
        rows = [Content.assemble(("Sample ", style(kind)), f"  {meaning}") for kind, meaning in ENTITY_LEGEND]
        rows += [
            Content.assemble(("┃", style("mark-claim")), " ", (" matched claim ", style("claim-3")),
                             " tint: stronger for a closer match (", (" weak ", style("claim-1")),
                             (" fair ", style("claim-2")), (" close ", style("claim-3")), ")"),
            Content.assemble(("┊", style("mark-only")), (" alone ", style("lone")),
                             "  no matching sentence found in the other article"),
            Content.assemble(("≈", style("mark-possible")), (" possibly in the other ", style("possible")),
                             "  no claim, but a close candidate there (the bar says which; c links it)"),
            Content.assemble(("▶", style("pointer")), (" current sentence ", style("cursor")),
                             "   ", (" its partner ", style("partner")), " in the other pane"),
            Content.assemble((" caption or credit ", style("dim")), "  page furniture, not read as a claim"),
            Content.assemble((" Chosen entity ", style("entity-focus")), "  mentions of the entity picked with e"),
            Content.assemble((" selected passage ", style("selection")), "  what v selects: t tags it, a notes it"),
            # Verdicts (c, r, l): the person's word wins over the matcher's.
            Content.assemble(("confirmed by you", "bold"), " / ", ("linked by you", "bold"),
                             "  in the bar: a pair you judged, tinted and a ]/[ stop;"
                             " a pair rejected by you is neither"),
        ]
        return Content("\n").join(rows)

    @staticmethod
    def _keys(bindings: list[Binding]) -> Content:
        seen: set[str] = set()
        rows = []
        for binding in bindings:
            if binding.description in seen:
                continue
            seen.add(binding.description)
            rows.append(Content.assemble((f"{_key_label(binding):>18}", "bold"), "  ", binding.description))
        return Content("\n").join(rows)
