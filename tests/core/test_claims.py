"""Claim matching on hand-written sentence pairs, the seeds and a real different-event pair.

Each kind of evidence has a pair that it alone (or mostly) carries, and each
fixed failure a pair that used to go wrong.
"""

from pathlib import Path

import pytest

from annotations.analysis import pipeline
from annotations.analysis.claims.matcher import MATCHER
from annotations.analysis.compare_json import (
    claim_from_json,
    claim_to_json,
    from_json,
    to_json,
)
from annotations.analysis.comparison import compare
from annotations.analysis.report import render_report
from annotations.sources.articles import CAPTION, CLAIM_KINDS, CREDIT, load_article, structure
from annotations.sources.reading import from_bytes

DATA = Path(__file__).resolve().parent.parent / "data" / "ecbplus"


def _article(text, name):
    return structure(from_bytes(text.encode(), name, name))


def _compare(nlp, a, b):
    return compare(_article(a, "a"), _article(b, "b"), nlp, pipeline.describe(pipeline.choose_model()))


def _pairs(comparison):
    return {(comparison.a.sentence_text(c.a), comparison.b.sentence_text(c.b)): c for c in comparison.claims}


def _claim(comparison, start_a, start_b):
    found = [c for (ta, tb), c in _pairs(comparison).items() if ta.startswith(start_a) and tb.startswith(start_b)]
    return found[0] if found else None


# Two short reports of one event, written for these tests; the first line of
# each is its headline.
QUAKE_A = """Strong earthquake hits Aceh province

A magnitude 6.1 earthquake struck Indonesia's Aceh province on Tuesday, killing at least 32 people.
Disaster agency spokesman Sutopo Purwo Nugroho said 249 people were injured and thousands of houses were damaged.
Rescue teams were still searching the rubble of a collapsed mosque in Bener Meriah late on Tuesday.
The government pledged $5.5 million (£3.6 million) for reconstruction.
“We are sending tents, food and medicine to every village,” Nugroho said.
"""
QUAKE_B = """Dozens dead as quake strikes Indonesia

At least 35 people were killed when a magnitude 6.1 quake hit Aceh on Tuesday, officials said.
Sutopo Purwo Nugroho, a spokesman for the disaster agency, said 249 people had been injured.
The government promised $5.5 million to rebuild homes and schools.
“We are sending tents, food and medicines to each village,” he told reporters.
Power was cut across the region.
"""


@pytest.fixture(scope="module")
def quake(nlp):
    return _compare(nlp, QUAKE_A, QUAKE_B)


def test_the_same_event_reported_twice_is_paired_sentence_by_sentence(quake):
    assert _claim(quake, "A magnitude 6.1", "At least 35 people")
    assert _claim(quake, "Disaster agency spokesman", "Sutopo Purwo Nugroho, a spokesman")
    assert _claim(quake, "The government pledged", "The government promised")


def test_the_same_figure_is_confirmed_and_a_conversion_is_not_a_conflict(quake):
    claim = _claim(quake, "The government pledged", "The government promised")
    assert "$5.5 million" in claim.shared_figures
    assert claim.conflicts == ()
    assert any(r.startswith("same figures $5.5 million") for r in claim.reasons)


def test_a_different_figure_for_the_same_thing_is_a_conflict(quake):
    claim = _claim(quake, "A magnitude 6.1", "At least 35 people")
    assert [(c.a.text, c.b.text) for c in claim.conflicts] == [("32 people", "35 people")]
    assert any(r.startswith("figures differ: 32 people (A) / 35 people (B)") for r in claim.reasons)


def test_a_quote_worded_differently_pairs_its_sentences_with_the_differences(quake):
    claim = _claim(quake, "“We are sending", "“We are sending")
    (q,) = claim.quotes
    assert q.a.speaker == "Sutopo Purwo Nugroho"
    assert q.differences == ("‘medicine’ → ‘medicines’", "‘every’ → ‘each’")
    assert any(r.startswith("same quote worded differently") for r in claim.reasons)


def test_one_shared_word_is_not_a_claim(quake):
    # "Power was cut" shares nothing with A but a common word or two.
    assert not [c for c in quake.claims if quake.b.sentence_text(c.b).startswith("Power was cut")]


def test_every_claim_says_why(quake):
    assert quake.claims
    for claim in quake.claims:
        assert claim.reasons and 0 <= claim.score <= 1


