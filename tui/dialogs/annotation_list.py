"""Every annotation of the two articles, filterable by tag and by words of notes and quotes.

Type `#tag` (or the start of one) to keep annotations carrying that tag, and
plain words to keep those whose note or quoted text holds every word; enter
on an annotation jumps to it. Orphans (annotations that no longer fit the
changed text) are listed last; those placed in a text whose words there
changed since are marked "changed" (type "changed" or "orphan" to see
them). A note may be huge (an imported file): the list shows and searches
only its start, so typing in the filter stays quick.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

# The session's own record of a listed annotation (its module loads neither sqlite-utils nor numpy).
from annotations.store.session import ListedAnnotation
from annotations.text import display_text

from ..widgets.preview import preview
from .filter_list import FilterList

#: Characters of a note or quote searched and previewed; the note editor has the rest.
SEARCHED = 20_000
def _searchable(entry: ListedAnnotation) -> str:
    a = entry.annotation
    state = "orphan" if entry.orphan else "changed" if a.changed else ""
    return (a.note[:SEARCHED] + "\n" + a.exact[:SEARCHED] + "\n" + state).casefold()


def filter_annotations(entries: list[ListedAnnotation], query: str,
                       searchable: list[str] | None = None) -> list[ListedAnnotation]:
    """Entries matching `query`: every `#tag` the start of one of their tags, every other word in their
    note or quoted text (the first `SEARCHED` characters of each). Both comparisons ignore case.

    Args:
        searchable: each entry's folded note and quote, worked out once per list (see `_searchable`).
    """
    tags = [w[1:].casefold() for w in query.split() if w.startswith("#") and len(w) > 1]
    words = [w.casefold() for w in query.split() if not w.startswith("#")]
    texts = searchable if searchable is not None else [_searchable(e) for e in entries]
    found = []
    for entry, text in zip(entries, texts):
        have = [t.casefold() for t in entry.annotation.tags]
        if all(any(h.startswith(t) for h in have) for t in tags) and all(w in text for w in words):
            found.append(entry)
    return found


def _line(entry: ListedAnnotation) -> Content:
    a = entry.annotation
    quote = preview(a.exact, 60)
    note = preview(a.note)
    parts: list = [(f"{entry.side} ", "bold")]
    if entry.orphan:
        parts.append(("orphan ", "$text-warning"))
    elif a.changed:
        # Placed, but its words are no longer those annotated (the note may no longer fit them).
        parts.append(("changed ", "$text-warning"))
    parts.append((f"“{quote}”", "italic"))
    if a.tags:
        parts.append(("  " + " ".join(f"#{display_text(t)}" for t in a.tags), "$text-accent"))
    if note:
        parts.append(("  — " + note, "$text-muted"))
    return Content.assemble(*parts)


class AnnotationList(FilterList[ListedAnnotation]):
    """Choose an annotation; dismissed with it (enter) or None (escape)."""

    DEFAULT_CSS = """
    AnnotationList > Vertical { width: 100; max-width: 95%; height: 80%; }
    """

    def __init__(self, entries: list[ListedAnnotation]) -> None:
        """Args:
        entries: the annotations of both articles, orphans included.
        """
        super().__init__()
        self.entries = entries
        self.shown: list[ListedAnnotation] = list(entries)
        self._searchable = [_searchable(e) for e in entries]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder="filter: #tag, words of notes and quotes", id="filter")
            yield Label("", id="count")
            yield OptionList(id="annotations")

    def _fill(self) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(_line(e)) for e in self._drawn()])
        if self.shown:
            options.highlighted = 0
        total = len(self.entries)
        count = f"all {total} annotations" if len(self.shown) == total else f"{len(self.shown)} of {total}"
        if total == 1:
            count = "1 annotation" if self.shown else "0 of 1 annotation"
        self.query_one("#count", Label).update(Content(count + self._beyond()))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.shown = filter_annotations(self.entries, event.value, self._searchable)
        self._fill()
