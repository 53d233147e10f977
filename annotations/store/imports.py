"""W3C Web Annotations read back in: validated whole, then written in one transaction.

An import checks every annotation of the file first (text that is not
text, numbers past any offset, deep nesting, bad timestamps, notes and tags
too long) and writes nothing unless all of it is sound; one sentence names
the annotation at fault. Annotations whose position does not fit are placed
by their quote when their article is opened, or kept as orphans. The
reader's verdicts on pairs (the `linking` and `assessing` annotations of
two targets an export writes, see `exports.verdict_w3c`) come back too, in
the same transaction, so that export then import keeps everything.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

from annotations.errors import InputError
from annotations.store.anchoring import TextQuote
from annotations.store.exports import ID_NAMESPACE, ORIGINAL_KEY, PLACEMENT_KEY, VERDICT_KEY, source_from_iri
from annotations.store.records import (
    ANNOTATED,
    MAX_NOTE,
    MAX_TAG,
    MAX_TAGS,
    ORPHAN,
    PLACEMENTS,
    TIMESTAMP,
    UNPLACED,
    Annotation,
    clean_tags,
    instant,
    now,
)
from annotations.store.store import Store
from annotations.store.verdicts import TIERS, VERDICTS, Verdict
from annotations.text import display_line

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: Longest quote, context and source an import accepts, in characters.
MAX_QUOTE = 1_000_000
MAX_CONTEXT = 1_000
MAX_SOURCE = 10_000
#: Offsets past this are no offsets of an article newsread can read.
MAX_OFFSET = 2**31 - 1
#: Digits of the longest number an import reads (offsets need ten).
MAX_DIGITS = 20

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
class ImportedVerdict:
    """One verdict read from a W3C document, before it is stored (its article ids are not known yet)."""

    source_a: str
    source_b: str
    verdict: Verdict


@dataclass(frozen=True)
class ImportSummary:
    """What an import did."""

    changed: int
    """Annotations added or updated."""
    unchanged: int
    """Annotations already there (the same or a newer version)."""
    repeated: int = 0
    """Annotations whose id the file holds more than once: the newest of each was kept."""
    verdicts: int = 0
    """Verdicts added."""
    verdicts_unchanged: int = 0
    """Verdicts already there (same id)."""


def _uuid_of(identifier: Any) -> str:
    text = str(identifier or "")
    if text.lower().startswith("urn:uuid:"):
        try:
            return str(uuid.UUID(text[9:]))
        except ValueError:
            pass
    return str(uuid.uuid5(ID_NAMESPACE, text or json.dumps(identifier, sort_keys=True)))


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


def _timestamp(value: Any, what: str) -> str:
    """An ISO 8601 date and time of the document, checked (it reaches CSV cells and comparisons)."""
    if not isinstance(value, str):
        raise _Refused(f"its {what} time is not text")
    match = TIMESTAMP.fullmatch(value)
    if match is None:
        raise _Refused(f"its {what} time is not an ISO 8601 date and time")
    year, month, day, hour, minute, second = (int(g or 0) for g in match.groups()[:6])
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise _Refused(f"its {what} time is not a real date and time") from None
    return value


def _remote_file_host(iri: str) -> str:
    """The host a `file:` IRI names when it is not this computer ("" for any other IRI)."""
    parsed = urlparse(iri)
    host = parsed.netloc if parsed.scheme.lower() == "file" else ""
    return "" if host.lower() in ("", "localhost") else host


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
        host = _remote_file_host(source)
        if host:
            # Read as a path here it would merge with this computer's file of that name.
            raise _Refused(f"its source is a file on another computer ({display_line(host)}), "
                           "which newsread cannot open")
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


def _quote(target: Any, which: str) -> tuple[str, TextQuote]:
    """The source and the passage of one target of a verdict."""
    if not isinstance(target, dict) or not isinstance(target.get("source"), str):
        raise _Refused(f"its {which} target has no source")
    selectors = [s for s in _as_list(target.get("selector")) if isinstance(s, dict)]
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    if quote is None:
        raise _Refused(f"its {which} target has no TextQuoteSelector")
    source = _text(target["source"], f"{which} target's source", MAX_SOURCE, required=True)
    exact = _text(quote.get("exact"), f"{which} quote", MAX_QUOTE, required=True)
    prefix = _text(quote.get("prefix"), f"{which} quote's prefix", MAX_CONTEXT)
    suffix = _text(quote.get("suffix"), f"{which} quote's suffix", MAX_CONTEXT)
    # Offsets are only a hint: a verdict is placed by its quotes in the texts open.
    offsets = _position(next((s for s in selectors if s.get("type") == "TextPositionSelector"), None), exact)
    start, end = offsets or (0, 0)
    return source_from_iri(source), TextQuote(exact, prefix, suffix, start, end)


def _verdict(item: Any) -> ImportedVerdict | None:
    """One item of the document as a verdict to store; None when it is no verdict.

    Raises:
        _Refused: If it is one, but a value of it cannot be stored.
    """
    if not isinstance(item, dict) or VERDICT_KEY not in item:
        return None
    kind = item[VERDICT_KEY]
    if kind not in VERDICTS:
        raise _Refused(f"its verdict is not one of {', '.join(VERDICTS)}")
    targets = _as_list(item.get("target"))
    if len(targets) != 2:
        raise _Refused(f"a verdict has two targets, the sentence of A and that of B, not {len(targets)}")
    (source_a, quote_a), (source_b, quote_b) = _quote(targets[0], "first"), _quote(targets[1], "second")
    bodies = [b for b in _as_list(item.get("body")) if isinstance(b, dict)]
    tier = next((b.get("value") for b in bodies if b.get("purpose") == "tagging"), "same")
    if tier not in TIERS:
        raise _Refused(f"its tier is not one of {', '.join(TIERS)}")
    created = _timestamp(item["created"], "created") if "created" in item else now()
    identifier = item.get("id")
    if isinstance(identifier, str):
        _text(identifier, "id", MAX_SOURCE)
    return ImportedVerdict(source_a, source_b,
                           Verdict(_uuid_of(identifier), 0, 0, quote_a, quote_b, kind, tier, created))


def _named(index: int, item: Any) -> str:
    identifier = item.get("id") if isinstance(item, dict) else None
    if isinstance(identifier, str) and identifier:
        shown = identifier if len(identifier) <= 80 else identifier[:79] + "…"
        return f"annotation {index} ({shown})"
    return f"annotation {index}"


def parse_w3c(data: Any) -> list[Imported]:
    """Read and check every annotation newsread can store from a W3C JSON-LD document (verdicts aside).

    Raises:
        InputError: as `parse_document`.
    """
    return parse_document(data)[0]


def parse_document(data: Any) -> tuple[list[Imported], list[ImportedVerdict]]:
    """Read and check every annotation and every verdict newsread can store from a W3C JSON-LD document.

    An annotation needs a target with a source and a TextQuoteSelector;
    offsets come from a TextPositionSelector when it has usable ones, else
    the annotation is placed by its quote when its article is opened. A
    verdict (an item carrying `newsread:verdict`) needs two such targets.

    Raises:
        InputError: If the document holds nothing newsread can read, or an
            item holds a value that cannot be stored (the sentence says
            which annotation, counting from 1, and why).
    """
    found: list[Imported] = []
    judged: list[ImportedVerdict] = []
    for index, item in enumerate(_items(data), start=1):
        try:
            verdict = _verdict(item)
            entry = _annotation(item) if verdict is None else None
        except _Refused as refused:
            raise InputError(f"{_named(index, item)} cannot be imported: {refused}; nothing was imported.") from None
        if entry is not None:
            found.append(entry)
        if verdict is not None:
            judged.append(verdict)
    if not found and not judged:
        raise InputError("the file holds no W3C Web Annotation with a text quote that newsread can import.")
    return found, judged


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
            if instant(entry.annotation.modified) < instant(kept[key].annotation.modified):
                continue
        kept[key] = entry
    return list(kept.values()), dropped


def import_document(store: Store, text: str) -> ImportSummary:
    """Import a W3C Web Annotation JSON-LD document into the store: all of it, or nothing.

    The whole document is checked first; then every annotation and every
    verdict is written in one transaction (a verdict already there, by id,
    is left as it is). An annotation already there (same id) is replaced only
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
    from annotations.store.verdicts import import_verdicts

    found, judged = parse_document(load_w3c(text))
    entries, repeated = _newest(found)
    counted: list[tuple[int, int]] = []
    changed, unchanged = store.import_annotations(
        ((e.source, e.annotation) for e in entries),
        # In the same transaction: a verdict that cannot be written leaves no annotation written either.
        then=lambda: counted.append(import_verdicts(store, [(v.source_a, v.source_b, v.verdict) for v in judged])))
    return ImportSummary(changed, unchanged, repeated, *counted[0])


def import_w3c(store: Store, text: str) -> tuple[int, int]:
    """`import_document`, returning how many annotations changed and how many were already there."""
    summary = import_document(store, text)
    return summary.changed, summary.unchanged


# -- CSV and Markdown ---------------------------------------------------------
