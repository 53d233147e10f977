"""The comparison of a pair as one self-contained web page, to hand to people without a terminal.

`web_page` writes one HTML file from plain data: the comparison (with the
person's verdicts applied, `analysis.verdicts`) and the annotations of each
article. It shows what the reader shows: both headlines with byline, date
and source; the claims and the conflicting figures summarised at the top;
the two articles in two columns whose rows keep each claim's two sentences
level (a chain of claims in reading order, as a diff keeps its lines level;
claims across it are reached by links); entities coloured by kind with the
reader's legend (`entity_kinds`); tags, notes and verdicts beside their
passages. Without the script it is all there; with it, hovering or clicking
a sentence lights its partner and shows the reasons and the word diff of the
pair (copied from the claim list, which holds them for readers without it).
`stored_web_page` makes it with the notes and verdicts of a database, read-only.

Article text, sources, tags and notes are hostile: each goes through
`display_text` (no terminal escape reaches a terminal that prints the page)
and `html.escape`, and is only ever element text or a quoted attribute.
A Content-Security-Policy allows only the page's own style and script, by
their hashes: nothing is fetched, nothing else runs.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from annotations.analysis import word_diff as aligned
from annotations.analysis.claims.claim import Claim
from annotations.analysis.comparison import Comparison, Document
from annotations.analysis.entity_kinds import ENTITY_COLOURS, ENTITY_LEGEND, entity_kinds
from annotations.analysis.verdicts import SAID, apply_verdicts
from annotations.sides import SIDES, Side, other
from annotations.sources.articles import BODY, HEADLINE
from annotations.store.placing import read_annotations
from annotations.store.records import Annotation
from annotations.store.verdicts import read_verdicts
from annotations.text import display_text

_HERE = Path(__file__).parent
#: Paragraph kinds shown dimmed: page furniture, never read as claims.
_DIM = frozenset({"caption", "credit", "meta", "residue"})


def escaped(text: str) -> str:
    """Untrusted text as HTML element text or a quoted attribute value."""
    return html.escape(display_text(text), quote=True)


# -- the word diff -------------------------------------------------------------

def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """The words of `a` and `b` as a diff: ("=", words both have), ("-", only in a), ("+", only in b).

    The alignment is the reader's (`analysis.word_diff`: case, punctuation and
    British or American spelling aside); each word is shown with the spaces and
    signs that follow it, so that the parts not "-" spell `b` exactly.
    """
    runs = aligned.word_diff(a, b).runs
    parts_a, parts_b = iter(_worded(a, aligned.words(a))), iter(_worded(b, aligned.words(b)))
    found: list[tuple[str, str]] = []
    for run in runs:
        here = "".join(next(parts_a) for _ in run.a)
        there = "".join(next(parts_b) for _ in run.b)
        if run.kind == aligned.SAME:
            found.append(("=", there))
            continue
        if here:
            found.append(("-", here))
        if there:
            found.append(("+", there))
    # A text without a word (only signs) is one part that no run took.
    found += [(op, rest) for op, rest in (("-", "".join(parts_a)), ("+", "".join(parts_b))) if rest]
    return found


def _worded(text: str, words: list[aligned.Word]) -> list[str]:
    """`text` cut before each word: a word with what follows it (the first also with what precedes it);
    a text without a word is one part."""
    cuts = [0, *(w.start for w in words[1:]), len(text)]
    return [text[start:end] for start, end in zip(cuts, cuts[1:])]


def _diff_html(a: str, b: str) -> str:
    tags = {"=": "span", "-": "del", "+": "ins"}
    return "".join(f"<{tags[op]}>{escaped(words)}</{tags[op]}>" for op, words in word_diff(a, b))


# -- the rows that keep claims level --------------------------------------------

def level_chain(comparison: Comparison) -> list[Claim]:
    """The chain of claims in reading order in both articles (each sentence once) that weighs most.

    These are the claims whose two sentences can stand level in two columns;
    the others cross them and are reached by links. Each claim weighs one
    and its probability, one more when it pairs the two headlines (the
    first thing a reader compares) and one more when the person confirmed
    or linked it (their word wins). A heaviest increasing subsequence, with
    a Fenwick tree over B's sentences (n log n: long pairs have thousands).
    """
    claims = comparison.claims
    size = len(comparison.b.sentences)
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)

    def best_before(b: int) -> tuple[float, int]:
        found, i = (0.0, -1), b  # claims whose B sentence is under b (1-based tree)
        while i > 0:
            found = max(found, tree[i])
            i -= i & -i
        return found

    def offer(b: int, value: tuple[float, int]) -> None:
        i = b + 1
        while i <= size:
            tree[i] = max(tree[i], value)
            i += i & -i

    def weight(claim: Claim) -> float:
        headlines = comparison.a.sentences[claim.a].kind == HEADLINE == comparison.b.sentences[claim.b].kind
        return 1.0 + claim.score + (1.0 if headlines else 0.0) + (1.0 if claim.verdict else 0.0)

    ordered = sorted(range(len(claims)), key=lambda n: claims[n].a)
    total: dict[int, float] = {}
    back: dict[int, int] = {}
    start = 0
    while start < len(ordered):
        # Claims of one A sentence are weighed before any of them is offered: one per chain.
        end = start
        while end < len(ordered) and claims[ordered[end]].a == claims[ordered[start]].a:
            end += 1
        group = ordered[start:end]
        for n in group:
            before, back[n] = best_before(claims[n].b)
            total[n] = before + weight(claims[n])
        for n in group:
            offer(claims[n].b, (total[n], n))
        start = end
    chain: list[Claim] = []
    n = max(total, key=lambda n: total[n]) if total else -1
    while n >= 0:
        chain.append(claims[n])
        n = back[n]
    return chain[::-1]


def rows(comparison: Comparison) -> list[tuple[range, range]]:
    """The page's rows: each a run of A's sentences beside a run of B's.

    A claim of `level_chain` has a row of its own, its two sentences level;
    between two such claims, a row holds what each article says in between.
    """
    found: list[tuple[range, range]] = []
    after_a = after_b = 0
    for claim in level_chain(comparison):
        if claim.a > after_a or claim.b > after_b:
            found.append((range(after_a, claim.a), range(after_b, claim.b)))
        found.append((range(claim.a, claim.a + 1), range(claim.b, claim.b + 1)))
        after_a, after_b = claim.a + 1, claim.b + 1
    total_a, total_b = len(comparison.a.sentences), len(comparison.b.sentences)
    if after_a < total_a or after_b < total_b:
        found.append((range(after_a, total_a), range(after_b, total_b)))
    return found


# -- one article's column ---------------------------------------------------------

@dataclass
class _Side:
    """What one column needs to draw its sentences."""

    side: Side
    doc: Document
    claims_of: dict[int, list[int]]
    """Each sentence's claims, as indexes into the comparison's claims."""
    rejected_of: dict[int, list[Claim]]
    lone: frozenset[int]
    """Sentences without a claim and no close sentence in the other article: only in this one (`alone_in`)."""
    possible: frozenset[int]
    """Sentences without a claim whose nearest candidate reaches the bar: possibly in the other (`possibly_in`)."""
    layers: dict[int, list[tuple[int, int, str]]]
    """Each sentence's marked ranges: (start, end, class): entity kinds, conflicting figures, annotations."""
    notes_after: dict[int, list[Annotation]]
    """Annotations by the sentence they end in: their tags and note follow that sentence's paragraph."""


