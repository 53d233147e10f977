"""Re-anchoring passages of the seed articles after the text is edited."""

from __future__ import annotations

import pytest

from annotations.store.anchoring import (
    CONTEXT,
    FUZZY,
    POSITION,
    QUOTE,
    locate,
    quote_at,
    reanchor,
)


@pytest.fixture(scope="module")
def text(seeds) -> str:
    return seeds[0].text


def _passage(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_quote_keeps_32_characters_of_context_each_side(text):
    start, end = _passage(text, "Vladimir Putin")
    quote = quote_at(text, start, end)
    assert quote.exact == "Vladimir Putin"
    assert quote.prefix == text[start - CONTEXT:start] and len(quote.prefix) == CONTEXT
    assert quote.suffix == text[end:end + CONTEXT] and len(quote.suffix) == CONTEXT
    assert quote_at(text, 0, 5).prefix == ""


def test_quote_refuses_an_empty_or_outside_range(text):
    with pytest.raises(ValueError):
        quote_at(text, 10, 10)
    with pytest.raises(ValueError):
        quote_at(text, 0, len(text) + 1)


def test_unchanged_text_keeps_the_offsets(text):
    start, end = _passage(text, "Vladimir Putin")
    assert locate(text, quote_at(text, start, end)) == locate(text, quote_at(text, start, end))
    match = locate(text, quote_at(text, start, end))
    assert (match.start, match.end, match.method) == (start, end, POSITION)


def test_text_inserted_before_moves_the_passage(text):
    start, end = _passage(text, "Vladimir Putin")
    quote = quote_at(text, start, end)
    edited = "UPDATED: a correction was added at the top of this story.\n" + text
    match = locate(edited, quote)
    assert match.method == QUOTE
    assert edited[match.start:match.end] == "Vladimir Putin"
    assert match.start == start + len(edited) - len(text)


def test_a_repeated_quote_is_told_apart_by_its_context(text):
    # "Putin" occurs several times; each occurrence is found again as itself
    # after the text moves, not as the first one.
    starts = [i for i in range(len(text)) if text.startswith("Putin", i)]
    assert len(starts) > 2
    edited = "Editor's note: this story was updated.\n\n" + text
    shift = len(edited) - len(text)
    for start in starts:
        match = locate(edited, quote_at(text, start, start + 5))
        assert match.start == start + shift, start


def test_a_reworded_passage_is_found_fuzzily(text):
    start = text.index("The two leaders spoke")
    end = text.index(".", start) + 1
    quote = quote_at(text, start, end)
    original = text[start:end]
    reworded = original.replace("phone call", "telephone call")
    assert reworded != original
    edited = "Breaking:\n" + text[:start] + reworded + text[end:]
    match = locate(edited, quote)
    assert match.method == FUZZY and match.score >= 80
    found = edited[match.start:match.end]
    assert found.startswith("The two leaders spoke")
    assert abs(len(found) - len(reworded)) <= 3


def test_a_deleted_passage_is_an_orphan_and_the_rest_still_found(text):
    kept_start, kept_end = _passage(text, "Vladimir Putin")
    gone_start, gone_end = _passage(text, "The US has sanctions against both Beijing and Moscow right now.")
    edited = text[:gone_start] + text[gone_end:]
    items = [("kept", quote_at(text, kept_start, kept_end)),
             ("gone", quote_at(text, gone_start, gone_end))]
    found, orphans = reanchor(edited, items)
    assert orphans == ["gone"]
    assert [name for name, _ in found] == ["kept"]
    match = found[0][1]
    assert edited[match.start:match.end] == "Vladimir Putin"


def test_everything_orphaned_in_an_unrelated_text(text, seeds):
    start = text.index("China's President Xi")
    end = text.index(".", start) + 1
    other = "The weather was mild across the region on Tuesday, forecasters said.\n" * 20
    assert locate(other, quote_at(text, start, end)) is None


def test_a_reworded_passage_is_not_confused_with_its_unchanged_repeat(text):
    # The seed repeats its photo caption; when the second copy is reworded,
    # the annotation on it follows the rewording, not the first copy.
    caption = "China's President Xi Jinping (L) and Russia's President Vladimir Putin when they met in 2023."
    first = text.index(caption)
    second = text.index(caption, first + 1)
    quote = quote_at(text, second, second + len(caption))
    reworded = caption.replace("when they met", "at their meeting")
    edited = text[:second] + reworded + text[second + len(caption):]
    match = locate(edited, quote)
    assert match.method == FUZZY
    assert match.start == second
    assert edited[match.start:match.end].startswith("China's President Xi Jinping")
