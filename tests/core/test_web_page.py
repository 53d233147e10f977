"""The web page of a pair (`newsread compare --format html`), as text: what it holds, and that it holds nothing live.

The page in a real browser is tested in `test_web_page_browser.py`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from support import newsread

from annotations.analysis import pipeline
from annotations.analysis.comparison import compare
from annotations.analysis.web_page import level_chain, rows, web_page, word_diff
from annotations.sources.articles import structure
from annotations.sources.reading import LoadedText
from annotations.store.records import Annotation
from annotations.store.store import Store
from annotations.store.verdicts import judge

#: What hostile text tries: markup, a script, an event handler, a javascript: link, terminal escapes.
PAYLOADS = (
    "<script>window.pwned = 'script'</script>",
    "\"><img src=x onerror=\"window.pwned = 'img'\">",
    "<a href=\"javascript:window.pwned = 'link'\">click</a>",
    "'><svg onload=\"window.pwned = 'svg'\">",
    "\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J\x9b31m\u202etxt.exe",
    "</style><style>body{display:none}</style>",
)
HOSTILE = " ".join(PAYLOADS)
#: A raw character a terminal acts on (C0 but newline, DEL, C1) or one that reorders text.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


#: The elements the page is made of: a payload that became markup would add another.
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "p", "div", "h2", "h3", "details", "summary",
             "ol", "ul", "li", "a", "b", "span", "del", "ins", "aside", "main", "footer", "button", "script"}


class Elements(HTMLParser):
    """Every element, attribute name and link of a page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.add(name)
            if name in ("href", "src", "action", "formaction"):
                self.hrefs.append(value or "")


def hostile_article(article, side: str):
    """The seed with a payload inside each of its first sentences, a hostile source, byline and date."""
    lines = article.text.split("\n")
    for i in range(len(lines)):
        if len(lines[i].split()) > 6 and i < 12:
            words = lines[i].split(" ")
            lines[i] = " ".join(words[:3] + [HOSTILE] + words[3:])
    loaded = LoadedText(source=f"javascript:window.pwned='source {side}'//\"><script>x</script>",
                        text="\n".join(lines), title="", byline=HOSTILE, date="<b>2024</b>\x1b[31m")
    return structure(loaded)


@pytest.fixture(scope="module")
def hostile_page(seeds, nlp) -> tuple[str, object]:
    """The page of two hostile articles, with hostile tags and notes on a passage of each."""
    a, b = hostile_article(seeds[0], "A"), hostile_article(seeds[1], "B")
    comparison = compare(a, b, nlp, pipeline.describe(pipeline.choose_model()))
    notes = {}
    for side, article in (("A", a), ("B", b)):
        start = article.text.index(HOSTILE)
        notes[side] = [Annotation(f"id-{side}", 1, start, start + len(HOSTILE), HOSTILE, "", "",
                                  tags=tuple(PAYLOADS), note=HOSTILE + "\n" + HOSTILE)]
    return web_page(comparison, notes), comparison


def test_hostile_text_is_never_markup(hostile_page):
    page, comparison = hostile_page
    assert comparison.claims, "the payloads must sit in claims, to be in the claim list too"
    # The page's own script and style, and nothing else: every payload is escaped wherever it appears.
    assert page.count("<script") == 1 and page.count("</script>") == 1
    assert page.count("<style") == 1 and page.count("</style>") == 1
    found = Elements()
    found.feed(page)
    assert found.tags <= PAGE_TAGS, found.tags - PAGE_TAGS
    assert not [name for name in found.attributes if name.startswith("on")]
    assert all(href.startswith("#") for href in found.hrefs), [h for h in found.hrefs if not h.startswith("#")]
    assert "&lt;script&gt;window.pwned = &#x27;script&#x27;&lt;/script&gt;" in page
    # No terminal escape, so that printing the page to a terminal is safe too.
    assert not RAW_CONTROL.search(page)
    assert "␛]52;c;" in page


def test_the_policy_allows_only_the_pages_own_style_and_script(hostile_page):
    import base64
    import hashlib

    page = hostile_page[0]
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    script = re.search(r"<script>(.*)</script>", page, re.S).group(1)
    style = re.search(r"<style>(.*)</style>", page, re.S).group(1)

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert policy.startswith("default-src 'none';")
    assert f"script-src {digest(script)};" in policy
    assert f"style-src {digest(style)};" in policy
    assert "unsafe" not in policy
    # The policy comes before anything it governs.
    assert page.index("Content-Security-Policy") < page.index("<style>")


