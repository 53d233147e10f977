"""The start of a text on one line, for lists and bars: a note may be megabytes long."""

from __future__ import annotations

from annotations.text import display_text

#: Characters of a note's first line shown in the list.
PREVIEW = 80


def preview(text: str, limit: int = PREVIEW) -> str:
    """The start of `text` on one line, at most `limit` characters, safe to show; "…" when cut.

    Only the first few thousand characters are looked at, however long the text.
    """
    head = text[: limit * 4]
    lines = head.strip().splitlines()
    line = " ".join(display_text(lines[0]).split()) if lines else ""
    if len(line) > limit:
        return line[: limit - 1] + "…"
    more = len(lines) > 1 or len(text) > len(head)
    return line + ("…" if more and line else "")
