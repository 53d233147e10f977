"""Reading an article's text from where it lives.

Every failure is an `InputError` whose message is one sentence naming the
input, so the command line and the reader can show it as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .text import normalise_newlines

#: Files larger than this are refused unless the caller raises the limit.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class LoadedText:
    """The decoded text of one input, before it is structured into an article."""

    source: str
    """The path or URL as the user gave it (resolved for files)."""
    text: str
    """The decoded text, line endings normalised to LF."""
    encoding: str = "utf-8"
    """The encoding the bytes were decoded from."""
    format: str = "text"
    """"text" or "markdown": how the text is laid out."""


def _looks_binary(data: bytes) -> bool:
    """A file is binary when NULs or other non-text bytes are frequent in its head."""
    head = data[:8192]
    if not head:
        return False
    if head.count(b"\x00") > max(1, len(head) // 100):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(head) // 10


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode `data` as UTF-8 (with or without BOM); return (text, encoding)."""
    if not data.strip():
        raise InputError(f"{source} is empty.")
    if _looks_binary(data):
        raise InputError(f"{source} is a binary file, not an article.")
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return normalise_newlines(data[3:].decode("utf-8")), "utf-8-sig"
        return normalise_newlines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as error:
        raise InputError(
            f"{source} is not valid UTF-8 text (undecodable byte at offset {error.start})."
        ) from None


def read_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedText:
    """Read a text or Markdown file.

    Args:
        path: the file to read.
        max_bytes: refuse files larger than this.

    Raises:
        InputError: when the file is missing, a directory, unreadable, too
            large, empty, binary or not decodable.
    """
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(f"{name} does not exist.")
    if p.is_dir():
        raise InputError(f"{name} is a directory, not an article file.")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{name} is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:g} MB limit "
                "(raise it with --max-size)."
            )
        data = p.read_bytes()
    except PermissionError:
        raise InputError(f"{name} cannot be read (permission denied).") from None
    except OSError as error:
        raise InputError(f"{name} cannot be read ({error.strerror or error}).") from None
    text, encoding = decode(data, name)
    fmt = "markdown" if p.suffix.lower() in (".md", ".markdown") else "text"
    return LoadedText(source=str(p.resolve()), text=text, encoding=encoding, format=fmt)
