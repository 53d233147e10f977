"""The status line: where the cursor is, whether the panes are linked, and what is chosen.

"A 12/25 · claim 5/23 · 4 only in A · 2 conflicts │ linked │ differences │ entity Putin │ /kremlin 3 in A"
on one row, rebuilt from plain values by `place` (tested without an app).
Article text (an entity's name, a search term) goes in as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from annotations.text import display_text


@dataclass(frozen=True)
class Place:
    """Everything the status line says, as plain values."""

    side: str
    sentence: int
    """The cursor's sentence, from 0."""
    sentences: int
    claim: int | None = None
    """The rank (from 1) of the cursor's claim among the pane's matched sentences, if it is one."""
    claims: int = 0
    only_here: int = 0
    to_review: int = 0
    """The pair's open suggestions at or above the review floor (`R` walks them)."""
    conflicts: int = 0
    linked: bool = True
    mode: str = ""
    entity: str = ""
    search: str = ""
    saving: str = ""
    analysed: bool = True
    linking: str = ""
    """The sentence a link is being made from ("A3"), while one is."""


def place(p: Place) -> Content:
    """The status line's text for `p`."""
    where = [f"{p.side} {p.sentence + 1}/{p.sentences}"]
    if p.analysed:
        where.append(f"claim {p.claim}/{p.claims}" if p.claim else f"{p.claims} claims")
        where.append(f"{p.only_here} only in {p.side}")
        if p.to_review:
            where.append(f"{p.to_review} to review")
        if p.conflicts:
            where.append(f"{p.conflicts} conflict{'s' if p.conflicts != 1 else ''}")
    parts: list[Content] = [Content(" · ".join(where))]
    if p.linking:
        # First, where a narrow terminal still shows it: the next enter makes a link.
        other = "B" if p.linking.startswith("A") else "A"
        parts.insert(0, Content.styled(f"linking {p.linking}: enter on a sentence of {other} · escape cancels",
                                       "bold $text-accent"))
    parts.append(Content("linked" if p.linked else "unlinked"))
    if p.mode:
        parts.append(Content(f"showing {p.mode}"))
    if p.entity:
        parts.append(Content.assemble(("entity ", "dim"), (display_text(p.entity), "bold")))
    if p.search:
        parts.append(Content.styled(display_text(p.search), "bold"))
    if p.saving:
        parts.append(Content.styled(p.saving, "bold $text-warning"))
    return Content(" │ ").join(parts)


class StatusLine(Static):
    """One row: the cursor's place, the link, the highlight mode, the chosen entity and search."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $boost;
        color: $text-muted;
    }
    """

    _place: Place | None = None
    _waiting = 0
    _saved = True
    _flagged = False  # changes were said to be waiting

    def show(self, p: Place) -> None:
        """Say where the cursor is now."""
        self._place = p
        self._draw()

    def pending(self, count: int, saved: bool = True) -> None:
        """`count` changes wait for the database: said after a moment (a quick write is never flagged).

        `saved`: whether the last change done was written (else its failure was said elsewhere,
        and the line never says "saved").
        """
        self._waiting, self._saved = count, saved
        if count:
            self.set_timer(0.15, self._draw)
        else:
            self._draw()

    def _draw(self) -> None:
        if self._place is None:
            return
        saving = ""
        if self._waiting:
            changes = "1 change" if self._waiting == 1 else f"{self._waiting} changes"
            saving, self._flagged = f"{changes} waiting: the database is busy", True
        elif self._flagged:
            # Changes that were said to wait are said to be saved once committed, and only then.
            self._flagged = False
            if self._saved:
                saving = "saved"
                self.set_timer(2, self._draw)
        self.update(place(Place(**{**self._place.__dict__, "saving": saving})), layout=False)
