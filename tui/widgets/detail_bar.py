"""The bar under the panes: what the analysis is doing, or what it found about the current sentence.

For a sentence with a matching claim it shows the partner(s) with their
score, why they were matched, the entities and figures both give, and the
words the two sentences differ in. Everything quoted from an article goes
through `display_text` and is shown as plain text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from annotations.sides import Side, other
from annotations.text import display_text

if TYPE_CHECKING:  # the claim matcher is loaded by the worker, not before the first paint
    from textual.timer import Timer

    from annotations.analysis.comparison import Comparison

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Function words say nothing about how two reports differ.
_STOP = frozenset(
    "a an and are as at be been but by for from had has have he her his in into is it its "
    "of on or our she that the their them they this to was were will with who which what "
    "said says also after before than then there these those not no".split()
)


def spelling(word: str) -> str:
    """A word with British and American spellings made one ("centre", "center" -> "center")."""
    w = word.lower().replace("’", "'")
    w = re.sub(r"(?<=[a-z]{3})re$", "er", w)           # centre, theatre
    w = re.sub(r"(?<=[a-z]{2})our(s?)$", r"or\1", w)    # labour, favours
    w = re.sub(r"(?<=[a-z]{3})is(e[ds]?|ing|ation)$", r"iz\1", w)  # organise, realised
    w = re.sub(r"(?<=[a-z]{3})ys(e[ds]?|ing)$", r"yz\1", w)       # analyse
    w = re.sub(r"(?<=[a-z]{2})ll(ed|ing|er)$", r"l\1", w)         # travelled
    return re.sub(r"'s$", "", w)


def differing_words(text: str, other: str, limit: int = 8, shared: frozenset[str] = frozenset()) -> list[str]:
    """Content words of `text` that `other` does not use, in order.

    Case and British/American spelling are ignored ("Centre" and "center" are
    one word), and so are the words of `shared` (lowercased words of names
    both sentences give: "Vladimir" is no difference when both name Putin).

    Args:
        text: one sentence.
        other: its partner.
        limit: at most this many words.
        shared: words not to count as differences.
    """
    theirs = {spelling(w) for w in _WORD.findall(other)} | {spelling(w) for w in shared}
    found: list[str] = []
    seen: set[str] = set()
    for word in _WORD.findall(text):
        key = spelling(word)
        if key not in theirs and word.lower() not in _STOP and key not in seen:
            seen.add(key)
            found.append(word)
            if len(found) == limit:
                break
    return found


class DetailBar(Static):
    """Progress of the analysis, then the details of the current sentence."""

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
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._frame = 0
        self._step = ""
        self._timer: Timer | None = None

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
        """Describe sentence `index` of `side` and its partners."""
        self._stop()
        self._show(describe(comparison, side, index))

    def _show(self, content: Content) -> None:
        # The bar's height is fixed, so a new text never reflows the screen:
        # a cursor step repaints four rows, not the layout.
        self.update(content, layout=False)


#: What the bar says of a pair the person judged (see `analysis.verdicts`).
VERDICT_WORDS = {"confirmed": "confirmed by you", "rejected": "rejected by you", "linked": "linked by you"}


def verdict_words(verdict: str, tier: str) -> str:
    """"confirmed by you", "rejected by you", "linked by you (same)"; "" for a pair not judged."""
    if not verdict:
        return ""
    return VERDICT_WORDS.get(verdict, verdict) + (f" ({tier})" if verdict == "linked" else "")


def _rejected_line(comparison: Comparison, side: Side, index: int) -> Content | None:
    """The pairs of this sentence the person rejected, if any, on one line."""
    partners = [c.partner(side) for c in comparison.rejected if c.sentence(side) == index]
    if not partners:
        return None
    names = ", ".join(f"{other(side)}{p + 1}" for p in partners)
    return Content.assemble(("  ", ""), (names, "bold"), " ", ("rejected by you", "$text-warning"),
                            ("  (u undoes, c confirms)", "dim"))


def describe(comparison: Comparison, side: Side, index: int) -> Content:
    """The detail bar's text for one sentence: at most four lines."""
    other_side = other(side)
    doc, other_doc = comparison.document(side), comparison.document(other_side)
    here = f"{side}{index + 1}"
    claims = comparison.claims_of(side, index)
    sentence = doc.sentences[index]
    if not claims:
        if sentence.kind not in ("headline", "body"):
            what = "no verb" if sentence.kind == "fragment" else "page furniture"
            return Content.assemble((here, "bold"), f" · {sentence.kind}: {what}, not read as a claim.")
        found = Content.assemble(
            (here, "bold"), " · ", ("no matching sentence found", "$text-warning"),
            f" in {other_side}.",
        )
        rejected = _rejected_line(comparison, side, index)
        return found if rejected is None else Content("\n").join([found, rejected])
    names = comparison.entity_by_id
    lines: list[Content] = []
    for claim in claims[:2]:
        partner = claim.partner(side)
        reasons = "; ".join(display_text(r) for r in claim.reasons)
        said = verdict_words(claim.verdict, claim.tier)
        lines.append(Content.assemble(
            (here, "bold"), " ↔ ", (f"{other_side}{partner + 1}", "bold $text-success"),
            ("  " + said if said else "", "bold $text-primary"),
            f"  score {claim.score:.2f}  ", (reasons, "italic"),
        ))
    best = claims[0]
    partner = best.partner(side)
    text, partner_text = doc.sentence_text(index), other_doc.sentence_text(partner)
    # What both name is said once, in the reasons above; here only what differs:
    # conflicting figures first, then the words only one sentence uses.
    # The pair's one list of conflicts, as the gutter, the status line and the report show it.
    mine_conflicts = [c for c in comparison.conflicts if (c.sentence_a if side == "A" else c.sentence_b) == index]
    for conflict in mine_conflicts[:1]:
        my_figure, their_figure = (conflict.a, conflict.b) if side == "A" else (conflict.b, conflict.a)
        facing = conflict.sentence_b if side == "A" else conflict.sentence_a
        lines.append(Content.assemble(
            ("  ⚠ figures conflict: ", "bold $text-error"), (f"{side} ", "bold"), display_text(my_figure),
            ("  /  ", "dim"), (f"{other_side}{facing + 1} ", "bold"), display_text(their_figure),
        ))
    shared = frozenset(word.lower() for e in best.shared_entities if e in names
                       for word in _WORD.findall(names[e].name))
    mine = differing_words(text, partner_text, shared=shared)
    theirs = differing_words(partner_text, text, shared=shared)
    if mine or theirs:
        lines.append(Content.assemble(
            ("  differ: ", "dim"), (f"{side} ", "bold"), display_text(", ".join(mine) or "—"),
            ("  /  ", "dim"), (f"{other_side} ", "bold"), display_text(", ".join(theirs) or "—"),
        ))
    return Content("\n").join(lines)