def _prepare(comparison: Comparison, side: Side, kinds: dict[str, str],
             annotations: Sequence[Annotation]) -> _Side:
    doc = comparison.document(side)
    claims_of: dict[int, list[int]] = {}
    for n, claim in sorted(enumerate(comparison.claims), key=lambda nc: -nc[1].score):
        claims_of.setdefault(claim.sentence(side), []).append(n)
    rejected_of: dict[int, list[Claim]] = {}
    for claim in comparison.rejected:
        rejected_of.setdefault(claim.sentence(side), []).append(claim)
    starts = [s.start for s in doc.sentences]
    layers: dict[int, list[tuple[int, int, str]]] = {}

    def mark(start: int, end: int, name: str) -> None:
        # Into every sentence the range overlaps (bisected: a long pair has thousands of each).
        i = max(bisect_right(starts, start) - 1, 0)
        while i < len(starts) and starts[i] < end:
            if doc.sentences[i].end > start:
                layers.setdefault(i, []).append((start, end, name))
            i += 1

    for m in doc.mentions:
        mark(m.start, m.end, f"k-{kinds.get(m.entity, 'thing')}")
    for claim in comparison.claims:
        for check in claim.conflicts:
            figure = check.a if side == "A" else check.b
            mark(figure.start, figure.end, "fig")
    notes_after: dict[int, list[Annotation]] = {}
    for a in sorted(annotations, key=lambda a: (a.start, a.end)):
        mark(a.start, a.end, "an")
        at = max(bisect_left(starts, a.end) - 1, 0)
        notes_after.setdefault(at, []).append(a)
    return _Side(side, doc, claims_of, rejected_of, frozenset(comparison.alone_in(side)),
                 frozenset(comparison.possibly_in(side)), layers, notes_after)


