"""Where a passage is in a text, and where it went when the text changed.

An annotation remembers its passage the way the W3C Web Annotation model
does: the exact quote with some context on each side (TextQuoteSelector)
and its character offsets (TextPositionSelector). `locate` finds the
passage again in a text, trying in turn:

1. the same offsets, when the quote is still there;
2. the exact quote elsewhere, choosing among repeats by context, then by
   nearness to the old offsets;
3. a fuzzy match: first the quote with its context, then the quote inside
   that stretch, accepted only above `FUZZY_CUTOFF`.

What none of these finds is an orphan: reported, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from rapidfuzz import fuzz

#: Characters of context kept on each side of a quote.
CONTEXT = 32
#: Lowest similarity (0-100) at which a changed quote still counts as found.
FUZZY_CUTOFF = 80.0
#: Repeats of a quote looked at before giving up on telling them apart.
MAX_CANDIDATES = 2000
#: Context similarity (0-200, prefix plus suffix) at which an exact quote is
#: taken without looking for a better fuzzy match.
SURE_CONTEXT = 120.0
#: Characters of context used to find the ends of a reworded passage.
EDGE = 12

POSITION, QUOTE, FUZZY = "position", "quote", "fuzzy"


@dataclass(frozen=True)
class TextQuote:
    """A passage as both W3C selectors: exact quote with context, and offsets."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    """Where a quote was found: offsets in the new text, how, and how surely."""

    start: int
    end: int
    method: str
    """`position`, `quote` or `fuzzy`."""
    score: float = 100.0
    """Similarity of the found passage to the quote, 0-100."""


def quote_at(text: str, start: int, end: int, context: int = CONTEXT) -> TextQuote:
    """The selectors for `text[start:end]`.

    Args:
        text: The whole article text.
        start: Offset of the first character of the passage.
        end: Offset just past the passage.
        context: Characters of prefix and suffix to keep.

    Returns:
        The quote with up to `context` characters on each side.

    Raises:
        ValueError: If the range is empty or outside the text.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"no passage at {start}-{end} in a text of {len(text)} characters")
    return TextQuote(
        exact=text[start:end],
        prefix=text[max(0, start - context):start],
        suffix=text[end:end + context],
        start=start,
        end=end,
    )


def _context_score(text: str, quote: TextQuote, start: int, end: int) -> float:
    """How well the context around `start:end` matches the quote's (0-200)."""
    score = 0.0
    if quote.prefix:
        score += fuzz.ratio(quote.prefix, text[max(0, start - len(quote.prefix)):start])
    else:
        score += 100.0 if start == 0 else 50.0
    if quote.suffix:
        score += fuzz.ratio(quote.suffix, text[end:end + len(quote.suffix)])
    else:
        score += 100.0 if end == len(text) else 50.0
    return score


def _at_position(text: str, quote: TextQuote) -> bool:
    if text[quote.start:quote.end] != quote.exact:
        return False
    # A short quote can reappear at the same offsets in a rewritten text;
    # one side of unchanged context makes it the same passage.
    before = text[max(0, quote.start - len(quote.prefix)):quote.start]
    after = text[quote.end:quote.end + len(quote.suffix)]
    return before == quote.prefix or after == quote.suffix


def _by_quote(text: str, quote: TextQuote) -> Match | None:
    starts: list[int] = []
    at = text.find(quote.exact)
    while at != -1 and len(starts) < MAX_CANDIDATES:
        starts.append(at)
        at = text.find(quote.exact, at + 1)
    if not starts:
        return None
    length = len(quote.exact)
    if len(starts) == 1:
        return Match(starts[0], starts[0] + length, QUOTE)
    best = max(
        starts,
        key=lambda s: (_context_score(text, quote, s, s + length), -abs(s - quote.start)),
    )
    return Match(best, best + length, QUOTE)