def test_every_sentence_is_in_one_row_in_order_and_the_chain_stands_level(seed_comparison):
    laid = rows(seed_comparison)
    assert [i for run, _ in laid for i in run] == list(range(len(seed_comparison.a.sentences)))
    assert [i for _, run in laid for i in run] == list(range(len(seed_comparison.b.sentences)))
    chain = level_chain(seed_comparison)
    assert len(chain) >= 4
    level = {(run_a[0], run_b[0]) for run_a, run_b in laid if len(run_a) == len(run_b) == 1}
    assert {(c.a, c.b) for c in chain} <= level
    # The two headlines are paired, so they stand level at the top.
    assert (chain[0].a, chain[0].b) == (0, 0)
    assert [c.b for c in chain] == sorted({c.b for c in chain})


def test_word_diff_keeps_both_sentences_words():
    a = "Xi went to Moscow last March, and Putin visited Beijing in October."
    b = "Xi went to Moscow in March and Putin visited Beijing in October, it said."
    diff = word_diff(a, b)
    # B's words as written, with what only A says struck in between (punctuation aside, A's words too).
    assert "".join(w for op, w in diff if op != "-") == b
    words_a = "".join(w for op, w in diff if op != "+").replace(",", "").replace(".", "").split()
    assert words_a == a.replace(",", "").replace(".", "").split()
    assert ("-", "last ") in diff and ("+", "in ") in diff and ("+", "it said.") in diff


def test_a_claim_shows_its_reasons_its_word_diff_and_both_sentences(seed_comparison):
    page = web_page(seed_comparison)
    claim = seed_comparison.claims[0]
    item = re.search(r'<li class="claim" id="c1".*?</li>', page, re.S).group(0)
    assert f'href="#A{claim.a + 1}"' in item and f'href="#B{claim.b + 1}"' in item
    for reason in claim.reasons:
        assert reason.replace("'", "&#x27;").replace('"', "&quot;") in item
    assert "<del>" in item and "<ins>" in item
    for article in seed_comparison.a.article, seed_comparison.b.article:
        assert article.title in page


def test_the_seeds_page_from_the_command_carries_tags_notes_and_verdicts(seeds, seed_paths, private_database):
    a, b = seeds
    with Store(private_database) as store:
        ia, ib = store.open_article(a).article.id, store.open_article(b).article.id
        start = a.text.index("The Moscow Times")
        store.add(ia, a.text, start, start + 16, tags=["source"], note="Second-hand: <check> the readout")
        sa = a.text.index("China’s president Xi Jiinping")
        ea = a.text.index("accused of.", sa) + len("accused of.")
        sb = b.text.index("Russian President Vladimir Putin and Chinese")
        eb = b.text.index("Kremlin.", sb) + len("Kremlin.")
        judge(store, (ia, ib), (a.text, b.text), (sa, ea), (sb, eb), "rejected", "same")
    result = newsread("compare", *map(str, seed_paths), "--format", "html", text=True)
    assert result.returncode == 0, result.stderr
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>")
    assert '<span class="tag">#source</span>' in page
    assert "Second-hand: &lt;check&gt; the readout" in page
    assert '<span class="an k-org">The Moscow Times</span>' in page
    assert "rejected by you: B" in page and "Pairs rejected by you (1)" in page


def test_a_pair_without_claims_says_so(seeds, nlp):
    other = structure(LoadedText(source="weather.txt",
                                 text="Rain Expected\n\nHeavy rain is expected across the valley on Sunday.\n"))
    comparison = compare(seeds[0], other, nlp, pipeline.describe(pipeline.choose_model()))
    page = web_page(replace(comparison, claims=()))
    assert "No matching claims" in page


def test_the_file_name_is_made_of_the_headlines_and_nothing_else(hostile_page, seed_comparison):
    from annotations.analysis.web_page import page_name

    assert page_name(seed_comparison) == ("newsread-putin-and-xi-say-they-need-to-oppose-vs-russia-s-putin-and-"
                                          "china-s-xi-condemn-us")
    name = page_name(replace(seed_comparison, a=replace(seed_comparison.a, article=replace(
        seed_comparison.a.article, title="../../etc/passwd\x1b[2J <script>"))))
    assert re.fullmatch(r"[a-z0-9-]+", name) and name.startswith("newsread-etc-passwd-2j-script-vs-")


