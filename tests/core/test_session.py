"""The annotating session without the terminal: selection, target, changes, undo, and what is placed where.

Real seed articles and a real store on a file; sentences are stood in for by
paragraphs, since the session takes any span as the cursor's sentence.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from annotations.paths import seed_articles
from annotations.sources.articles import Article, load_article
from annotations.store.session import AnnotationSession, NotSaved, Selection, StoreUnavailable, Target
from annotations.store.store import Store


@pytest.fixture(scope="module")
def pair() -> tuple[Article, Article]:
    a, b = seed_articles()
    return load_article(str(a)), load_article(str(b))


@pytest.fixture
def session(pair, tmp_path):
    session = AnnotationSession(pair)
    session.open(Store(tmp_path / "newsread.db"))
    yield session
    session.close()


def span(article: Article, index: int) -> tuple[int, int]:
    """The span of paragraph `index`, as the cursor's sentence."""
    paragraph = article.paragraphs[index]
    return paragraph.start, paragraph.end


def test_the_session_module_loads_neither_textual_nor_the_database_library():
    # The reader builds its session before the first paint.
    code = "import annotations.store.session, sys; print(' '.join(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert not {"textual", "sqlite_utils", "numpy"} & set(loaded)


def test_selection_by_words_never_cuts_a_word(pair):
    text = pair[0].text
    start = text.index("China's President Xi Jinping (L)")
    sentence = (start, text.index(".", start) + 1)
    s = Selection.on_sentence("A", sentence)
    s.swap()                                   # the sentence's start is free
    for _ in range(4):
        s.move_free(text, 1)
    assert text[s.start:s.end].startswith("L) and Russia's")
    s.swap()                                   # back to the end: b takes words off it, never cutting one
    s.move_free(text, -1)
    assert text[s.start:s.end].endswith("when they met in 2023") or text[s.start:s.end].endswith("in")
    s = Selection.on_sentence("A", sentence)
    s.reach(text, text.index("(L)", start))    # a click on "(": the word before it ends the selection
    assert text[s.start:s.end] == "China's President Xi Jinping"
    s.swap()
    s.reach(text, start + 10)                  # a click inside "President", the start free: its start
    assert text[s.start:s.end] == "President Xi Jinping"


def test_a_selection_keeps_its_anchor_and_every_motion_moves_its_free_end(pair):
    """v j w, v w and v j W k j j k k k: the regressions of issue 12, as vim's visual mode does them."""
    text = pair[0].text
    first, second, third = span(pair[0], 1), span(pair[0], 2), span(pair[0], 3)
    starts, ends = (sorted(x) for x in zip(*((m.start(), m.end()) for m in __import__("re").finditer(
        r"\w[\w'’.-]*\w|\w", text))))

    # v j w: the two sentences and one more word, never the first word alone.
    s = Selection.on_sentence("A", first)
    s.follow_cursor(second)
    s.move_free(text, 1)
    assert s.start == first[0] and s.end == next(e for e in ends if e > second[1])

    # v w: the whole sentence and the next word.
    s = Selection.on_sentence("A", first)
    s.move_free(text, 1)
    assert s.start == first[0] and s.end > first[1]

    # v j W k j j k k k: k shrinks, j grows, and the lengths retrace their steps.
    s = Selection.on_sentence("A", first)
    lengths = []
    for move in ("j", "W", "k", "j", "j", "k", "k", "k"):
        if move == "W":
            s.move_fixed(text, 1)
        else:
            at = {"j": 1, "k": -1}[move] + (lengths[-1][1] if lengths else 1)
            s.follow_cursor(span(pair[0], at))
        lengths.append((s.end - s.start, at if move != "W" else lengths[-1][1]))
    sizes = [n for n, _ in lengths]
    assert sizes[2] < sizes[1]                      # k after W shrinks
    assert sizes[3] == sizes[1] and sizes[4] > sizes[3] and sizes[5] == sizes[3] and sizes[6] == sizes[2]
    # Past the anchor sentence (the fixed end moved by a word stays where it is).
    assert s.free == span(pair[0], 0)[0] and s.fixed == next(x for x in starts if x > first[0])

    # Back past the anchor while the fixed end is the sentence's edge: the anchor sentence stays in.
    s = Selection.on_sentence("A", second)
    s.follow_cursor(first)
    assert (s.start, s.end) == (first[0], second[1])
    s.follow_cursor(third)
    assert (s.start, s.end) == (second[0], third[1])

    # o swaps the ends: now the start moves.
    s.swap()
    s.move_free(text, 1)
    assert s.start == next(x for x in starts if x > second[0]) and s.end == third[1]


