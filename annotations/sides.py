"""The two sides of a pair: article A (left or top) and article B."""

from __future__ import annotations

from typing import Literal, TypeVar

Side = Literal["A", "B"]
SIDES: tuple[Side, Side] = ("A", "B")

T = TypeVar("T")


def other(side: Side) -> Side:
    """The side facing `side`."""
    return "B" if side == "A" else "A"


def pick(side: Side, a: T, b: T) -> T:
    """`a` for side A, `b` for side B."""
    return a if side == "A" else b
