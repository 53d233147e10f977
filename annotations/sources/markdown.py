"""Markdown rendered as plain readable text.

The reader shows, and the analysis reads, the text a person would see:
headings without '#', emphasis without '*' or '_', links as their text,
images as their alt text, list items with a bullet. Every block becomes
one paragraph, blocks separated by a blank line, so offsets into the
rendered text are exact by construction. markdown-it-py (CommonMark, plus
tables and strikethrough) does the parsing.
"""

from __future__ import annotations

import re
from typing import Any

BULLET = "•"
_TAG = re.compile(r"<[^>]*>")
# What Markdown hides on purpose: link targets, reference definitions, tags.
# A byline as Markdown writes it: "*By Sam Reed · 8 February 2024*", on a line of its own near the top.
_BYLINE = re.compile(r"by\s+[^\W\d_][^.!?]{0,100}", re.IGNORECASE)
_HIDDEN = re.compile(r"\]\([^)]*\)|^ {0,3}\[[^\]]+\]:.*$|<[^>]*>", re.MULTILINE)


def _inline(token: Any) -> str:
    """The readable text of an inline token: markup dropped, breaks kept."""
    out: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind == "softbreak":
            out.append(" ")  # a wrapped line of one paragraph
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "image":
            out.append(child.content)  # its alt text
        # html_inline, and the open/close of emphasis, links, strikethrough: nothing
    return "".join(out)


def render_article(source: str) -> tuple[str, str, str]:
    """The plain text of the Markdown `source`, its title and its byline.

    Args:
        source: Markdown, line endings already normalised to LF.

    Returns:
        (text, title, byline): `text` is readable text, one block per
        paragraph, separated by blank lines; `title` is its first block when
        the document opens with a heading, else ""; `byline` is a block of
        the first three that is all emphasis and starts with "By", else "".
    """
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    blocks: list[str] = []
    lists: list[list[Any]] = []  # [ordered?, next number] per open list
    prefix = ""  # the bullet waiting for the first block of a list item
    row: list[str] | None = None
    in_heading = False
    first_is_heading = False
    byline = ""
    for token in parser.parse(source):
        kind = token.type
        if kind in ("heading_open", "heading_close"):
            in_heading = kind == "heading_open"
        if kind == "bullet_list_open":
            lists.append([False, 0])
        elif kind == "ordered_list_open":
            lists.append([True, int(token.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            indent = "  " * (len(lists) - 1)
            ordered, number = lists[-1]
            prefix = f"{indent}{number}. " if ordered else f"{indent}{BULLET} "
            if ordered:
                lists[-1][1] += 1
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            blocks.append("  ".join(cell for cell in (row or []) if cell))
            row = None
        elif kind == "inline":
            text = _inline(token).strip()
            if row is not None:
                row.append(text)
            elif text:
                first_is_heading = first_is_heading or (not blocks and in_heading)
                if not byline and len(blocks) < 3 and not prefix and _is_byline(token, text):
                    byline = text
                blocks.append(prefix + text)
                prefix = ""
        elif kind in ("fence", "code_block"):
            text = token.content.rstrip()
            if text:
                blocks.append(prefix + text)
                prefix = ""
        elif kind == "html_block":
            text = " ".join(_TAG.sub(" ", token.content).split())
            if text:
                blocks.append(prefix + text)
                prefix = ""
    title = blocks[0] if first_is_heading else ""
    return "\n\n".join(blocks), title, byline


def _is_byline(token: Any, text: str) -> bool:
    """Whether an inline token is a byline: wholly emphasised, "By" and a name, no sentence."""
    # markdown-it puts empty text tokens around the emphasis.
    children = [c for c in token.children or () if c.type != "text" or c.content]
    emphasised = len(children) >= 3 and children[0].type in ("em_open", "strong_open") \
        and children[-1].type in ("em_close", "strong_close")
    return emphasised and _BYLINE.fullmatch(text) is not None


def lost_text(source: str, rendered: str) -> bool:
    """Whether rendering dropped the article's words, not just its markup.

    The parser stops at a nesting limit (a guard against hostile input) and
    drops what follows; the words of the rendering are then far fewer than
    those of the source, link targets and tags aside.
    """
    def letters(text: str) -> int:
        return sum(1 for ch in text if ch.isalnum())

    return letters(rendered) < 0.5 * letters(_HIDDEN.sub("", source))
