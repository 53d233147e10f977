"""A day's work in the reader: search, where-am-I, overviews, highlight modes, resume, everyday keys.

Each test drives the reader on the seeds through Pilot and checks what a
person would see or get: the panes, the status line, the database.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace

import pytest
from textual.widgets import Input, Label, OptionList

from annotations.analysis import analyse as analyse_module
from annotations.analysis.word_diff import word_diff
from tui.app import NewsreadApp
from tui.dialogs import AnnotationList, SentenceList, TagPrompt
from tui.dialogs.filter_list import FilterList
from tui.screens.reader import ReaderScreen
from tui.widgets.annotation_bar import AnnotationBar
from tui.widgets.detail_bar import DetailBar
from tui.widgets.status_line import StatusLine

pytestmark = pytest.mark.anyio


def status(app) -> str:
    return str(app.screen.query_one(StatusLine).render())


def shown(view, index: int) -> bool:
    """Whether sentence `index` of `view` starts on a row of the pane now."""
    first = view.article_layout.unit_lines[index][0]
    top = round(view.scroll_y)
    return top <= first < top + view.scrollable_content_region.height


async def test_claim_keys_before_the_analysis_say_it_is_still_running(seeds, analysed, monkeypatch):
    release = threading.Event()
    real = analyse_module.analyse

    def slow(*args, progress=None, **kwargs):
        progress("parsing both articles (1/9 paragraphs)")
        release.wait(30)
        return real(*args, progress=progress, **kwargs)

    monkeypatch.setattr(analyse_module, "analyse", slow)
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        for _ in range(50):
            await pilot.pause(0.02)
            if "parsing" in app.screen.view("A").waiting:
                break
        await pilot.press("right_square_bracket")
        said = [n.message for n in app._notifications][-1]
        assert "still running" in said and "parsing both articles (1/9 paragraphs)" in said
        assert "No matched claim" not in said
        release.set()
        assert await analysed(pilot) == "done"


async def test_after_a_resize_the_cursor_and_its_partner_stay_in_view(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        a, b = app.screen.view("A"), app.screen.view("B")
        await pilot.press("g", *["right_square_bracket"] * 8)
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        await pilot.pause()
        assert shown(a, a.cursor_sentence)
        assert b.partner_sentences and shown(b, min(b.partner_sentences))


async def test_the_panes_keep_their_height_when_the_cursor_passes_an_annotation(seeds, analysed, tmp_path):
    app = NewsreadApp(seeds, db_path=tmp_path / "n.db")
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        await pilot.press("j", "t")
        app.screen.query_one(Input).value = "checked"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        a = app.screen.view("A")
        heights = set()
        for key in "kjjkj":
            await pilot.press(key)
            heights.add((a.region.height, a.region.y))
        assert len(heights) == 1
        await pilot.press("k")
        assert "#checked" in str(app.screen.query_one(AnnotationBar).render())


def test_differences_leave_out_spelling_variants_and_the_names_both_give():
    assert word_diff("The Carter Center said Vladimir Putin met Xi", "The Carter Centre said Putin met Xi"
                     ).summary(shared=frozenset({"vladimir", "putin"})) == ([], [])
    assert word_diff("They organised labour talks", "They organized labor strikes").summary() == (["talks"],
                                                                                                  ["strikes"])


async def test_the_detail_bar_says_what_both_name_once(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        for _ in range(6):
            await pilot.press("right_square_bracket")
            text = str(app.screen.query_one(DetailBar).render())
            assert "both name:" not in text
            differ = [line for line in text.splitlines() if "differ:" in line]
            claim = app.screen.comparison.claims_of("A", app.screen.view("A").cursor_sentence)[0]
            names = {w for e in claim.shared_entities for w in app.screen.comparison.entity_by_id[e].name.split()}
            for line in differ:
                assert not {w.strip(",") for w in line.split()} & names


async def test_one_entity_has_one_colour_in_both_articles(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        await pilot.press("h")
        b = app.screen.view("B")
        b.follow(0)
        person = b.style_of("person").foreground.rich_color
        line = next(b.render_line(y) for y in range(6) if "Putin" in b.render_line(y).text)
        assert {seg.text: seg.style.color for seg in line}["Putin"] == person


async def test_search_highlights_both_panes_walks_across_them_and_escape_clears(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        screen: ReaderScreen = app.screen
        await pilot.press("slash", *"KREMLIN")
        hits = screen.finder.hits
        assert hits["A"] or hits["B"]
        for side in ("A", "B"):
            text = seeds[0 if side == "A" else 1].text
            assert all(text[s:e].lower() == "kremlin" for s, e in hits[side])
            assert screen.view(side).highlights.marks["search"].ranges == hits[side]
        assert "/KREMLIN" in status(app)
        await pilot.press("enter")
        a = screen.view("A")
        assert a.has_focus
        visited = set()
        for _ in range(len(hits["A"]) + len(hits["B"]) + 1):
            view = screen.active_view
            visited.add(view.side)
            span = view.cursor_span
            assert any(span[0] <= s < span[1] for s, _ in hits[view.side])
            await pilot.press("greater_than_sign")
        assert visited == {side for side in ("A", "B") if hits[side]}
        await pilot.press("escape")
        assert screen.finder.term == "" and not screen.view("A").highlights.marks["search"].ranges
        assert "KREMLIN" not in status(app)


async def test_the_status_line_says_where_the_cursor_is_and_what_is_chosen(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        a = app.screen.view("A")
        comparison = app.screen.comparison
        await pilot.press("right_square_bracket")
        text = status(app)
        assert f"A {a.cursor_sentence + 1}/{a.unit_count}" in text
        # Claims are pairs of sentences, counted alike by the title, the status line and the C list.
        number = 1 + [c.a for c in comparison.numbered_claims].index(a.cursor_sentence)
        assert f"claim {number}/{len(comparison.claims)}" in text
        assert app.screen.sub_title.startswith(f"{len(comparison.claims)} matching claims")
        assert len(comparison.claims) > len(a.highlights.claim_sentences)  # a sentence in two claims counts twice
        assert f"{len(comparison.alone_in('A'))} only in A" in text and "linked" in text
        await pilot.press("s")
        assert "unlinked" in status(app)
        await pilot.press("e", "enter")
        assert "entity " + comparison.entity_by_id[a.focus_entity].name in status(app)


async def test_h_cycles_what_is_highlighted(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        a = app.screen.view("A")
        assert app.screen.mode == "differences" and "showing differences" in status(app)
        lone = a.highlights.only_here_sentences[0]
        row = a.first_line_of(lone) - round(a.scroll_y)
        tinted = {seg.style.bgcolor for seg in a.render_line(row) if seg.text.strip()}
        assert a.style_of("lone").background.rich_color in tinted
        for mode in ("entities", "nothing", "claims", "differences"):
            await pilot.press("h")
            assert app.screen.mode == mode == a.highlights.mode == app.screen.view("B").highlights.mode
            assert f"showing {mode}" in status(app)


async def test_the_overviews_list_claims_and_lone_sentences_filter_and_jump(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        comparison = app.screen.comparison
        await pilot.press("C")
        assert isinstance(app.screen, SentenceList)
        assert len(app.screen.rows) == len(comparison.claims)
        last = sorted(comparison.claims, key=lambda c: (c.a, c.b))[-1]
        await pilot.press(*f"a{last.a + 1} ", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.view("A").cursor_sentence == last.a
        await pilot.press("L")
        assert len(app.screen.rows) == len(comparison.only_in("A")) + len(comparison.only_in("B"))
        lone_b = comparison.only_in("B")[0]
        await pilot.press(*" ".join(comparison.b.sentence_text(lone_b).split()[:6]), "enter")
        await pilot.pause()
        b = app.screen.view("B")
        assert b.has_focus and b.cursor_sentence == lone_b


async def test_a_long_list_draws_its_first_rows_and_the_filter_reaches_the_rest(seeds, analysed, monkeypatch):
    monkeypatch.setattr(FilterList, "LIMIT", 3)
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        comparison = app.screen.comparison
        await pilot.press("L")
        lone = len(comparison.only_in("A")) + len(comparison.only_in("B"))
        assert lone > 3 and len(app.screen.rows) == lone
        assert app.screen.query_one(OptionList).option_count == 3
        count = str(app.screen.query_one("#count", Label).render())
        assert count == f"all {lone} · the first 3 shown, type to narrow"
        last_b = comparison.only_in("B")[-1]
        await pilot.press(*" ".join(comparison.b.sentence_text(last_b).split()[:8]), "enter")
        await pilot.pause()
        assert app.screen.view("B").cursor_sentence == last_b


async def test_y_copies_the_sentence_with_its_source(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        await pilot.press("j", "y")
        a = app.screen.view("A")
        sentence = " ".join(seeds[0].text[slice(*a.cursor_span)].split())
        assert app.clipboard.startswith(f"“{sentence}”") and seeds[0].source in app.clipboard
        assert seeds[0].title in app.clipboard


async def test_undo_then_redo_brings_the_change_back(seeds, analysed, tmp_path):
    db = tmp_path / "n.db"
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        await pilot.press("t")
        app.screen.query_one(Input).value = "redo-me"
        await pilot.press("enter")
        for key in ("u", "ctrl+r"):
            await app.workers.wait_for_complete()
            await pilot.press(key)
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = sqlite3.connect(db).execute("select tags from annotations").fetchall()
        assert rows == [('["redo-me"]',)]
        assert app.screen.session.placed["A"]


async def test_the_palette_has_no_duplicate_keys_entry_and_offers_recent_pairs(seeds, analysed, tmp_path):
    db = tmp_path / "n.db"
    copies = []
    for name, article in zip("xy", seeds):
        path = tmp_path / f"{name}.txt"
        path.write_text(article.text, encoding="utf-8")
        copies.append(str(path))
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        await pilot.press("O")
        app.screen.query_one("#a", Input).value = copies[0]
        app.screen.query_one("#b", Input).value = copies[1]
        app.screen.query_one("#b", Input).focus()
        await pilot.press("enter")
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, ReaderScreen) and app.screen.pair[0].source == copies[0]:
                break
        await analysed(pilot)
        for _ in range(100):
            if app.screen.annotator.recent:
                break
            await pilot.pause(0.05)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Keys" not in titles and titles.count("Keys and legend") == 1
        assert len(titles) == len(set(titles))
        recent = [t for t in titles if t.startswith("Open recent:")]
        assert recent and seeds[0].title[:20] in recent[0]


async def test_a_pair_opens_where_it_was_left_and_the_theme_is_kept(seeds, analysed, tmp_path):
    db = tmp_path / "n.db"
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        await pilot.press(*["right_square_bracket"] * 3, "tab", "j", "j", "h", "h")
        left = {side: app.screen.view(side).cursor_sentence for side in ("A", "B")}
        top_b = round(app.screen.view("B").scroll_y)
        app.theme = "textual-light"
        await pilot.pause()
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        for _ in range(100):
            if app.screen.mode == "nothing":
                break
            await pilot.pause(0.05)
        assert app.theme == "textual-light"
        assert app.screen.mode == "nothing" and app.screen.active_view.side == "B"
        assert {side: app.screen.view(side).cursor_sentence for side in ("A", "B")} == left
        assert abs(round(app.screen.view("B").scroll_y) - top_b) <= 1


async def test_at_80x24_each_pane_shows_8_lines_and_the_footer_keys_whole(seeds, analysed):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await analysed(pilot)
        for side in ("A", "B"):
            assert app.screen.view(side).scrollable_content_region.height >= 8
        keys = list(app.screen.query("FooterKey"))
        assert keys and all(key.region.right <= 80 and key.region.width > 0 for key in keys)
        assert all(key.region.width >= len(key.description) + len(key.key_display) + 1 for key in keys)


async def test_article_text_with_markup_is_shown_as_text(seeds, analysed):
    """Issue 13, defect 2: an entity named Barack[/]Obama crashed the reader with a MarkupError."""
    a, b = (replace(article, title="Barack[/]Obama [bold]meets[/bold]") for article in seeds)
    app = NewsreadApp((a, b))
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        comparison = app.screen.comparison
        entity = comparison.entities[0]
        comparison.entity_by_id[entity.id] = replace(entity, name="Barack[/]Obama")
        await pilot.press("e")
        entity_list = app.screen.query_one("EntityList")
        options = entity_list.query_one("OptionList")
        index = next(i for i in range(options.option_count) if options.get_option_at_index(i).id == entity.id)
        options.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert any("Barack[/]Obama: n / N" in n.message for n in app._notifications)
        assert "Barack[/]Obama" in status(app)
        assert "Barack[/]Obama [bold]meets[/bold]" in str(app.screen.query(".pane-header").first().render())


async def test_enter_twice_in_one_burst_closes_a_dialog_once(seeds, analysed, tmp_path):
    """Issue 13, defect 8: a second dismissal popped the reader itself and ended the app."""
    db = tmp_path / "n.db"
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        await pilot.press("t")
        assert isinstance(app.screen, TagPrompt)
        app.screen.query_one(Input).value = "twice"
        await pilot.press("enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, (ReaderScreen, TagPrompt)) and app.is_running
        while isinstance(app.screen, TagPrompt):
            await pilot.press("escape")
        await pilot.press("A")
        assert isinstance(app.screen, AnnotationList)
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ReaderScreen)
        assert sqlite3.connect(db).execute("select count(*) from annotations").fetchone() == (1,)


async def test_a_write_waiting_for_another_process_leaves_the_keys_answering_then_is_saved(seeds, analysed,
                                                                                        tmp_path):
    db = tmp_path / "n.db"
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        for _ in range(100):
            if app.screen.session.store is not None:
                break
            await pilot.pause(0.05)
        # Another process's import holds the write lock.
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        await pilot.press("t")
        app.screen.query_one(Input).value = "waited"
        await pilot.press("enter")
        await pilot.pause(0.4)
        await pilot.press("j", "j")
        assert app.screen.view("A").cursor_sentence == 2       # the keys are answered meanwhile
        assert "1 change waiting: the database is busy" in status(app)
        other.execute("COMMIT")
        other.close()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "waiting" not in status(app) and "saved" in status(app)
        rows = sqlite3.connect(db).execute("select tags from annotations").fetchall()
        assert rows == [('["waited"]',)]


async def test_the_annotation_list_stays_quick_with_a_huge_note(seeds, analysed, tmp_path):
    """Issue 13, defect 6: a 200 MB note froze the list; the list shows and searches only a note's start.

    The store now refuses notes over 100,000 characters, but a database written
    before holds what it holds: the huge note is put there behind the store's back."""
    import sqlite3

    from annotations.store.store import Store

    db = tmp_path / "n.db"
    with Store(db) as store:
        stored = store.article(seeds[0])
        added = store.add(stored.id, seeds[0].text, 0, 20, ["huge"], "First line of a long note")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE annotations SET note = ? WHERE id = ?",
                     ("First line of a long note\n" + "x" * 50_000_000, added.id))
    app = NewsreadApp(seeds, db_path=db)
    async with app.run_test(size=(160, 48)) as pilot:
        await analysed(pilot)
        for _ in range(200):
            if app.screen.session.placed["A"]:
                break
            await pilot.pause(0.05)
        await pilot.press("A")
        assert isinstance(app.screen, AnnotationList)
        line = str(app.screen.query_one("OptionList").get_option_at_index(0).prompt)
        assert "First line of a long note…" in line and len(line) < 300
        await pilot.press(*"#hu")
        assert app.screen.query_one("OptionList").option_count == 1
