"""The word diff of two sentences: every word in one run, what differs marked, figures and names first."""

from __future__ import annotations

from annotations.analysis.word_diff import CHANGED, FIGURE, NAME, ONLY_B, SAME, word_diff, words


def _texts(run_words) -> list[str]:
    return [w.text for w in run_words]


def test_every_word_of_both_sentences_is_in_exactly_one_run_in_order(seed_comparison):
    c = seed_comparison
    for claim in c.claims:
        a, b = c.a.sentence_text(claim.a), c.b.sentence_text(claim.b)
        diff = word_diff(a, b)
        assert [w.text for r in diff.runs for w in r.a] == [w.text for w in words(a)]
        assert [w.text for r in diff.runs for w in r.b] == [w.text for w in words(b)]
        for run in diff.runs:
            if run.kind == SAME:
                assert [w.key for w in run.a] == [w.key for w in run.b]


def test_the_seeds_trade_figures_align_and_what_differs_comes_figures_then_names_first(seed_comparison):
    c = seed_comparison
    claim = next(x for x in c.claims if (x.a, x.b) == (19, 8))  # A20 ~ B9: the trade figures
    a, b = c.a.sentence_text(claim.a), c.b.sentence_text(claim.b)
    diff = word_diff(a, b)
    same = [w.text for r in diff.runs if r.kind == SAME for w in r.a]
    assert "$218.2" in same and "billion" in same
    mine, theirs = diff.summary(limit=20)
    # A gives the sum in pounds too; B does not: that figure leads A's differences.
    assert mine[0] == "£173.12"
    kinds = [w.kind for w in diff.differing("A")]
    assert kinds == sorted(kinds, key=[FIGURE, NAME, "word"].index)
    # Both say "China" (in A's "China-Russia"): not a difference.
    assert "China" not in mine + theirs


def test_words_the_other_sentence_has_elsewhere_have_moved_and_are_no_difference():
    a = "The two leaders spoke for an hour on Thursday, and 1,200 troops left the centre."
    b = "Putin and Xi spoke for 90 minutes on Thursday as 1200 soldiers left the center, the Kremlin said."
    diff = word_diff(a, b)
    kinds = [(r.kind, _texts(r.a), _texts(r.b)) for r in diff.runs]
    assert (CHANGED, ["an", "hour"], ["90", "minutes"]) in kinds
    # 1,200 and 1200 are one figure; centre and center one word.
    assert (SAME, ["1,200"], ["1200"]) in kinds
    assert (SAME, ["left", "the", "centre"], ["left", "the", "center"]) in kinds
    assert kinds[-1] == (ONLY_B, [], ["the", "Kremlin", "said"])
    mine, theirs = diff.summary()
    assert mine == ["two", "leaders", "hour", "troops"]
    # Figures, then names (the first word too, when it is one), then words; "and", "the" are moved.
    assert theirs == ["90", "Putin", "Xi", "Kremlin", "minutes", "soldiers"]
    assert diff.summary(shared=frozenset({"putin", "xi"}))[1] == ["90", "Kremlin", "minutes", "soldiers"]


def test_one_sentence_against_itself_is_all_the_same():
    sentence = "Trade reached $218.2 billion in 2023, the customs office said."
    diff = word_diff(sentence, sentence)
    assert [r.kind for r in diff.runs] == [SAME] and diff.summary() == ([], [])
    assert diff.same_share == 1.0
