"""Annotations out of the store and back in.

Three forms go out: a W3C Web Annotation JSON-LD collection (tags are
TextualBody with purpose `tagging`, the note one with purpose `commenting`;
the target carries the source and both TextQuoteSelector and
TextPositionSelector), CSV with one row per annotation, and a Markdown
report of each article's annotated passages. Every form is safe to print:
the JSON escapes control and invisible characters as \\uXXXX (same meaning),
CSV and Markdown show them as the visible stand-ins of `text.display_text`
(as the reader and `compare` do; `altered` counts the annotations this
changes, for the command to say so), Markdown escapes its own markup and
HTML, and no CSV cell can start a spreadsheet formula. An annotation
re-anchored in a changed text carries the quote as annotated beside the
one it sits on now, and orphans are marked as such, in every form.

The W3C form comes back in through `imports.import_w3c`, which checks the whole
document before it writes anything and then writes it in one transaction:
a bad annotation anywhere means nothing is imported, and one sentence says
which and why. An annotation is matched by its id and replaced only by a
newer version of itself, so importing a file again changes nothing.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import re
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_to_bytes, urlparse
from urllib.request import url2pathname

from annotations.store.placing import placement_in_own_text
from annotations.store.records import (
    ANNOTATED,
    ORPHAN,
    UNPLACED,
    Annotation,
    StoredArticle,
    source_name,
)
from annotations.store.store import Store
from annotations.store.verdicts import REJECTED, VerdictSources, all_verdicts
from annotations.text import display_line, display_text, escape_json, has_unsafe

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CSV_COLUMNS = ("id", "source", "sha256", "start", "end", "exact", "prefix", "suffix",
               "tags", "note", "created", "modified", "placement", "original",
               # A verdict's row: its A passage in the columns above, its B passage here.
               "kind", "verdict", "tier", "source_b", "sha256_b", "start_b", "end_b", "exact_b",
               "prefix_b", "suffix_b")
#: Key of the W3C form for the reader's verdict on a pair (confirmed, rejected, linked).
VERDICT_KEY = "newsread:verdict"
#: Keys of the W3C form for what the model has no term for: where a
#: re-anchored annotation sits now, and the quote as it was annotated.
#: Compact IRIs whose prefix is undefined are absolute IRIs in JSON-LD.
PLACEMENT_KEY = "newsread:placement"
ORIGINAL_KEY = "newsread:originalQuote"
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]+:")
# Exported annotations carry their UUID as a URN; ids of other tools are
# mapped to a stable UUID derived from them (see imports).
ID_NAMESPACE = uuid.UUID("6f1f0e0e-6e65-7773-7265-616400000000")

Pair = tuple[StoredArticle, Annotation]


def exported(store: Store, tag: str | None = None) -> list[Pair]:
    """Every annotation (with its article) in export order, optionally by tag."""
    articles = store.articles()
    return [(articles[a.article_id], a) for a in store.search(tag=tag)]


# -- W3C ------------------------------------------------------------------

def source_iri(source: str, sha256: str = "") -> str:
    """The IRI of an article source.

    A URL stays as it is and a file path becomes a file: URI. A source that
    is no location (an article piped in on standard input) is named by its
    text's hash, as an RFC 6920 `ni:` URI, when the hash is known.
    """
    if _SCHEME.match(source) and not re.match(r"^[a-zA-Z]:[\\/]", source):
        return source
    if Path(source).is_absolute() or not sha256:
        return Path(source).absolute().as_uri()
    digest = base64.urlsafe_b64encode(bytes.fromhex(sha256)).decode("ascii").rstrip("=")
    return f"ni:///sha-256;{digest}"


def source_from_iri(iri: str) -> str:
    """The source an IRI stands for: file: URIs become paths again, with their exact bytes."""
    parsed = urlparse(iri)
    if parsed.scheme == "file":
        if os.name == "posix":
            return os.fsdecode(unquote_to_bytes(parsed.path))
        return url2pathname(unquote(parsed.path))
    return iri


def _placed(annotation: Annotation) -> bool:
    """Whether the annotation's offsets are offsets into its article's latest text."""
    return annotation.placement not in (ORPHAN, UNPLACED)


def annotation_w3c(article: StoredArticle, annotation: Annotation) -> dict[str, Any]:
    """One annotation as a W3C Web Annotation (JSON-LD, compacted).

    An orphan, or an annotation not yet placed, has no TextPositionSelector
    (its offsets are not offsets into the source as it is now), but for one
    imported with offsets into a text never read here, written as imported.
    """
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in annotation.tags
    ]
    if annotation.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": annotation.note,
                     "format": "text/plain"})
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": annotation.exact}
    if annotation.prefix:
        quote["prefix"] = annotation.prefix
    if annotation.suffix:
        quote["suffix"] = annotation.suffix
    result: dict[str, Any] = {
        "@context": W3C_CONTEXT,
        "id": f"urn:uuid:{annotation.id}",
        "type": "Annotation",
        "created": annotation.created,
        "modified": annotation.modified,
    }
    if body:
        result["body"] = body
    selectors: list[dict[str, Any]] = [quote]
    # Offsets imported for a text never read here are passed on as the file gave them.
    passed_on = annotation.placement == UNPLACED and annotation.end > 0
    if _placed(annotation) or passed_on:
        selectors.append({"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end})
    result["target"] = {"source": source_iri(article.source, article.sha256), "selector": selectors}
    # ...and so is where it sat in the text it was made on.
    placement = placement_in_own_text(annotation) if passed_on else annotation.placement
    if placement != ANNOTATED:
        result[PLACEMENT_KEY] = placement
    if annotation.original:
        result[ORIGINAL_KEY] = annotation.original
    return result


def _passage(source: str, sha256: str, exact: str, prefix: str, suffix: str, start: int, end: int) -> dict[str, Any]:
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": exact}
    if prefix:
        quote["prefix"] = prefix
    if suffix:
        quote["suffix"] = suffix
    return {"source": source_iri(source, sha256),
            "selector": [quote, {"type": "TextPositionSelector", "start": start, "end": end}]}


def verdict_w3c(found: VerdictSources) -> dict[str, Any]:
    """One verdict as a W3C Web Annotation whose two targets are the two passages, as judged.

    A confirmed or linked pair is `linking`; a rejected pair is `assessing`
    (it says the two are not linked, and a tool reading `linking` would
    link them). The tier is a tagging body, the verdict an assessing body.
    """
    v = found.verdict
    return {
        "@context": W3C_CONTEXT,
        "id": f"urn:uuid:{v.id}",
        "type": "Annotation",
        "motivation": "assessing" if v.verdict == REJECTED else "linking",
        "created": v.created,
        "modified": v.created,
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": v.tier},
                 {"type": "TextualBody", "purpose": "assessing", "value": v.verdict}],
        "target": [
            _passage(source_name(found.source_a), found.sha256_a, v.a.exact, v.a.prefix, v.a.suffix,
                     v.a.start, v.a.end),
            _passage(source_name(found.source_b), found.sha256_b, v.b.exact, v.b.prefix, v.b.suffix,
                     v.b.start, v.b.end),
        ],
        VERDICT_KEY: v.verdict,
    }


def to_w3c(pairs: list[Pair], verdicts: Iterable[VerdictSources] = ()) -> dict[str, Any]:
    """An AnnotationCollection holding every annotation, then every verdict, in one embedded page."""
    judged = list(verdicts)
    ids = ",".join(sorted([a.id for _, a in pairs] + [v.verdict.id for v in judged]))
    collection_id = f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, 'collection:' + ids)}"
    result: dict[str, Any] = {
        "@context": W3C_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "newsread annotations",
        "total": len(pairs) + len(judged),
    }
    if pairs or judged:
        page_id = f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, 'page:' + ids)}"
        result["first"] = {
            "id": page_id,
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [annotation_w3c(article, a) for article, a in pairs] + [verdict_w3c(v) for v in judged],
        }
        result["last"] = page_id
    return result


def altered(pairs: list[Pair]) -> int:
    """How many annotations CSV and Markdown show with visible stand-ins for unsafe characters."""
    return sum(
        1 for article, a in pairs
        if any(has_unsafe(value.replace("\n", "")) for value in (
            article.source, article.title, a.exact, a.prefix, a.suffix, a.note, a.original, *a.tags))
    )


def altered_verdicts(verdicts: Iterable[VerdictSources]) -> int:
    """How many verdicts CSV and Markdown show with visible stand-ins for unsafe characters."""
    return sum(
        1 for found in verdicts
        if any(has_unsafe(value.replace("\n", "")) for value in (
            found.source_a, found.source_b, found.verdict.a.exact, found.verdict.a.prefix, found.verdict.a.suffix,
            found.verdict.b.exact, found.verdict.b.prefix, found.verdict.b.suffix))
    )


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text, with unsafe characters shown as stand-ins.

    Every cell goes through here: article text, notes and imported values
    are untrusted, and a cell starting with = + - @ would run as a formula.
    """
    text = display_text(str(value))
    return "'" + text if text.lstrip(" ")[:1] in _FORMULA_START else text