def _said(verdict: str) -> str:
    """What the page says of a verdict (a database edited by hand may hold any word: shown escaped)."""
    return SAID.get(verdict) or escaped(verdict)


def _sentence_html(col: _Side, index: int, claims: Sequence[Claim]) -> str:
    """One sentence: its text in pieces (entity kind, conflicting figure, annotated), then its marks."""
    doc, side = col.doc, col.side
    s = doc.sentences[index]
    text = doc.article.text
    layers = col.layers.get(index, [])
    cuts = sorted({s.start, s.end, *(max(s.start, min(s.end, x)) for a, b, _ in layers for x in (a, b))})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        classes = sorted({name for a, b, name in layers if a < end and b > start})
        piece = escaped(text[start:end])
        pieces.append(f'<span class="{" ".join(classes)}">{piece}</span>' if classes else piece)
    classes = ["s"]
    mine = col.claims_of.get(index, [])
    if mine:
        best = claims[mine[0]]
        classes.append("same" if best.tier == "same" else "related")
        if any(claims[n].conflicts for n in mine):
            classes.append("conflict")
    elif index in col.lone:
        classes.append("lone")
    elif index in col.possible:
        classes.append("possible")
    # A sentence with a partner takes the keyboard too: tab to it, enter shows the pair.
    data = f' data-c="{" ".join(str(n) for n in mine)}" tabindex="0"' if mine else ""
    marks = []
    for n in mine:
        claim = claims[n]
        facing = other(side)
        said = f" · {_said(claim.verdict)}" if claim.verdict else ""
        marks.append(f'<a class="jump" href="#{facing}{claim.partner(side) + 1}" '
                     f'title="its partner in {facing}, claim {n + 1}">{facing}{claim.partner(side) + 1}{said}</a>')
    for claim in col.rejected_of.get(index, []):
        marks.append(f'<span class="rejected">{SAID["rejected"]}: {other(side)}{claim.partner(side) + 1}</span>')
    if index in col.lone:
        marks.append(f'<span class="lonemark" title="no matching sentence found in {other(side)}">only {side}</span>')
    if index in col.possible:
        # The nearest candidate, linked: the person checks it as the reader's `)` lights it.
        facing, nearest = other(side), col.doc.candidates[index][0]
        marks.append(f'<a class="maybe" href="#{facing}{nearest.index + 1}" title="possibly in {facing}: a close '
                     f'sentence there, not paired (the nearest, {facing}{nearest.index + 1}, scores '
                     f'{nearest.score:.2f})">≈ possibly {facing}{nearest.index + 1}</a>')
    return (f'<span class="{" ".join(classes)}" id="{side}{index + 1}"{data}>{"".join(pieces)}</span>'
            + "".join(marks))


def _note_html(a: Annotation) -> str:
    tags = "".join(f'<span class="tag">#{escaped(tag)}</span>' for tag in a.tags)
    note = f'<span class="note">{escaped(a.note)}</span>' if a.note else ""
    changed = (f'<span class="was">annotated as “{escaped(a.original)}”</span>' if a.changed else "")
    return f'<aside class="anno">{tags}{note}{changed}</aside>'


