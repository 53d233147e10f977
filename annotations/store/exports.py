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

The W3C form comes back in with `import_w3c`, which checks the whole
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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_to_bytes, urlparse
from urllib.request import url2pathname

from annotations.errors import InputError
from annotations.store.records import (
    ANNOTATED,
    MAX_NOTE,
    MAX_TAG,
    MAX_TAGS,
    ORPHAN,
    PLACEMENTS,
    UNPLACED,
    Annotation,
    StoredArticle,
    clean_tags,
    now,
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
#: Longest quote, context and source an import accepts, in characters.
MAX_QUOTE = 1_000_000
MAX_CONTEXT = 1_000
MAX_SOURCE = 10_000
#: Offsets past this are no offsets of an article newsread can read.
MAX_OFFSET = 2**31 - 1
#: Digits of the longest number an import reads (offsets need ten).
MAX_DIGITS = 20
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]+:")
# Exported annotations carry their UUID as a URN; ids of other tools are
# mapped to a stable UUID derived from them.
_ID_NAMESPACE = uuid.UUID("6f1f0e0e-6e65-7773-7265-616400000000")

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
    (its offsets are not offsets into the source as it is now).
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
    if _placed(annotation):
        selectors.append({"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end})
    result["target"] = {"source": source_iri(article.source, article.sha256), "selector": selectors}
    if annotation.placement != ANNOTATED:
        result[PLACEMENT_KEY] = annotation.placement
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
    collection_id = f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, 'collection:' + ids)}"
    result: dict[str, Any] = {
        "@context": W3C_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "newsread annotations",
        "total": len(pairs) + len(judged),
    }
    if pairs or judged:
        page_id = f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, 'page:' + ids)}"
        result["first"] = {
            "id": page_id,
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [annotation_w3c(article, a) for article, a in pairs] + [verdict_w3c(v) for v in judged],
        }
        result["last"] = page_id
    return result


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _items(data: Any) -> list[Any]:
    """The annotations of a collection, a page, a list or a single annotation (not yet checked)."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return []
    kind = data.get("type")
    if kind == "AnnotationCollection":
        first = data.get("first")
        return _items(first) if isinstance(first, dict) else []
    if kind == "AnnotationPage":
        return _as_list(data.get("items"))
    if kind == "Annotation":
        return [data]
    return []


@dataclass(frozen=True)
class Imported:
    """One annotation read from a W3C document, before it is stored."""

    source: str
    annotation: Annotation


@dataclass(frozen=True)
class ImportSummary:
    """What an import did."""

    changed: int
    """Annotations added or updated."""
    unchanged: int
    """Annotations already there (the same or a newer version)."""
    repeated: int = 0
    """Annotations whose id the file holds more than once: the newest of each was kept."""


def _uuid_of(identifier: Any) -> str:
    text = str(identifier or "")
    if text.lower().startswith("urn:uuid:"):
        try:
            return str(uuid.UUID(text[9:]))
        except ValueError:
            pass
    return str(uuid.uuid5(_ID_NAMESPACE, text or json.dumps(identifier, sort_keys=True)))


class _Refused(InputError):
    """One annotation of an import cannot be stored."""


def _text(value: Any, what: str, limit: int, required: bool = False) -> str:
    """A string of the document, checked: text (no lone surrogates), within `limit` characters."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise _Refused(f"its {what} is not text")
    if required and not value:
        raise _Refused(f"its {what} is empty")
    if len(value) > limit:
        raise _Refused(f"its {what} is over the limit of {limit:,} characters ({len(value):,})")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Refused(f"its {what} holds a lone surrogate (\\u{ord(value[_bad_at(value)]):04x}), "
                       "which is not a character") from None
    return value


def _bad_at(value: str) -> int:
    return next(i for i, c in enumerate(value) if 0xD800 <= ord(c) <= 0xDFFF)


_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?"
)


def _timestamp(value: Any, what: str) -> str:
    """An ISO 8601 date and time of the document, checked (it reaches CSV cells and comparisons)."""
    if not isinstance(value, str):
        raise _Refused(f"its {what} time is not text")
    match = _TIMESTAMP.fullmatch(value)
    if match is None:
        raise _Refused(f"its {what} time is not an ISO 8601 date and time")
    year, month, day, hour, minute, second = (int(g or 0) for g in match.groups()[:6])
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise _Refused(f"its {what} time is not a real date and time") from None
    return value


def _position(selector: dict[str, Any] | None, exact: str) -> tuple[int, int] | None:
    """The offsets of a TextPositionSelector, when they are usable offsets of `exact`."""
    if selector is None:
        return None
    start, end = selector.get("start"), selector.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        return None
    if not 0 <= start < end <= MAX_OFFSET or end - start != len(exact):
        return None
    return start, end


