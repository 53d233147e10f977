"""A passage being selected in one pane: by sentences, then finer by words.

Pure offset arithmetic, kept apart from the screen: `v` starts a
`Selection` on the current sentence, j/k stretch it from that sentence to
the cursor's (`follow_cursor`), w/b move its end and W/B its start by a
word, and a click reaches a word (`reach`). Words are runs of letters and
digits with inner apostrophes, hyphens and points, so an end never cuts one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from annotations.sides import Side

_WORD = re.compile(r"\w[\w'’.-]*\w|\w")


@lru_cache(maxsize=4)
def word_spans(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Starts and ends of the words of `text`."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    return tuple(s for s, _ in spans), tuple(e for _, e in spans)


@dataclass
class Selection:
    """A passage being selected in one pane (offsets into the article text)."""

    side: Side
    start: int
    end: int
    anchor: tuple[int, int]
    """The sentence `v` was pressed on: j/k select from it to the cursor."""
    by_word: bool = False
    """True once w/b/W/B or a click made the ends finer than sentences."""

    def follow_cursor(self, span: tuple[int, int]) -> None:
        """The cursor moved to the sentence `span`: stretch the selection to it."""
        if not self.by_word:
            self.start, self.end = min(self.anchor[0], span[0]), max(self.anchor[1], span[1])
        elif span[1] <= self.start or span[0] >= self.end:
            # Word-precise ends stay; a sentence outside widens the selection.
            self.start, self.end = min(self.start, span[0]), max(self.end, span[1])

    def move_end(self, text: str, step: int) -> None:
        """Move the end one word on (1) or back (-1); the first move narrows to one word."""
        _, ends = word_spans(text)
        if not self.by_word:
            self.by_word = True
            i = bisect_right(ends, self.start)
            self.end = ends[i] if i < len(ends) else self.end
        elif step > 0:
            i = bisect_right(ends, self.end)
            self.end = ends[i] if i < len(ends) else self.end
        else:
            i = bisect_left(ends, self.end) - 1
            if i >= 0 and ends[i] > self.start:
                self.end = ends[i]

    def move_start(self, text: str, step: int) -> None:
        """Move the start one word on (1) or back (-1), never past the end."""
        starts, _ = word_spans(text)
        self.by_word = True
        if step > 0:
            i = bisect_right(starts, self.start)
            if i < len(starts) and starts[i] < self.end:
                self.start = starts[i]
        else:
            i = bisect_left(starts, self.start) - 1
            if i >= 0:
                self.start = starts[i]

    def reach(self, text: str, at: int) -> None:
        """Move the nearer end to the word at offset `at` (a click)."""
        starts, ends = word_spans(text)
        if not starts:
            return
        # On a space or a sign: the word before it for the end, the word
        # after it for the start.
        before = max(0, bisect_right(starts, at) - 1)
        after = before if ends[before] > at >= starts[before] else min(before + 1, len(starts) - 1)
        self.by_word = True
        if at < self.start or (at < self.end and at - self.start < self.end - at):
            self.start = starts[after]
        else:
            self.end = ends[before]