def _cell_html(col: _Side, sentences: range, claims: Sequence[Claim], row: int) -> str:
    """The sentences of one column in one row, in their paragraphs, each paragraph's notes after it."""
    doc = col.doc
    text = doc.article.text
    blocks: list[str] = []
    current: list[str] = []
    notes: list[Annotation] = []
    paragraph = None
    kind = BODY

    def close() -> None:
        if current:
            tag = "h3" if kind == HEADLINE else "p"
            dim = ' class="dim"' if kind in _DIM else ""
            blocks.append(f"<{tag}{dim}>{''.join(current)}</{tag}>")
            blocks.extend(_note_html(a) for a in notes)
        current.clear()
        notes.clear()

    for i in sentences:
        s = doc.sentences[i]
        if s.paragraph != paragraph:
            close()
            paragraph, kind = s.paragraph, s.kind
        elif current:
            # What lies between two sentences of one paragraph (a space, mostly), as it is.
            current.append(escaped(text[doc.sentences[i - 1].end:s.start] or " "))
        current.append(_sentence_html(col, i, claims))
        notes.extend(col.notes_after.get(i, []))
    close()
    return f'<div class="cell {col.side.lower()} r{row}">{"".join(blocks)}</div>'


# -- the summary at the top --------------------------------------------------------------

def _masthead(doc: Document, side: Side) -> str:
    art = doc.article
    title = escaped(art.title) if art.title else "(no headline)"
    source = art.source
    if source.startswith(("http://", "https://")):
        link = f'<a href="{escaped(source)}" rel="noreferrer noopener">{escaped(source)}</a>'
    else:
        link = escaped(source)
    facts = " · ".join(x for x in (escaped(art.byline), escaped(art.date)) if x)
    warnings = "".join(f'<p class="warn">⚠ {escaped(w)}</p>' for w in art.warnings)
    return (f'<div class="mast {side.lower()}"><p class="side">Article {side}</p><h2>{title}</h2>'
            + (f'<p class="facts">{facts}</p>' if facts else "")
            + f'<p class="source">{link}</p>{warnings}</div>')


def _claim_html(comparison: Comparison, n: int, claim: Claim, rejected: bool = False) -> str:
    """One claim of the list at the top: both sentences, then (folded) why they were paired and their word diff."""
    text_a, text_b = comparison.a.sentence_text(claim.a), comparison.b.sentence_text(claim.b)
    tier = "same claim" if claim.tier == "same" else "related"
    said = f' · <b class="verdict">{_said(claim.verdict)}</b>' if claim.verdict else ""
    why = [escaped(r) for r in claim.reasons]
    why += [f'<b class="bad">{escaped(check.a.text)} in A, {escaped(check.b.text)} in B</b>'
            for check in claim.conflicts]
    ident = "" if rejected else f' id="c{n + 1}"'
    a, b = claim.a + 1, claim.b + 1
    return (f'<li class="claim"{ident} data-a="{a}" data-b="{b}">'
            f'<p class="head"><a href="#A{a}">A{a}</a> ~ <a href="#B{b}">B{b}</a>'
            f" · {tier}, probability {claim.score:.2f}{said}</p>"
            f'<p class="pa"><b>A</b> {escaped(text_a)}</p><p class="pb"><b>B</b> {escaped(text_b)}</p>'
            '<details class="more"><summary>why, and the words that differ</summary>'
            f'<p class="why">{"; ".join(why)}</p>'
            f'<p class="diff"><span class="key">A → B:</span> {_diff_html(text_a, text_b)}</p></details></li>')