def _annotation(item: Any) -> Imported | None:
    """One item of the document as an annotation to store; None when it is none newsread reads.

    Raises:
        _Refused: If it is one, but a value of it cannot be stored.
    """
    if not isinstance(item, dict) or VERDICT_KEY in item:
        # A verdict links two passages: it is no annotation of one (not imported).
        return None
    for target in _as_list(item.get("target")):
        if not isinstance(target, dict) or not isinstance(target.get("source"), str):
            continue
        selectors = [s for s in _as_list(target.get("selector")) if isinstance(s, dict)]
        quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
        if quote is None or not isinstance(quote.get("exact"), str) or not quote["exact"]:
            continue
        source = _text(target["source"], "source", MAX_SOURCE, required=True)
        exact = _text(quote["exact"], "quote", MAX_QUOTE, required=True)
        prefix = _text(quote.get("prefix"), "quote's prefix", MAX_CONTEXT)
        suffix = _text(quote.get("suffix"), "quote's suffix", MAX_CONTEXT)
        position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
        placement = item.get(PLACEMENT_KEY)
        placement = placement if placement in PLACEMENTS else ANNOTATED
        offsets = _position(position, exact) if placement not in (ORPHAN, UNPLACED) else None
        if offsets is None:
            # Never stored as given: placed by its quote when its article is
            # opened (an orphan stays one until then).
            offsets, placement = (0, 0), placement if placement == ORPHAN else UNPLACED
        original = _text(item.get(ORIGINAL_KEY), "original quote", MAX_QUOTE)
        bodies = [b for b in _as_list(item.get("body")) if isinstance(b, dict)]
        tags = [_text(b.get("value"), "tag", MAX_TAG) for b in bodies
                if b.get("purpose") == "tagging" and isinstance(b.get("value"), str)]
        notes = [_text(b.get("value"), "note", MAX_NOTE) for b in bodies
                 if b.get("purpose") in ("commenting", None) and b.get("type") == "TextualBody"
                 and isinstance(b.get("value"), str)]
        note = "\n\n".join(notes)
        if len(note) > MAX_NOTE:
            raise _Refused(f"its note is over the limit of {MAX_NOTE:,} characters ({len(note):,})")
        cleaned = clean_tags(tags)
        if len(cleaned) > MAX_TAGS:
            raise _Refused(f"it has {len(cleaned)} tags, over the limit of {MAX_TAGS}")
        created = _timestamp(item["created"], "created") if "created" in item else now()
        modified = _timestamp(item["modified"], "modified") if "modified" in item else created
        identifier = item.get("id")
        if isinstance(identifier, str):
            _text(identifier, "id", MAX_SOURCE)
        return Imported(source_from_iri(source), Annotation(
            id=_uuid_of(identifier), article_id=0, start=offsets[0], end=offsets[1],
            exact=exact, prefix=prefix, suffix=suffix, tags=cleaned, note=note,
            created=created, modified=modified,
            original=original, placement=placement,
        ))
    return None


def _named(index: int, item: Any) -> str:
    identifier = item.get("id") if isinstance(item, dict) else None
    if isinstance(identifier, str) and identifier:
        shown = identifier if len(identifier) <= 80 else identifier[:79] + "…"
        return f"annotation {index} ({shown})"
    return f"annotation {index}"


def parse_w3c(data: Any) -> list[Imported]:
    """Read and check every annotation newsread can store from a W3C JSON-LD document.

    Each needs a target with a source and a TextQuoteSelector; offsets come
    from a TextPositionSelector when it has usable ones, else the
    annotation is placed by its quote when its article is opened.

    Raises:
        InputError: If the document holds no annotation newsread can read,
            or one of them holds a value that cannot be stored (the
            sentence says which annotation, counting from 1, and why).
    """
    found: list[Imported] = []
    for index, item in enumerate(_items(data), start=1):
        try:
            entry = _annotation(item)
        except _Refused as refused:
            raise InputError(f"{_named(index, item)} cannot be imported: {refused}; nothing was imported.") from None
        if entry is not None:
            found.append(entry)
    if not found:
        raise InputError("the file holds no W3C Web Annotation with a text quote that newsread can import.")
    return found


def _number(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise InputError(f"the file holds a number of {len(digits.lstrip('-')):,} digits, "
                         "which is no offset or count; nothing was imported.")
    return int(digits)


def load_w3c(text: str) -> Any:
    """The JSON of a W3C document, refused in one sentence when it is not JSON newsread reads.

    Raises:
        InputError: If it is not JSON, is nested too deeply, or holds a
            number too long to be an offset.
    """
    try:
        return json.loads(text, parse_int=_number)
    except json.JSONDecodeError as error:
        raise InputError(f"the file is not JSON (line {error.lineno}: {error.msg}).") from None
    except RecursionError:
        raise InputError("the file is nested too deeply to be W3C Web Annotations; nothing was imported.") from None


def _newest(entries: Iterable[Imported]) -> tuple[list[Imported], int]:
    """One entry per id, the newest (the last one on a tie), in the order first seen; and how many were dropped."""
    kept: dict[str, Imported] = {}
    dropped = 0
    for entry in entries:
        key = entry.annotation.id
        if key in kept:
            dropped += 1
            if entry.annotation.modified < kept[key].annotation.modified:
                continue
        kept[key] = entry
    return list(kept.values()), dropped


def import_document(store: Store, text: str) -> ImportSummary:
    """Import a W3C Web Annotation JSON-LD document into the store: all of it, or nothing.

    The whole document is checked first; then every annotation is written in
    one transaction. An annotation already there (same id) is replaced only
    by a newer version, so importing the same file twice changes nothing.
    Annotations of an article the store has not seen are attached to its
    source; the next time that source is opened they are placed by quote.

    Args:
        store: Where to import.
        text: The JSON-LD document.

    Raises:
        InputError: If `text` is not JSON, holds nothing to import, holds a
            value that cannot be stored, or the database cannot be written.
            Nothing is written then.
    """
    entries, repeated = _newest(parse_w3c(load_w3c(text)))
    changed, unchanged = store.import_annotations((e.source, e.annotation) for e in entries)
    return ImportSummary(changed, unchanged, repeated)


def import_w3c(store: Store, text: str) -> tuple[int, int]:
    """`import_document`, returning how many annotations changed and how many were already there."""
    summary = import_document(store, text)
    return summary.changed, summary.unchanged


# -- CSV and Markdown ---------------------------------------------------------

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


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def markdown_text(text: str) -> str:
    """One line of untrusted text as Markdown that shows it literally.

    Unsafe characters become their stand-ins (`display_line`), HTML is
    escaped, and every character Markdown gives a meaning to is escaped.
    """
    shown = display_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    shown = _MD_SPECIAL.sub(r"\\\1", shown)
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
