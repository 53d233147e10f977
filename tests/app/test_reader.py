"""The reader on the seeds: panes, cursor, linked scrolling, claims, entities, keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.command import CommandPalette

from annotations.analysis.comparison import Comparison
from annotations.analysis.entities import VALUE_LABELS
from tui.app import NewsreadApp
from tui.screens.help import HelpScreen, key_groups
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.detail_bar import DetailBar
from tui.widgets.entity_list import EntityList

pytestmark = pytest.mark.anyio


def views(app: NewsreadApp) -> tuple[ArticleView, ArticleView]:
    return app.screen.view("A"), app.screen.view("B")


def visible_text(view: ArticleView) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.scrollable_content_region.height))


def detail_text(app: NewsreadApp) -> str:
    return str(app.screen.query_one(DetailBar).render())


async def test_both_articles_are_readable_with_headline_and_source(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        a, b = views(app)
        b.follow(0)
        assert "Putin And Xi Say They Need To Oppose" in visible_text(a)
        assert "Russia’s Putin and China’s Xi condemn" in visible_text(b)
        headers = [str(h.render()) for h in app.screen.query(".pane-header")]
        # The file's name, not the folder it sits in (a site-packages path for the bundled articles).
        for header, seed in zip(headers, seeds):
            assert seed.title in header and Path(seed.source).name in header
            assert str(Path(seed.source).parent) not in header
        assert await analysed(pilot) == "done"


@pytest.mark.fresh_database  # the progress of an analysis, not of a cache lookup
async def test_analysis_reports_progress_then_restyles_panes(seeds, analysed):
    messages = []
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48), message_hook=messages.append) as pilot:
        a, _ = views(app)
        assert await analysed(pilot) == "done"
        steps = [m.step for m in messages if type(m).__name__ == "AnalysisProgressed"]
        assert any(step.startswith("parsing both articles") for step in steps)
        assert "matching claims" in steps
        assert a.analysed and a.unit_count == len(app.screen.comparison.a.sentences)
        assert not app.screen.query_one(DetailBar).has_class("-busy")


async def test_unusable_pipeline_leaves_text_readable_and_says_why(seeds, analysed):
    app = NewsreadApp(seeds, model="no_such_pipeline")
    async with app.run_test(size=(160, 48)) as pilot:
        assert await analysed(pilot) == "failed"
        text = detail_text(app)
        assert "'no_such_pipeline' is not installed" in text
        assert text.count(".") <= 3 and "Traceback" not in text
        a, _ = views(app)
        assert "Putin And Xi" in visible_text(a)
        # Without sentences the cursor steps through paragraphs.
        await pilot.press("j")
        assert a.cursor_span == (seeds[0].paragraphs[1].start, seeds[0].paragraphs[1].end)


async def test_cursor_moves_by_sentence_and_tab_switches_pane(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        a, b = views(app)
        assert a.has_focus and a.cursor_sentence == 0
        await pilot.press("j", "j", "down")
        assert a.cursor_sentence == 3
        await pilot.press("k", "up")
        assert a.cursor_sentence == 1
        sentence = app.screen.comparison.a.sentences[1]
        assert a.cursor_span == (sentence.start, sentence.end)
        await pilot.press("tab")
        assert b.has_focus and app.screen.active_view is b
        await pilot.press("j")
        assert b.cursor_sentence == 1 and a.cursor_sentence == 1


async def test_clicking_a_sentence_puts_the_cursor_on_it(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        _, b = views(app)
        doc = app.screen.comparison.b
        target = 3
        line = b.first_line_of(target) - round(b.scroll_y)
        assert await pilot.click(b, offset=(10, line))
        assert b.has_focus and b.cursor_sentence == target
        assert doc.sentence_text(target)[:20] in b.render_line(line).text


async def test_current_sentence_is_marked(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        a, _ = views(app)
        await pilot.press("j")
        row = a.cursor_row()
        assert a.render_line(row).text.startswith("▶")
        cursor_bg = a.style_of("cursor").background
        styles = {seg.style.bgcolor for seg in a.render_line(row) if seg.text.strip() and seg.style}
        assert cursor_bg.rich_color in styles


async def test_partner_is_level_and_highlighted(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 30)) as pilot:
        await analysed(pilot)
        a, b = views(app)
        comparison: Comparison = app.screen.comparison
        for _ in range(len(a.highlights.claim_sentences)):
            await pilot.press("right_square_bracket")
            index = a.cursor_sentence
            assert index in a.highlights.claim_sentences
            partners = [c.b for c in comparison.claims_of("A", index)]
            assert b.partner_sentences == frozenset(partners)
            # The best partner sits level with the cursor, unless B cannot scroll that far.
            expected = b.first_line_of(partners[0]) - a.cursor_row()
            if 0 <= expected <= b.max_scroll_y:
                assert b.first_line_of(partners[0]) - round(b.scroll_y) == a.cursor_row()


async def test_unmatched_sentences_keep_the_other_pane_gliding(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 24)) as pilot:
        await analysed(pilot)
        a, b = views(app)
        matched = set(a.highlights.claim_sentences)
        previous = None
        for _ in range(a.unit_count - 1):
            await pilot.press("j")
            here = (a.cursor_sentence, b.scroll_y)
            if previous and previous[0] not in matched and here[0] not in matched:
                assert here[1] >= previous[1]  # never back up between two anchors
                assert not b.partner_sentences
            previous = here


async def test_scrolling_one_pane_scrolls_the_other(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 24)) as pilot:
        await analysed(pilot)
        a, b = views(app)
        start = b.scroll_y
        while a.scroll_y < a.max_scroll_y * 0.6:
            a.post_message(_wheel(a))
            await pilot.pause()
        assert b.scroll_y > start
        middle = app.screen._map(a, a.scroll_y + a.reading_row()) - a.reading_row()
        assert abs(b.scroll_y - middle) <= 1
        await pilot.press("s")
        assert not app.screen.linked
        before = b.scroll_y
        a.scroll_to(y=a.scroll_y + 6, animate=False, immediate=True)
        await pilot.pause()
        assert b.scroll_y == before


def _wheel(view):
    """One notch of the mouse wheel over `view`."""
    from textual import events

    return events.MouseScrollDown(view, 1, 1, 0, 0, 0, False, False, False)


async def test_link_toggle_stops_levelling(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 24)) as pilot:
        await analysed(pilot)
        a, b = views(app)
        await pilot.press("s")
        before = b.scroll_y
        await pilot.press("G")  # last sentence of A
        assert a.scroll_y > 0 and b.scroll_y == before
        await pilot.press("s")
        assert app.screen.linked and b.scroll_y > before


async def test_claim_and_only_here_jumps(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        a, _ = views(app)
        comparison = app.screen.comparison
        claims = sorted({c.a for c in comparison.claims})
        only = comparison.alone_in("A")
        assert a.highlights.claim_sentences == claims and a.highlights.only_here_sentences == only
        assert len(claims) >= 3 and len(only) >= 3
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert a.cursor_sentence == [i for i in claims if i > 0][1]
        await pilot.press("left_square_bracket")
        assert a.cursor_sentence == [i for i in claims if i > 0][0]
        a.move_cursor(0)
        await pilot.press("right_curly_bracket", "right_curly_bracket")
        assert a.cursor_sentence == [i for i in only if i > 0][1]
        await pilot.press("left_curly_bracket")
        assert a.cursor_sentence == [i for i in only if i > 0][0]


async def test_tints_marks_and_dimmed_captions(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        a, _ = views(app)
        claim = a.highlights.claim_sentences[0]
        line = a.render_line(a.first_line_of(claim) - round(a.scroll_y))
        assert line.text[1] == "┃"
        only = a.highlights.only_here_sentences[0]
        assert a.render_line(a.first_line_of(only) - round(a.scroll_y)).text[1] == "┊"
        caption = next(i for i, s in enumerate(app.screen.comparison.a.sentences) if s.kind == "caption")
        segments = [s for s in a.render_line(a.first_line_of(caption) - round(a.scroll_y)) if s.text.strip()]
        assert all(seg.style.italic for seg in segments[1:])
        body = [s for s in a.render_line(a.first_line_of(only) - round(a.scroll_y)) if s.text.strip()]
        assert not any(seg.style.italic for seg in body)


async def test_entities_are_coloured_by_kind(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        a, _ = views(app)
        await pilot.press("h")  # from "differences" to "entities"
        assert app.screen.mode == "entities"
        person = a.style_of("person").foreground.rich_color
        place = a.style_of("place").foreground.rich_color
        assert person != place
        styles = {seg.text: seg.style.color for seg in a.render_line(a.first_line_of(0))}
        assert styles["Putin"] == person and styles["Xi"] == person
        line = next(a.render_line(y) for y in range(20) if "Russia" in a.render_line(y).text)
        assert {seg.text: seg.style.color for seg in line}["Russia"] == place


async def test_entity_list_highlights_and_walks_mentions(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        a, b = views(app)
        comparison = app.screen.comparison
        await pilot.press("e")
        entity_list = app.screen.query_one(EntityList)
        options = entity_list.query_one("OptionList")
        assert entity_list.has_class("-visible") and options.has_focus
        entities = {m.entity for m in comparison.a.mentions + comparison.b.mentions}
        chosen = [options.get_option_at_index(i) for i in range(options.option_count)]
        assert {o.id for o in chosen if not o.disabled} == entities
        # Dates and figures come after every name, under a heading of their own.
        heading = next(i for i, o in enumerate(chosen) if o.disabled)
        assert all(comparison.entity_by_id[o.id].label in VALUE_LABELS for o in chosen[heading + 1:])
        assert not any(comparison.entity_by_id[o.id].label in VALUE_LABELS for o in chosen[:heading])
        first = comparison.entity_by_id[options.get_option_at_index(0).id]
        assert any(m.entity == first.id for m in comparison.a.mentions)
        assert any(m.entity == first.id for m in comparison.b.mentions)
        await pilot.press("enter")
        assert not entity_list.has_class("-visible") and a.has_focus
        assert a.focus_entity == b.focus_entity == first.id
        mentioned = a.mention_sentences()
        assert a.cursor_sentence == mentioned[0]
        await pilot.press("n")
        assert a.cursor_sentence == mentioned[1]
        await pilot.press("N")
        assert a.cursor_sentence == mentioned[0]
        await pilot.press("escape")
        assert a.focus_entity is None


async def test_detail_bar_shows_partner_score_reasons_and_differences(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        await pilot.press("right_square_bracket")
        a, _ = views(app)
        claim = app.screen.comparison.claims_of("A", a.cursor_sentence)[0]
        text = detail_text(app)
        assert f"A{claim.a + 1} ↔ B{claim.b + 1}" in text
        assert f"score {claim.score:.2f}" in text
        assert claim.reasons[0] in text
        assert "differ:" in text
        await pilot.press("right_curly_bracket")
        assert "no matching sentence found in B" in detail_text(app)


async def test_help_lists_every_binding_and_the_legend(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        for binding in [*ArticleView.BINDINGS, *ReaderScreen.BINDINGS, *NewsreadApp.BINDINGS]:
            assert binding.description in text
        for meaning in ("people", "organisations", "places", "dates", "money", "numbers"):
            assert meaning in text
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_command_palette_offers_every_action(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for title in ("Switch pane", "Link panes", "Entity list", "Keys and legend",
                      "Next matched claim", "Previous sentence found only here", "Next mention"):
            assert title in titles
        # The key a command names in its help is the key bound to that same action.
        keys: dict[str, set[str]] = {}
        for _, group in key_groups(app, app.screen.BINDINGS):
            for binding in group:
                for key in [*binding.key.split(","), binding.key_display or ""]:
                    keys.setdefault(binding.action, set()).add(key.strip())
        named = 0
        for command in app.get_system_commands(app.screen):
            action = getattr(command.callback, "__name__", "").removeprefix("action_")
            said = re.search(r"\(([^()]+)\)$", command.help or "")
            if said and action in keys:
                named += 1
                assert set(re.split(r" or | / |, ", said.group(1))) & keys[action], (command.title, said.group(1))
        assert named >= 10
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"next matched", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        view = app.screen.view("A")
        assert view.cursor_sentence == min(i for i in view.highlights.claim_sentences if i > 0)


async def test_q_quits(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app._exit


async def test_narrow_terminal_stacks_panes_and_resize_keeps_place(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 40)) as pilot:
        await analysed(pilot)
        a, b = views(app)
        assert a.region.y == b.region.y
        await pilot.press(*"jjjjjjjjjjjj")
        await pilot.resize_terminal(90, 40)
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        assert b.region.y > a.region.y and a.region.x == b.region.x
        assert a.cursor_sentence == 12
        first, last = a.article_layout.unit_lines[12]
        assert round(a.scroll_y) <= first and last < round(a.scroll_y) + a.scrollable_content_region.height


async def test_the_entity_list_opens_over_the_panes_without_laying_them_out_again(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        a, b = views(app)
        wide = a.article_layout, b.article_layout
        sizes = a.size, b.size
        await pilot.press("e")
        assert app.screen.query_one(EntityList).display
        # Over the panes, on a layer of its own: neither is re-laid nor wrapped again.
        assert (a.size, b.size) == sizes
        assert a.article_layout is wide[0] and b.article_layout is wide[1]
        await pilot.press("escape")
        assert a.article_layout is wide[0] and b.article_layout is wide[1]


async def test_once_shown_the_analysis_is_left_alone_by_the_collector_until_another_pair_opens(
        seeds, seed_paths, analysed, monkeypatch):
    """Every full collection walked the analysis and the layouts again: 150 ms on a 50,000-word pair."""
    import gc

    from support import wait_until

    from tui.screens import reader

    monkeypatch.setattr(reader, "SETTLE_AFTER", 0.5)  # as shipped (the other tests put it off)

    def collected_over(thing: object) -> bool:
        # gc.get_objects() lists what the collector walks; frozen objects are not among them.
        return any(o is thing for o in gc.get_objects())

    app = NewsreadApp(seeds)
    async with app.run_test() as pilot:
        await analysed(pilot)
        first, comparison = app.screen, app.screen.comparison
        await wait_until(pilot, lambda: not collected_over(comparison), "the analysis settled")
        assert gc.get_freeze_count() > 0
        app.open_pair(str(seed_paths[1]), str(seed_paths[0]))
        await wait_until(pilot, lambda: app.screen is not first, "the other pair")
        assert collected_over(comparison)       # the pair left may go
