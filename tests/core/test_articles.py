"""Loading the seeds: headline, paragraphs and page furniture."""

from annotations.sources.articles import (
    BODY,
    CAPTION,
    CREDIT,
    HEADLINE,
    RESIDUE,
    structure,
)
from annotations.sources.reading import LoadedText


def _kinds(article):
    return [(p.kind, article.paragraph_text(p)) for p in article.paragraphs]


def test_first_line_is_the_headline(seeds):
    a, b = seeds
    assert a.title == "Putin And Xi Say They Need To Oppose International Interference – From Other Countries"
    assert b.title == "Russia’s Putin and China’s Xi condemn US ‘interference"
    assert a.paragraphs[0].kind == HEADLINE and b.paragraphs[0].kind == HEADLINE


def test_captions_credits_and_residue_are_marked_not_removed(seeds):
    a, _ = seeds
    kinds = _kinds(a)
    caption = "China's President Xi Jinping (L) and Russia's President Vladimir Putin when they met in 2023."
    assert kinds.count((CAPTION, caption)) == 2  # the caption repeated twice
    assert (CREDIT, "SUO TAKEKUMA via Getty Images") in kinds
    assert kinds[-1] == (RESIDUE, "What's Hot")
    # Furniture stays in the text, at its place.
    assert a.text.count(caption) == 2 and a.text.rstrip().endswith("What's Hot")
    # The standfirst and the story are body text.
    assert kinds[1] == (BODY, "Both Russia and China have been accused of interfering in other countries themselves.")
    assert sum(1 for k, _ in kinds if k == BODY) == 19


def test_paragraph_offsets_are_exact_and_trimmed(seeds):
    for article in seeds:
        for p in article.paragraphs:
            text = article.paragraph_text(p)
            assert text == text.strip() and text
            assert "\n" not in text


def test_single_newlines_separate_paragraphs():
    article = structure(LoadedText("x", "A headline here\nFirst paragraph.\nSecond paragraph.\n"))
    assert [article.paragraph_text(p) for p in article.paragraphs] == [
        "A headline here", "First paragraph.", "Second paragraph.",
    ]
    assert article.title == "A headline here"


def test_a_first_line_that_is_a_sentence_is_not_a_headline():
    text = "The council met on Monday and agreed a budget of 3 million euros for the new year.\n\nMore text."
    article = structure(LoadedText("x", text))
    assert article.title == ""
    assert article.paragraphs[0].kind == BODY


def test_sha256_identifies_the_text(seeds):
    import hashlib

    a, _ = seeds
    assert a.sha256 == hashlib.sha256(a.text.encode("utf-8")).hexdigest()
