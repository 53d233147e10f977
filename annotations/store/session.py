"""The reader's annotating session, headless: what is selected, placed and targeted, and every change.

`AnnotationSession` holds what the reader knows about the annotations of a
pair while it is open: the annotations placed in each article and the
orphans that no longer fit, the passage being selected (`Selection`), and
the `Store` every change is written to at once. The reader's screen calls
it with the pane and sentence the cursor is on, then paints what it says;
nothing here knows about the terminal, so every rule of the workflow is
tested without it.

Target of `t` and `a`: the selection when one is being made (`v`), else the
annotation under the cursor, else the current sentence.

The store's modules (sqlite-utils, numpy) are imported here only for type
checking: the reader builds a session before its first paint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from annotations.errors import InputError
from annotations.sides import SIDES, Side
from annotations.store.selection import Selection, word_spans

if TYPE_CHECKING:
    from annotations.store.records import Annotation, ArticleLike
    from annotations.store.store import Store
    from annotations.store.verdicts import PlacedVerdict, Verdict, VerdictChange

T = TypeVar("T")
Span = tuple[int, int]

__all__ = ["AnnotationSession", "ListedAnnotation", "NotSaved", "Selection", "StoreUnavailable", "Target",
           "word_spans"]


@dataclass(frozen=True)
class Target:
    """What `t` and `a` change: a passage of one article, and the annotation already on it."""

    side: Side
    start: int
    end: int
    existing: Annotation | None


@dataclass(frozen=True)
class ListedAnnotation:
    """An annotation with the side it belongs to."""

    side: Side
    annotation: Annotation
    orphan: bool = False
    """True when it could not be placed in the article's current text."""


class NotSaved(InputError):
    """A change that did not reach the database; the message says why, in one sentence."""

    @property
    def busy(self) -> bool:
        """Whether another process held the database (the same change may be written later)."""
        import sqlite3  # loaded with the store, after the first paint

        cause = self.__cause__
        return isinstance(cause, sqlite3.OperationalError) and any(
            word in str(cause).lower() for word in ("locked", "busy"))


class StoreUnavailable(NotSaved):
    """No database to write to: it is still opening, or could not be opened."""

    def __init__(self, message: str, *, opening: bool) -> None:
        super().__init__(message)
        self.opening = opening
        """True while the database is still opening (trying again later may work)."""


