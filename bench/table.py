"""One row per figure, each beside its peer measured in the same run.

The convention for every benchmark module under `bench/`: it defines
`rows(runs: int) -> list[Row]`, measuring each figure `runs` times (with its
peer, interleaved) and reporting the median. `bench/run` imports the modules
and prints all rows as one table.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One figure of the benchmark table."""

    item: str
    """The number of the figure in the issue's list ("2", "4b")."""
    measure: str
    """What was measured, in a few words."""
    value: str
    """Our median, with its unit ("1.34 s")."""
    peer: str = ""
    """The peer and its median in the same run ("plain spaCy 1.28 s")."""
    ratio: float | None = None
    """value / peer, when both are the same kind of figure."""
    target: str = ""
    """The goal, as written in the issue ("≤ 1.30x", "< 30 ms")."""
    met: bool | None = None
    """Whether the goal is met; None when there is no goal or no figure."""
    cpu_ratio: float | None = None
    """The same ratio over CPU time, shown beside it: a shared machine skews it less."""


def median(values: list[float]) -> float:
    """The median of `values` (the figure every row reports)."""
    return statistics.median(values)


def seconds(value: float) -> str:
    """A duration, in the unit that reads best."""
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def megabytes(kilobytes: float) -> str:
    return f"{kilobytes / 1024:.0f} MB"


def _paired(ours: list[float], peer: list[float]) -> float | None:
    ratios = [o / p for o, p in zip(ours, peer) if p]
    return median(ratios) if ratios else None


def ratio_row(item: str, measure: str, ours: list[float], peer_name: str, peer: list[float],
              limit: float | None, unit=seconds, cpu: tuple[list[float], list[float]] | None = None) -> Row:
    """A row comparing our runs with its peer's, against an upper limit on the ratio.

    `ours[i]` and `peer[i]` ran back to back; the ratio is the median of
    those paired ratios, which a machine busy for part of the run skews
    less than a ratio of medians. `cpu` holds the CPU times of the same
    runs, (ours, peer), when they were measured.
    """
    ratio = _paired(ours, peer)
    return Row(
        item, measure, unit(median(ours)), f"{peer_name} {unit(median(peer))}", ratio,
        f"≤ {limit:.2f}x" if limit is not None else "",
        None if limit is None or ratio is None else ratio <= limit,
        _paired(*cpu) if cpu else None,
    )


def not_measured(item: str, measure: str, why: str = "not measured yet") -> Row:
    """A placeholder row for a figure whose benchmark does not exist (yet)."""
    return Row(item, measure, why)


def render(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    head = ["#", "measure", "newsread", "peer (same run)", "ratio (CPU time)", "target", "met"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else ""
        if r.cpu_ratio is not None:
            ratio += f" ({r.cpu_ratio:.2f}x)"
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        cells = [r.item, r.measure, r.value, r.peer, ratio, r.target, met]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
