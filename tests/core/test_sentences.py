"""Sentences and entity mentions found by the real pipeline on the seeds."""

import base64
from pathlib import Path

from annotations.analysis.parsing import FRAGMENT, parse, recase_headline
from annotations.sources.articles import (
    CAPTION,
    CLAIM_KINDS,
    CREDIT,
    HEADLINE,
    LoadedText,
    load_article,
    structure,
)


def test_sentences_are_trimmed_ordered_and_inside_paragraphs(seed_comparison):
    for doc in (seed_comparison.a, seed_comparison.b):
        text = doc.article.text
        previous_end = 0
        for s in doc.sentences:
            body = text[s.start:s.end]
            assert body and body == body.strip()
            assert s.start >= previous_end
            previous_end = s.end
            p = doc.article.paragraphs[s.paragraph]
            assert p.start <= s.start and s.end <= p.end, "a sentence crosses a paragraph break"
            assert "\n" not in body


def test_headline_is_its_own_sentence(seed_comparison):
    a = seed_comparison.a
    assert a.sentences[0].kind == HEADLINE
    assert a.sentence_text(0) == a.article.title
    assert a.sentence_text(1) == "Both Russia and China have been accused of interfering in other countries themselves."


def test_a_quotation_is_not_cut_in_two(seed_comparison):
    texts = [seed_comparison.a.sentence_text(i) for i in range(len(seed_comparison.a.sentences))]
    assert any(t.startswith("The Moscow Times reported") and t.endswith("both Russia and China.”") for t in texts)


def test_two_sentences_of_one_paragraph_are_split(seed_comparison):
    texts = [seed_comparison.a.sentence_text(i) for i in range(len(seed_comparison.a.sentences))]
    assert "Xi also wished Putin success in the upcoming elections." in texts
    assert any(t.startswith("Russia recently banned a popular antiwar opponent") for t in texts)


def test_furniture_sentences_keep_their_kind(seed_comparison):
    kinds = [s.kind for s in seed_comparison.a.sentences]
    assert kinds.count(CAPTION) == 2 and kinds.count(CREDIT) == 1


def test_entity_spans_are_trimmed_and_exact(seed_comparison):
    for doc in (seed_comparison.a, seed_comparison.b):
        for m in doc.mentions:
            surface = doc.article.text[m.start:m.end]
            assert surface == surface.strip() and "\n" not in surface
            assert not surface.endswith(("’s", "'s"))


def test_title_case_headline_yields_no_junk_person(seed_comparison):
    a = seed_comparison.a
    headline = a.sentences[0]
    in_headline = [
        (a.article.text[m.start:m.end], m.label) for m in a.mentions
        if headline.start <= m.start < headline.end
    ]
    assert ("Xi Say They Need", "PERSON") not in in_headline
    people = {name for name, label in in_headline if label == "PERSON"}
    assert people == {"Putin", "Xi"}


def test_recasing_keeps_length_and_the_body_s_names():
    line = "Putin And Xi Say They Need To Oppose International Interference"
    recased = recase_headline(line, {"Putin", "Xi"})
    assert len(recased) == len(line)
    assert recased == "Putin and Xi say they need to oppose international interference"


def test_parse_offsets_survive_crlf_free_text_with_long_paragraph(nlp):
    # A paragraph longer than spaCy's chunk size is parsed in pieces.
    sentence = "The committee approved the plan after a long debate on Tuesday. "
    text = "Long Paragraph Test\n\n" + sentence * 800
    article = structure(LoadedText("x", text))
    (parsed,) = parse([article], nlp)
    assert len(parsed.sentences) == 801
    for s in parsed.sentences[1:]:
        assert text[s.start:s.end] == sentence.strip()


def test_a_pasted_blob_names_nothing_and_the_prose_around_it_keeps_its_names(nlp):
    # Base64 of an image, pasted into the middle of a paragraph: spaCy reads
    # "names" in it (2,307 in a megabyte); newsread takes none from such a run.
    blob = base64.b64encode(bytes(range(256)) * 16).decode()
    before = "Red Sox owner John Henry met Mark Teixeira in Boston on Monday."
    after = "Theo Epstein said the Yankees had made a better offer."
    text = f"A Pasted Blob\n\n{before} {blob} {after}\n"
    article = structure(LoadedText("x", text))
    (parsed,) = parse([article], nlp)
    start = text.index(blob)
    end = start + len(blob)
    assert parsed.mentions and all(m.end <= start or m.start >= end for m in parsed.mentions)
    names = {m.text for m in parsed.mentions}
    assert {"John Henry", "Boston", "Theo Epstein", "Yankees"} <= names
    # The blob is still read: its pieces are sentences, inside the text.
    assert any(start <= s.start and s.end <= end for s in parsed.sentences)


ECB = Path(__file__).resolve().parent.parent / "data" / "ecbplus"


def _sentences(nlp, name):
    (parsed,) = parse([load_article(str(ECB / name))], nlp)
    return [parsed.article.text[s.start:s.end] for s in parsed.sentences]


def test_abbreviations_initials_and_a_calibre_do_not_end_a_sentence(nlp):
    # ECB+ 19_1 (CC BY 3.0): spaCy ended sentences after "p.m.", "J.", "C." and the stray stop of ".38".
    found = _sentences(nlp, "19_1ecbplus.txt")
    assert any(s.startswith("Police say that on Saturday around 11:30 p.m. Kimani Gray was standing") for s in found)
    assert any(s.startswith("Kenneth J. Montgomery, an attorney for the Gray family") for s in found)
    assert any("while John C. Cerar, the former commander" in s for s in found)
    assert any(s.endswith("turned toward them with a loaded. 38-caliber revolver in hand.") for s in found)
    assert not any(s.startswith(("Montgomery", "Cerar", "38-caliber", "Kimani Gray was standing")) for s in found)


def test_a_quotation_ending_a_sentence_ends_it(nlp):
    found = _sentences(nlp, "19_1ecbplus.txt")
    assert any(s.endswith("like they’re paramilitary.”") for s in found)
    assert any(s.startswith("“[The police] have a hard time") for s in found)


def test_a_state_s_abbreviation_and_the_u_s_stay_inside_their_sentence(nlp):
    assert any(s.endswith("Betty Ford Center in Rancho Mirage, Calif. where she has spent time before.")
               for s in _sentences(nlp, "1_19ecbplus.txt"))
    assert any("he shot and killed a U.S. Customs agent." in s for s in _sentences(nlp, "3_3ecb.txt"))


def test_a_headline_with_a_colon_and_no_stop_is_one_sentence(nlp):
    found = _sentences(nlp, "41_1ecbplus.txt")
    assert found[0].startswith("Breaking News: Sudan Bombs Yida Refugee Camp")


def test_a_body_sentence_without_a_verb_is_a_fragment_and_no_claim(nlp):
    (parsed,) = parse([load_article(str(ECB / "3_1ecbplus.txt"))], nlp)
    kinds = {parsed.article.text[s.start:s.end]: s.kind for s in parsed.sentences}
    assert kinds["11/30/09 05:40 PM ET"] == FRAGMENT
    assert FRAGMENT not in CLAIM_KINDS
    assert kinds["He was serving a life sentence after being convicted in June 1998 of aggravated sexual assault out "
                 "of Brazos County, located northwest of Houston."] == "body"