def test_opposite_claims_on_one_topic_are_not_paired(seed_comparison):
    # The example: A says both countries are accused of interfering;
    # B's headline has them condemn US interference. Matcher 2.4 paired them at 0.81.
    c = seed_comparison
    assert not [x for (ta, tb), x in _pairs(c).items()
                if ta.startswith("Both Russia and China have been accused") and tb.startswith("Russia’s Putin")]


@pytest.mark.xfail(strict=True, reason="a known miss of matcher 3.0: the two share only 'visit' and 'have'")
def test_the_same_fact_in_other_words_is_paired(seed_comparison):
    assert [x for (ta, tb), x in _pairs(seed_comparison).items()
            if "any more visits scheduled" in ta and "no plans for reciprocal" in tb]


def test_articles_on_a_different_event_of_the_same_topic_pair_nothing(nlp):
    # Tara Reid checks into rehab / Lindsay Lohan moves to a Malibu rehab:
    # the same words ("checks into rehab") for two different events.
    a = load_article(str(DATA / "1_14ecb.txt"))
    b = load_article(str(DATA / "1_1ecbplus.txt"))
    comparison = compare(a, b, nlp, pipeline.describe(pipeline.choose_model()))
    assert comparison.claims == ()


def test_the_headlines_of_two_reports_of_one_event_are_paired(seed_comparison):
    claim = _claim(seed_comparison, "Putin And Xi Say", "Russia’s Putin and China’s Xi")
    assert claim is not None and "a headline against a headline" in claim.reasons
    assert claim.tier == "same" and 0.5 < claim.score <= 1


@pytest.fixture(scope="module")
def teixeira(nlp):
    # Two ECB+ reports (CC BY 3.0) of one Red Sox offer to Mark Teixeira.
    a, b = load_article(str(DATA / "10_13ecbplus.txt")), load_article(str(DATA / "10_2ecbplus.txt"))
    return compare(a, b, nlp, pipeline.describe(pipeline.choose_model()))


def test_close_wording_is_a_reason_of_its_own(teixeira):
    claim = _claim(teixeira, "Teixeira will be 29 in April", "Teixeira, who turns 29 on April 11")
    assert claim is not None
    assert "same figures 29" in claim.reasons


def test_a_headline_pairs_with_the_other_article_s_first_sentence(teixeira):
    claim = _claim(teixeira, "Report: Red Sox offer Teixeira", "The Red Sox have made an eight-year offer")
    assert claim is not None and "a headline against a sentence" in claim.reasons


def test_the_seed_claims_carry_their_evidence(seed_comparison):
    c = seed_comparison
    trade = _claim(c, "China-Russia trade reached", "Trade between the two countries")
    assert trade.shared_figures == ("$218.2 billion",) and trade.conflicts == ()
    assert any(r.startswith("close in meaning (encoder cosine") for r in trade.reasons)
    multipolar = [x for x in c.claims if x.quotes and "multipolar" in x.quotes[0].a.text]
    assert multipolar and multipolar[0].quotes[0].differences == ("‘,’ → ‘and’", "‘world’ → ‘global’")


def test_no_caption_or_credit_is_paired_in_the_seeds(seed_comparison):
    c = seed_comparison
    for claim in c.claims:
        assert c.a.sentences[claim.a].kind not in (CAPTION, CREDIT)
        assert c.b.sentences[claim.b].kind not in (CAPTION, CREDIT)


def test_figures_quotes_and_candidates_survive_the_json(quake):
    back = from_json(to_json(quake))
    assert back.claims == quake.claims
    assert back.a.candidates == quake.a.candidates and back.b.candidates == quake.b.candidates
    assert any(quake.a.candidates) and any(quake.b.candidates)
    assert back.matcher == MATCHER
    for claim in quake.claims:
        assert claim_from_json(claim_to_json(claim)) == claim


@pytest.fixture(scope="module")
def brooklyn(nlp):
    # Two ECB+ reports (CC BY 3.0) of the protests after the police shot Kimani Gray.
    a, b = load_article(str(DATA / "19_1ecbplus.txt")), load_article(str(DATA / "19_10ecbplus.txt"))
    return compare(a, b, nlp, pipeline.describe(pipeline.choose_model()))


def test_numbers_of_other_people_or_another_night_are_no_conflict(brooklyn):
    # "two plainclothes" officers noticed (A) / "one" youth was noticed (B); "46 people" arrested on
    # one night (A) / "one arrest" on another (B): none is the same quantity of the same thing.
    assert brooklyn.conflicts == ()
    assert all(not c.conflicts for c in brooklyn.claims)
    assert from_json(to_json(brooklyn)).conflicts == brooklyn.conflicts


