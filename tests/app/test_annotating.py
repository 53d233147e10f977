"""The annotating session driven by its keys, then checked in the database itself."""

from __future__ import annotations

import json

import pytest
from support import committed, wait_until
from textual.widgets import Input, OptionList, TextArea

from tui.app import NewsreadApp
from tui.dialogs import AnnotationList, ConfirmDiscard, NoteEditor, TagPrompt
from tui.widgets.annotation_bar import AnnotationBar

pytestmark = pytest.mark.anyio


def rows(path) -> list[dict]:
    """The annotations committed in the database, seen from another connection."""
    return committed(path, "select * from annotations order by created")


async def analysed(pilot) -> None:
    """Wait until both panes have sentences (the analysis finished)."""
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.view("A").analysed and screen.view("B").analysed, "the analysis")


@pytest.fixture
def db(tmp_path):
    return tmp_path / "newsread.db"


async def test_tag_note_select_delete_undo_are_in_the_database_at_once(seeds, db, saved):
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        screen = app.screen
        view = screen.view("A")
        text = seeds[0].text

        # t on the current sentence (the headline), with completion of nothing yet.
        await pilot.press("t")
        assert isinstance(app.screen, TagPrompt)
        app.screen.query_one(Input).value = "claim, Russia"
        await pilot.press("enter")
        await saved(pilot)
        [first] = rows(db)
        start, end = view.cursor_span
        assert (first["start"], first["end"], first["exact"]) == (start, end, text[start:end])
        assert json.loads(first["tags"]) == ["claim", "Russia"]
        assert "#claim #Russia" in str(screen.query_one(AnnotationBar).render())

        # v, j: two sentences; a opens the note editor; ctrl+s saves.
        await pilot.press("j", "j", "v", "j", "a")
        assert isinstance(app.screen, NoteEditor)
        app.screen.query_one(TextArea).text = "Two sentences,\nboth unsourced."
        await pilot.press("ctrl+s")
        await saved(pilot)
        second = rows(db)[1]
        assert second["note"] == "Two sentences,\nboth unsourced."
        assert second["exact"].count(".") >= 2 and second["exact"] == text[second["start"]:second["end"]]

        # v, w, w: the sentence and two words of the next one; t completes "Ru" to "Russia".
        await pilot.press("j", "j")
        sentence = view.cursor_span
        await pilot.press("v", "w", "w", "t")
        await pilot.press("R", "u", "right", "enter")
        await saved(pilot)
        third = rows(db)[2]
        assert third["start"] == sentence[0] and third["end"] > sentence[1]
        assert len(text[sentence[1]:third["end"]].split()) == 2 and text.startswith(third["exact"], third["start"])
        assert json.loads(third["tags"]) == ["Russia"]

        # x removes the annotation under the cursor; u brings it back, then undoes the add.
        await pilot.press("x")
        await saved(pilot)
        assert [r["id"] for r in rows(db)] == [first["id"], second["id"]]
        await pilot.press("u")
        await saved(pilot)
        assert [r["id"] for r in rows(db)] == [first["id"], second["id"], third["id"]]
        await pilot.press("u")
        await saved(pilot)
        assert [r["id"] for r in rows(db)] == [first["id"], second["id"]]


async def test_escape_cancels_a_selection_and_asks_before_discarding_a_note(seeds, db, saved):
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        await pilot.press("v", "j", "escape")
        assert app.screen.session.selection is None
        await pilot.press("a")
        app.screen.query_one(TextArea).text = "A draft I will throw away."
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("n")              # back to the editor, text kept
        assert app.screen.query_one(TextArea).text == "A draft I will throw away."
        await pilot.press("escape", "y")
        await saved(pilot)
        assert not isinstance(app.screen, (NoteEditor, ConfirmDiscard))
        assert rows(db) == []


async def test_annotations_are_marked_and_listed_in_both_panes_and_the_list_jumps(seeds, db, saved):
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        await pilot.press("j", "j", "j", "t")
        app.screen.query_one(Input).value = "framing"
        await pilot.press("enter", "tab", "j", "a")
        app.screen.query_one(TextArea).text = "B says condemn; A says oppose."
        await pilot.press("ctrl+s")
        await saved(pilot)
        screen = app.screen
        marked_a = screen.view("A").cursor_span
        assert len(rows(db)) == 2

    # A second session on the same database finds both, marked in their panes.
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        screen = app.screen
        while "annotation" not in screen.view("A").highlights.marks:  # the database opens on its own thread
            await pilot.pause(0.02)
        await pilot.pause()
        screen.view("A").follow(0)  # the pair reopens where it was left: look from the top
        lines = [screen.view("A").render_line(y).text for y in range(30)]
        assert any(line[2] == "•" for line in lines)
        await pilot.press("A")
        assert isinstance(app.screen, AnnotationList)
        assert app.screen.query_one(OptionList).option_count == 2
        app.screen.query_one(Input).value = "condemn"
        await pilot.pause()
        assert app.screen.query_one(OptionList).option_count == 1
        app.screen.query_one(Input).value = "#framing"
        await pilot.pause()
        await pilot.press("enter")
        await saved(pilot)
        view = screen.view("A")
        assert view.has_focus and view.cursor_span == marked_a
        assert "#framing" in str(screen.query_one(AnnotationBar).render())


