"""The reader says how an article was read: byline and date above the pane, warnings as a mark and a notification."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from annotations.sources.articles import load_article
from tui.app import NewsreadApp

pytestmark = pytest.mark.anyio
PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"


def header_text(app: NewsreadApp, side: str) -> str:
    return str(app.screen.query_one(f"#pane-{side} .pane-header", Static).render())


async def test_a_windows_1252_page_shows_its_byline_date_and_warning(seeds, analysed, tmp_path):
    page = load_article(str(PAGES / "soxblog-cp1252.html"))
    app = NewsreadApp((page, seeds[1]), db_path=tmp_path / "newsread.db")
    async with app.run_test(size=(160, 40)) as pilot:
        await analysed(pilot)
        a, b = header_text(app, "a"), header_text(app, "b")
        assert "Chris Lee" in a and "2008-12-18" in a and "⚠ 1 warning" in a
        assert "⚠" not in b
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert len(warnings) == 1
        assert "read as Windows-1252" in warnings[0].message and warnings[0].title == "Article A"


async def test_a_file_written_in_windows_1252_is_flagged_and_its_name_is_not_markup(seeds, analysed, tmp_path):
    path = tmp_path / "[red]café.txt"
    path.write_bytes("Le café était fermé à Genève.\n\nLa police a dit « rien ».\n".encode("cp1252"))
    article = load_article(str(path))
    app = NewsreadApp((seeds[0], article), db_path=tmp_path / "newsread.db")
    async with app.run_test(size=(160, 40)) as pilot:
        await analysed(pilot)
        assert "⚠ 1 warning" in header_text(app, "b") and "⚠" not in header_text(app, "a")
        (warning,) = [n for n in app._notifications if n.severity == "warning"]
        assert warning.title == "Article B" and "[red]café.txt" in warning.message
        assert not warning.markup
