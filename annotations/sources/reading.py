"""Reading an article's text from where it lives: a file, standard input or a URL.

Bytes are decoded whatever their encoding (see `encodings`), mojibake is
repaired where ftfy is certain, web pages are reduced to their article (see
`html`) and Markdown to readable text (see `markdown`). Whatever was
changed beyond decoding is said in `LoadedText.warnings`. Every failure is an
`InputError` whose message is one sentence naming the input, so the command
line and the reader can show it as it is.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from annotations.errors import InputError
from annotations.paths import loops
from annotations.sources import encodings
from annotations.text import normalise_newlines

#: Inputs larger than this are refused unless the caller raises the limit.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: How standard input is named in messages, and its `source`.
STDIN = "standard input"
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class LoadedText:
    """The decoded text of one input, before it is structured into an article."""

    source: str
    """The path or URL as the user gave it (resolved for files)."""
    text: str
    """The text to read: decoded with line endings normalised to LF, and for
    web pages and Markdown the readable text extracted or rendered from them."""
    encoding: str = "utf-8"
    """The encoding the bytes were decoded from (a Python codec name)."""
    format: str = "text"
    """"text", "markdown" or "html": what the input was."""
    title: str = ""
    """The headline the page declared (web pages), also the first line of `text`."""
    byline: str = ""
    date: str = ""
    warnings: tuple[str, ...] = field(default=())
    """Sentences for the user: the encoding when not UTF-8, repairs made."""


#: Bytes read at a time: the buffer never grows with the limit, only with the input.
READ_CHUNK = 1024 * 1024


def read_capped(stream: BinaryIO, max_bytes: int) -> bytes:
    """Read `stream` to its end, but never more than `max_bytes` + 1 bytes.

    Reads a chunk at a time, so a high limit costs nothing on a small input
    (reading `max_bytes` at once would allocate that much first). More than
    `max_bytes` bytes in the result means the input is over the limit.
    """
    parts: list[bytes] = []
    size = 0
    while size <= max_bytes:
        chunk = stream.read(min(READ_CHUNK, max_bytes + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def is_url(spec: str) -> bool:
    """Whether `spec` names a web page (http or https) rather than a file."""
    return re.match(r"(?i)https?://", spec) is not None


def _too_large(name: str, size: int | None, max_bytes: int) -> InputError:
    what = f"{name} is {size / 1048576:.1f} MB, over" if size else f"{name} is over"
    return InputError(f"{what} the {max_bytes / 1048576:g} MB limit (raise it with --max-size).")


def looks_like_html(data: bytes) -> bool:
    """Whether bytes of unknown kind (standard input, a .txt file) are an HTML page."""
    return _HTML_START.match(data[:4096]) is not None


def from_bytes(
    data: bytes,
    name: str,
    source: str,
    kind: str = "text",
    declared: str | None = None,
    url: str | None = None,
) -> LoadedText:
    """Turn an input's bytes into the text newsread reads.

    Args:
        data: the raw bytes.
        name: how the input is named in messages.
        source: what `LoadedText.source` records (resolved path, URL...).
        kind: "text", "markdown" or "html".
        declared: a charset the source declared (HTTP Content-Type).
        url: the page's URL, for web pages.

    Raises:
        InputError: when the bytes are not a usable article.
    """
    if kind == "text" and looks_like_html(data):
        kind = "html"
    if kind == "html":
        # Only for web pages: a text file need not wait for the extractor's module.
        from annotations.sources import html as html_extract

        declared = declared or html_extract.declared_charset(data)
    decoded = encodings.decode_bytes(data, name, declared)
    warnings: list[str] = []
    if decoded.replaced:
        some = ("one byte that is not; it was" if decoded.replaced == 1
                else f"{decoded.replaced} bytes that are not; each was")
        warnings.append(f"{name} is UTF-8 but for {some} replaced by �.")
    elif not decoded.is_utf8:
        warnings.append(f"{name} is not UTF-8; it was read as {encodings.encoding_name(decoded.encoding)}.")
    text = normalise_newlines(decoded.text)
    repaired = encodings.repair_mojibake(text)
    if repaired is not text:
        example = encodings.first_mojibake(text)
        warnings.append(f"{name} had characters garbled by a wrong encoding (such as “{example}”); "
                        "newsread repaired them.")
        text = repaired
    title = byline = date = ""
    if kind == "html":
        page = html_extract.extract(text, name, url)
        text, title, byline, date = page.text, page.title, page.byline, page.date
    elif kind == "markdown":
        from annotations.sources.markdown import lost_text, render_article

        rendered, title, byline = render_article(text)
        if lost_text(text, rendered):
            warnings.append(f"{name} is nested too deeply to read as Markdown; it is shown as plain text.")
            kind, title, byline = "text", "", ""
        else:
            text = rendered
        if not text.strip():
            raise InputError(f"{name} holds only Markdown markup, no text.")
    if not text.strip():  # bytes.strip() above left Unicode spaces (U+00A0, U+3000, U+2028...)
        raise InputError(f"{name} holds only spaces, no text.")
    return LoadedText(source=source, text=text, encoding=decoded.encoding, format=kind,
                      title=title, byline=byline, date=date, warnings=tuple(warnings))


def _kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


def read_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedText:
    """Read a text, Markdown or HTML file.

    Args:
        path: the file to read.
        max_bytes: refuse files larger than this.

    Raises:
        InputError: when the file is missing, a directory, unreadable, too
            large, empty, binary, not decodable, or a page with no article.
    """
    p = Path(path)
    name = str(path)
    if loops(p):
        raise InputError(f"{name} is a symbolic link that leads back to itself, not an article file.")
    if not p.exists():
        raise InputError(f"{name} does not exist.")
    if p.is_dir():
        raise InputError(f"{name} is a directory, not an article file.")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise _too_large(name, size, max_bytes)
        with p.open("rb") as handle:
            # A FIFO or device has no size: never read more than the limit.
            data = read_capped(handle, max_bytes)
    except PermissionError:
        raise InputError(f"{name} cannot be read (permission denied).") from None
    except OSError as error:
        raise InputError(f"{name} cannot be read ({error.strerror or error}).") from None
    if len(data) > max_bytes:
        raise _too_large(name, None, max_bytes)
    return from_bytes(data, name, str(p.resolve()), _kind_of(p))


def read_stdin(max_bytes: int = DEFAULT_MAX_BYTES, stream: BinaryIO | None = None) -> LoadedText:
    """Read one article piped in on standard input: plain text, or an HTML page.

    Args:
        max_bytes: refuse input larger than this.
        stream: where to read from; standard input's bytes by default.

    Raises:
        InputError: when the input is too large, empty, binary or undecodable.
    """
    if stream is None:
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError(f"{STDIN} is a terminal: pipe an article into newsread to read it with '-'.")
        stream = sys.stdin.buffer
    try:
        data = read_capped(stream, max_bytes)
    except OSError as error:
        raise InputError(f"{STDIN} cannot be read ({error.strerror or error}).") from None
    if len(data) > max_bytes:
        raise _too_large(STDIN, None, max_bytes)
    return from_bytes(data, STDIN, STDIN)


def read_url(
    url: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float | None = None,
    db: Path | None = None,
) -> LoadedText:
    """Fetch a web page and read the article on it.

    The page is kept in the database; when it cannot be fetched later (no
    network, a server error), the kept copy is read instead, with a warning.

    Args:
        url: an http(s) URL.
        max_bytes: refuse pages larger than this.
        timeout: seconds to wait for the server.
        db: the database that keeps pages (default: the user's database).

    Raises:
        InputError: one sentence naming the URL when the page cannot be
            fetched (and no copy was kept) or holds no article.
    """
    from annotations.paths import default_db_path
    from annotations.sources import pages
    from annotations.sources.fetching import DEFAULT_TIMEOUT, Unreachable, fetch

    db = db or default_db_path()
    warning = None
    try:
        page = fetch(url, max_bytes, timeout or DEFAULT_TIMEOUT)
    except Unreachable as error:
        kept = pages.saved(url, db)
        if kept is None:
            raise
        page, fetched = kept
        when = fetched.replace("T", " ").replace("+00:00", " UTC")
        warning = f"{str(error).rstrip('.')}; newsread shows the copy it saved on {when}."
    loaded = from_bytes(page.data, url, url, page.kind, page.charset, page.final_url)
    if warning:
        return replace(loaded, warnings=(warning, *loaded.warnings))
    pages.keep(page, db)
    return loaded


def read_source(spec: str, max_bytes: int | None = None, db: Path | None = None) -> LoadedText:
    """Read the input `spec` names: '-' for standard input, a URL, or a file path.

    Args:
        spec: what the user gave.
        max_bytes: refuse inputs larger than this (default 20 MB).
        db: the database that keeps fetched pages (default: the user's database).
    """
    limit = max_bytes or DEFAULT_MAX_BYTES
    if spec == "-":
        return read_stdin(limit)
    if is_url(spec):
        return read_url(spec, limit, db=db)
    return read_file(spec, limit)
