"""The review queue: the pair's open suggestions one at a time, as `git add -p` walks hunks.

Each suggestion (`analysis.review.review_queue`, the likeliest claims
first) is shown with both sentences, why it is suggested and the word diff
of the two; `c` links it (the tier asked), `r` rejects it, `n` or space
skips it, `u` undoes the last step, escape leaves. Verdicts are saved as
the reader's `c`, `r` and `l` save them (`Verdicts`), and the queue is
computed again from the judged analysis after each: a rejected pair is
never suggested again, and a sentence linked by hand drops its other
suggestions. Where the walk is (`ReviewWalk`) outlives the dialog: `R`
again goes on from there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from annotations.text import display_text

from .dialog import Dialog

if TYPE_CHECKING:
    from annotations.analysis.comparison import Comparison
    from annotations.analysis.review import Suggestion
    from annotations.sides import Side

Pair = tuple[int, int]


class ReviewWalk:
    """Where a walk over the queue is: the pairs skipped, and the steps `u` takes back."""

    def __init__(self) -> None:
        self.skipped: list[Pair] = []
        self.steps: list[tuple[str, Pair]] = []
        """("skip" or "verdict", the pair), oldest first."""

    def current(self, queue: list[Suggestion]) -> Suggestion | None:
        """The first suggestion of `queue` not skipped (None at the end)."""
        skipped = set(self.skipped)
        return next((s for s in queue if (s.a, s.b) not in skipped), None)

    def skip(self, pair: Pair) -> None:
        self.skipped.append(pair)
        self.steps.append(("skip", pair))

    def judged(self, pair: Pair) -> None:
        self.steps.append(("verdict", pair))

    def back(self) -> tuple[str, Pair] | None:
        """Take back the last step: a skip is forgotten here; a verdict the caller undoes."""
        if not self.steps:
            return None
        kind, pair = self.steps.pop()
        if kind == "skip" and pair in self.skipped:
            self.skipped.remove(pair)
        return kind, pair

    def again(self) -> None:
        """Go round again: the skipped suggestions are shown once more."""
        self.skipped.clear()


def _names(comparison: Comparison, s: Suggestion) -> list[str]:
    """The entities both sentences name, as the matcher's evidence a person can check."""
    def named(side: Side, index: int) -> set[str]:
        doc = comparison.document(side)
        sentence = doc.sentences[index]
        return {m.entity for m in doc.mentions if sentence.start <= m.start < sentence.end}

    shared = named("A", s.a) & named("B", s.b)
    return sorted(comparison.entity_by_id[e].name for e in shared if e in comparison.entity_by_id)


def describe_suggestion(comparison: Comparison, s: Suggestion, position: int, left: int, width: int) -> Content:
    """Both sentences, why the pair is suggested, and their word diff."""
    from annotations.analysis.word_diff import word_diff

    from ..widgets.detail_bar import DIFFED
    from ..widgets.word_diff_view import render_word_diff

    claimed = ("neither sentence has a claim", "one of the two has a claim elsewhere",
               "both have a claim elsewhere")[s.claimed]
    names = _names(comparison, s)
    why = [f"the matcher's score {s.score:.2f}, below its bar for a claim", claimed]
    if names:
        why.insert(1, "both name " + ", ".join(display_text(n) for n in names))
    text_a = comparison.a.sentence_text(s.a)
    text_b = comparison.b.sentence_text(s.b)
    lines = [
        Content.assemble((f"Suggestion {position} · {left} to review", "bold $text-accent")),
        Content(""),
        Content.assemble((f"A{s.a + 1}  ", "bold"), display_text(text_a)),
        Content.assemble((f"B{s.b + 1}  ", "bold $text-success"), display_text(text_b)),
        Content(""),
        Content.assemble(("why: ", "dim"), ("; ".join(why), "italic")),
        Content(""),
    ]
    diff = word_diff(text_a[:DIFFED], text_b[:DIFFED])
    lines += render_word_diff(diff, width, (f"A{s.a + 1}", f"B{s.b + 1}"))
    lines.append(Content(f"  {diff.same_share:.0%} of the words the same").stylize("dim"))
    return Content("\n").join(lines)


