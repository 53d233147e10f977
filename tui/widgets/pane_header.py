"""The two lines above a pane: side, warnings and headline, then byline, date, source and length."""

from __future__ import annotations

from pathlib import PurePath

from textual.content import Content

from annotations.sides import Side
from annotations.sources.articles import Article
from annotations.text import display_text


def source_label(source: str) -> str:
    """Where an article came from, as short as says it: a web address whole, a file by its name.

    A file's folder (a package's site-packages for the bundled articles) tells
    the reader nothing and pushes the length out of a narrow pane.
    """
    if "://" in source or source in ("", "-"):
        return source
    return PurePath(source).name or source


def pane_header(article: Article, side: Side) -> Content:
    """The two lines above a pane: side, loading warnings and headline, then byline, date, source and length.

    Warnings are a short mark on the first line, after the side: the ellipsis
    of a narrow pane never hides it, nor does a short terminal, which shows
    the first line only. The reader shows each warning in full when it opens.
    """
    title = display_text(article.title or "(no headline)")
    words = len(article.text.split())
    details = [display_text(detail) for detail in (article.byline, article.date, source_label(article.source))
               if detail]
    line = " · ".join([*details, f"{words:,} words"])
    head = (f"{side} ", "bold $text-primary")
    if not article.warnings:
        return Content.assemble(head, (title, "bold"), "\n", (line, "dim"))
    count = len(article.warnings)
    mark = f"⚠ {count} warning{'s' if count > 1 else ''}"
    return Content.assemble(head, (mark, "bold $text-warning"), " ", (title, "bold"), "\n", (line, "dim"))
