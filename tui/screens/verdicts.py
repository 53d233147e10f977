"""The Textual side of the reader's verdicts: keys, the tier prompt, notifications.

A person confirms the pair the detail bar points at (`c`), rejects it
(`r`), or links two sentences by hand (`l` on one, then enter on a sentence
of the other pane, and the tier). On a sentence with several partners, `)`
and `(` point the bar at another; on a sentence without one, the bar points
at its nearest candidate in the other article, `)` and `(` light each
candidate there in turn, `c` links the one shown (the tier asked as `l`
asks it) and `r` rejects it; `i` unfolds the bar to every partner in
full, `d` to the pair's word diff; `V` lists every verdict on the pair,
whenever it was given, and `x` there revokes one (`u` puts it back). The workflow and the saving are the headless
`AnnotationSession` (`judge`, `undo_verdict`); applying the verdicts on top
of the matcher's claims is `analysis.verdicts.apply_verdicts`, the same
function `newsread compare` uses. `Verdicts` is a plain object the
`ReaderScreen` holds, like `Annotator`: it asks the session, then has the
screen show the judged claims again (`show_claims`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.screen import Screen

from annotations.sides import Side, other, pick
from annotations.store.session import AnnotationSession, NotSaved

from ..widgets.article_view import ArticleView
from ..widgets.detail_bar import DetailBar, choices

if TYPE_CHECKING:  # the analysis modules load in the worker, not before the first paint
    from annotations.analysis.claims.claim import Claim
    from annotations.analysis.comparison import Comparison
    from annotations.analysis.review import Suggestion

    from ..dialogs.review_queue import ReviewWalk
    from ..dialogs.verdict_list import VerdictList, VerdictRow
    from .annotator import Annotator

VERDICT_BINDINGS = [
    Binding("c", "confirm_pair", "Confirm the pair the detail bar points at", show=False),
    Binding("r", "reject_pair", "Reject the pair the detail bar points at", show=False),
    Binding("right_parenthesis", "point_partner(1)",
            "Point the detail bar at the sentence's next partner (no partner: light its next candidate)",
            key_display=")", show=False),
    Binding("left_parenthesis", "point_partner(-1)", "Point it at the previous partner (or candidate)",
            key_display="(", show=False),
    Binding("i", "unfold('details')", "Details: every partner with its full reasons (again: fold)", show=False),
    Binding("d", "unfold('diff')", "Word diff of the pair, word under word (again: fold)", show=False),
    Binding("V", "verdict_list", "Every verdict on this pair: filter, enter jumps, x revokes", show=False),
    Binding("l", "start_link", "Link this sentence to one of the other pane", show=False),
    Binding("R", "review", "Review the suggestions one by one: c links, r rejects, n skips, u undoes", show=False),
    Binding("enter", "finish_link", "Link to this sentence (after l)", show=False),
]


class Verdicts:
    """Keys and messages for the reader's verdicts on pairs of sentences.

    Args:
        screen: the reader (notifications, dialogs).
        session: the headless session that saves verdicts.
        active: the pane the person is working in.
        matched: the matcher's analysis (None before it is known).
        show_claims: has the screen show the claims as judged now.
        annotator: whose writer saves on the store's thread, as every change is saved.
        light: lights a sentence of the pane facing the active one and brings it into view.
    """

    def __init__(self, screen: Screen[None], session: AnnotationSession, active: Callable[[], ArticleView],
                 matched: Callable[[], Comparison | None], show_claims: Callable[[], None],
                 annotator: Annotator, light: Callable[[int], None]) -> None:
        self.screen = screen
        self._annotator = annotator
        self.session = session
        self._active = active
        self._matched = matched
        self._show_claims = show_claims
        self._light = light
        self.linking: tuple[Side, int] | None = None
        """The sentence `l` was pressed on, while a link is being made."""
        self.walk: ReviewWalk | None = None
        """Where the review queue (`R`) was left."""

    def judged(self, comparison: Comparison) -> Comparison:
        """The matcher's analysis with the person's verdicts on top."""
        from annotations.analysis.verdicts import apply_verdicts

        return apply_verdicts(comparison, self.session.verdicts)

    # -- what is here -------------------------------------------------------

    def _ready(self) -> Comparison | None:
        comparison = self._matched()
        if comparison is None:
            self.screen.notify("Pairs can be judged once the analysis has finished.", timeout=3)
        return comparison

    def _spans(self, comparison: Comparison, a: int, b: int) -> tuple[tuple[int, int], tuple[int, int]]:
        sa, sb = comparison.a.sentences[a], comparison.b.sentences[b]
        return (sa.start, sa.end), (sb.start, sb.end)

    def _bar(self) -> DetailBar:
        return self.screen.query_one(DetailBar)

    def pair_here(self, judged: Comparison) -> Claim | Suggestion | None:
        """The pair the detail bar points at: one of the sentence's claims, a pair of it the person
        rejected, or (the sentence has no partner) one of its candidates."""
        view = self._active()
        found = choices(judged, view.side, view.cursor_sentence)
        if not found:
            return None
        return found[min(self._bar().pointed, len(found) - 1)]

    def point(self, step: int) -> None:
        """Point the detail bar at the next (1) or previous (-1) partner of the sentence: c and r act on it.

        A sentence without a partner has candidates instead: the first press
        lights the one the bar shows in the other pane, each next one the next.
        """
        from annotations.analysis.review import Suggestion

        judged = self.screen_comparison()
        if judged is None:
            return
        view = self._active()
        found = choices(judged, view.side, view.cursor_sentence)
        bar = self._bar()
        if found and isinstance(found[0], Suggestion):
            # First the one the bar already names, then each next one.
            chosen = bar.pointed_choice if bar.lit != bar.pointed_choice or len(found) < 2 else bar.point(step)
            if chosen is not None:
                bar.lit = chosen
                self._light(chosen.partner(view.side))
            return
        if len(found) < 2:
            said = "no partner nor candidate" if not found else "one partner"
            self.screen.notify(f"{view.side}{view.cursor_sentence + 1} has {said}: nothing to choose.", timeout=2)
            return
        bar.point(step)

    def screen_comparison(self) -> Comparison | None:
        """The comparison with the verdicts on top, as the reader shows it (None before the analysis)."""
        matched = self._ready()
        return None if matched is None else self.judged(matched)

    # -- the keys -----------------------------------------------------------

    def confirm(self) -> None:
        """Confirm the pair under the cursor."""
        self._judge_here("confirmed")

    def reject(self) -> None:
        """Reject the pair under the cursor: no longer tinted, nor a ]/[ stop."""
        self._judge_here("rejected")

    def _judge_here(self, verdict: str) -> None:
        from annotations.analysis.review import Suggestion

        matched = self._ready()
        if matched is None:
            return
        claim = self.pair_here(self.judged(matched))
        if claim is None:
            self.screen.notify("No matched pair here: l links this sentence to one of the other pane.", timeout=3)
            return
        if isinstance(claim, Suggestion):
            # A candidate: confirming it is linking it, with the tier asked as l asks it.
            if verdict == "confirmed":
                self.ask_link(matched, claim.a, claim.b)
            else:
                self._save(matched, claim.a, claim.b, verdict, "same")
            return
        if claim.verdict == verdict:
            self.screen.notify(f"Already {verdict} (u undoes).", timeout=2)
            return
        self._save(matched, claim.a, claim.b, verdict, claim.tier)

    def _save(self, matched: Comparison, a: int, b: int, verdict: str, tier: str,
              then: Callable[[bool], None] | None = None) -> None:
        """Save a verdict on A's `a` and B's `b`, then show the claims as judged and call `then(saved)`."""
        spans = self._spans(matched, a, b)

        async def save() -> None:
            # On the store's thread, like every change: the keys keep answering meanwhile.
            try:
                await self._annotator.write_planned(
                    lambda: self.session.planned_judge(*spans, verdict, tier),
                    lambda planned: self.session.judge(*spans, verdict, tier,
                                                       made=planned.insert[0] if planned else None))
            except NotSaved as error:
                self.screen.notify(str(error), severity="error", timeout=10, markup=False)
                if then is not None:
                    then(False)
                return
            self._show_claims()
            if then is not None:
                then(True)
            said = f"linked by you ({tier})" if verdict == "linked" else f"{verdict} by you"
            self.screen.notify(f"A{a + 1} ↔ B{b + 1} {said} (u to undo).", timeout=3)

        self._annotator.in_background(save(), kept=self._annotator.journal is not None)

    def start_link(self) -> None:
        """Remember the current sentence; enter on a sentence of the other pane links the two."""
        if self._ready() is None:
            return
        view = self._active()
        self.linking = (view.side, view.cursor_sentence)
        self.screen.refresh_bindings()
        self.screen.notify(f"Linking {view.side}{view.cursor_sentence + 1}: go to a sentence of "
                           f"{other(view.side)} (tab) and press enter; escape cancels.", timeout=5)

    def finish_link(self) -> None:
        """Link the sentence `l` was pressed on to the current one, once the tier is chosen."""
        matched = self._matched()
        if self.linking is None or matched is None:
            return
        side, first = self.linking
        view = self._active()
        if view.side == side:
            self.screen.notify(f"Go to a sentence of {other(side)} (tab), then press enter.", timeout=3)
            return
        a, b = pick(side, (first, view.cursor_sentence), (view.cursor_sentence, first))
        self.linking = None
        self.screen.refresh_bindings()
        self.ask_link(matched, a, b)

    def ask_link(self, matched: Comparison, a: int, b: int, then: Callable[[bool], None] | None = None) -> None:
        """Ask the tier of the link of A's sentence `a` to B's `b`, and save it (escape: nothing saved).

        Args:
            then: called with whether the link was saved, once it is (or the prompt was escaped).
        """
        from ..dialogs import TierPrompt

        def chosen(tier: str | None) -> None:
            if tier is not None:
                self._save(matched, a, b, "linked", tier, then)
            elif then is not None:
                then(False)

        self.screen.app.push_screen(TierPrompt(matched.a.sentence_text(a), matched.b.sentence_text(b)), chosen)

    def _jump(self, side: Side, index: int) -> None:
        """Put the cursor of `side`'s pane on sentence `index`."""
        next(v for v in self.screen.query(ArticleView) if v.side == side).go_to(index)

    def review(self) -> None:
        """Walk the pair's open suggestions, the likeliest claims first, where the last walk was left."""
        from ..dialogs.review_queue import ReviewQueue, ReviewWalk

        matched = self._ready()
        if matched is None:
            return
        if self.session.store is None:
            self.screen.notify("Suggestions can be reviewed once the database is open.", timeout=3)
            return
        walk = self.walk = self.walk or ReviewWalk()

        def judged() -> Comparison | None:
            found = self._matched()
            return None if found is None else self.judged(found)

        def link(a: int, b: int, then: Callable[[bool], None]) -> None:
            self.ask_link(matched, a, b, then)

        def reject(a: int, b: int, then: Callable[[bool], None]) -> None:
            self._save(matched, a, b, "rejected", "same", then)

        dialog = ReviewQueue(walk, judged, link, reject, self.undo)

        def left(_: None) -> None:
            # The reader is left on the suggestion the walk stopped at.
            if dialog.current is not None:
                self._jump("A", dialog.current.a)

        self.screen.app.push_screen(dialog, left)

    def cancel(self) -> bool:
        """Stop making a link; False when none was being made."""
        if self.linking is None:
            return False
        self.linking = None
        self.screen.refresh_bindings()
        self.screen.notify("Link cancelled.", timeout=2)
        return True

    def unfold(self, mode: str) -> None:
        """Unfold the detail bar: every partner in full ("details"), or the pair's word diff ("diff")."""
        if self._ready() is not None:
            self._bar().unfold(mode)

    def open_list(self) -> None:
        """List every verdict on the pair (rejections and orphans too): enter jumps, x revokes."""
        from ..dialogs.verdict_list import VerdictList, verdict_rows

        if self.session.store is None:
            self.screen.notify("The verdicts are listed once the database is open.", timeout=3)
            return
        comparison = self._matched()
        judged = None if comparison is None else self.judged(comparison)
        rows = verdict_rows(judged, self.session.verdicts, self.session.verdict_orphans)

        def chosen(row: VerdictRow | None) -> None:
            if row is None:
                return
            if row.pair is None:
                self.screen.notify("That verdict's sentences are not in the texts open now (an orphan).",
                                   timeout=3)
                return
            self._jump("A", row.pair[0])

        dialog = VerdictList(rows, lambda row: self.revoke(row, dialog))
        self.screen.app.push_screen(dialog, chosen)

    def revoke(self, row: VerdictRow, dialog: VerdictList | None = None) -> None:
        """Take a verdict back (saved on the store's thread); `u` puts it back."""

        async def revoke() -> None:
            try:
                await self._annotator.write_planned(lambda: self.session.planned_revoke(row.verdict),
                                                    lambda _: self.session.revoke(row.verdict))
            except NotSaved as error:
                self.screen.notify(str(error), severity="error", timeout=10, markup=False)
                return
            if dialog is not None and dialog.is_attached:
                dialog.revoked(row)
            self._show_claims()
            where = f"A{row.pair[0] + 1} ~ B{row.pair[1] + 1}" if row.pair else "an orphan pair"
            self.screen.notify(f"Verdict on {where} revoked ({row.verdict.verdict}); u puts it back.", timeout=3)

        self._annotator.in_background(revoke(), kept=self._annotator.journal is not None)

    def undo(self, then: Callable[[], None] | None = None) -> None:
        """Undo the last verdict (the session's history is shared with the annotations), then call `then`."""

        async def undo() -> None:
            try:
                undone = await self._annotator.write_planned(
                    lambda: self.session.planned_undo() if self.session.undo_kind() == "verdict" else None,
                    lambda _: self.session.undo_verdict())
            except NotSaved as error:
                self.screen.notify(str(error), severity="error", timeout=10, markup=False)
                undone = None
            if undone is not None:
                self._show_claims()
                self.screen.notify("Verdict undone." if undone[0] is not None else "Verdict put back.", timeout=2)
            if then is not None:
                then()

        self._annotator.in_background(undo(), kept=self._annotator.journal is not None)