def test_the_target_is_the_selection_else_the_annotation_here_else_the_sentence(session, pair):
    first, second = span(pair[0], 1), span(pair[0], 2)
    assert session.target("A", first) == Target("A", *first, None)
    assert session.target("A", None) is None

    tagged = session.tag(Target("A", first[0], first[0] + 10, None), ["lead"])
    assert tagged is not None
    # The cursor's sentence holds the annotation: it is the target, with its own span.
    assert session.under_cursor("A", first) == tagged
    assert session.target("A", first) == Target("A", tagged.start, tagged.end, tagged)
    assert session.target("B", span(pair[1], 1)).existing is None

    # A selection is the target, and the annotation is "here" only if the selection is exactly on it.
    session.select("A", second)
    assert session.target("A", first) == Target("A", *second, None)
    session.cancel_selection()
    session.select("A", (tagged.start, tagged.end))
    assert session.target("B", span(pair[1], 1)) == Target("A", tagged.start, tagged.end, tagged)


def test_a_selection_stretches_with_the_cursor_and_ends_in_the_other_pane(session, pair):
    first, third = span(pair[0], 1), span(pair[0], 3)
    assert session.select("A", first) == "A"
    assert session.cursor_moved("A", third) == "A"
    assert (session.selection.start, session.selection.end) == (first[0], third[1])
    assert session.selected_ranges("A") == [(first[0], third[1])] and session.selected_ranges("B") == []
    assert session.move_word(True, 1) == "A"                     # the free end moves a word on
    assert session.selection.end > third[1]
    assert session.swap_ends() == "A" and session.selection.free == first[0]
    assert session.pane_changed("A") is None and session.selection is not None
    assert session.cursor_moved("B", span(pair[1], 1)) == "A"    # repaint A: its selection is gone
    assert session.selection is None
    assert session.move_word(True, 1) is None and session.reach("A", first[0]) is None


def test_changes_are_committed_at_once_and_undone_in_order(session, pair, tmp_path):
    text = pair[0].text
    sentence = span(pair[0], 2)
    session.select("A", sentence)
    added = session.tag(session.target("A", sentence), ["claim", "Russia"])
    assert added is not None and session.selection is None
    assert added.exact == text[sentence[0]:sentence[1]] and added.tags == ("claim", "Russia")
    assert session.annotated_ranges("A") == [(added.start, added.end)]

    # No tags for a passage without an annotation, or the same note again: nothing changes.
    assert session.tag(Target("B", *span(pair[1], 1), None), []) is None
    assert session.note(session.target("A", sentence), "") is None

    noted = session.note(session.target("A", sentence), "Unsourced.")
    assert noted is not None and noted.id == added.id and noted.tags == added.tags
    with Store(tmp_path / "newsread.db") as other:           # another connection sees it
        assert other.get(added.id).note == "Unsourced."

    assert session.delete(session.target("A", sentence)) == noted
    assert session.placed["A"] == {} and session.under_cursor("A", sentence) is None
    assert session.delete(session.target("A", sentence)) is None   # nothing here any more

    assert session.undo() == ("A", noted)                     # the deletion
    assert session.placed["A"][added.id].note == "Unsourced."
    assert session.undo()[0] == "A"                           # the note
    assert session.placed["A"][added.id].note == ""
    assert session.undo()[0] == "A"                           # the add
    assert session.placed["A"] == {}
    assert not session.can_undo() and session.undo() is None


def test_a_second_session_places_what_the_first_saved_and_lists_it(pair, tmp_path):
    path = tmp_path / "newsread.db"
    first = AnnotationSession(pair)
    first.open(Store(path))
    later = first.tag(Target("A", *span(pair[0], 3), None), ["framing"])
    earlier = first.note(Target("A", *span(pair[0], 1), None), "The lead.")
    other = first.tag(Target("B", *span(pair[1], 2), None), ["framing"])
    first.close()

    second = AnnotationSession(pair)
    second.open(Store(path))
    try:
        assert set(second.placed["A"]) == {later.id, earlier.id} and set(second.placed["B"]) == {other.id}
        listed = second.listing()
        assert [(e.side, e.annotation.id, e.orphan) for e in listed] == [
            ("A", earlier.id, False), ("A", later.id, False), ("B", other.id, False)]
        assert second.known_tags() == ["framing"]
    finally:
        second.close()


def test_without_a_database_every_change_says_why(pair, tmp_path):
    session = AnnotationSession(pair)
    target = Target("A", *span(pair[0], 1), None)
    with pytest.raises(StoreUnavailable) as opening:
        session.note(target, "Too early.")
    assert opening.value.opening and "still opening" in str(opening.value)
    assert session.known_tags() == [] and not session.can_undo()

    session.fail()
    session.select("A", span(pair[0], 1))
    with pytest.raises(StoreUnavailable) as failed:
        session.tag(session.target("A", span(pair[0], 1)), ["claim"])
    assert not failed.value.opening
    assert str(failed.value) == "Notes cannot be saved: the database could not be opened."
    # The tag prompt has closed: the selection ends with it.
    assert session.selection is None


def test_a_note_that_cannot_be_saved_keeps_the_selection(session, pair):
    session.select("A", span(pair[0], 1))
    session.store.db.close()                                    # the database goes away mid-session
    with pytest.raises(NotSaved) as error:
        session.note(session.target("A", span(pair[0], 1)), "Three hours of reading.")
    assert str(error.value).startswith("Not saved: ")
    assert session.selection is not None and session.placed["A"] == {}
