"""An overview of the pair: every matched claim, or every sentence one article has alone.

`claim_rows` and `lone_rows` turn the analysis into rows (plain values,
tested without an app); `SentenceList` shows them with a filter (words of
either sentence, or "conflict", "close", "A"…) and is dismissed with the
row chosen, whose sentence the reader jumps to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from annotations.sides import SIDES, Side

from ..widgets.preview import preview
from .filter_list import FilterList

if TYPE_CHECKING:  # the claim matcher is loaded by the worker, not before the first paint
    from annotations.analysis.comparison import Comparison

#: Claim tint level -> its name in the list.
TIERS = {1: "weak", 2: "fair", 3: "close"}


@dataclass(frozen=True)
class Row:
    """One line of the overview: what it shows, what the filter searches, where it jumps."""

    label: Content
    searched: str
    side: Side
    sentence: int


def claim_rows(comparison: Comparison) -> list[Row]:
    """Every claim in A's order: tier, score and how close, the reader's verdict, the figures, both openings.

    A pair the person made that the matcher does not has no score, and none is shown.
    """
    from annotations.analysis.verdicts import standing

    from ..widgets.article_highlights import claim_strength

    rows = []
    for claim in comparison.numbered_claims:
        strength = TIERS[claim_strength(claim.score)] if claim.scored else ""
        said = standing(claim, score="") + (f" {strength}" if strength else "")
        conflicts = len(claim.conflicts)
        figures = (f"⚠ {conflicts} conflict{'s' if conflicts != 1 else ''}" if conflicts
                   else "figures agree" if claim.figures else "")
        a, b = comparison.a.sentence_text(claim.a), comparison.b.sentence_text(claim.b)
        label = Content.assemble(
            (f"A{claim.a + 1:<4}↔ B{claim.b + 1:<4}", "bold"),
            (f"{said:<36}", "bold $text-primary" if claim.verdict else "$text-muted"),
            (f"{figures:<14}", "bold $text-error" if conflicts else "$text-success"),
            (preview(a, 40), ""), ("  /  ", "$text-muted"), (preview(b, 40), "italic"),
        )
        searched = " ".join((f"a{claim.a + 1} b{claim.b + 1}", said, figures, "conflict" if conflicts else "",
                             a[:2000], b[:2000])).casefold()
        rows.append(Row(label, searched, "A", claim.a))
    return rows


def lone_rows(comparison: Comparison) -> list[Row]:
    """The sentences each article has without a claim, A's then B's; those possibly in the other marked ≈."""
    rows = []
    for side in SIDES:
        doc = comparison.document(side)
        possible = set(comparison.possibly_in(side))
        for index in comparison.only_in(side):
            text = doc.sentence_text(index)
            mark = "≈ " if index in possible else "  "
            label = Content.assemble((f"{side}{index + 1:<5}", "bold"), (mark, "$text-muted"), preview(text, 108))
            said = "possibly" if index in possible else "alone"
            rows.append(Row(label, f"{side.casefold()} {side}{index + 1} {said} {text[:2000]}".casefold(), side,
                            index))
    return rows


def filter_rows(rows: list[Row], query: str) -> list[Row]:
    """The rows whose searched text holds every word of `query` (ignoring case)."""
    words = query.casefold().split()
    return [r for r in rows if all(w in r.searched for w in words)]


class SentenceList(FilterList[Row]):
    """A filterable list of rows; enter jumps to the one highlighted, escape closes."""

    DEFAULT_CSS = """
    SentenceList > Vertical { width: 130; max-width: 96%; height: 85%; }
    """

    def __init__(self, title: str, rows: list[Row], placeholder: str) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows
        self.shown = list(rows)
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield Input(placeholder=self.placeholder, id="filter")
            yield Label("", id="count")
            yield OptionList(id="rows")

    def _fill(self) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(r.label) for r in self._drawn()])
        if self.shown:
            options.highlighted = 0
        total = len(self.rows)
        self.query_one("#count", Label).update(
            Content((f"all {total}" if len(self.shown) == total else f"{len(self.shown)} of {total}") + self._beyond()))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.shown = filter_rows(self.rows, event.value)
        self._fill()
