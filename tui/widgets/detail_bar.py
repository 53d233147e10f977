"""The bar under the panes: what the analysis is doing, or what it found about the current sentence.

For a sentence with a matching claim it shows the partner(s) with their
tier, score (none for a pair the person made) and verdict, why they were
matched, the figures in conflict, and the summary of the two sentences'
word diff. A sentence without one shows its nearest candidates in the
other article instead ("nearest in B: B5, 0.31 — c to link it"), one at a
time. Everything quoted from an article goes through `display_text` and is
shown as plain text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from annotations.sides import Side, other
from annotations.text import display_text

# The analysis modules are imported where they are used, not here: the bar is
# on screen from the first frame, and they would add some 70 ms before it.
if TYPE_CHECKING:
    from textual.timer import Timer

    from annotations.analysis.claims.claim import Claim
    from annotations.analysis.comparison import Comparison
    from annotations.analysis.review import Suggestion

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: What ends a line cut to the bar's width: the key that shows it whole.
MORE = " …more (i)"
#: The bar's two unfolded modes: every partner in full (i), the pair's word diff (d).
DETAILS, DIFF = "details", "diff"


class DetailBar(Static):
    """Progress of the analysis, then the details of the current sentence.

    The bar points at one partner of the sentence (the first, until `point`
    chooses another): the verdict keys act on that pair, and its figures and
    differences are the ones shown. Folded, the bar has four lines and cuts a
    line too long for them with a visible "…more (i)"; unfolded (`unfold`),
    it lists every partner with its full reasons, wrapped, or shows the word
    diff of the pair it points at.
    """

    DEFAULT_CSS = """
    DetailBar {
        height: 4;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding: 0 1;
        background: $panel;
        color: $text;
        &.-busy { color: $text-accent; }
        &.-failed { color: $text-warning; }
        /* i and d: as tall as what it shows (up to most of the screen), long lines wrapped. */
        &.-expanded { height: auto; max-height: 70%; text-wrap: wrap; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._frame = 0
        self._step = ""
        self._timer: Timer | None = None
        self._sentence: tuple[Comparison, Side, int] | None = None
        self.pointed = 0
        """Which partner of the current sentence the bar points at (see `choices`)."""
        self.lit: Claim | Suggestion | None = None
        """The candidate lit in the other pane (by `)` / `(`), until the cursor moves."""
        self.mode = ""
        """What the bar shows beyond four lines: "" (nothing), `DETAILS` (every partner in full) or `DIFF`."""

    def show_progress(self, step: str) -> None:
        """Say what the analysis is doing, with a spinner that turns while it works."""
        self._step = step
        self.add_class("-busy")
        if self._timer is None:
            self._timer = self.set_interval(0.1, self._spin)
        self._spin()

    def _spin(self) -> None:
        self._frame = (self._frame + 1) % len(SPINNER)
        self._show(Content(f"{SPINNER[self._frame]} Analysing: {self._step}…"))

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.remove_class("-busy")

    def show_failure(self, reason: str) -> None:
        """Say in one sentence why there is no analysis."""
        self._stop()
        self.add_class("-failed")
        self._show(Content(f"No analysis: {reason} Both articles can still be read."))

    def show_sentence(self, comparison: Comparison, side: Side, index: int) -> None:
        """Describe sentence `index` of `side` and its partners (pointing at the first, on a new sentence)."""
        self._stop()
        self.lit = None  # the panes light the claims' partners again
        if self._sentence is None or self._sentence[1:] != (side, index):
            self.pointed = 0
        else:
            # The same sentence judged anew: still the same partner, wherever the verdict moved it in the list.
            before = choices(*self._sentence)
            if before:
                partner = before[min(self.pointed, len(before) - 1)].partner(side)
                now = [c.partner(side) for c in choices(comparison, side, index)]
                self.pointed = now.index(partner) if partner in now else 0
        self._sentence = (comparison, side, index)
        self._redraw()

    @property
    def pointed_choice(self) -> Claim | Suggestion | None:
        """The pair the bar points at (see `choices`), or None when the sentence has neither partner nor candidate."""
        if self._sentence is None:
            return None
        found = choices(*self._sentence)
        return found[min(self.pointed, len(found) - 1)] if found else None

    def point(self, step: int) -> Claim | Suggestion | None:
        """Point at the next (1) or previous (-1) of the sentence's `choices`, round; None when it has none."""
        if self._sentence is None or not (found := choices(*self._sentence)):
            return None
        self.pointed = (self.pointed + step) % len(found)
        self._redraw()
        return found[self.pointed]

    def unfold(self, mode: str = DETAILS) -> None:
        """Show every partner in full (`DETAILS`) or the pair's word diff (`DIFF`); the same again folds the bar."""
        self.mode = "" if self.mode == mode else mode
        self.set_class(bool(self.mode), "-expanded")
        self._redraw(layout=True)

    def on_resize(self) -> None:
        if self._sentence is not None:
            self._redraw()  # what fits before "…more" depends on the width

    def _redraw(self, layout: bool = False) -> None:
        if self._sentence is None:
            return
        width = self.content_region.width or 200
        tallest = max(int(self.screen.size.height * 0.7), 4)  # the CSS's max-height: 70%
        if self.mode == DIFF:
            content = describe_diff(*self._sentence, pointed=self.pointed, width=width, rows=tallest)
        else:
            rows = tallest if self.mode == DETAILS else self.content_region.height or 4
            content = describe(*self._sentence, pointed=self.pointed, expanded=self.mode == DETAILS, width=width,
                               rows=rows)
        self.update(content, layout=layout or bool(self.mode))

    def _show(self, content: Content) -> None:
        # The bar's height is fixed, so a new text never reflows the screen:
        # a cursor step repaints four rows, not the layout.
        self.update(content, layout=False)


def partners(comparison: Comparison, side: Side, index: int) -> list[Claim]:
    """The pairs of a sentence: its claims, best first, then those the person rejected."""
    return [*comparison.claims_of(side, index), *(c for c in comparison.rejected if c.sentence(side) == index)]


def choices(comparison: Comparison, side: Side, index: int) -> list[Claim] | list[Suggestion]:
    """What the bar can point at: the sentence's `partners`, else (none) its open candidates, best first."""
    from annotations.analysis.review import suggestions_of
    return partners(comparison, side, index) or suggestions_of(comparison, side, index)


def _as_claim(pair: Claim | Suggestion) -> Claim:
    """A suggestion as an unmade pair, for the word diff (no reasons, no figures checked)."""
    from annotations.analysis.claims.claim import Claim
    return pair if isinstance(pair, Claim) else Claim(pair.a, pair.b, pair.score)


def _suggestion_line(side: Side, index: int, suggestion: Suggestion, hint: bool, alone: bool = False) -> Content:
    """"A9 · nearest in B: B3, 0.31 — c to link it, r to reject it".

    With `alone` (no candidate of the sentence reaches `POSSIBLE_BAR`), it says so first.
    """
    other_side = other(side)
    said = (("no matching sentence found", "$text-warning"), f" in {other_side}; ", ("nearest: ", "$text-muted")) \
        if alone else ((f"nearest in {other_side}: ", "$text-muted"),)
    return Content.assemble(
        (f"{side}{index + 1}", "bold"), " · ", *said,
        (f"{other_side}{suggestion.partner(side) + 1}", "bold $text-success"), f", {suggestion.score:.2f}",
        (" — c to link it, r to reject it" if hint else "", "$text-muted"),
    )


#: Characters of a sentence the word diff reads: a "sentence" of pasted data can be megabytes,
#: and the bar is redrawn at each cursor step.
DIFFED = 4_000


def _pair_texts(comparison: Comparison, claim: Claim) -> tuple[str, str]:
    return comparison.a.sentence_text(claim.a)[:DIFFED], comparison.b.sentence_text(claim.b)[:DIFFED]


def fit(line: Content, width: int, more: bool = False) -> Content:
    """`line` whole when it fits in `width` cells, else cut with a visible "…more (i)" (always, with `more`)."""
    if line.cell_length <= width and not more:
        return line
    room = max(width - len(MORE), 1)
    return Content.assemble(line.truncate(room) if line.cell_length > room else line, (MORE, "bold $text-accent"))


def _pair_line(comparison: Comparison, side: Side, index: int, claim: Claim, reasons: bool) -> Content:
    """"A6 ↔ B1  same · score 0.81 · confirmed by you  reasons…"."""
    from annotations.analysis.verdicts import standing
    said = standing(claim)
    style = "bold $text-warning" if claim.verdict == "rejected" else \
        "bold $text-primary" if claim.verdict else "$text-muted"
    return Content.assemble(
        (f"{side}{index + 1}", "bold"), " ↔ ",
        (f"{other(side)}{claim.partner(side) + 1}", "bold $text-success"), "  ", (said, style),
        ("  " + "; ".join(display_text(r) for r in claim.reasons) if reasons else "", "italic"),
    )


def _word_difference(comparison: Comparison, side: Side, claim: Claim) -> tuple[list[Content], Content | None]:
    """The figures in conflict, and the "differ:" line: the word diff's summary (see `analysis.word_diff`)."""
    from annotations.analysis.word_diff import spelling, word_diff
    other_side = other(side)
    lines: list[Content] = []
    # What both name is said once, in the reasons; here only what differs:
    # conflicting figures first, then the words only one sentence uses.
    # The pair's one list of conflicts, as the gutter, the status line and the report show it.
    for conflict in [c for c in comparison.conflicts if (c.sentence_a, c.sentence_b) == (claim.a, claim.b)][:1]:
        my_figure, their_figure = (conflict.a, conflict.b) if side == "A" else (conflict.b, conflict.a)
        lines.append(Content.assemble(
            ("  ⚠ figures conflict: ", "bold $text-error"), (f"{side} ", "bold"), display_text(my_figure),
            ("  /  ", "dim"), (f"{other_side}{claim.partner(side) + 1} ", "bold"), display_text(their_figure),
        ))
    names = comparison.entity_by_id
    shared = frozenset(spelling(word) for e in claim.shared_entities if e in names
                       for word in _NAME_WORD.findall(names[e].name))
    diff = word_diff(*_pair_texts(comparison, claim))
    mine, theirs = diff.summary(shared=shared)
    if side == "B":
        mine, theirs = theirs, mine
    if not (mine or theirs):
        return lines, None
    return lines, Content.assemble(
        ("  differ: ", "dim"), (f"{side} ", "bold"), display_text(", ".join(mine) or "—"),
        ("  /  ", "dim"), (f"{other_side} ", "bold"), display_text(", ".join(theirs) or "—"),
    )


def _within(lines: list[Content], width: int, rows: int, then: str) -> Content:
    """`lines` wrapped at `width`; past `rows`, cut, and the last row says how much is left and `then`.

    Wrapped here rather than by the widget, so that what does not fit the bar's tallest is known, and said.
    """
    wrapped = [row for line in lines for row in line.wrap(width)]
    if len(wrapped) > rows > 1:
        left = len(wrapped) - rows + 1
        wrapped = [*wrapped[:rows - 1], Content(f"…{left} more lines: {then}").stylize("bold $text-accent")]
    return Content("\n").join(wrapped)


def describe(comparison: Comparison, side: Side, index: int, pointed: int = 0, expanded: bool = False,
             width: int = 10_000, rows: int = 4) -> Content:
    """The detail bar's text for one sentence.

    Args:
        comparison: the analysis, verdicts applied.
        side: the pane of the sentence.
        index: the sentence.
        pointed: which of its `partners` the bar points at.
        expanded: every partner with its full reasons, wrapped (else four lines, cut to `width`).
        width: the bar's width in cells.
        rows: the bar's height (folded; unfolded, its tallest): a last line says what is left out.
    """
    from annotations.analysis.claims.claim import Claim
    from annotations.analysis.review import Suggestion
    from annotations.analysis.verdicts import standing
    other_side = other(side)
    here = f"{side}{index + 1}"
    sentence = comparison.document(side).sentences[index]
    found = choices(comparison, side, index)
    if not found:
        if sentence.kind not in ("headline", "body"):
            what = "no verb" if sentence.kind == "fragment" else "page furniture"
            return Content.assemble((here, "bold"), f" · {sentence.kind}: {what}, not read as a claim.")
        return Content.assemble((here, "bold"), " · ", ("no matching sentence found", "$text-warning"),
                                f" in {other_side}  (l links it to a sentence of {other_side})")
    pointed = min(pointed, len(found) - 1)
    if isinstance(found[0], Suggestion):
        return _describe_suggestions(comparison, side, index, found, pointed, expanded, width, rows)
    claim = found[pointed]
    assert isinstance(claim, Claim)
    conflicts, differ = _word_difference(comparison, side, claim)
    several = len(found) > 1
    if expanded:
        lines: list[Content] = []
        # The partner pointed at first: ( ) brings each to the top when they do not all fit.
        for i, each in sorted(enumerate(partners(comparison, side, index)), key=lambda pair: pair[0] != pointed):
            mark = ("▸ " if i == pointed else "  ") if several else ""
            lines.append(Content.assemble((mark, "bold $text-accent"),
                                          _pair_line(comparison, side, index, each, reasons=False)))
            lines.append(Content.assemble(("    why: ", "dim"),
                                          ("; ".join(display_text(r) for r in each.reasons), "italic")))
        lines += conflicts + ([differ] if differ is not None else [])
        hint = "( ) choose the partner · c / r act on the one marked ▸ · " if several else ""
        lines.append(Content(f"  {hint}i folds · d word by word · V every verdict").stylize("dim"))
        return _within(lines, width, rows, "( ) puts another partner on top, d shows the pair, i folds")
    head = _pair_line(comparison, side, index, claim, reasons=True)
    if several:
        head = Content.assemble((f"{pointed + 1}/{len(found)} ", "bold $text-accent"), head)
    lines = [fit(head, width)]
    if several:
        rest = ", ".join(f"{other_side}{c.partner(side) + 1} {standing(c)}"
                         for c in partners(comparison, side, index) if c is not claim)
        lines.append(fit(Content.assemble(("  also ", "dim"), rest, ("   ( ) chooses · i shows all", "dim")),
                         width))
    lines += [fit(line, width) for line in conflicts]
    return _folded(lines, differ, width, rows)


def _folded(lines: list[Content], differ: Content | None, width: int, rows: int) -> Content:
    """The folded bar: `lines`, then the "differ:" line (with its key when it fits), cut to `rows` with …more."""
    if differ is not None:
        hinted = Content.assemble(differ, ("   d: word by word", "dim"))
        lines.append(hinted if hinted.cell_length <= width else fit(differ, width))
    if len(lines) > rows > 0:
        lines = [*lines[:rows - 1], fit(lines[rows - 1], width, more=True)]
    return Content("\n").join(lines)


def _describe_suggestions(comparison: Comparison, side: Side, index: int, found: list[Suggestion], pointed: int,
                          expanded: bool, width: int, rows: int) -> Content:
    """The bar of a sentence without a partner: the candidate pointed at, the others, and how to choose."""
    from annotations.analysis.comparison import POSSIBLE_BAR
    other_side = other(side)
    suggestion = found[pointed]
    several = len(found) > 1
    _, differ = _word_difference(comparison, side, _as_claim(suggestion))
    if expanded:
        lines: list[Content] = [Content.assemble(
            ("▸ " if i == pointed and several else "  " if several else "", "bold $text-accent"),
            _suggestion_line(side, index, each, hint=False)) for i, each in enumerate(found)]
        if differ is not None:
            lines.append(differ)
        lines.append(Content(f"  {'( ) choose the candidate · ' if several else ''}c links the one marked ▸ · "
                             "r rejects it · i folds · d word by word · R reviews every suggestion").stylize("dim"))
        return _within(lines, width, rows, "( ) chooses, d shows the pair, i folds")
    head = _suggestion_line(side, index, suggestion, hint=True, alone=found[0].score < POSSIBLE_BAR)
    if several:
        head = Content.assemble((f"{pointed + 1}/{len(found)} ", "bold $text-accent"), head)
    lines = [fit(head, width)]
    rest = ", ".join(f"{other_side}{c.partner(side) + 1} {c.score:.2f}" for c in found if c is not suggestion)
    lines.append(fit(Content.assemble(
        ("  no claim; ", "dim"), (f"also near: {rest}   ( ) lights each in {other_side}" if several else
                                  "the only candidate", "dim"), ("   R reviews every suggestion", "dim")), width))
    return _folded(lines, differ, width, rows)


def describe_diff(comparison: Comparison, side: Side, index: int, pointed: int = 0, width: int = 10_000,
                  rows: int = 1_000) -> Content:
    """The word diff of the pair the bar points at: A's words over B's, what differs marked, then the summary."""
    from annotations.analysis.claims.claim import Claim
    from annotations.analysis.word_diff import word_diff

    from .word_diff_view import render_word_diff

    found = choices(comparison, side, index)
    if not found:
        return Content.assemble((f"{side}{index + 1}", "bold"), " has no partner to compare it with "
                                f"(l links it to a sentence of {other(side)}).  d folds")
    chosen = found[min(pointed, len(found) - 1)]
    claim = _as_claim(chosen)
    diff = word_diff(*_pair_texts(comparison, claim))
    lines = [_pair_line(comparison, side, index, claim, reasons=False) if isinstance(chosen, Claim)
             else _suggestion_line(side, index, chosen, hint=True)]
    lines += render_word_diff(diff, width, (f"A{claim.a + 1}", f"B{claim.b + 1}"))
    _, differ = _word_difference(comparison, side, claim)
    if differ is not None:
        lines.append(differ)
    lines.append(Content.assemble(
        ("  marked: ", "dim"), ("figure", "bold $text-error on $error-muted"), " ",
        ("name", "bold $text-warning on $warning-muted"), " ", ("word", "$text-primary on $primary-muted"),
        (" only in one; ", "dim"), ("moved", "italic $text-muted"), (" elsewhere in the other", "dim"),
        (f" · {diff.same_share:.0%} of the words the same · ( ) other partner · d folds", "dim"),
    ))
    return _within(lines, width, rows, "i shows the partners, d folds")
