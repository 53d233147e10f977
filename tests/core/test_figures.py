"""Figures in sentences, and how the figures of two matched sentences compare."""

from annotations.analysis.claims.figures import (
    COUNT,
    DATE,
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


def test_an_age_is_counted_in_years():
    (f,) = figures_in("the 36-year-old champion")
    assert (f.kind, f.unit, f.value) == (COUNT, "year-old", 36.0)


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
