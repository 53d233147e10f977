"""The reader's verdicts driven by their keys on the seeds, then checked in the database itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import committed, wait_until

from tui.app import NewsreadApp
from tui.dialogs import TierPrompt
from tui.widgets.detail_bar import DetailBar

pytestmark = pytest.mark.anyio
ECB = Path(__file__).resolve().parents[1] / "data" / "ecbplus"


def verdict_rows(path) -> list[dict]:
    """The verdicts committed in the database, seen from another connection."""
    return committed(path, "select * from verdicts order by created, rowid")


async def ready(pilot) -> None:
    """Wait until the analysis has finished and the database is open."""
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.comparison is not None and screen.session.store is not None,
                     "the analysis or the database")
    await pilot.pause()


def bar(app) -> str:
    return str(app.screen.query_one(DetailBar).render())


async def test_confirm_reject_undo_in_the_reader(seeds, private_database, saved):
    app = NewsreadApp(seeds, db_path=private_database)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        screen = app.screen
        view = screen.view("A")
        # A sentence of A with one partner in B.
        index = next(i for i in view.highlights.claim_sentences if len(screen.comparison.claims_of("A", i)) == 1)
        view.move_cursor(index)
        await pilot.pause()
        claim = screen.comparison.claims_of("A", index)[0]

        await pilot.press("c")
        await pilot.pause()
        await saved(pilot)
        [row] = verdict_rows(private_database)
        assert row["verdict"] == "confirmed"
        assert row["exact_a"] == screen.comparison.a.sentence_text(claim.a)
        assert row["exact_b"] == screen.comparison.b.sentence_text(claim.b)
        assert "confirmed by you" in bar(app)

        # Rejected: no longer tinted, no longer a ]/[ stop, said in the bar.
        await pilot.press("r")
        await pilot.pause()
        await saved(pilot)
        assert [r["verdict"] for r in verdict_rows(private_database)] == ["rejected"]
        assert index not in view.highlights.claim_sentences
        assert "rejected by you" in bar(app)
        assert (claim.a, claim.b) not in {(c.a, c.b) for c in screen.comparison.claims}
        assert (claim.a, claim.b) in {(c.a, c.b) for c in screen.comparison.rejected}
        # ] from the sentence before it goes past it.
        view.move_cursor(index - 1)
        await pilot.press("]")
        assert view.cursor_sentence != index
        view.move_cursor(index)
        await pilot.pause()

        # u: the confirmation is back, then nothing.
        await pilot.press("u")
        await pilot.pause()
        await saved(pilot)
        assert [r["verdict"] for r in verdict_rows(private_database)] == ["confirmed"]
        assert (claim.a, claim.b) in {(c.a, c.b) for c in screen.comparison.claims}
        await pilot.press("u")
        await pilot.pause()
        await saved(pilot)
        assert verdict_rows(private_database) == []
        assert index in view.highlights.claim_sentences


async def test_link_two_sentences_by_hand(seeds, private_database, saved):
    app = NewsreadApp(seeds, db_path=private_database)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        screen = app.screen
        view_a, view_b = screen.view("A"), screen.view("B")
        # A sentence of A with no partner in B.
        await pilot.press("}")
        index = view_a.cursor_sentence
        assert not screen.comparison.claims_of("A", index)
        assert index not in view_a.highlights.claim_sentences

        await pilot.press("l", "tab")
        await pilot.pause()
        partner = view_b.cursor_sentence
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TierPrompt)
        await pilot.press("r")
        await pilot.pause()
        await saved(pilot)
        [row] = verdict_rows(private_database)
        assert (row["verdict"], row["tier"]) == ("linked", "related")
        assert row["exact_a"] == screen.comparison.a.sentence_text(index)
        assert row["exact_b"] == screen.comparison.b.sentence_text(partner)
        assert (index, partner, "linked") in {(c.a, c.b, c.verdict) for c in screen.comparison.claims}
        assert index in view_a.highlights.claim_sentences and partner in view_b.highlights.claim_sentences
        # The tier and the verdict; a pair the matcher does not make has no score.
        assert "related · linked by you" in bar(app) and "score 1.00" not in bar(app)

        # escape cancels a link being made; u undoes the link.
        await pilot.press("l", "escape", "u")
        await pilot.pause()
        await saved(pilot)
        assert verdict_rows(private_database) == []
        assert index not in view_a.highlights.claim_sentences


async def test_verdicts_are_back_when_the_pair_is_opened_again(seeds, private_database, saved):
    app = NewsreadApp(seeds, db_path=private_database)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        await pilot.press("]")
        index = app.screen.view("A").cursor_sentence
        await pilot.press("r")
        await pilot.pause()
        await saved(pilot)
    again = NewsreadApp(seeds, db_path=private_database)
    async with again.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        screen = again.screen
        assert any(c.a == index for c in screen.comparison.rejected)
        assert all((c.a, c.b) not in {(r.a, r.b) for r in screen.comparison.rejected}
                   for c in screen.comparison.claims)


async def test_c_and_r_act_on_the_partner_the_bar_points_at(seeds, private_database, saved):
    app = NewsreadApp(seeds, db_path=private_database)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        screen = app.screen
        screen.view("A").move_cursor(5)  # A6: paired with B1 and with B2
        await pilot.pause()
        assert [c.b for c in screen.comparison.claims_of("A", 5)] == [0, 1]
        score = screen.comparison.claims_of("A", 5)[1].score
        assert bar(app).startswith("1/2 A6 ↔ B1")
        assert "also B2 same · score" in bar(app)
        await pilot.press("right_parenthesis")
        assert bar(app).startswith("2/2 A6 ↔ B2")
        await pilot.press("r")
        await pilot.pause()
        await saved(pilot)
        [row] = verdict_rows(private_database)
        assert row["verdict"] == "rejected"
        assert row["exact_b"] == screen.comparison.b.sentence_text(1)  # B2, the one pointed at, not B1
        assert [(c.a, c.b) for c in screen.comparison.rejected] == [(5, 1)]
        # The rejected pair stays a partner in the bar, still pointed at: c confirms it again.
        assert bar(app).startswith(f"2/2 A6 ↔ B2  same · score {score:.2f} · rejected by you")
        await pilot.press("right_parenthesis", "left_parenthesis")
        assert bar(app).startswith("2/2 A6 ↔ B2")
        await pilot.press("c")
        await pilot.pause()
        await saved(pilot)
        assert [r["verdict"] for r in verdict_rows(private_database)] == ["confirmed"]
        assert screen.comparison.rejected == ()


async def test_the_verdict_list_after_a_restart_filters_jumps_and_revokes(seeds, private_database, saved):
    from textual.widgets import OptionList

    from tui.dialogs import VerdictList

    app = NewsreadApp(seeds, db_path=private_database)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        app.screen.view("A").move_cursor(5)
        await pilot.pause()
        await pilot.press("c", "right_parenthesis", "r")
        await pilot.pause()
        await saved(pilot)
    assert [r["verdict"] for r in verdict_rows(private_database)] == ["confirmed", "rejected"]

    again = NewsreadApp(seeds, db_path=private_database)
    async with again.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        screen = again.screen
        await pilot.press("V")
        await pilot.pause()
        dialog = again.screen
        assert isinstance(dialog, VerdictList)
        labels = [str(dialog.query_one(OptionList).get_option_at_index(i).prompt) for i in range(2)]
        # Newest first: the rejection shows too, with the tier and both sentences' openings.
        assert labels[0].split()[:5] == ["A6", "~", "B2", "rejected", "same"]
        assert labels[1].split()[:5] == ["A6", "~", "B1", "confirmed", "same"]
        assert "“China’s president Xi Jiinping" in labels[0] and "“Russian President Vladimir Putin" in labels[0]
        await pilot.press(*"rejected")
        assert [r.pair for r in dialog.shown] == [(5, 1)]
        # x in the list (u cannot reach a verdict of an earlier run): the rejection is taken back.
        await pilot.press("down", "x")
        await pilot.pause()
        await saved(pilot)
        assert [r["verdict"] for r in verdict_rows(private_database)] == ["confirmed"]
        assert dialog.shown == [] and len(dialog.rows) == 1
        assert screen.comparison.rejected == ()
        assert (5, 1) in {(c.a, c.b) for c in screen.comparison.claims}
        # enter jumps to the pair of the verdict left.
        for _ in "rejected":
            await pilot.press("backspace")
        await pilot.press("escape")
        screen.view("A").move_cursor(0)
        await pilot.press("V", "enter")
        await pilot.pause()
        assert again.screen is screen and screen.view("A").cursor_sentence == 5
        # u puts the revoked verdict back.
        await pilot.press("u")
        await pilot.pause()
        await saved(pilot)
        assert [r["verdict"] for r in verdict_rows(private_database)] == ["confirmed", "rejected"]


async def test_the_palette_offers_the_verdicts(seeds, private_database):
    app = NewsreadApp(seeds, db_path=private_database)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Confirm the pair", "Reject the pair", "Link this sentence", "Verdict list", "Word diff",
                "Details of the sentence"} <= titles
        await pilot.press("ctrl+p")
        await pilot.press(*"verdict list", "enter")
        await pilot.pause()
        from tui.dialogs import VerdictList

        assert isinstance(app.screen, VerdictList)


def _placed(comparison, a: int, b: int, verdict: str, tier: str):
    from annotations.store.anchoring import TextQuote
    from annotations.store.verdicts import PlacedVerdict, Verdict

    sa, sb = comparison.a.sentences[a], comparison.b.sentences[b]
    quote_a = TextQuote(comparison.a.sentence_text(a), "", "", sa.start, sa.end)
    quote_b = TextQuote(comparison.b.sentence_text(b), "", "", sb.start, sb.end)
    return PlacedVerdict(Verdict(f"{a}-{b}", 1, 2, quote_a, quote_b, verdict, tier, f"2026-01-0{a % 9 + 1}"),
                         (sa.start, sa.end), (sb.start, sb.end))


def test_the_claims_list_shows_tier_and_verdict_and_no_score_for_a_link_by_hand(seed_comparison):
    from annotations.analysis.verdicts import apply_verdicts
    from tui.dialogs.sentence_list import claim_rows

    judged = apply_verdicts(seed_comparison, [_placed(seed_comparison, 5, 0, "confirmed", "same"),
                                              _placed(seed_comparison, 2, 4, "linked", "related")])
    labels = {(r.sentence, r.label.plain.split("↔")[1].split()[0]): r.label.plain for r in claim_rows(judged)}
    score = {(c.a, c.b): c.score for c in seed_comparison.claims}
    assert f"same · {score[5, 0]:.2f} · confirmed by you close" in labels[(5, "B1")]
    linked = labels[(2, "B5")]
    assert "related · linked by you " in linked and "1.00" not in linked and "close" not in linked
    assert f"same · {score[5, 1]:.2f} fair" in labels[(5, "B2")]


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_every_partner_in_full_on_demand_and_no_reason_cut_without_saying_so(private_database, size,
                                                                                       saved):
    from annotations.sources.articles import load_article
    from tui.widgets.detail_bar import MORE

    pair = tuple(load_article(str(ECB / f"3_{n}ecbplus.txt")) for n in (1, 2))
    app = NewsreadApp(pair, db_path=private_database)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        screen = app.screen
        screen.view("A").move_cursor(6)  # A7: three partners in B
        await pilot.pause()
        found = screen.comparison.claims_of("A", 6)
        assert len(found) == 3
        folded = bar(app).splitlines()
        width = screen.query_one(DetailBar).content_region.width
        assert folded[0].startswith("1/3 A7 ↔ B")
        # The two others are named, and every line that does not fit says so.
        assert all(f"B{c.b + 1} " in folded[1] or MORE.strip() in folded[1] for c in found[1:2])
        # A short screen's two-line bar leaves the differ line out, and says so.
        assert len(folded) <= screen.query_one(DetailBar).content_region.height
        assert ("differ:" in bar(app)) == (size[1] >= 32) or folded[-1].endswith(MORE.strip())
        for line in folded:
            assert len(line) <= width
            reasons = "; ".join(found[0].reasons)
            if line is folded[0] and reasons not in line:
                assert line.endswith(MORE.strip())
        await pilot.press("i")
        await pilot.pause()
        shown = bar(app)
        detail = screen.query_one(DetailBar)
        flowing = " ".join(shown.split())
        for claim in found:
            assert f"A7 ↔ B{claim.b + 1}" in shown
            for reason in claim.reasons:  # whole, wrapped: the bar is as tall as it needs
                assert reason in flowing
        assert detail.size.height == len(shown.splitlines()) and "more" not in shown
        # Taller than the bar may grow: cut, and said, with the partner pointed at on top.
        from tui.widgets.detail_bar import describe

        tight = describe(screen.comparison, "A", 6, pointed=2, expanded=True, width=60, rows=6).plain.splitlines()
        assert len(tight) == 6 and tight[0].startswith(f"▸ A7 ↔ B{found[2].b + 1}")
        assert tight[-1].startswith("…") and "more lines: ( ) puts another partner on top" in tight[-1]
        await pilot.press("i")
        await pilot.pause()
        assert screen.query_one(DetailBar).size.height == (4 if size[1] >= 32 else 2)
        # Rejecting the second partner moves it last among the partners: the bar still points at it.
        await pilot.press("right_parenthesis", "r")
        await pilot.pause()
        await saved(pilot)
        assert bar(app).startswith(f"3/3 A7 ↔ B{found[1].b + 1}  same · score {found[1].score:.2f} · rejected by you")


async def test_d_shows_the_pair_word_under_word_with_what_differs_marked(seeds, private_database):
    from tui.widgets.word_diff_view import MARKS

    app = NewsreadApp(seeds, db_path=private_database)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        screen = app.screen
        screen.view("A").move_cursor(19)  # A20 ~ B9: the trade figures
        await pilot.pause()
        differ = next(line for line in bar(app).splitlines() if "differ:" in line)
        # The bar's summary is the word diff's: A's pound figure first.
        assert differ.startswith("  differ: A £173.12,")
        await pilot.press("d")
        await pilot.pause()
        detail = screen.query_one(DetailBar)
        content = detail.render()
        lines = content.plain.splitlines()
        row_a = next(i for i, line in enumerate(lines) if line.startswith("A20 │"))
        assert lines[row_a + 1].startswith("B9  │")
        # "$218.2 billion" stands above its twin; the pounds only A gives are marked as a figure.
        column = lines[row_a].index("$218.2")
        assert lines[row_a + 1][column:column + 6] == "$218.2"
        start = content.plain.index("£173.12")
        assert any(span.start <= start < span.end and span.style == MARKS["figure"] for span in content.spans)
        assert detail.size.height >= len(lines)
        assert "differ: A £173.12" in content.plain
        await pilot.press("d")
        await pilot.pause()
        assert screen.query_one(DetailBar).size.height == 4 and "│" not in bar(app)