class AnnotationSession:
    """The annotations of a pair of articles while the reader is open.

    Args:
        articles: the two articles, A and B.
    """

    def __init__(self, articles: Sequence[ArticleLike]) -> None:
        self.articles: dict[Side, ArticleLike] = dict(zip(SIDES, articles))
        self.store: Store | None = None
        """Where every change is written; None until `open` (and after a failed open)."""
        self.article_ids: dict[Side, int] = {}
        self.placed: dict[Side, dict[str, Annotation]] = {side: {} for side in SIDES}
        """Each article's annotations that fit its text, by id."""
        self.orphans: dict[Side, list[Annotation]] = {side: [] for side in SIDES}
        """Each article's annotations that no longer fit its changed text (kept, listed)."""
        self.selection: Selection | None = None
        """The passage being selected, if one is."""
        self.verdicts: list[PlacedVerdict] = []
        """The reader's verdicts on pairs of sentences of the two articles, placed in their texts, oldest first."""
        self.verdict_orphans: list[Verdict] = []
        """Verdicts whose sentences are no longer found in the texts (kept, not applied)."""
        self._changes: list[tuple[str, Verdict | None, Verdict | None]] = []
        """The undo history shared by annotations and verdicts: ("annotation", …) (the store keeps
        what the change undoes), or ("verdict", the verdict made, the one it replaced)."""
        self._failed = False

    # -- the store ----------------------------------------------------------

    def open(self, store: Store) -> None:
        """Write to `store` from now on, and place each article's annotations from it."""
        self.store = store
        for side, article in self.articles.items():
            opened = store.open_article(article)
            self.article_ids[side] = opened.article.id
            self.placed[side] = {a.id: a for a in opened.annotations}
            self.orphans[side] = list(opened.orphans)
        from annotations.store.verdicts import placed_verdicts

        self.verdicts, self.verdict_orphans = placed_verdicts(store.db.conn, self.articles["A"], self.articles["B"])

    def fail(self) -> None:
        """The database could not be opened: every change will say so."""
        self._failed = True

    def close(self) -> None:
        """Close the store (every change is already committed)."""
        if self.store is not None:
            self.store.close()

    def known_tags(self) -> list[str]:
        """Every tag in use, most used first (none before the store is open)."""
        return self.store.all_tags() if self.store is not None else []

    def _write(self, change: Callable[[Store], T]) -> T:
        """Run one change on the store.

        Raises:
            NotSaved: there is no store, or the database refused the change.
        """
        store = self.store
        if store is None:
            if self._failed:
                raise StoreUnavailable("Notes cannot be saved: the database could not be opened.", opening=False)
            raise StoreUnavailable("The notes database is still opening: try again in a moment.", opening=True)
        import sqlite3  # loaded with the store, after the first paint

        try:
            return change(store)
        except (sqlite3.Error, InputError) as error:
            raise NotSaved(f"Not saved: {error}") from error

    # -- what is where ------------------------------------------------------

    def annotations_at(self, side: Side, start: int, end: int) -> list[Annotation]:
        """Annotations of `side` overlapping `start:end`, the closest fit first."""
        found = [a for a in self.placed[side].values() if a.start < end and a.end > start]
        return sorted(found, key=lambda a: (abs(a.start - start) + abs(a.end - end), a.start))

    def under_cursor(self, side: Side, span: Span | None) -> Annotation | None:
        """The annotation the selection is exactly on, else the one on the cursor's sentence.

        Args:
            side: the pane the cursor is in.
            span: the cursor's sentence in that pane (None: an empty article).
        """
        s = self.selection
        if s is not None:
            exact = [a for a in self.placed[s.side].values() if (a.start, a.end) == (s.start, s.end)]
            return exact[0] if exact else None
        if span is None:
            return None
        found = self.annotations_at(side, *span)
        return found[0] if found else None

    def target(self, side: Side, span: Span | None) -> Target | None:
        """The passage the next change applies to: the selection, else the annotation here, else the sentence."""
        existing = self.under_cursor(side, span)
        s = self.selection
        if s is not None:
            return Target(s.side, s.start, s.end, existing)
        if existing is not None:
            return Target(side, existing.start, existing.end, existing)
        return Target(side, span[0], span[1], None) if span else None

    def annotated_ranges(self, side: Side) -> list[Span]:
        """Where the annotations of `side` are, to mark them."""
        return [(a.start, a.end) for a in self.placed[side].values()]

    def selected_ranges(self, side: Side) -> list[Span]:
        """The selection, if it is in `side`."""
        s = self.selection
        return [(s.start, s.end)] if s is not None and s.side == side else []

    def listing(self) -> list[ListedAnnotation]:
        """Every annotation of both articles, placed ones by position, then the orphans."""
        return [
            ListedAnnotation(side, a)
            for side in SIDES for a in sorted(self.placed[side].values(), key=lambda a: a.start)
        ] + [ListedAnnotation(side, a, orphan=True) for side in SIDES for a in self.orphans[side]]

    # -- selecting ----------------------------------------------------------
    # Each returns the side whose selection changed (to be painted again), or None.

    def select(self, side: Side, span: Span) -> Side:
        """Start selecting at the sentence `span` of `side` (again: restart there)."""
        self.selection = Selection.on_sentence(side, span)
        return side

    def cancel_selection(self) -> Side | None:
        """Stop selecting, saving nothing."""
        selection, self.selection = self.selection, None
        return selection.side if selection is not None else None

    def pane_changed(self, side: Side) -> Side | None:
        """The person moved to pane `side`: a selection in the other pane ends."""
        if self.selection is not None and self.selection.side != side:
            return self.cancel_selection()
        return None

    def cursor_moved(self, side: Side, span: Span | None) -> Side | None:
        """The cursor of `side` is on the sentence `span`: a selection there stretches to it."""
        if self.selection is None or span is None:
            return None
        if self.selection.side != side:
            return self.cancel_selection()
        self.selection.follow_cursor(span)
        return side

    def move_word(self, free: bool, step: int) -> Side | None:
        """Move the free end (True) or the fixed end (False) of the selection one word on (1) or back (-1)."""
        s = self.selection
        if s is None:
            return None
        (s.move_free if free else s.move_fixed)(self.articles[s.side].text, step)
        return s.side

    def swap_ends(self) -> Side | None:
        """Swap the fixed and the free end of the selection (`o`)."""
        s = self.selection
        if s is None:
            return None
        s.swap()
        return s.side

    def reach(self, side: Side, at: int) -> Side | None:
        """A click at offset `at` of `side`: the nearer end of a selection there moves to that word."""
        s = self.selection
        if s is None or s.side != side:
            return None
        s.reach(self.articles[side].text, at)
        return side

    # -- changes ------------------------------------------------------------
    # Each is written to the store at once; each raises `NotSaved` when it is not.

    def _saved(self, side: Side, annotation: Annotation | None, removed: str | None = None) -> None:
        # A new dict, not an update in place: the reader writes on a thread of its own
        # while its screen goes on reading the old one.
        placed = dict(self.placed[side])
        if removed is not None:
            placed.pop(removed, None)
        if annotation is not None:
            placed[annotation.id] = annotation
        self.placed = {**self.placed, side: placed}
        self.selection = None

    def planned(self, target: Target, tags: Sequence[str] | None = None, note: str | None = None) -> Annotation:
        """The annotation `tag(target, tags)` or `note(target, note)` would leave (a new one gets its id here).

        Raises:
            InputError: a tag or the note is refused.
        """
        from dataclasses import replace

        from annotations.store.store import check_note, check_tags, new_annotation

        existing = target.existing
        if existing is None:
            return new_annotation(self.article_ids[target.side], self.articles[target.side].text,
                                  target.start, target.end, tags or (), note or "")
        if tags is not None:
            return replace(existing, tags=check_tags(tags))
        check_note(note or "")
        return replace(existing, note=note or "")

    def tag(self, target: Target, tags: Sequence[str], annotation_id: str | None = None) -> Annotation | None:
        """Replace the target's tags; a passage without an annotation gets a new one.

        No tags for a passage without an annotation change nothing (None).
        Otherwise the selection ends even when the write fails: the prompt
        has closed, and the person starts again from the cursor. A new
        annotation gets `annotation_id` when given (see `planned`).
        """
        existing = target.existing
        if existing is None and not tags:
            return None
        saved: Annotation | None = None
        try:
            if existing is not None:
                saved = self._write(lambda store: store.set_tags(existing.id, tags))
            else:
                saved = self._write(lambda store: store.add(
                    self.article_ids[target.side], self.articles[target.side].text, target.start, target.end, tags,
                    annotation_id=annotation_id))
            self._changes.append(("annotation", None, None))
        finally:
            self._saved(target.side, saved)
        return saved

    def note(self, target: Target, note: str, annotation_id: str | None = None) -> Annotation | None:
        """Write the target's note; a passage without an annotation gets a new one.

        An unchanged note changes nothing (None). When the write fails the
        selection stays, so that the same note can be saved again.
        """
        existing = target.existing
        if note == (existing.note if existing is not None else ""):
            return None
        if existing is not None:
            saved = self._write(lambda store: store.set_note(existing.id, note))
        else:
            saved = self._write(lambda store: store.add(
                self.article_ids[target.side], self.articles[target.side].text, target.start, target.end, (), note,
                annotation_id=annotation_id))
        self._changes.append(("annotation", None, None))
        self._saved(target.side, saved)
        return saved

    def delete(self, target: Target) -> Annotation | None:
        """Remove the target's annotation (`undo` brings it back).

        Returns:
            What was removed; None when the target has no annotation or the
            database had none with its id.
        """
        existing = target.existing
        if existing is None:
            return None
        removed = self._write(lambda store: store.delete(existing.id))
        if removed is not None:
            self._changes.append(("annotation", None, None))
            self._saved(target.side, None, removed=existing.id)
        return removed

    def can_undo(self) -> bool:
        """Whether this session has a change left to undo (an annotation's or a verdict's)."""
        if self.store is None:
            return False
        return self.undo_kind() == "verdict" or self.store.can_undo()

    def undo_kind(self) -> str | None:
        """What `u` undoes next: "verdict", "annotation", or None when nothing."""
        if self._changes:
            return self._changes[-1][0]
        return "annotation" if self.store is not None and self.store.can_undo() else None

    def undo(self) -> tuple[Side, Annotation] | None:
        """Undo this session's last change of an annotation.

        When the last change was a verdict, that verdict is undone instead
        (see `undo_verdict`), and None returned: annotations and verdicts
        share one history.

        Returns:
            The side it was in and the annotation as it was before the undo
            (to jump to it), or None when there is nothing to undo.
        """
        if self.undo_kind() == "verdict":
            self.undo_verdict()
            return None
        if not self.can_undo():
            return None
        restored = self._write(lambda store: store.undo())
        if self._changes:
            self._changes.pop()
        return self._placed_again(restored)

    def planned_undo(self, redo: bool = False) -> Annotation | str | VerdictChange | None:
        """What `undo` (or `redo`) would leave, to keep in the journal first (see `Journal`); None: nothing."""
        if self.store is None:
            return None
        if redo:
            return self.store.planned_redo()
        if self.undo_kind() == "verdict":
            from annotations.store.verdicts import VerdictChange

            _, made, replaced = self._changes[-1]
            return VerdictChange(tuple(v.id for v in (made, replaced) if v is not None),
                                 (replaced,) if replaced is not None else ())
        return self.store.planned_undo()

    def can_redo(self) -> bool:
        """Whether an undone change can be made again."""
        return self.store is not None and self.store.can_redo()

    def redo(self) -> tuple[Side, Annotation] | None:
        """Make the last undone change again.

        Returns:
            The side it was in and the annotation as the redo left it (to jump
            to it), or None when there is nothing to redo.
        """
        if not self.can_redo():
            return None
        redone = self._write(lambda store: store.redo())
        self._changes.append(("annotation", None, None))
        return self._placed_again(redone)

    def _placed_again(self, changed: Annotation | None) -> tuple[Side, Annotation] | None:
        """Place `changed` as the database now has it (or drop it, if it has none)."""
        if changed is None:
            return None
        sides = [s for s, i in self.article_ids.items() if i == changed.article_id]
        sides = sides or [s for s in SIDES if changed.id in self.placed[s]] or ["A"]
        side = sides[0]
        now = self._write(lambda store: store.get(changed.id))
        self._saved(side, now, removed=None if now else changed.id)
        return side, changed

    # -- verdicts -----------------------------------------------------------
    # The reader's word on a pair of sentences (see `store.verdicts`), saved at once.

    def verdict_on(self, a: Span, b: Span) -> PlacedVerdict | None:
        """The newest verdict on the pair of sentences at `a` (in A) and `b` (in B), if any."""
        found = [p for p in self.verdicts if _overlap(p.a, a) and _overlap(p.b, b)]
        return found[-1] if found else None

    def planned_judge(self, a: Span, b: Span, verdict: str, tier: str) -> VerdictChange:
        """What `judge` would change, with the verdict it would store (to keep in the journal first)."""
        from annotations.store.verdicts import VerdictChange, new_verdict

        before = self.verdict_on(a, b)
        made = new_verdict((self.article_ids["A"], self.article_ids["B"]),
                           (self.articles["A"].text, self.articles["B"].text), a, b, verdict, tier)
        return VerdictChange((before.verdict.id,) if before is not None else (), (made,))

    def planned_revoke(self, verdict: Verdict) -> VerdictChange:
        """What `revoke` would change."""
        from annotations.store.verdicts import VerdictChange

        return VerdictChange((verdict.id,))

    def judge(self, a: Span, b: Span, verdict: str, tier: str, made: Verdict | None = None) -> PlacedVerdict:
        """Say `verdict` (confirmed, rejected, linked) with `tier` on sentence `a` of A and `b` of B.

        It takes the place of an earlier verdict on the same pair; `undo` puts that one back.
        `made`: the verdict to store, as `planned_judge` made it (None: a new one).

        Raises:
            NotSaved: there is no store, or the database refused the change.
        """
        from annotations.store.verdicts import PlacedVerdict, judge

        before = self.verdict_on(a, b)
        texts = (self.articles["A"].text, self.articles["B"].text)
        made = self._write(lambda store: judge(
            store, (self.article_ids["A"], self.article_ids["B"]), texts, a, b, verdict, tier,
            replaces=before.verdict if before is not None else None, made=made))
        placed = PlacedVerdict(made, a, b)
        self.verdicts = [p for p in self.verdicts if p is not before] + [placed]
        self._changes.append(("verdict", made, before.verdict if before is not None else None))
        return placed

    def revoke(self, verdict: Verdict) -> None:
        """Take back a verdict, whenever it was given (the `V` list's x); `undo` puts it back.

        Raises:
            NotSaved: there is no store, or the database refused the change (the verdict stays).
        """
        from annotations.store.verdicts import unjudge

        self._write(lambda store: unjudge(store, verdict, None))
        self.verdicts = [p for p in self.verdicts if p.verdict.id != verdict.id]
        self.verdict_orphans = [v for v in self.verdict_orphans if v.id != verdict.id]
        self._changes.append(("verdict", None, verdict))

    def undo_verdict(self) -> tuple[Verdict | None, Verdict | None] | None:
        """Undo the last verdict: remove it and put back the one it replaced.

        Returns:
            (the verdict removed, the one put back), or None when the last change was no verdict.

        Raises:
            NotSaved: the database refused the change (the verdict stays, and so does its undo).
        """
        from annotations.store.verdicts import unjudge

        if not self._changes or self._changes[-1][0] != "verdict":
            return None
        _, made, replaced = self._changes[-1]
        self._write(lambda store: unjudge(store, made, replaced))
        self._changes.pop()
        self.verdicts = [p for p in self.verdicts if made is None or p.verdict.id != made.id]
        if replaced is not None:
            from annotations.store.verdicts import placed_verdicts

            assert self.store is not None  # _write succeeded
            self.verdicts, self.verdict_orphans = placed_verdicts(
                self.store.db.conn, self.articles["A"], self.articles["B"])
        return made, replaced


def _overlap(x: Span, y: Span) -> bool:
    return x[0] < y[1] and y[0] < x[1]