def test_the_page_places_notes_in_an_edited_text_lists_orphans_and_writes_nothing(
        seeds, seed_paths, tmp_path, private_database):
    from support import committed

    path = tmp_path / "a.txt"
    path.write_text(seeds[0].text, encoding="utf-8")
    from annotations.sources.articles import load_article

    first = load_article(str(path))
    start = first.text.index("The Moscow Times")
    cut = "The US has sanctions against both Beijing and Moscow right now."
    with Store(private_database) as store:
        stored = store.open_article(first).article.id
        store.add(stored, first.text, start, start + 16, tags=["sourcing"])
        at = first.text.index(cut)
        store.add(stored, first.text, at, at + len(cut), note="Which sanctions? <ask>")
    before = committed(private_database, "select start, placement, modified from annotations")
    # The article changes under the same name: a paragraph more at the top, one sentence less.
    lines = seeds[0].text.replace(cut, "").split("\n")
    lines.insert(2, "An editor's note added later, well above the passage.\n")
    path.write_text("\n".join(lines), encoding="utf-8")
    result = newsread("compare", str(path), str(seed_paths[1]), "--format", "html", text=True)
    assert result.returncode == 0, result.stderr
    assert '<span class="tag">#sourcing</span>' in result.stdout
    assert '<span class="an k-org">The Moscow Times</span>' in result.stdout
    # The note whose sentence is gone is kept and listed, not dropped.
    assert "Notes whose passage is no longer in the text (1)" in result.stdout
    assert f"A: “{cut}”" in result.stdout and "Which sanctions? &lt;ask&gt;" in result.stdout
    # Re-anchored in memory only: the database is as it was.
    assert committed(private_database, "select start, placement, modified from annotations") == before


def test_a_pair_the_person_confirmed_stands_level(seed_comparison):
    from annotations.analysis.web_page import level_chain

    chain = {(c.a, c.b) for c in level_chain(seed_comparison)}
    crossing = next(c for c in seed_comparison.claims if (c.a, c.b) not in chain and c.a > 0 and c.b > 0)
    judged = replace(seed_comparison, claims=tuple(replace(c, verdict="confirmed") if c == crossing else c
                                                   for c in seed_comparison.claims))
    assert (crossing.a, crossing.b) in {(c.a, c.b) for c in level_chain(judged)}


def test_a_verdict_newsread_does_not_know_is_shown_as_text(seed_comparison):
    claim = replace(seed_comparison.claims[0], verdict="<b>odd</b>")
    page = web_page(replace(seed_comparison, claims=(claim, *seed_comparison.claims[1:])))
    assert "&lt;b&gt;odd&lt;/b&gt;" in page and "<b>odd</b>" not in page


def test_only_in_is_what_the_reader_calls_alone_and_the_rest_is_possibly_in_the_other(seed_comparison):
    """Every sentence without a claim was tinted and counted "only in", those the reader marks ≈ too."""
    c = seed_comparison
    page = web_page(c)
    for side in ("A", "B"):
        facing = "B" if side == "A" else "A"
        assert c.alone_in(side) and c.possibly_in(side), "the seeds must have sentences of both kinds"
        tinted = {int(n) - 1: classes.split() for classes, s, n in
                  re.findall(r'<span class="([^"]*)" id="([AB])(\d+)"', page) if s == side}
        assert sorted(i for i, classes in tinted.items() if "lone" in classes) == c.alone_in(side)
        assert sorted(i for i, classes in tinted.items() if "possible" in classes) == c.possibly_in(side)
        for index in c.possibly_in(side):
            nearest = c.candidates_of(side, index)[0]
            # Right after the sentence: ≈ and a link to its nearest candidate, said "possibly in", never "only".
            after = page.split(f'id="{side}{index + 1}"', 1)[1].split('<span class="s', 1)[0]
            mark = re.search(r'<a class="maybe" href="#([AB]\d+)" title="([^"]*)">([^<]*)</a>', after)
            assert mark.groups()[0] == f"{facing}{nearest.index + 1}"
            assert mark.groups()[1].startswith(f"possibly in {facing}: a close sentence there, not paired")
            assert mark.groups()[2] == f"≈ possibly {facing}{nearest.index + 1}" and "lonemark" not in after
        assert page.count(f'<span class="lonemark" title="no matching sentence found in {facing}">only {side}</span>') \
            == len(c.alone_in(side))
    counts = re.search(r'<p class="counts">(.*?)</p>', page).group(1)
    assert (f"{len(c.alone_in('A'))} sentences only in A and {len(c.alone_in('B'))} only in B "
            "(no close sentence in the other)") in counts
    assert f"{len(c.possibly_in('A'))} of A possibly in B and {len(c.possibly_in('B'))} of B possibly in A" in counts
    assert "possibly in B: a close sentence there, not paired" in re.search(r'<details class="legend">.*?</details>',
                                                                           page, re.S).group(0)
