"""Finding quotes, naming their speaker, and pairing one quote as two outlets render it."""

from annotations.analysis.claims.quotes import compare_quotes, find_quotes, match_quotes
from annotations.analysis.entities import complete_mentions, link
from annotations.analysis.parsing import parse
from annotations.sources.articles import structure
from annotations.sources.reading import from_bytes


def _quotes(nlp, text):
    article = structure(from_bytes(text.encode(), "a", "a"))
    (parsed,) = parse([article], nlp)
    (mentions,) = complete_mentions([parsed])
    entities, (linked,) = link([mentions])
    return find_quotes(parsed, linked, {e.id: e.name for e in entities})


def test_curly_and_straight_quotes_are_found(nlp):
    qs = _quotes(nlp, "Talks went well.\n\nThe leaders backed a “multipolar, fairer world order”. "
                      "Critics called it \"a hollow promise\" on Friday.\n")
    assert [q.text for q in qs] == ["multipolar, fairer world order", "a hollow promise"]


def test_a_single_quoted_word_is_not_a_quote(nlp):
    assert _quotes(nlp, "Officials spoke of “interference” again.\n") == []


def test_a_quote_split_by_its_attribution_is_one_quote_with_its_speaker(nlp):
    (q,) = _quotes(nlp, "Talks ended.\n\n“We agree on everything,” Vladimir Putin said, “and we will meet again.”\n")
    assert len(q.parts) == 2
    assert q.text == "We agree on everything … and we will meet again."
    assert q.speaker == "Vladimir Putin"


def test_the_speaker_is_the_person_beside_the_verb_of_saying(nlp):
    (q,) = _quotes(nlp, "Talks ended.\n\nThe Kremlin aide Yuri Ushakov told journalists: “The leaders realise "
                        "that the US is implementing a policy of double containment.”\n")
    assert q.speaker == "Yuri Ushakov"


def test_he_said_is_resolved_to_the_last_person_named(nlp):
    qs = _quotes(nlp, "Talks ended.\n\nPolice chief John Smith leads the inquiry.\n\n"
                      "“We have recorded 24 people dead,” he said.\n")
    assert [q.speaker for q in qs] == ["John Smith"]


def test_a_quote_without_attribution_has_no_speaker(nlp):
    (q,) = _quotes(nlp, "Talks ended.\n\nThe two leaders discussed a “multipolar, fairer world order”.\n")
    assert q.speaker == ""


def test_the_same_quote_worded_differently_is_paired_with_its_differences(nlp):
    (qa,) = _quotes(nlp, "Talks ended.\n\nThey discussed establishing a “multipolar, fairer world order”.\n")
    (qb,) = _quotes(nlp, "Talks ended.\n\nThey stressed the need for a “multipolar and fairer global order”.\n")
    (m,) = match_quotes([qa], [qb])
    assert not m.identical
    assert m.differences == ("‘,’ → ‘and’", "‘world’ → ‘global’")


def test_different_quotes_are_not_paired(nlp):
    (qa,) = _quotes(nlp, "Talks ended.\n\nHe said “we will never give up the fight”.\n")
    (qb,) = _quotes(nlp, "Talks ended.\n\nShe said “the economy grew faster than expected”.\n")
    assert match_quotes([qa], [qb]) == []


def test_punctuation_and_case_alone_are_no_difference(nlp):
    (qa,) = _quotes(nlp, "Talks ended.\n\nHe said: “We will meet again.”\n")
    (qb,) = _quotes(nlp, "Talks ended.\n\nHe said: “we will meet again”\n")
    assert compare_quotes(qa, qb).identical


def test_curly_single_quotes_and_guillemets_are_quotes_but_apostrophes_are_not(nlp):
    qs = _quotes(nlp, "Talks ended.\n\n"
                      "The minister’s aide said ‘we don’t agree at all’ and called it « a grave mistake ».\n")
    assert [q.text for q in qs] == ["we don’t agree at all", "a grave mistake"]


def test_the_comparison_lists_every_quote_of_each_article_and_keeps_them_in_json(seed_comparison):
    from annotations.analysis.compare_json import from_json, to_json

    texts = [q.text for q in seed_comparison.a.quotes]
    assert "multipolar, fairer world order" in texts
    ushakov = [q for q in seed_comparison.a.quotes if "double containment" in q.text]
    assert ushakov and ushakov[0].speaker == "Yuri Ushakov"
    back = from_json(to_json(seed_comparison))
    assert back.a.quotes == seed_comparison.a.quotes and back.b.quotes == seed_comparison.b.quotes