def _summary(comparison: Comparison) -> str:
    c = comparison
    # The reader's split: "only in" counts the sentences alone, those possibly in the other apart.
    only_a, only_b = c.alone_in("A"), c.alone_in("B")
    maybe_a, maybe_b = c.possibly_in("A"), c.possibly_in("B")
    in_a = {m.entity for m in c.a.mentions}
    in_b = {m.entity for m in c.b.mentions}
    shared = sum(1 for e in c.entities if e.id in in_a and e.id in in_b)
    parts = [f'<p class="counts">{len(c.claims)} matching claims · {len(c.conflicts)} figures given differently · '
             f"{len(only_a)} sentences only in A and {len(only_b)} only in B (no close sentence in the other) · "
             f"{len(maybe_a)} of A possibly in B and {len(maybe_b)} of B possibly in A (a close sentence there, "
             "not paired) · "
             f"{len(c.entities)} entities, {shared} in both</p>"]
    parts.append(f'<details open><summary>Matching claims ({len(c.claims)})</summary>')
    if c.claims:
        parts.append('<ol class="claims">' + "".join(_claim_html(c, n, claim) for n, claim in enumerate(c.claims))
                     + "</ol>")
    else:
        parts.append("<p>No matching claims: the two articles share no sentence close enough; "
                     "they may report different events.</p>")
    parts.append("</details>")
    parts.append(f'<details open><summary>Figures given differently ({len(c.conflicts)})</summary>')
    if c.conflicts:
        parts.append('<ul class="conflicts">' + "".join(
            f'<li><b>{escaped(x.about)}</b>: “{escaped(x.a)}” (<a href="#A{x.sentence_a + 1}">A{x.sentence_a + 1}</a>)'
            f' / “{escaped(x.b)}” (<a href="#B{x.sentence_b + 1}">B{x.sentence_b + 1}</a>)</li>'
            for x in c.conflicts) + "</ul>")
    else:
        parts.append("<p>None found.</p>")
    parts.append("</details>")
    if c.rejected:
        parts.append(f'<details><summary>Pairs rejected by you ({len(c.rejected)})</summary><ol class="claims">'
                     + "".join(_claim_html(c, n, claim, rejected=True) for n, claim in enumerate(c.rejected))
                     + "</ol></details>")
    return "".join(parts)


def _orphans(orphans: Mapping[Side, Iterable[Annotation]]) -> str:
    """Notes whose passage is no longer in the article's text: kept, and said, as the reader lists them."""
    listed = [(side, a) for side in SIDES for a in orphans.get(side, ())]
    if not listed:
        return ""
    items = "".join(f'<li>{side}: “{escaped(a.annotated_quote)}”{_note_html(a)}</li>' for side, a in listed)
    return (f'<details><summary>Notes whose passage is no longer in the text ({len(listed)})</summary>'
            f'<ul class="orphans">{items}</ul></details>')


def _legend() -> str:
    kinds = "".join(f'<li><span class="k-{kind}">Sample</span> {meaning}</li>' for kind, meaning in ENTITY_LEGEND)
    return ('<details class="legend"><summary>What the colours mean</summary><ul>' + kinds
            + '<li><span class="s same">matched claim</span> the same claim in both articles; '
              '<span class="s related">related</span> they share part of it</li>'
              '<li><span class="s lone">only in this article</span> <span class="lonemark">only A</span> '
              "no matching sentence found in the other</li>"
              '<li><span class="s possible">possibly in the other</span> <span class="maybe">≈ possibly B3</span> '
              "possibly in B: a close sentence there, not paired (the mark links the nearest)</li>"
              '<li><span class="s conflict"><span class="fig">46</span></span> a figure the other article '
              "gives differently</li>"
              '<li><span class="an">annotated</span> a passage you tagged or noted; its tags and note follow '
              "its paragraph</li>"
              "<li>A sentence's partner is linked after it (A3, B5); click or hover a sentence to light its "
              "partner and see why they were paired</li></ul></details>")


# -- the page ------------------------------------------------------------------------------

@cache
def _asset(name: str) -> str:
    return (_HERE / name).read_text(encoding="utf-8")


def _entity_css() -> str:
    light, dark = [], []
    for kind, (on_dark, on_light, bold, underline) in ENTITY_COLOURS.items():
        look = ("font-weight:bold;" if bold else "") + ("text-decoration:underline;" if underline else "")
        if on_light:
            light.append(f".k-{kind}{{color:{on_light};{look}}}")
            dark.append(f".k-{kind}{{color:{on_dark}}}")
        elif look:
            light.append(f".k-{kind}{{{look}}}")
    return "".join(light) + "@media (prefers-color-scheme:dark){" + "".join(dark) + "}"