async def test_word_keys_and_a_click_choose_a_span_inside_a_sentence(seeds, db, saved):
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        screen = app.screen
        view = screen.view("A")
        text = seeds[0].text
        await pilot.press("j", "j")
        start, end = view.cursor_span
        words = text[start:end].split()
        # v, o: the start is free; w, w moves it two words on; b takes one back: from the second word.
        await pilot.press("v", "o", "w", "w", "b")
        s = screen.session.selection
        assert text[s.start:s.end].startswith(words[1] + " ") and s.end == end
        # o again, and a click on "Jinping": the end moves there.
        await pilot.press("o")
        target = start + text[start:end].index("Jinping") + 3
        line = view.article_layout.line_of(target)
        line_start = view.article_layout.lines[line][0]
        await pilot.click(view, offset=(3 + target - line_start, line - round(view.scroll_y)))
        s = screen.session.selection
        assert text[s.start:s.end] == "President Xi Jinping"
        await pilot.press("t")
        app.screen.query_one(Input).value = "span"
        await pilot.press("enter")
        await saved(pilot)
        [row] = rows(db)
        assert row["exact"] == "President Xi Jinping" and json.loads(row["tags"]) == ["span"]


async def test_a_selection_grows_and_shrinks_with_every_motion_of_its_free_end(seeds, db):
    """Issue 12: v j w kept 4 characters, v w one word, and k never shrank a selection."""
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        session, view = app.screen.session, app.screen.view("A")

        def length() -> int:
            return session.selection.end - session.selection.start

        await pilot.press("j", "v")
        first = view.cursor_span
        await pilot.press("j")
        both = length()
        await pilot.press("w")
        assert length() > both and session.selection.start == first[0]
        here = view.cursor_span
        await pilot.press("escape", "v", "w")
        assert session.selection.start == here[0] and session.selection.end > here[1]
        await pilot.press("escape", "v")
        sizes = []
        for key in "jWkjjkkk":
            await pilot.press(key)
            sizes.append(length())
        assert sizes[2] < sizes[1] and sizes[3] == sizes[1] and sizes[4] > sizes[3]
        assert sizes[5] == sizes[3] and sizes[6] == sizes[2]


def test_overlapping_marks_are_painted_as_their_union():
    from tui.widgets.article_highlights import merge_ranges

    assert merge_ranges([(5, 10), (0, 3), (8, 12), (3, 4), (20, 21)]) == [(0, 4), (5, 12), (20, 21)]


async def test_a_note_that_cannot_be_saved_comes_back_in_the_editor(seeds, db, saved):
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        # The database goes away mid-session (closed on the thread that owns it).
        store = app.screen.session.store
        app.screen.annotator.writer.submit(store.db.close).result()
        await pilot.press("a")
        app.screen.query_one(TextArea).text = "Three hours of reading."
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "Three hours of reading."


async def test_an_edited_article_shows_reattached_annotations_and_lists_orphans(seeds, db, tmp_path):
    from annotations.sources.articles import load_article
    from annotations.store.store import Store

    path = tmp_path / "story.txt"
    path.write_text(seeds[0].text, encoding="utf-8")
    original = load_article(str(path))
    kept = original.text.index("Vladimir Putin")
    gone = original.text.index("The US has sanctions against both Beijing and Moscow right now.")
    with Store(db) as store:
        stored = store.article(original)
        store.add(stored.id, original.text, kept, kept + len("Vladimir Putin"), ["person"])
        store.add(stored.id, original.text, gone, gone + 20, ["sanctions"], "Which ones?")
    # The publisher corrects the story: a line on top, the sanctions sentence gone.
    path.write_text("Correction appended.\n\n" + original.text.replace(
        "The US has sanctions against both Beijing and Moscow right now.", ""), encoding="utf-8")
    edited = load_article(str(path))

    app = NewsreadApp((edited, seeds[1]), db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        screen = app.screen
        [placed] = screen.session.placed["A"].values()
        assert edited.text[placed.start:placed.end] == "Vladimir Putin"
        await pilot.press("A")
        listed = app.screen.entries
        assert [(e.annotation.tags, e.orphan) for e in listed] == [(("person",), False), (("sanctions",), True)]


async def test_the_command_palette_offers_the_annotating_actions(seeds, db):
    from textual.command import CommandPalette

    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Tag", "Note", "Undo", "All annotations", "Delete annotation", "Select a passage"} <= titles
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"tag", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TagPrompt)


async def test_the_annotation_list_marks_an_annotation_whose_words_changed(seeds, db, tmp_path):
    from textual.widgets import OptionList

    from annotations.sources.articles import load_article
    from annotations.store.store import Store

    path = tmp_path / "story.txt"
    path.write_text(seeds[0].text, encoding="utf-8")
    original = load_article(str(path))
    sentence = "Both Russia and China have been accused of interfering in other countries themselves."
    start = original.text.index(sentence)
    with Store(db) as store:
        store.add(store.article(original).id, original.text, start, start + len(sentence), ["accused"])
    path.write_text(original.text.replace("have been accused", "were accused"), encoding="utf-8")

    app = NewsreadApp((load_article(str(path)), seeds[1]), db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        await pilot.press("A")
        [entry] = app.screen.entries
        assert entry.annotation.changed and not entry.orphan
        label = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert label.startswith("A changed “Both Russia and China were accused")
        await pilot.press(*"changed")
        assert len(app.screen.shown) == 1
