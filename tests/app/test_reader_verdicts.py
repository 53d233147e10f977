"""The reader's verdicts driven by their keys on the seeds, then checked in the database itself."""

from __future__ import annotations

import pytest
from support import committed, wait_until

from tui.app import NewsreadApp
from tui.dialogs import TierPrompt
from tui.widgets.detail_bar import DetailBar

pytestmark = pytest.mark.anyio


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
        assert "linked by you (related)" in bar(app)

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
