"""The word diff of a pair drawn for the detail bar: A's words above B's, column by column.

`analysis.word_diff` aligns the two sentences; here each word of A is set
above the word of B it faces (padded to the wider of the two), rows wrap at
the bar's width, and what differs is marked: a figure most, a name next,
another word least; a word the other sentence has elsewhere (moved) in
italics only. Article text goes through `display_text` and is plain text,
never markup.
"""

from __future__ import annotations

from itertools import zip_longest

from textual.content import Content

from annotations.analysis.word_diff import FIGURE, NAME, SAME, Word, WordDiff
from annotations.text import display_text

#: How a differing word is marked, by kind.
MARKS = {
    FIGURE: "bold $text-error on $error-muted",
    NAME: "bold $text-warning on $warning-muted",
    "word": "$text-primary on $primary-muted",
}
MOVED = "italic $text-muted"


def _shown(sentence: str, words: list[Word], i: int) -> str:
    """Word `i` as it reads in its sentence: with what follows it up to the next word (punctuation)."""
    word = words[i]
    start = 0 if i == 0 else word.start  # an opening quote before the first word stays with it
    end = words[i + 1].start if i + 1 < len(words) else len(sentence)
    return display_text(" ".join(sentence[start:end].split()))


def _style(word: Word | None, same: bool) -> str:
    if word is None or same:
        return ""
    return MOVED if word.moved else MARKS[word.kind] if word.counts else "$text-muted"


def render_word_diff(diff: WordDiff, width: int, labels: tuple[str, str] = ("A", "B")) -> list[Content]:
    """The two sentences as pairs of lines, `labels[0]`'s words above `labels[1]`'s, each row `width` wide.

    Args:
        diff: the alignment (`analysis.word_diff.word_diff`) of A's sentence with B's.
        width: the cells each line may take.
        labels: what starts each line ("A6", "B1").
    """
    words_a = [w for r in diff.runs for w in r.a]
    words_b = [w for r in diff.runs for w in r.b]
    at_a = {id(w): i for i, w in enumerate(words_a)}
    at_b = {id(w): i for i, w in enumerate(words_b)}
    cells: list[tuple[str, str, str, str]] = []  # (A's text, its style, B's text, its style)
    for run in diff.runs:
        same = run.kind == SAME
        for a, b in zip_longest(run.a, run.b):
            text_a = _shown(diff.a, words_a, at_a[id(a)]) if a is not None else ""
            text_b = _shown(diff.b, words_b, at_b[id(b)]) if b is not None else ""
            cells.append((text_a, _style(a, same), text_b, _style(b, same)))
    gutter = max(len(label) for label in labels) + 3
    room = max(width - gutter, 10)
    lines: list[Content] = []
    row: list[tuple[str, str, str, str]] = []
    used = 0

    def flush() -> None:
        for k, label in enumerate(labels):
            parts: list[tuple[str, str] | str] = [(f"{label:<{gutter - 3}} │ ", "bold")]
            for cell in row:
                column = max(len(cell[0]), len(cell[2]))
                text, style = cell[2 * k], cell[2 * k + 1]
                parts += [(text, style), " " * (column - len(text) + 1)]
            lines.append(Content.assemble(*parts).rstrip())

    for cell in cells:
        column = min(max(len(cell[0]), len(cell[2])), room - 1)
        if row and used + column + 1 > room:
            flush()
            row, used = [], 0
        # A word longer than a whole row (a pasted address) is cut to it.
        cell = (cell[0][:column], cell[1], cell[2][:column], cell[3])
        row.append(cell)
        used += column + 1
    if row:
        flush()
    return lines
