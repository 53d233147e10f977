"""Figures in sentences, and how the figures of two matched sentences compare."""

from annotations.analysis.claims.figures import (
    AGE,
    COUNT,
    DATE,
    DURATION,
    MONEY,
    PERCENT,
    YEAR,
    compare_figures,
    figures_in,
)


def _kinds(text):
    return [(f.text, f.kind) for f in figures_in(text)]


def test_money_percentages_years_and_dates_are_found():
    found = _kinds("Trade reached $218.2 billion in 2023, up 26.3%, the data of March 5, 2024 showed.")
    assert found == [("$218.2 billion", MONEY), ("2023", YEAR), ("26.3%", PERCENT), ("March 5, 2024", DATE)]


def test_a_sum_in_words_has_its_currency():
    (f,) = figures_in("a record 240.1 billion dollars")
    assert (f.kind, f.unit, f.value) == (MONEY, "USD", 240.1e9)


def test_scores_clock_times_and_codes_are_not_figures():
    assert _kinds("Klitschko (58-3) won at 2:56, 10:00 (GMT+05:00)") == []


def test_an_age_is_an_age_of_its_noun():
    (f,) = figures_in("the 36-year-old champion")
    assert (f.kind, f.unit, f.value) == (AGE, "champion", 36.0)


def test_the_same_sum_in_both_is_confirmed_and_a_conversion_is_no_conflict():
    a = figures_in(
        "China-Russia trade reached the new high of $218.2 billion (£173.12 billon) during January-November."
    )
    b = figures_in("Trade between the two countries reached $218.2 billion from January to November.")
    assert a[1].conversion and not a[0].conversion
    checks = compare_figures(a, b)
    assert [(c.a.text, c.b.text, c.agree) for c in checks] == [("$218.2 billion", "$218.2 billion", True)]


def test_a_different_count_of_the_same_thing_is_a_conflict():
    checks = compare_figures(figures_in("The quake killed 32 people."),
                             figures_in("At least 35 people died in the quake."))
    assert [(c.a.text, c.b.text, c.agree) for c in checks] == [("32 people", "35 people", False)]


def test_counts_of_different_things_are_not_compared():
    checks = compare_figures(figures_in("32 people died"), figures_in("140 houses fell"))
    assert checks == []


def test_rounding_is_not_a_conflict():
    checks = compare_figures(figures_in("a $1.5 billion deal"), figures_in("a $1,500 million deal"))
    assert [c.agree for c in checks] == [True]


def test_scientific_notation_and_powers_are_read_as_written_or_not_at_all():
    (f,) = figures_in("a bill for $1e308 arrived")
    assert (f.text, f.kind, f.value) == ("$1e308", MONEY, 1e308)
    (g,) = figures_in("a fine of €1.7976931348623157e308 was set")
    assert (g.text, g.value, g.unit) == ("€1.7976931348623157e308", 1.7976931348623157e308, "EUR")
    # 10^400 is more than any float holds: no figure, never "400 dollars" or "$10".
    assert figures_in("it cost 10^400 dollars") == []
    assert figures_in("it cost $1e999") == []
    (h,) = figures_in("it cost 10^6 dollars")
    assert (h.kind, h.value) == (MONEY, 1e6)


def test_numbers_in_words_and_durations_count():
    assert [(f.kind, f.value, f.unit) for f in figures_in("a dozen protesters and twenty-five people")] == [
        (COUNT, 12.0, "protester"), (COUNT, 25.0, "people")]
    assert [(f.text, f.value) for f in figures_in("A 90-minute call")] == [("90-minute", 90.0)]
    assert [(f.kind, f.value) for f in figures_in("an hour-long phone call")] == [(DURATION, 60.0)]
    # "one of them", "no one": pronouns, not counts.
    assert figures_in("one of them said no one was hurt") == []


def test_a_90_minute_call_conflicts_with_the_seed_s_hour_long_call(seeds):
    seed_a, _ = seeds
    hour_long = next(s for s in seed_a.text.split("\n") if "hour-long phone call" in s)
    checks = compare_figures(figures_in("Xi and Putin spoke during a 90-minute call on Thursday."),
                             figures_in(hour_long), "on Thursday", hour_long)
    assert [(c.a.text, c.b.text, c.agree) for c in checks] == [("90-minute", "an hour-long", False)]
    _, seed_b = seeds
    an_hour = next(s for s in seed_b.text.split("\n") if "lasting an hour" in s)
    checks = compare_figures(figures_in(hour_long), figures_in(an_hour), hour_long, an_hour)
    assert [(c.agree, c.a.value, c.b.value) for c in checks] == [(True, 60.0, 60.0)]


def test_years_are_equal_or_not_and_a_rounded_sum_is_the_same_sum():
    # 1991 is within 0.6% of 1999: no reason to call the two the same figure.
    assert compare_figures(figures_in("in 1999"), figures_in("between 1991 and 1998")) == []
    checks = compare_figures(figures_in("$218.2 billion"), figures_in("$218 billion"))
    assert [c.agree for c in checks] == [True]
    a, b = "Trade reached $240.1 billion.", "Trade reached $218.2 billion."
    checks = compare_figures(figures_in(a), figures_in(b), a, b)
    assert [c.agree for c in checks] == [False]


def test_counts_of_another_night_are_not_set_against_each_other():
    a = "Police said 46 people had been arrested on Wednesday night."
    b = "There was one arrest on Monday night, police said."
    assert compare_figures(figures_in(a), figures_in(b), a, b) == []
    a2 = "Police said 46 people had been arrested on Wednesday night."
    b2 = "Police said 40 people were arrested Wednesday night."
    assert [c.agree for c in compare_figures(figures_in(a2), figures_in(b2), a2, b2)] == [False]


def test_a_number_that_says_not_what_it_counts_is_no_conflict():
    a = "Two plainclothes police officers noticed the youths."
    b = "Officers noticed one who adjusted his waistband."
    assert [c for c in compare_figures(figures_in(a), figures_in(b), a, b) if not c.agree] == []