def csp_source(text: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline style or script (its SHA-256)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def web_page(comparison: Comparison, annotations: Mapping[Side, Iterable[Annotation]] | None = None,
             orphans: Mapping[Side, Iterable[Annotation]] | None = None) -> str:
    """The pair as one self-contained HTML page.

    Args:
        comparison: the analysis, with the person's verdicts applied (`apply_verdicts`).
        annotations: each article's annotations placed in its text (`placing.read_annotations`,
            or the reader's own).
        orphans: each article's annotations no longer found in its text: listed at the end of the summary.

    Returns:
        The page: its style and script inline, nothing fetched, every
        untrusted string escaped.
    """
    c = comparison
    kinds = entity_kinds((*c.a.mentions, *c.b.mentions))
    given = annotations or {}
    columns = {side: _prepare(c, side, kinds, list(given.get(side, ()))) for side in SIDES}
    laid = rows(c)
    # Each row's place in the grid: a class per row (inline style attributes are not allowed by the policy).
    style = (_asset("web_page.css") + _entity_css()
             + "".join(f".r{n}{{grid-row:{n}}}" for n in range(1, len(laid) + 2)))
    script = _asset("web_page.js")
    policy = (f"default-src 'none'; script-src {csp_source(script)}; style-src {csp_source(style)}; "
              "img-src 'none'; base-uri 'none'; form-action 'none'")
    title = " / ".join(display_text(d.article.title) or "(no headline)" for d in (c.a, c.b))
    cells = []
    for side in SIDES:
        cells.append(f'<h2 class="cell {side.lower()} r1 colhead">Article {side}</h2>')
        for n, (run_a, run_b) in enumerate(laid, start=2):
            run = run_a if side == "A" else run_b
            cells.append(_cell_html(columns[side], run, c.claims, n))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{html.escape(title)} · newsread</title>"
        f"<style>{style}</style></head><body>"
        '<header><p class="brand">newsread · a comparison of two articles</p>'
        f'<div class="masts">{_masthead(c.a, "A")}{_masthead(c.b, "B")}</div>'
        f"{_summary(c)}{_orphans(orphans or {})}{_legend()}</header>"
        f'<main class="pair">{"".join(cells)}</main>'
        f'<footer><p>Analysed with {escaped(c.pipeline.name)} {escaped(c.pipeline.version)}; {escaped(c.matcher)}; '
        f"{escaped(c.encoder)}.</p></footer>"
        '<div id="panel" hidden><button type="button" id="close" title="close">×</button><ol class="claims"></ol></div>'
        f"<script>{script}</script></body></html>\n"
    )


def stored_web_page(comparison: Comparison, db_path: Path) -> str:
    """The page of the matcher's analysis with the annotations and verdicts the database at `db_path` holds.

    Both are placed in the texts as the reader places them, read-only:
    nothing is written (an annotation of an edited text is re-anchored in
    memory only).

    Raises:
        sqlite3.Error: If the file cannot be read as a database.
    """
    a, b = comparison.a.article, comparison.b.article
    found = {"A": read_annotations(db_path, a), "B": read_annotations(db_path, b)}
    return web_page(apply_verdicts(comparison, read_verdicts(db_path, a, b)),
                    {side: found[side].placed for side in SIDES}, {side: found[side].orphans for side in SIDES})


def slug(text: str, limit: int = 40) -> str:
    words = re.findall(r"[a-z0-9]+", display_text(text).casefold())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def page_name(comparison: Comparison) -> str:
    """A file name (without .html) for the page, from the two headlines: only a-z, 0-9 and dashes."""
    parts = [slug(d.article.title) or f"article-{d.id.lower()}" for d in (comparison.a, comparison.b)]
    return f"newsread-{parts[0]}-vs-{parts[1]}"


def write_new(folder: Path, stem: str, page: str) -> Path:
    """Write `page` to `stem`.html in `folder`, or to stem-2.html, -3... if taken: never over another file.

    Raises:
        OSError: when the folder cannot be written.
    """
    for n in range(1, 10_000):
        path = folder / (f"{stem}.html" if n == 1 else f"{stem}-{n}.html")
        try:
            # "x": created here or not at all, even if another program makes the same name meanwhile.
            with path.open("x", encoding="utf-8") as handle:
                handle.write(page)
        except FileExistsError:
            continue
        return path.resolve()
    raise FileExistsError(f"{folder / stem}.html and 9,998 more names are taken")
