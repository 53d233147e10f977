"""Annotations out of the store and back in.

Three forms go out: a W3C Web Annotation JSON-LD collection (tags are
TextualBody with purpose `tagging`, the note one with purpose `commenting`;
the target carries the source and both TextQuoteSelector and
TextPositionSelector), CSV with one row per annotation, and a Markdown
report of each article's annotated passages. The W3C form comes back in with
`import_w3c`, which is idempotent: an annotation is matched by its id and
replaced only by a newer version of itself.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from annotations.errors import InputError
from annotations.store.records import Annotation, StoredArticle, clean_tags, now
from annotations.store.store import Store

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CSV_COLUMNS = ("id", "source", "sha256", "start", "end", "exact", "prefix", "suffix",
               "tags", "note", "created", "modified")
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
    """The source an IRI stands for: file: URIs become paths again."""
    parsed = urlparse(iri)
    if parsed.scheme == "file":
        return url2pathname(unquote(parsed.path))
    return iri


def sha256_of_iri(iri: str) -> str:
    """The hex SHA-256 an `ni:///sha-256;...` IRI names ("" for any other IRI)."""
    match = re.fullmatch(r"ni://[^/]*/sha-256;([A-Za-z0-9_-]{43})", iri)
    if not match:
        return ""
    return base64.urlsafe_b64decode(match.group(1) + "=").hex()


def annotation_w3c(article: StoredArticle, annotation: Annotation) -> dict[str, Any]:
    """One annotation as a W3C Web Annotation (JSON-LD, compacted)."""
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
    result["target"] = {
        "source": source_iri(article.source, article.sha256),
        "selector": [quote, {"type": "TextPositionSelector", "start": annotation.start,
                             "end": annotation.end}],
    }
    return result


def to_w3c(pairs: list[Pair]) -> dict[str, Any]:
    """An AnnotationCollection holding every annotation in one embedded page."""
    ids = ",".join(sorted(a.id for _, a in pairs))
    collection_id = f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, 'collection:' + ids)}"
    result: dict[str, Any] = {
        "@context": W3C_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "newsread annotations",
        "total": len(pairs),
    }
    if pairs:
        page_id = f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, 'page:' + ids)}"
        result["first"] = {
            "id": page_id,
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [annotation_w3c(article, a) for article, a in pairs],
        }
        result["last"] = page_id
    return result


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _items(data: Any) -> list[dict[str, Any]]:
    """The annotations of a collection, a page, a list or a single annotation."""
    if isinstance(data, list):
        return [item for entry in data for item in _items(entry)]
    if not isinstance(data, dict):
        return []
    kind = data.get("type")
    if kind == "AnnotationCollection":
        first = data.get("first")
        return _items(first) if isinstance(first, dict) else []
    if kind == "AnnotationPage":
        return [item for item in _as_list(data.get("items")) if isinstance(item, dict)]
    if kind == "Annotation":
        return [data]
    return []


@dataclass(frozen=True)
class Imported:
    """One annotation read from a W3C document, before it is stored."""

    source: str
    annotation: Annotation


def _uuid_of(identifier: Any) -> str:
    text = str(identifier or "")
    if text.lower().startswith("urn:uuid:"):
        try:
            return str(uuid.UUID(text[9:]))
        except ValueError:
            pass
    return str(uuid.uuid5(_ID_NAMESPACE, text or json.dumps(identifier, sort_keys=True)))


def parse_w3c(data: Any) -> list[Imported]:
    """Read the annotations newsread can store from a W3C JSON-LD document.

    Each needs a target with a source and a TextQuoteSelector; offsets come
    from a TextPositionSelector when there is one.

    Raises:
        InputError: If the document holds no annotation newsread can read.
    """
    found: list[Imported] = []
    for item in _items(data):
        for target in _as_list(item.get("target")):
            if not isinstance(target, dict) or not isinstance(target.get("source"), str):
                continue
            selectors = [s for s in _as_list(target.get("selector")) if isinstance(s, dict)]
            quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
            position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
            if quote is None or not isinstance(quote.get("exact"), str) or not quote["exact"]:
                continue
            start = position.get("start") if position else None
            if not isinstance(start, int) or isinstance(start, bool):
                start = 0
            end = start + len(quote["exact"])
            bodies = [b for b in _as_list(item.get("body")) if isinstance(b, dict)]
            tags = [b["value"] for b in bodies
                    if b.get("purpose") == "tagging" and isinstance(b.get("value"), str)]
            notes = [b["value"] for b in bodies
                     if b.get("purpose") in ("commenting", None) and b.get("type") == "TextualBody"
                     and isinstance(b.get("value"), str)]
            stamp = now()
            created = item["created"] if isinstance(item.get("created"), str) else stamp
            modified = item["modified"] if isinstance(item.get("modified"), str) else created
            found.append(Imported(source_from_iri(target["source"]), Annotation(
                id=_uuid_of(item.get("id")), article_id=0, start=start, end=end,
                exact=quote["exact"], prefix=str(quote.get("prefix") or ""),
                suffix=str(quote.get("suffix") or ""), tags=clean_tags(tags),
                note="\n\n".join(notes), created=created, modified=modified,
            )))
            break  # one target per annotation: newsread annotates one passage
    if not found:
        raise InputError("the file holds no W3C Web Annotation with a text quote that newsread can import.")
    return found


def import_w3c(store: Store, text: str) -> tuple[int, int]:
    """Import a W3C Web Annotation JSON-LD document into the store.

    An annotation already there (same id) is replaced only by a newer
    version, so importing the same file twice changes nothing. Annotations
    of an article the store has not seen are attached to its source; the
    next time that source is opened they are placed by quote.

    Args:
        store: Where to import.
        text: The JSON-LD document.

    Returns:
        How many annotations were added or updated, and how many were
        already there.

    Raises:
        InputError: If `text` is not JSON or holds nothing to import.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"the file is not JSON (line {error.lineno}: {error.msg}).") from None
    imported = parse_w3c(data)
    by_source: dict[str, int] = {}
    changed = 0
    for entry in imported:
        existing = store.get(entry.annotation.id)
        if existing is not None:
            article_id = existing.article_id
        else:
            if entry.source not in by_source:
                by_source[entry.source] = _article_for(store, entry.source)
            article_id = by_source[entry.source]
        annotation = Annotation(**{**entry.annotation.__dict__, "article_id": article_id})
        changed += store.merge(annotation)
    return changed, len(imported) - changed


