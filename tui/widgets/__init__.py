"""The reader's widgets, each in the module named for it (`article_view.ArticleView`...).

Nothing is imported here, so that the reader loads only the widgets of its
first frame before painting it (the entity list, for one, loads when opened).
"""