class ReviewQueue(Dialog[None]):
    """One suggestion at a time; its keys judge it and go on to the next.

    Args:
        walk: where the walk is (kept by the reader between two walks).
        judged: the analysis with the verdicts applied, as it is now.
        link: links A's `a` to B's `b` (asks the tier); calls its last argument with whether it was saved.
        reject: rejects the pair; calls its last argument with whether it was saved.
        undo: undoes the last verdict; calls its argument once done.
    """

    DEFAULT_CSS = """
    ReviewQueue {
        align: center middle;
        background: $background;  /* opaque: see Dialog */
        & > Vertical { width: 140; max-width: 96%; height: 90%; border: thick $primary; background: $surface; }
        #review-body { padding: 0 1; }
        #review-keys { height: 1; padding: 0 1; background: $boost; color: $text-muted; }
    }
    """

    BINDINGS = [
        Binding("c", "link", "Link the two (the tier is asked)"),
        Binding("r", "reject", "Reject the suggestion: never suggested again"),
        Binding("n,space", "skip", "Skip it (n at the end: go round again)"),
        Binding("u", "undo", "Undo the last step"),
        Binding("escape", "leave", "Leave (R goes on from here)"),
    ]

    def __init__(self, walk: ReviewWalk, judged: Callable[[], Comparison | None],
                 link: Callable[[int, int, Callable[[bool], None]], None],
                 reject: Callable[[int, int, Callable[[bool], None]], None],
                 undo: Callable[[Callable[[], None]], None]) -> None:
        super().__init__()
        self.walk = walk
        self._judged = judged
        self._link = link
        self._reject = reject
        self._undo = undo
        self.current: Suggestion | None = None
        self.left = 0
        """How many suggestions are left to review."""
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical():
            with VerticalScroll():
                yield Static(id="review-body")
            yield Static(id="review-keys")

    def on_mount(self) -> None:
        # Once laid out: the word diff is aligned at the body's width.
        self.call_after_refresh(self.show)

    def on_resize(self) -> None:
        if self.is_mounted:
            self.call_after_refresh(self.show)

    def show(self) -> None:
        """Show the walk's current suggestion of the queue as it is now."""
        from annotations.analysis.review import review_queue

        self._busy = False
        comparison = self._judged()
        queue = review_queue(comparison) if comparison is not None else []
        self.left = len(queue)
        self.current = self.walk.current(queue)
        body = self.query_one("#review-body", Static)
        if comparison is None or self.current is None:
            said = "Nothing left to review." if not queue else \
                f"The end of the queue: {len(self.walk.skipped)} skipped. n goes round again."
            body.update(Content(said).stylize("bold"))
        else:
            position = queue.index(self.current) + 1
            body.update(describe_suggestion(comparison, self.current, position, self.left,
                                            max(body.content_region.width, 20)))
        self.query_one("#review-keys", Static).update(Content(
            f"{self.left} to review · c link · r reject · n skip · u undo · escape leave"))

    def _pair(self) -> tuple[int, int] | None:
        if self._busy or self.current is None:
            return None
        return self.current.a, self.current.b

    def action_link(self) -> None:
        self._judge(self._link)

    def action_reject(self) -> None:
        self._judge(self._reject)

    def _judge(self, act: Callable[[int, int, Callable[[bool], None]], None]) -> None:
        """Link or reject the suggestion shown; once saved, the walk moves past it."""
        if (pair := self._pair()) is None:
            return
        self._busy = True

        def done(saved: bool) -> None:
            if saved:
                self.walk.judged(pair)
            self.show()

        act(*pair, done)

    def action_skip(self) -> None:
        if self._busy:
            return
        if self.current is None:
            self.walk.again()
        else:
            self.walk.skip((self.current.a, self.current.b))
        self.show()

    def action_undo(self) -> None:
        if self._busy:
            return
        step = self.walk.back()
        if step is None:
            self.notify("Nothing to undo in this walk.", timeout=2)
        elif step[0] == "verdict":
            self._busy = True
            self._undo(self.show)
        else:
            self.show()

    def action_leave(self) -> None:
        self.dismiss(None)
