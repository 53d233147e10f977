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
    """The pair's open suggestions (`R` walks them)."""
    conflicts: int = 0
    linked: bool = True
    mode: str = ""
    entity: str = ""
    search: str = ""
    saving: str = ""
    analysed: bool = True


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
    _flagged = False  # "saving…" is on the line

    def show(self, p: Place) -> None:
        """Say where the cursor is now."""
        self._place = p
        self._draw()

    def pending(self, count: int) -> None:
        """`count` writes wait for the database: said after a moment (a quick write is never flagged)."""
        self._waiting = count
        if count:
            self.set_timer(0.15, self._draw)
        else:
            self._draw()

    def _draw(self) -> None:
        if self._place is None:
            return
        saving = ""
        if self._waiting:
            saving, self._flagged = "saving… (the database is busy)", True
        elif self._flagged:
            # A write that was flagged as waiting is said to be done; a failure is notified.
            saving, self._flagged = "saved", False
            self.set_timer(2, self._draw)
        self.update(place(Place(**{**self._place.__dict__, "saving": saving})), layout=False)