def to_csv(pairs: list[Pair], verdicts: Iterable[VerdictSources] = ()) -> str:
    """One row per annotation, then one per verdict (`kind` says which).

    Tags are joined by commas; offsets are empty when the annotation is not
    placed. A verdict's row holds A's passage in the annotation's columns
    and B's in those ending in `_b`, as judged.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for article, a in pairs:
        start, end = (a.start, a.end) if _placed(a) else ("", "")
        row = [a.id, article.source, article.sha256, start, end, a.exact, a.prefix, a.suffix,
               ", ".join(a.tags), a.note, a.created, a.modified, a.placement, a.original,
               "annotation", "", "", "", "", "", "", "", "", ""]
        writer.writerow([csv_cell(value) for value in row])
    for found in verdicts:
        v = found.verdict
        row = [v.id, found.source_a, found.sha256_a, v.a.start, v.a.end, v.a.exact, v.a.prefix, v.a.suffix,
               "", "", v.created, v.created, "", "",
               "verdict", v.verdict, v.tier, found.source_b, found.sha256_b, v.b.start, v.b.end, v.b.exact,
               v.b.prefix, v.b.suffix]
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|~<]|&(?=#?\w+;))")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def markdown_text(text: str) -> str:
    """One line of untrusted text as Markdown that shows it literally.

    Unsafe characters become their stand-ins (`display_line`), and every
    character Markdown gives a meaning to is escaped with a backslash: `<`
    (so no HTML tag or autolink can start) and an `&` that would start an
    entity among them. Backslashes keep the raw file readable ("Q&A",
    "\\<b>"), where HTML entities ("&amp;", "&lt;b&gt;") would not be.
    """
    shown = _MD_SPECIAL.sub(r"\\\1", display_line(text))
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), shown)


def _one_line(text: str) -> str:
    return " ".join(text.split())


#: How the Markdown report says each verdict.
_VERDICT_WORDS = {"confirmed": "Confirmed by you", "rejected": "Rejected by you", "linked": "Linked by you"}


def _verdicts_markdown(verdicts: list[VerdictSources]) -> list[str]:
    lines = ["## Verdicts", ""]
    for found in verdicts:
        v = found.verdict
        lines += [f"{_VERDICT_WORDS.get(v.verdict, v.verdict)} ({markdown_text(v.tier)}) · {v.created}", "",
                  f"> A: {markdown_text(_one_line(v.a.exact))}", ">",
                  f"> B: {markdown_text(_one_line(v.b.exact))}", "",
                  f"A: {markdown_text(found.source_a)} · B: {markdown_text(found.source_b)}", ""]
    return lines


def to_markdown(pairs: list[Pair], verdicts: Iterable[VerdictSources] = ()) -> str:
    """A readable report: each article, its annotated passages, tags and notes; then the verdicts."""
    judged = list(verdicts)
    if not pairs:
        if judged:
            return "\n".join(["# Annotations", "", "No annotations.", "", *_verdicts_markdown(judged)])
        return "# Annotations\n\nNo annotations.\n"
    lines = ["# Annotations", ""]
    current: int | None = None
    for article, a in pairs:
        if article.id != current:
            current = article.id
            heading = _one_line(article.title) or Path(source_name(article.source)).name
            lines += [f"## {markdown_text(heading)}", "",
                      f"Source: {markdown_text(article.source)}", ""]
        lines.append(f"> {markdown_text(_one_line(a.exact))}")
        lines.append("")
        if a.placement == ORPHAN:
            where = "orphan: not found in the article's latest text (kept as annotated)"
        elif a.placement == UNPLACED:
            where = "not yet placed: it is found by its quote when the article is opened"
        else:
            where = f"characters {a.start}–{a.end}"
        if a.tags:
            lines.append(f"Tags: {markdown_text(', '.join(a.tags))} · {where}")
        else:
            lines.append(where[0].upper() + where[1:])
        lines.append("")
        if a.changed:
            lines += [f"Changed since it was annotated, which was: “{markdown_text(_one_line(a.original))}”", ""]
        elif a.original and a.placement != ORPHAN:
            lines += ["Moved: the same words, elsewhere in a changed text.", ""]
        if a.note:
            lines += [markdown_text(line) if line.strip() else "" for line in a.note.rstrip().split("\n")]
            lines.append("")
    if judged:
        lines += _verdicts_markdown(judged)
    return "\n".join(lines)


def verdict_line(found: VerdictSources) -> dict[str, Any]:
    """One verdict as an object of `--format verdicts`: both sentences, both sources, the verdict and tier, when."""
    v = found.verdict

    def side(source: str, sha256: str, quote: Any) -> dict[str, Any]:
        return {"source": source_name(source), "sha256": sha256, "text": quote.exact,
                "start": quote.start, "end": quote.end}

    return {"id": v.id, "verdict": v.verdict, "tier": v.tier, "created": v.created,
            "a": side(found.source_a, found.sha256_a, v.a), "b": side(found.source_b, found.sha256_b, v.b)}


def to_verdict_lines(verdicts: Iterable[VerdictSources]) -> str:
    """JSON lines, one verdict each (control and invisible characters escaped as \\uXXXX)."""
    return "".join(escape_json(json.dumps(verdict_line(v), ensure_ascii=False)) + "\n" for v in verdicts)


def exported_verdicts(store: Store, tag: str | None = None) -> list[VerdictSources]:
    """Every verdict in export order; none when the export asks for the annotations of one tag."""
    return [] if tag else all_verdicts(store)


def render_export(pairs: list[Pair], fmt: str, verdicts: Iterable[VerdictSources] = ()) -> str:
    """The export as `fmt`: "w3c" (JSON-LD), "csv", "markdown" or "verdicts" (JSON lines); safe to print."""
    if fmt == "w3c":
        return escape_json(json.dumps(to_w3c(pairs, verdicts), ensure_ascii=False, indent=2)) + "\n"
    if fmt == "csv":
        return to_csv(pairs, verdicts)
    if fmt == "markdown":
        return to_markdown(pairs, verdicts)
    if fmt == "verdicts":
        return to_verdict_lines(verdicts)
    raise ValueError(f"unknown export format {fmt!r}")