def test_no_claim_rests_on_a_piece_cut_at_p_m(brooklyn):
    # spaCy ended a sentence at "11:30 p.m."; the piece was paired (0.55) for sharing "p.m." and "police".
    texts = [brooklyn.a.sentence_text(c.a) for c in brooklyn.claims]
    assert "Police say that on Saturday around 11:30 p.m." not in texts
    for c in brooklyn.claims:
        assert brooklyn.a.sentences[c.a].kind in CLAIM_KINDS and brooklyn.b.sentences[c.b].kind in CLAIM_KINDS


@pytest.fixture(scope="module")
def comeaux(nlp):
    # Two ECB+ reports (CC BY 3.0) of a convict's escape in Texas.
    a, b = load_article(str(DATA / "3_1ecbplus.txt")), load_article(str(DATA / "3_2ecbplus.txt"))
    return compare(a, b, nlp, pipeline.describe(pipeline.choose_model()))


def test_the_date_of_one_sentence_given_differently_is_a_conflict_and_no_year_is_the_same_as_another(comeaux):
    claim = _claim(comeaux, "He was serving a life sentence", "Between 1991 and 1998")
    assert claim is not None
    assert [(c.a.text, c.b.text, c.agree) for c in claim.figures] == [("June 1998", "June 1999", False)]
    assert "figures differ: June 1998 (A) / June 1999 (B)" in claim.reasons
    assert not any(r.startswith("same figures") for r in claim.reasons)
    assert [(c.about, c.a, c.b, c.sentence_a, c.sentence_b) for c in comeaux.conflicts] == [
        ("date", "June 1998", "June 1999", claim.a, claim.b)]
    data = to_json(comeaux)
    assert [(c["a"], c["b"]) for c in data["conflicts"]] == [("June 1998", "June 1999")]
    for c in data["claims"]:
        for f in c["figures"]:
            assert (f["a"]["value"] == f["b"]["value"]) == f["agree"] or f["a"]["kind"] in ("money", "percent")
    assert "Figures given differently (1)" in render_report(comeaux)


def test_the_seeds_with_other_figures_give_one_list_of_conflicts(nlp, seeds):
    # Seed 002 as another outlet might have written it: another sum and a 90-minute call.
    seed_a, seed_b = seeds
    text = seed_b.text.replace("$218.2 billion", "$240.1 billion").replace("lasting an hour", "lasting 90 minutes")
    assert text != seed_b.text
    edited = structure(from_bytes(text.encode(), "b.txt", "b.txt"))
    c = compare(seed_a, edited, nlp, pipeline.describe(pipeline.choose_model()))
    trade = _claim(c, "China-Russia trade reached", "Trade between the two countries")
    assert "figures differ: $218.2 billion (A) / $240.1 billion (B)" in trade.reasons
    listed = [(x.a, x.b) for x in c.conflicts]
    assert ("$218.2 billion", "$240.1 billion") in listed
    assert set(listed) == {(x.a.text, x.b.text) for claim in c.claims for x in claim.conflicts}
    report = render_report(c)
    assert f"Figures given differently ({len(c.conflicts)})" in report and "none found" not in report
    assert [(x["a"], x["b"]) for x in to_json(c)["conflicts"]] == listed


def test_the_same_count_in_both_is_no_conflict(nlp):
    same = _compare(nlp, "Title one\n\nPolice said 12 people were killed in the attack.\n",
                    "Title two\n\nThe attack killed 12, police said.\n")
    assert same.conflicts == ()


def test_the_pair_s_conflicts_are_its_claims_conflicts(quake):
    assert [(c.about, c.value_a, c.value_b) for c in quake.conflicts] == [("people", 32.0, 35.0)]
    claim = _claim(quake, "A magnitude 6.1", "At least 35 people")
    assert [(c.a.start, c.b.start) for c in claim.conflicts] == [(c.start_a, c.start_b) for c in quake.conflicts]


@pytest.mark.xfail(strict=True, reason="a known miss of matcher 3.0: probability below the bar")
def test_the_same_shots_in_other_words_are_paired(brooklyn):
    assert [x for (ta, tb), x in _pairs(brooklyn).items() if "11 shots" in ta and "11 rounds" in tb]


def test_an_article_of_fragments_only_pairs_nothing_and_does_not_fail(nlp, seeds):
    # "0": one body sentence without a verb, a fragment: no sentence of it can be a claim.
    c = compare(_article("0", "zero.txt"), seeds[0], nlp, pipeline.describe(pipeline.choose_model()))
    assert c.claims == () and c.conflicts == ()
