"""Drawing one wrapped line of an article view: tints, cursor, partners, entities, marks, gutter.

A mixin of `ArticleView`, kept apart so that each module stays small; it
reads the view's state and returns the line as `Content` (the view turns it
into a cached `Strip`).
"""

from __future__ import annotations

from bisect import bisect_left

from textual.content import Content

from annotations.sources.articles import HEADLINE

#: Paragraph kinds shown dimmed: page furniture, never read as claims.
DIM_KINDS = frozenset({"caption", "credit", "meta", "residue"})


class ArticleLines:
    """`_line_content` for `ArticleView`."""

    def _line_content(self, index: int, has_cursor: bool, partners: tuple[int, ...]) -> Content:
        layout = self.layout
        styles = self._styles()
        start, end, paragraph = layout.lines[index]
        if paragraph < 0:
            return Content("")
        content = Content(self._text[start:end])
        kind = self.article.paragraphs[paragraph].kind
        if kind in DIM_KINDS:
            content = content.stylize(styles["dim"], 0, end - start)
        elif kind == HEADLINE:
            content = content.stylize(styles["headline"], 0, end - start)
        first, last = layout.line_units[index]
        mark, mark_style = " ", None
        for unit in range(first, last + 1):
            a, b = self._units[unit]
            left, right = max(a, start) - start, min(b, end) - start
            if unit in self._strength:
                content = content.stylize(styles[f"claim-{self._strength[unit]}"], left, right)
                mark, mark_style = "┃", styles["mark-claim"]
            elif unit in self._only_here and mark == " ":
                mark, mark_style = "┊", styles["mark-only"]
            if unit in partners:
                content = content.stylize(styles["partner"], left, right)
            if has_cursor and unit == self._cursor and self.has_focus:
                # Only the focused pane fills its cursor; the other keeps the pointer
                # alone, so its partner highlight is the one thing that stands out.
                content = content.stylize(styles["cursor"], left, right)
        content = self._stylize_mentions(content, start, end)
        for layer in self._marks:
            style = self._layer(f"mark-{layer}")
            for a, b in self._marks_near(layer, start, end):
                content = content.stylize(style, max(a, start) - start, min(b, end) - start)
        pointer = "▶" if has_cursor and layout.unit_lines[self._cursor][0] == index else " "
        # A sign in the last gutter cell on every line that holds annotated text.
        annotated = bool(self._marks_near("annotation", start, end))
        sign = ("•", self._style("annotated")) if annotated else " "
        gutter = Content.assemble((pointer, styles["pointer"]), (mark, mark_style) if mark_style else mark, sign)
        return gutter + content

    def _stylize_mentions(self, content: Content, start: int, end: int) -> Content:
        styles = self._styles()
        position = max(bisect_left(self._mention_starts, start) - 1, 0)
        for index in range(position, len(self._mentions)):
            mention = self._mentions[index]
            if mention.start >= end:
                break
            if mention.end <= start:
                continue
            left, right = max(mention.start, start) - start, min(mention.end, end) - start
            content = content.stylize(styles[self._mention_kinds[index]], left, right)
            if mention.entity == self._focus_entity:
                content = content.stylize(styles["entity-focus"], left, right)
        return content
