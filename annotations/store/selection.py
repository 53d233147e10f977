"""A passage being selected in one article: a fixed end where `v` was pressed, and a free end.

As in vim's visual mode, every motion moves the free end: j/k put it at the
edge of the cursor's sentence, w/b move it a word on or back, a click
brings it to the word clicked. W/B move the fixed end a word, and `o`
swaps the two. The selection is what lies between the ends, whichever
comes first, so a motion back shrinks it and a motion past the fixed end
turns it round.

While the fixed end is still an edge of the sentence `v` was pressed on, it
keeps that sentence in: when the free end goes before the sentence, the
fixed end moves to the sentence's end (vim's visual line mode).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from annotations.sides import Side

Span = tuple[int, int]

_WORD = re.compile(r"\w[\w'’.-]*\w|\w")


@lru_cache(maxsize=4)
def word_spans(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Starts and ends of the words of `text`.

    Words are runs of letters and digits with inner apostrophes, hyphens and
    points, so that an end moved by words never cuts one.
    """
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    return tuple(s for s, _ in spans), tuple(e for _, e in spans)


def _word_step(text: str, at: int, other: int, step: int) -> int:
    """Where an end at offset `at` goes one word on (1) or back (-1), the other end being at `other`.

    An end after the other stops at word ends, one before it at word
    starts; moving past the other end turns the selection round, so the
    end then stops at the edge of the word beyond it.
    """
    starts, ends = word_spans(text)
    if not starts:
        return at
    if at > other or (at == other and step > 0):
        if step > 0:
            i = bisect_right(ends, at)
            return ends[i] if i < len(ends) else at
        i = bisect_left(ends, at) - 1
        if i >= 0 and ends[i] > other:
            return ends[i]
        # Nothing left after the other end: the word before it.
        i = bisect_left(starts, other) - 1
        return starts[i] if i >= 0 else at
    if step < 0:
        i = bisect_left(starts, at) - 1
        return starts[i] if i >= 0 else at
    i = bisect_right(starts, at)
    if i < len(starts) and starts[i] < other:
        return starts[i]
    i = bisect_right(ends, other)
    return ends[i] if i < len(ends) else at


@dataclass
class Selection:
    """A passage being selected in one article (offsets into its text).

    Args:
        side: the article.
        fixed: the end that stays where `v` was pressed.
        free: the end every motion moves.
        anchor: the sentence `v` was pressed on.
    """

    side: Side
    fixed: int
    free: int
    anchor: Span = field(default=(0, 0))

    @classmethod
    def on_sentence(cls, side: Side, sentence: Span) -> Selection:
        """The selection `v` starts: the whole sentence, its end free."""
        return cls(side, sentence[0], sentence[1], sentence)

    @property
    def start(self) -> int:
        return min(self.fixed, self.free)

    @property
    def end(self) -> int:
        return max(self.fixed, self.free)

    def follow_cursor(self, span: Span) -> None:
        """The cursor moved to the sentence `span`: the free end goes to its near or far edge.

        A free end inside that sentence already (a click on a word of it) stays.
        """
        if span[0] < self.free < span[1]:
            return
        if self.fixed == self.anchor[0] and span[1] <= self.anchor[0]:
            self.fixed = self.anchor[1]
        elif self.fixed == self.anchor[1] and span[0] >= self.anchor[1]:
            self.fixed = self.anchor[0]
        if span[0] >= self.fixed:
            self.free = span[1]
        elif span[1] <= self.fixed:
            self.free = span[0]
        else:
            # The sentence holds the fixed end: the free end stays on its side.
            self.free = span[1] if self.free >= self.fixed else span[0]

    def move_free(self, text: str, step: int) -> None:
        """Move the free end one word on (1) or back (-1)."""
        self.free = _word_step(text, self.free, self.fixed, step)

    def move_fixed(self, text: str, step: int) -> None:
        """Move the fixed end one word on (1) or back (-1)."""
        self.fixed = _word_step(text, self.fixed, self.free, step)

    def swap(self) -> None:
        """Swap the ends (`o`): the fixed end becomes the one that moves."""
        self.fixed, self.free = self.free, self.fixed

    def reach(self, text: str, at: int) -> None:
        """Bring the free end to the word at offset `at` (a click): its end after the fixed end, else its start."""
        starts, ends = word_spans(text)
        if not starts:
            return
        # On a space or a sign: the word before it.
        i = max(0, bisect_right(starts, at) - 1)
        if at < self.fixed:
            if at >= ends[i]:
                i = min(i + 1, len(starts) - 1)
            free = min(starts[i], self.fixed)
        else:
            free = max(ends[i], self.fixed)
        if free != self.fixed:  # never an empty selection
            self.free = free
