"""Candidates in the reader, driven by their keys on the seeds: the detail bar's nearest sentences,
the "possibly in" tint, and the review queue."""

from __future__ import annotations

import pytest
from support import committed, wait_until
from test_reader_verdicts import bar, ready

from tui.app import NewsreadApp
from tui.dialogs import TierPrompt
from tui.widgets.status_line import StatusLine

pytestmark = pytest.mark.anyio


def sentence(comparison, side, words) -> int:
    doc = comparison.document(side)
    return next(i for i in range(len(doc.sentences)) if words in doc.sentence_text(i))


def verdict_rows(path) -> list[dict]:
    return committed(path, "select * from verdicts order by created, rowid")


async def test_the_bar_names_the_nearest_candidates_lights_each_and_c_links_the_one_shown(
        seeds, private_database, saved):
    app = NewsreadApp(seeds, db_path=private_database)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        screen = app.screen
        comparison = screen.comparison
        # B's hour-long call: no claim, three candidates in A.
        dual = sentence(comparison, "B", "conversation lasting an hour")
        candidates = comparison.candidates_of("B", dual)
        assert len(candidates) == 3 and not comparison.claims_of("B", dual)
        await pilot.press("tab")
        view, facing = screen.view("B"), screen.view("A")
        view.move_cursor(dual)
        await pilot.pause()
        first = candidates[0]
        assert f"B{dual + 1} · nearest in A: A{first.index + 1}, {first.score:.2f} — c to link it" in bar(app)
        assert "1/3" in bar(app)
        # Nothing lit until asked; ) lights the one named, then the next, brought into view.
        assert first.index not in facing.partner_sentences
        await pilot.press("right_parenthesis")
        await pilot.pause()
        assert list(facing.partner_sentences) == [first.index]
        await pilot.press("right_parenthesis")
        await pilot.pause()
        second = candidates[1]
        assert list(facing.partner_sentences) == [second.index]
        assert f"2/3 B{dual + 1} · nearest in A: A{second.index + 1}" in bar(app)
        top, height = facing.scroll_y, facing.size.height
        line = facing.first_line_of(second.index)
        assert top <= line < top + height
        # c links the pair shown, with the tier asked as l asks it.
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, TierPrompt)
        await pilot.press("r")
        await pilot.pause()
        await saved(pilot)
        [row] = verdict_rows(private_database)
        assert (row["verdict"], row["tier"]) == ("linked", "related")
        assert row["exact_b"] == comparison.b.sentence_text(dual)
        assert row["exact_a"] == comparison.a.sentence_text(second.index)
        assert (second.index, dual) in {(c.a, c.b) for c in screen.comparison.claims}
        assert "linked by you" in bar(app)


async def test_r_rejects_the_candidate_shown_and_the_next_one_takes_its_place(seeds, private_database, saved):
    app = NewsreadApp(seeds, db_path=private_database)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        screen = app.screen
        double = sentence(screen.comparison, "A", "double containment")
        first, second = screen.comparison.candidates_of("A", double)[:2]
        screen.view("A").move_cursor(double)
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await saved(pilot)
        [row] = verdict_rows(private_database)
        assert row["verdict"] == "rejected"
        assert row["exact_b"] == screen.comparison.b.sentence_text(first.index)
        assert [c.index for c in screen.comparison.candidates_of("A", double)][0] == second.index
        assert f"nearest in B: B{second.index + 1}" in bar(app)


async def test_the_default_view_draws_the_seeds_parallels_as_possibly_in_the_other_not_alone(
        seeds, private_database):
    app = NewsreadApp(seeds, db_path=private_database)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        screen = app.screen
        comparison = screen.comparison
        assert screen.mode == "differences"
        parallels = [("A", sentence(comparison, "A", "double containment")),
                     ("B", sentence(comparison, "B", "dual containment")),
                     ("B", sentence(comparison, "B", "conversation lasting an hour"))]
        for side, index in parallels:
            highlights = screen.view(side).highlights
            assert index not in highlights.only_here and index in highlights.possible
            # Drawn with the lighter tint and its own gutter mark, not the lone one.
            view = screen.view(side)
            view.move_cursor(index)
            await pilot.pause()
            drawn = view.render_line(view.first_line_of(index) - round(view.scroll_y))
            assert drawn.text[1] == "≈"
            tints = {s.style.bgcolor for s in drawn if s.text.strip() and s.style is not None}
            assert view.style_of("lone").background.rich_color not in tints
        lone = next(i for i in screen.view("A").highlights.only_here)
        screen.view("A").move_cursor(lone)
        await pilot.pause()
        assert screen.view("A").render_line(screen.view("A").first_line_of(lone) - round(screen.view("A").scroll_y)
                                            ).text[1] == "┊"
        # The status line counts only the sentences alone.
        alone = comparison.alone_in("A")
        assert len(alone) < len(comparison.only_in("A"))
        assert f"{len(alone)} only in A" in str(screen.query_one(StatusLine).render())


