"""What the reader's helper modules need of the `ReaderScreen`, so that they do not import it back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from annotations.sides import Side
from annotations.store.session import AnnotationSession

from ..widgets.article_view import ArticleView
from .annotator import Annotator
from .finder import Finder
from .verdicts import Verdicts

if TYPE_CHECKING:
    from annotations.analysis.comparison import Comparison
    from annotations.sources.articles import Article


class Reader(Protocol):
    """The `ReaderScreen`, as `reader_state` and `reader_tools` see it."""

    pair: tuple[Article, Article]
    model: str | None
    mode: str
    to_review: int
    comparison: Comparison | None
    overviews: dict[str, tuple[Comparison, list[Any]]]
    finder: Finder
    annotator: Annotator
    session: AnnotationSession
    verdicts: Verdicts

    @property
    def app(self) -> Any: ...

    @property
    def is_attached(self) -> bool: ...

    @property
    def linked(self) -> bool: ...

    @property
    def active_view(self) -> ArticleView: ...

    def view(self, side: Side) -> ArticleView: ...

    def set_mode(self, mode: str) -> None: ...

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...

    def post_message(self, message: Any) -> bool: ...

    def query(self, selector: Any = None) -> Any: ...

    def mount(self, *widgets: Any) -> Any: ...
