"""Every verdict on the pair of articles open: kind, tier, both sentences' openings, when.

`verdict_rows` turns the session's verdicts into rows (plain values, tested
without an app), newest first, rejections and orphans included: a verdict
is kept in the database whatever the analysis says, so this list is where
one is seen, and taken back, at any time, after any restart. The filter
keeps rows holding every word typed (a kind, a tier, "A6", words of either
sentence); enter jumps to the pair; x (in the list) revokes the verdict,
which `u` can put back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ..widgets.preview import preview
from .filter_list import FilterList

if TYPE_CHECKING:
    from annotations.analysis.comparison import Comparison
    from annotations.store.verdicts import PlacedVerdict, Verdict

#: How each kind of verdict reads in the list, and its colour.
KINDS = {"confirmed": ("confirmed", "$text-success"), "rejected": ("rejected", "$text-warning"),
         "linked": ("linked", "$text-primary")}


@dataclass(frozen=True)
class VerdictRow:
    """One verdict of the list: what it shows, what the filter searches, the pair it is on."""

    label: Content
    searched: str
    verdict: Verdict
    pair: tuple[int, int] | None
    """Its sentences (index in A, index in B) in this analysis; None for an orphan."""


def verdict_rows(comparison: Comparison | None, placed: Iterable[PlacedVerdict],
                 orphans: Iterable[Verdict] = ()) -> list[VerdictRow]:
    """Every verdict, newest first; the pair of sentences each is on when the analysis is known."""
    from annotations.analysis.verdicts import sentence_at

    found: list[tuple[Verdict, tuple[int, int] | None]] = []
    for p in placed:
        pair = None
        if comparison is not None:
            a, b = sentence_at(comparison.a.sentences, *p.a), sentence_at(comparison.b.sentences, *p.b)
            pair = (a, b) if a is not None and b is not None else None
        found.append((p.verdict, pair))
    lost = list(orphans)
    found += [(v, None) for v in lost]
    rows = []
    for verdict, pair in sorted(found, key=lambda f: f[0].created, reverse=True):
        word, colour = KINDS.get(verdict.verdict, (verdict.verdict, ""))
        where = f"A{pair[0] + 1} ~ B{pair[1] + 1}" if pair else "orphan" if verdict in lost else "—"
        when = verdict.created[:16].replace("T", " ")
        opening_a, opening_b = preview(verdict.a.exact, 38), preview(verdict.b.exact, 38)
        label = Content.assemble(
            (f"{where:<13}", "bold" if pair else "$text-warning"), (f"{word:<10}", f"bold {colour}"),
            (f"{verdict.tier:<8}", "$text-muted"), (f"{when}  ", "$text-muted"),
            (f"“{opening_a}”", ""), ("  /  ", "$text-muted"), (f"“{opening_b}”", "italic"),
        )
        searched = " ".join((where, word, verdict.tier, when, verdict.a.exact[:2000],
                             verdict.b.exact[:2000])).casefold()
        rows.append(VerdictRow(label, searched, verdict, pair))
    return rows


class VerdictList(FilterList[VerdictRow]):
    """The pair's verdicts: enter jumps to the one highlighted, x revokes it, escape closes."""

    DEFAULT_CSS = """
    VerdictList > Vertical { width: 140; max-width: 96%; height: 80%; }
    """

    BINDINGS = [Binding("x,delete", "revoke", "Revoke the verdict highlighted (u puts it back)")]

    def __init__(self, rows: list[VerdictRow], revoke: Callable[[VerdictRow], None]) -> None:
        """Args:
        rows: the verdicts (`verdict_rows`).
        revoke: takes a verdict back; it calls `revoked` once that is saved.
        """
        super().__init__()
        self.rows = rows
        self.shown = list(rows)
        self._revoke = revoke

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Your verdicts on this pair"
            yield Input(placeholder="filter: confirmed, rejected, linked, same, related, A6, words of either "
                        "sentence · ↓ to the list, x revokes", id="filter")
            yield Label("", id="count")
            yield OptionList(id="rows")

    def _fill(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(r.label) for r in self._drawn()])
        if self.shown:
            options.highlighted = min(highlighted or 0, len(self.shown) - 1)
        total = len(self.rows)
        count = ("no verdicts on this pair: c confirms, r rejects, l links" if not total
                 else f"all {total}" if len(self.shown) == total else f"{len(self.shown)} of {total}")
        self.query_one("#count", Label).update(Content(count + self._beyond()))

    def on_input_changed(self, event: Input.Changed) -> None:
        words = event.value.casefold().split()
        self.shown = [r for r in self.rows if all(w in r.searched for w in words)]
        self._fill()

    def action_revoke(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and 0 <= index < len(self.shown):
            self._revoke(self.shown[index])

    def revoked(self, row: VerdictRow) -> None:
        """The verdict of `row` is taken back (saved): it leaves the list."""
        self.rows = [r for r in self.rows if r.verdict.id != row.verdict.id]
        self.shown = [r for r in self.shown if r.verdict.id != row.verdict.id]
        self._fill()
