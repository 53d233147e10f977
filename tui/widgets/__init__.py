"""The reader's widgets."""

from .article_view import ArticleView
from .detail_bar import DetailBar
from .entity_list import EntityList

__all__ = ["ArticleView", "DetailBar", "EntityList"]
