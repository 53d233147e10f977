"""Turning bytes into the article text, and text into something safe to show.

The analysed text keeps every character of the file (only line endings are
normalised), so offsets stay exact. What reaches the terminal goes through
`display_text`, which swaps each control or invisible formatting character
for a visible stand-in of the same length: nothing in an article can style,
move or otherwise drive the terminal, and offsets still line up one to one.
"""

from __future__ import annotations

import re

# C0/C1 controls (but newline), DEL, and the characters that change how text
# is laid out or read without being seen: soft hyphen, bidirectional marks,
# overrides and isolates, zero-width spaces and joiners, BOM, tag characters,
# plus surrogates and private-use code points.
_UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff"
    "\ue000-\uf8ff\U000e0000-\U000e007f]"
)
_REPLACEMENT = "\ufffd"
#: Bidirectional controls, each shown as an arrow saying what it did, not as
#: U+FFFD (which reads as a decoding error): ⇀ left-to-right (mark, embedding,
#: override, isolate), ↼ right-to-left (the same, and the Arabic letter mark),
#: ⇌ an isolate taking the direction of its first letter, ↩ the end of one.
_BIDI = {
    **dict.fromkeys((0x200E, 0x202A, 0x202D, 0x2066), "\u21c0"),
    **dict.fromkeys((0x200F, 0x061C, 0x202B, 0x202E, 0x2067), "\u21bc"),
    0x2068: "\u21cc",
    **dict.fromkeys((0x202C, 0x2069), "\u21a9"),
}


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF, and change nothing else."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x09:
        return " "  # a tab's width depends on its column, unknown in a wrapped pane
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture", e.g. ␛ for ESC
    if code == 0x7F:
        return "\u2421"
    return _BIDI.get(code, _REPLACEMENT)


def display_text(text: str) -> str:
    """Return `text` with every unsafe character replaced by a visible stand-in.

    The result has exactly the length of `text`, so offsets computed on one
    are valid on the other.
    """
    return _UNSAFE.sub(_stand_in, text)


def has_unsafe(text: str) -> bool:
    """True when `text` holds a character that `display_text` would replace."""
    return _UNSAFE.search(text) is not None


def display_line(text: str) -> str:
    """`display_text` on one line: a newline is shown as ␊, so a message stays one line.

    For what quotes untrusted names (file names, URLs) in a one-line message.
    """
    return display_text(text).replace("\n", "\u240a")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # JSON spells a character beyond the BMP as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def escape_json(encoded: str) -> str:
    """Escape every unsafe character of a JSON document as \\uXXXX.

    The JSON means exactly the same (unsafe characters only ever occur
    inside its strings), but printing it cannot drive a terminal: C1
    controls, bidirectional overrides and lone surrogates never reach it raw.
    """
    return _UNSAFE.sub(_json_escape, encoded)
