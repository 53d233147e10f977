"""App-wide messages: what the analysis worker reports to the reader.

Messages that report something finished use the past tense; progress comes
in bursts, so a pending progress message is replaced by the next one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

from annotations.sides import Side

if TYPE_CHECKING:  # the claim matcher is loaded by the worker, not before the first paint
    from annotations.analysis.comparison import Comparison

    from .widgets.article_layout import ArticleLayout


@dataclass
class AnalysisProgressed(Message):
    """The analysis moved on to a new step."""

    step: str
    """What it is doing, in words ("parsing both articles (3/39 paragraphs)")."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, AnalysisProgressed)


@dataclass
class AnalysisFinished(Message):
    """Sentences, entities and claims of both articles are known."""

    comparison: Comparison
    layouts: dict[Side, ArticleLayout | None] = field(default_factory=dict)
    """Each side's wrap with its sentences, prepared by the worker (see `ArticleView.prepare_layout`)."""


@dataclass
class AnalysisFailed(Message):
    """The articles cannot be analysed; they stay readable."""

    reason: str
    """One sentence saying why, for the person at the keyboard."""


@dataclass
class StoreOpened(Message):
    """The notes database is open: the annotations and verdicts of the pair are known."""