def review_body(app) -> str:
    return str(app.screen.query_one("#review-body").render())


async def test_the_review_queue_walks_the_suggestions_and_its_verdicts_feed_the_next(seeds, private_database, saved):
    from annotations.analysis.review import review_queue
    from tui.dialogs.review_queue import ReviewQueue

    app = NewsreadApp(seeds, db_path=private_database)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        screen = app.screen
        queue = review_queue(screen.comparison)
        # The suggestions at or above the floor (87 candidates in all, 43 of them there).
        assert len(queue) == 43 and "43 to review" in str(screen.query_one(StatusLine).render())
        await pilot.press("R")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReviewQueue)
        first = queue[0]
        assert (dialog.current.a, dialog.current.b) == (first.a, first.b)
        body = review_body(app)
        assert screen.comparison.a.sentence_text(first.a)[:40] in body
        assert screen.comparison.b.sentence_text(first.b)[:40] in body
        assert f"score {first.score:.2f}" in body and "of the words the same" in body
        assert f"{len(queue)} to review" in str(dialog.query_one("#review-keys").render())

        # r: rejected, stored as the reader stores it, and never suggested again.
        await pilot.press("r")
        await saved(pilot)
        await wait_until(pilot, lambda: dialog.left == len(queue) - 1, "the queue after r")
        [row] = verdict_rows(private_database)
        assert (row["verdict"], row["exact_a"]) == ("rejected", screen.comparison.a.sentence_text(first.a))
        assert (first.a, first.b) not in {(s.a, s.b) for s in review_queue(screen.comparison)}
        second = dialog.current
        assert (second.a, second.b) == (queue[1].a, queue[1].b)

        # n skips, u takes the skip back.
        await pilot.press("n")
        await pilot.pause()
        assert (dialog.current.a, dialog.current.b) != (second.a, second.b)
        await pilot.press("u")
        await pilot.pause()
        assert (dialog.current.a, dialog.current.b) == (second.a, second.b)

        # c links it (the tier asked): both sentences drop their other suggestions.
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, TierPrompt)
        await pilot.press("s")
        await saved(pilot)
        await wait_until(pilot, lambda: dialog.current is None or (dialog.current.a, dialog.current.b)
                         != (second.a, second.b), "the queue after c")
        assert [(r["verdict"], r["tier"]) for r in verdict_rows(private_database)] == [
            ("rejected", "same"), ("linked", "same")]
        left = review_queue(screen.comparison)
        assert not [s for s in left if s.a == second.a or s.b == second.b]
        assert dialog.left == len(left)
        assert f"{len(left)} to review" in str(dialog.query_one("#review-keys").render())

        # u undoes the link: the suggestion is back, and shown.
        await pilot.press("u")
        await saved(pilot)
        await wait_until(pilot, lambda: dialog.current is not None and (dialog.current.a, dialog.current.b)
                         == (second.a, second.b), "the undone link")
        assert [r["verdict"] for r in verdict_rows(private_database)] == ["rejected"]

        # escape leaves with the place kept: the reader on the suggestion's sentence, R goes on from there.
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.active_view.side == "A" and screen.active_view.cursor_sentence == second.a
        assert f"{len(queue) - 1} to review" in str(screen.query_one(StatusLine).render())
        await pilot.press("R")
        await pilot.pause()
        assert (app.screen.current.a, app.screen.current.b) == (second.a, second.b)


async def test_the_legend_the_keys_and_the_lone_list_say_possibly_in(seeds, private_database):
    from tui.dialogs.sentence_list import filter_rows
    from tui.screens.help import HelpScreen

    app = NewsreadApp(seeds, db_path=private_database)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        comparison = app.screen.comparison
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        assert "≈ possibly in the other" in text and "Review the suggestions one by one" in text
        await pilot.press("escape")
        await pilot.press("L")
        await pilot.pause()
        possible = {("A", i) for i in comparison.possibly_in("A")} | {("B", i) for i in comparison.possibly_in("B")}
        rows = app.screen.rows
        assert len(rows) == len(comparison.only_in("A")) + len(comparison.only_in("B"))
        assert {(r.side, r.sentence) for r in rows if "≈" in r.label.plain} == possible
        assert {(r.side, r.sentence) for r in filter_rows(rows, "possibly")} == possible
