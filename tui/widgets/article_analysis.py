"""Switching a pane from paragraphs to the analysis: sentences as the cursor's units, entities, claims.

`ArticleAnalysis` is mixed into `ArticleView`. On a long article the wrap
costs a tenth of a second or more, so the new layout is prepared in the
analysis worker (`prepare_layout`, which wraps nothing: the text's lines
stay, only the maps between lines and sentences are built) and handed to
`set_analysis` on the main thread, which then only restyles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from .article_layout import ArticleLayout

if TYPE_CHECKING:  # entity linking (and rapidfuzz) is loaded by the analysis worker
    from annotations.analysis.entities import EntityMention


class ArticleAnalysis:
    """`set_analysis` and `prepare_layout` for `ArticleView`."""

    def prepare_layout(self, sentences: Sequence[tuple[int, int]]) -> ArticleLayout | None:
        """The current wrap with `sentences` as units, for `set_analysis`; safe to call from a worker thread.

        Nothing of the pane changes. None before the first wrap.
        """
        layout = self._layout
        return layout.with_units(sentences) if layout is not None else None

    def set_analysis(
        self,
        sentences: Sequence[tuple[int, int]],
        mentions: Sequence[EntityMention],
        strengths: dict[int, int],
        only_here: frozenset[int],
        layout: ArticleLayout | None = None,
    ) -> None:
        """Switch the cursor to sentences and show entities and claims.

        Args:
            sentences: (start, end) offsets of every sentence, in order.
            mentions: entity mentions, in order of offset.
            strengths: tint level (1-3) of each sentence that has a matching claim.
            only_here: sentences that could be claims but match nothing.
            layout: the current wrap with these sentences, prepared off the
                main thread by `prepare_layout`; ignored if the pane has been
                wrapped again since.
        """
        offset = self._units[self._cursor][0] if self._units else 0
        self._units = list(sentences)
        # Imported here: the parser's module is not needed before the analysis.
        from annotations.analysis.parsing import KIND_OF_LABEL

        self._mentions = tuple(sorted(mentions, key=lambda m: m.start))
        self._mention_starts = [m.start for m in self._mentions]
        self._mention_kinds = [KIND_OF_LABEL.get(m.label, "thing") for m in self._mentions]
        self._strength = dict(strengths)
        self._only_here = only_here
        self.analysed = True
        if layout is not None and self._layout is not None and layout.lines is self._layout.lines \
                and layout.units == self._units:
            self._layout = layout
            self._restyle()
        else:
            self._rewrap()
        self._cursor = self.layout.nearest_unit(self.layout.line_of(offset), offset) or 0
