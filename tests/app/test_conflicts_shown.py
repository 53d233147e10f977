"""The reader shows the pair's one list of conflicting figures: gutter, detail bar and status line."""

from pathlib import Path

import pytest

from annotations.analysis import pipeline
from annotations.analysis.comparison import compare
from annotations.analysis.report import render_report
from annotations.sources.articles import load_article
from tui.screens.reader_state import analysis_extras
from tui.widgets.detail_bar import describe

DATA = Path(__file__).resolve().parent.parent / "data" / "ecbplus"


@pytest.fixture(scope="module")
def comeaux(nlp):
    # Two ECB+ reports (CC BY 3.0) that date the convict's life sentence June 1998 and June 1999.
    a, b = load_article(str(DATA / "3_1ecbplus.txt")), load_article(str(DATA / "3_2ecbplus.txt"))
    return compare(a, b, nlp, pipeline.describe(pipeline.choose_model()))


def test_every_view_shows_the_conflict_the_report_lists(comeaux):
    (conflict,) = comeaux.conflicts
    assert f"date: “June 1998” (A{conflict.sentence_a + 1}) / “June 1999” (B{conflict.sentence_b + 1})" in \
        render_report(comeaux)
    _, marks = analysis_extras(comeaux)
    assert marks["A"] == {conflict.sentence_a: [(conflict.start_a, conflict.end_a)]}
    assert marks["B"] == {conflict.sentence_b: [(conflict.start_b, conflict.end_b)]}
    assert comeaux.a.article.text[conflict.start_a:conflict.end_a] == "June 1998"
    bar = describe(comeaux, "A", conflict.sentence_a).plain
    assert f"⚠ figures conflict: A June 1998  /  B{conflict.sentence_b + 1} June 1999" in bar
    bar_b = describe(comeaux, "B", conflict.sentence_b).plain
    assert f"⚠ figures conflict: B June 1999  /  A{conflict.sentence_a + 1} June 1998" in bar_b

