"""Finding out how an article's bytes are encoded, and repairing mojibake.

UTF-8 (with or without a byte-order mark) is tried first because it is what
almost every file is; UTF-16 and UTF-32 are recognised by their byte-order
mark or, for UTF-16 without one, by its pattern of zero bytes. Text that is
UTF-8 but for a few stray bytes (more UTF-8 characters beyond ASCII than
bytes that are not UTF-8) is read as UTF-8 with those bytes replaced, as a
person would read it: a legacy code page would decode every byte, and
garble every other character. Anything else is left to charset-normalizer,
with Windows-1252 preferred whenever it reads the bytes as well as the
detector's first choice (the detector often names a Baltic or Central
European code page for Western text).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cache

from annotations.errors import InputError

# Longest mark first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: How each encoding is named to the user; any other keeps the codec's name.
_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 (little-endian)",
    "utf-16-be": "UTF-16 (big-endian)",
    "utf-32": "UTF-32",
    "cp1252": "Windows-1252",
}


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, and the encoding it was decoded from."""

    text: str
    encoding: str
    """A Python codec name: "utf-8", "utf-8-sig", "utf-16", "cp1252"..."""
    replaced: int = 0
    """Bytes that were not UTF-8 in text read as UTF-8, each replaced by U+FFFD."""

    @property
    def is_utf8(self) -> bool:
        return self.encoding in ("utf-8", "utf-8-sig")


def encoding_name(encoding: str) -> str:
    """The name a person knows an encoding by ("cp1252" is "Windows-1252")."""
    return _NAMES.get(encoding, encoding)


def looks_binary(data: bytes) -> bool:
    """Binary data has frequent NULs or other non-text bytes in its head."""
    head = data[:8192]
    if not head:
        return False
    if head.count(b"\x00") > max(1, len(head) // 100):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(head) // 10


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec of BOM-less UTF-16 text: mostly-ASCII text has a NUL in every other byte."""
    head = data[:8192]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.4 * len(zeros) and other.count(0) <= 0.02 * len(other):
            return codec
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _detect(data: bytes) -> str | None:
    """charset-normalizer's choice, Windows-1252 preferred on a tie; None when nothing is credible."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        # could_be_from_charset lists the code pages that read the bytes identically.
        if "cp1252" in match.could_be_from_charset and match.chaos <= best.chaos + 0.01:
            return "cp1252"
    return best.encoding


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> Decoded:
    """Decode an article's bytes, finding their encoding.

    Args:
        data: the raw bytes.
        name: how the input is named in error messages.
        declared: an encoding the source declared (an HTTP or HTML charset),
            used when it decodes the bytes and no byte-order mark says otherwise.

    Raises:
        InputError: when the bytes are empty, binary, or no supported
            encoding decodes them plausibly.
    """
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, bom_codec)
            if text is not None:
                if not text.strip():
                    raise InputError(f"{name} is empty.")
                return Decoded(text, bom_codec)
    if not data.strip():
        raise InputError(f"{name} is empty.")
    codec16 = _utf16_without_bom(data)
    if codec16:
        text = _strict(data, codec16)
        if text is not None and not looks_binary(text.encode("utf-8", "surrogatepass")):
            return Decoded(text, codec16)
    if looks_binary(data):
        raise InputError(f"{name} is a binary file, not an article.")
    utf8 = _strict(data, "utf-8")
    if utf8 is not None:
        return Decoded(utf8, "utf-8")
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    if declared:
        codec = _codec(declared)
        if codec and codec not in ("utf-8", "utf-8-sig"):
            declared_text = _strict(data, codec)
            if declared_text is not None:
                return Decoded(declared_text, codec)
    codec = _detect(data)
    detected = _strict(data, codec) if codec else None
    if codec is None or detected is None:
        raise InputError(
            f"{name} is not text in any encoding newsread recognises "
            "(it is neither UTF-8, UTF-16 nor a known single-byte encoding)."
        )
    return Decoded(detected, codec)


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with its few stray bytes replaced, when it holds more UTF-8 characters beyond ASCII than stray bytes."""
    # Each byte that is not UTF-8 becomes one lone surrogate: counted exactly, then replaced.
    escaped = data.decode("utf-8", "surrogateescape")
    text, replaced = _STRAY.subn("\ufffd", escaped)
    beyond_ascii = sum(1 for c in escaped if c > "\x7f") - replaced
    if replaced == 0 or beyond_ascii <= replaced:
        return None
    return Decoded(text, "utf-8", replaced)


_STRAY = re.compile("[\udc80-\udcff]")


def _codec(label: str) -> str | None:
    """The Python codec for a declared charset label, or None when unknown.

    Browsers read "iso-8859-1" and "us-ascii" as Windows-1252, and so do we.
    """
    label = label.strip().strip("\"'").lower()
    if label in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso_8859-1", "l1"):
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _mojibake_pattern() -> re.Pattern[str]:
    """UTF-8 read as Windows-1252: what "é", "’" or "€" look like when garbled."""
    chars = [*range(0xA0, 0x180), *range(0x2010, 0x2040), 0x20AC, 0x2122]
    garbled = set()
    for code in chars:
        try:
            garbled.add(chr(code).encode("utf-8").decode("cp1252"))
        except UnicodeDecodeError:
            continue  # a byte Windows-1252 leaves undefined
    return re.compile("|".join(map(re.escape, sorted(garbled, key=len, reverse=True))))


_GARBLED_LEAD = re.compile("[ÂÃÄÅâ]")
"""What every garbled sequence starts with (UTF-8 lead bytes C2-C5 and E2 read as Windows-1252)."""


@cache
def _mojibake() -> re.Pattern[str]:
    # Compiled on first need: most texts fail the cheap `_GARBLED_LEAD` test.
    return _mojibake_pattern()


def _search(text: str) -> re.Match[str] | None:
    return _mojibake().search(text) if _GARBLED_LEAD.search(text) else None


def first_mojibake(text: str) -> str:
    """The first garbled sequence in `text` ("â€™"), or "" when there is none."""
    match = _search(text)
    return match.group() if match else ""


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1252 ("â€™" for "’") where the repair is certain.

    A line is repaired only when it holds a whole garbled sequence (such as
    "â€™" or "Ã©") and ftfy then finds a better reading of it; lines without
    one are never touched, so a lone "Ã" or "Â" in good text stays. Only
    ftfy's encoding fixes are applied: quotes, widths, ligatures and controls
    are left as they are. Returns `text` itself when nothing was repaired.
    """
    if text.isascii() or not _search(text):
        return text
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_encoding=True,
        restore_byte_a0=False, replace_lossy_sequences=False, decode_inconsistent_utf8=True,
        fix_c1_controls=False, fix_latin_ligatures=False, fix_character_width=False,
        uncurl_quotes=False, fix_line_breaks=False, fix_surrogates=False,
        remove_control_chars=False, normalization=None, explain=False,
    )
    lines = text.split("\n")
    fixed = [ftfy.fix_text(line, config) if _search(line) else line for line in lines]
    return text if fixed == lines else "\n".join(fixed)
