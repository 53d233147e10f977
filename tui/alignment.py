"""Keeping two panes level: which matched sentences anchor them, and where lines map between them.

Like Meld's two-file view: matched sentences are anchors; a line between two
anchors maps to the place the same fraction of the way between their
partners, so the other pane glides instead of jumping. Only anchors that keep
the order of both articles are used (a longest increasing subsequence), so a
claim reported early in one article and late in the other cannot throw the
mapping backwards.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence

from annotations.sides import SIDES, Side


def ordered_pairs(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of (a, b) pairs increasing in both a and b.

    Args:
        pairs: matched sentence indices (a in one article, b in the other).

    Returns:
        The pairs that can anchor an alignment, sorted by a.
    """
    # Sort by a, and by b descending within one a so no a is used twice.
    ordered = sorted(set(pairs), key=lambda p: (p[0], -p[1]))
    tails: list[int] = []  # tails[k]: b of the best run of length k+1
    tail_at: list[int] = []  # index in `ordered` of that tail
    previous: list[int] = [-1] * len(ordered)
    for i, (_, b) in enumerate(ordered):
        k = bisect_left(tails, b)
        if k == len(tails):
            tails.append(b)
            tail_at.append(i)
        else:
            tails[k] = b
            tail_at[k] = i
        previous[i] = tail_at[k - 1] if k else -1
    run: list[tuple[int, int]] = []
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        run.append(ordered[i])
        i = previous[i]
    return run[::-1]


def claim_partners(
    claims: Iterable[tuple[int, int, float]],
) -> tuple[dict[Side, dict[int, list[int]]], dict[Side, dict[int, float]]]:
    """Each sentence's partners in the other article, best first, and its best claim score.

    Args:
        claims: matched sentences as (index in A, index in B, score).

    Returns:
        Per side: the partners of each matched sentence, then its best score.
    """
    partners: dict[Side, dict[int, list[tuple[float, int]]]] = {"A": defaultdict(list), "B": defaultdict(list)}
    best: dict[Side, dict[int, float]] = {"A": defaultdict(float), "B": defaultdict(float)}
    for a, b, score in claims:
        partners["A"][a].append((-score, b))
        partners["B"][b].append((-score, a))
        best["A"][a] = max(best["A"][a], score)
        best["B"][b] = max(best["B"][b], score)
    ranked = {side: {i: [p for _, p in sorted(found)] for i, found in partners[side].items()} for side in SIDES}
    return ranked, best


def map_line(anchors: Sequence[tuple[int, int]], line: float, source_lines: int, target_lines: int) -> float:
    """The line of the other pane level with `line` of this one.

    Args:
        anchors: (line here, line there) of aligned sentences, increasing in both.
        line: a line of this pane.
        source_lines, target_lines: line counts of the two panes; their ends
            align as well as their starts.
    """
    points = [(0, 0), *anchors, (max(source_lines, 1), max(target_lines, 1))]
    index = bisect_right([p[0] for p in points], line)
    if index <= 0:
        return line - points[0][0] + points[0][1]
    if index >= len(points):
        return line - points[-1][0] + points[-1][1]
    (x0, y0), (x1, y1) = points[index - 1], points[index]
    if x1 == x0:
        return float(y0)
    return y0 + (line - x0) * (y1 - y0) / (x1 - x0)