def _article_for(store: Store, source: str) -> int:
    """The newest stored article of `source`, or a placeholder row for it."""
    rows = [a for a in store.articles().values() if a.source == source]
    if rows:
        return max(rows, key=lambda a: a.id).id
    # A text named by its hash is found by that hash when it is opened.
    # Otherwise the text is unknown: an empty hash never equals a real one,
    # so opening the source re-anchors these annotations by quote.
    return store.stored_article(sha256_of_iri(source), source).id


# -- CSV and Markdown ---------------------------------------------------------

def _cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: article text and notes are
    untrusted, and a cell starting with = + - @ would run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(pairs: list[Pair]) -> str:
    """One row per annotation; tags joined by commas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for article, a in pairs:
        writer.writerow([a.id, _cell(article.source), article.sha256, a.start, a.end, _cell(a.exact),
                         _cell(a.prefix), _cell(a.suffix), _cell(", ".join(a.tags)), _cell(a.note),
                         a.created, a.modified])
    return out.getvalue()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def to_markdown(pairs: list[Pair]) -> str:
    """A readable report: each article, its annotated passages, tags and notes."""
    if not pairs:
        return "# Annotations\n\nNo annotations.\n"
    lines = ["# Annotations", ""]
    current: int | None = None
    for article, a in pairs:
        if article.id != current:
            current = article.id
            lines += [f"## {_one_line(article.title) or Path(article.source).name}", "",
                      f"Source: `{article.source}`", ""]
        lines.append(f"> {_one_line(a.exact)}")
        lines.append("")
        where = f"characters {a.start}–{a.end}"
        if a.tags:
            lines.append(f"Tags: {', '.join(a.tags)} · {where}")
        else:
            lines.append(where[0].upper() + where[1:])
        lines.append("")
        if a.note:
            lines += [a.note.rstrip(), ""]
    return "\n".join(lines)


def render_export(pairs: list[Pair], fmt: str) -> str:
    """The export as `fmt`: "w3c" (JSON-LD), "csv" or "markdown"."""
    if fmt == "w3c":
        return json.dumps(to_w3c(pairs), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return to_csv(pairs)
    if fmt == "markdown":
        return to_markdown(pairs)
    raise ValueError(f"unknown export format {fmt!r}")