def _nearest(text: str, needle: str, lo: int, hi: int, target: int, after: bool) -> int | None:
    """Offset nearest `target` just after (or at the start of) `needle` within `text[lo:hi]`."""
    best: int | None = None
    at = text.find(needle, lo, hi)
    while at != -1:
        edge = at + len(needle) if after else at
        if best is None or abs(edge - target) < abs(best - target):
            best = edge
        at = text.find(needle, at + 1, hi)
    return best


def _edges(text: str, quote: TextQuote, start: int, end: int) -> tuple[int, int]:
    """Move the ends of a fuzzy alignment to where the old context now ends and begins.

    An alignment has the quote's old length; when the edit changed that
    length, the unchanged context on either side marks the true ends.
    """
    slack = max(8, len(quote.exact) // 4)
    tail = quote.prefix[-EDGE:]
    if tail:
        found = _nearest(text, tail, max(0, start - slack - len(tail)), start + slack, start, True)
        start = found if found is not None else start
    head = quote.suffix[:EDGE]
    if head:
        found = _nearest(text, head, max(start, end - slack), end + slack + len(head), end, False)
        end = found if found is not None else end
    return start, end


def _fuzzy(text: str, quote: TextQuote, cutoff: float) -> Match | None:
    if not text or not quote.exact.strip():
        return None
    whole = quote.prefix + quote.exact + quote.suffix
    around = fuzz.partial_ratio_alignment(whole, text)
    if around is None:
        return None
    # Search the quote a little beyond the stretch that matched its context,
    # since the edit may have moved its ends.
    slack = len(quote.exact) // 2 + 1
    lo = max(0, around.dest_start - slack)
    hi = min(len(text), around.dest_end + slack)
    window = text[lo:hi]
    if len(window) < len(quote.exact):
        found = fuzz.partial_ratio_alignment(window, quote.exact)
        start, end = (lo + found.src_start, lo + found.src_end) if found else (lo, lo)
    else:
        found = fuzz.partial_ratio_alignment(quote.exact, window)
        start, end = (lo + found.dest_start, lo + found.dest_end) if found else (lo, lo)
    start, end = _edges(text, quote, start, end)
    if end <= start:
        return None
    score = fuzz.ratio(quote.exact, text[start:end])
    if score < cutoff:
        return None
    return Match(start, end, FUZZY, round(score, 1))


def locate(text: str, quote: TextQuote, cutoff: float = FUZZY_CUTOFF) -> Match | None:
    """Find `quote` in `text`: by offsets, then by exact quote, then fuzzily.

    Args:
        text: The article text, perhaps changed since the quote was taken.
        quote: The passage as it was.
        cutoff: Lowest similarity (0-100) accepted for a fuzzy match.

    Returns:
        Where the passage is now, or None when it cannot be found (an orphan).
    """
    if _at_position(text, quote):
        return Match(quote.start, quote.end, POSITION)
    exact = _by_quote(text, quote)
    if exact is not None:
        context = _context_score(text, quote, exact.start, exact.end)
        if context >= SURE_CONTEXT:
            return exact
        # The same words with other context may be a repeat elsewhere (a
        # caption, a pull quote) while the passage itself was reworded: a
        # fuzzy match in the right context wins over it.
        fuzzy = _fuzzy(text, quote, cutoff)
        if fuzzy is not None and _context_score(text, quote, fuzzy.start, fuzzy.end) > context:
            return fuzzy
        return exact
    return _fuzzy(text, quote, cutoff)


T = TypeVar("T")


def reanchor(
    text: str, items: Iterable[tuple[T, TextQuote]], cutoff: float = FUZZY_CUTOFF
) -> tuple[list[tuple[T, Match]], list[T]]:
    """Locate many quotes in one text.

    Args:
        text: The article text.
        items: Pairs of anything (an annotation, an id) and its quote.
        cutoff: Lowest similarity accepted for a fuzzy match.

    Returns:
        The items found, each with its match, and the orphans, both in the
        order given.
    """
    found: list[tuple[T, Match]] = []
    orphans: list[T] = []
    for item, quote in items:
        match = locate(text, quote, cutoff)
        if match is None:
            orphans.append(item)
        else:
            found.append((item, match))
    return found, orphans
