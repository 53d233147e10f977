"""The reader paints text before loading spaCy, shows hostile text as plain characters, readable in both themes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.sources.articles import load_article
from annotations.text import display_text
from tui.app import NewsreadApp
from tui.widgets.article_view import ArticleView
from tui.widgets.palette import ENTITY_KINDS

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: this session has imported spaCy already.
FIRST_FRAME = r"""
import json, sys
from tui.app import NewsreadApp
from tui.cli import load_pair

class Probe(NewsreadApp):
    seen = None
    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if self.seen is None and renderable is not None and hasattr(screen, "view"):
            view = screen.view("A")
            self.seen = {
                "spacy": "spacy" in sys.modules,
                "line": view.render_line(0).text,
            }
            self.exit()

app = Probe(load_pair(()))
app.run(headless=True, size=(160, 48))
print(json.dumps(app.seen))
"""


def test_text_is_painted_before_spacy_is_imported():
    result = subprocess.run([sys.executable, "-c", FIRST_FRAME], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["spacy"] is False
    assert "Putin And Xi Say They Need To Oppose" in seen["line"]


HOSTILE = "Markup [bold]inside[/] and \x1b[31mred\x1b[0m text.\n\nSecond [link=http://x]para[/link]\x07 here.\n"


async def test_markup_and_escapes_in_an_article_are_shown_as_plain_characters(tmp_path, seeds, analysed):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    hostile = load_article(str(path))
    app = NewsreadApp((hostile, seeds[1]))
    async with app.run_test(size=(160, 40)) as pilot:
        await analysed(pilot)
        view: ArticleView = app.screen.view("A")
        lines = [view.render_line(y) for y in range(4)]
        shown = "\n".join(line.text[3:].rstrip() for line in lines)
        first = display_text(hostile.text[hostile.paragraphs[0].start:hostile.paragraphs[0].end])
        assert first in shown and "[bold]inside[/]" in shown and "␛[31mred␛[0m" in shown
        assert "[link=http://x]para[/link]␇" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        # "[bold]" styled nothing: "inside" looks like the words around it.
        styles = {seg.text: seg.style for seg in lines[0] if seg.text.strip()}
        assert not any(style.bold for text, style in styles.items() if "inside" in text)
        header = str(app.screen.query(".pane-header").first().render())
        assert "\x1b" not in header


def _contrast(one, two) -> float:
    """WCAG contrast ratio of two colours."""
    def luminance(color) -> float:
        channels = [c / 255 for c in color.rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_entity_colours_are_readable_and_distinct_in_dark_and_light_themes(seeds, theme):
    app = NewsreadApp(seeds)
    async with app.run_test(size=(160, 40)) as pilot:
        app.theme = theme
        await pilot.pause()
        view: ArticleView = app.screen.view("A")
        background = view.get_visual_style().background
        colours = {}
        for kind in ENTITY_KINDS:
            style = view.style_of(kind)
            if style.foreground is None:  # events, things: underlined body text
                assert style.underline, kind
                continue
            assert _contrast(style.foreground, background) >= 3.0, kind
            colours[kind] = (style.foreground.rgb, style.bold, style.underline)
        shown = ("person", "org", "place", "date", "money", "number")
        assert len({colours[kind] for kind in shown}) == len(shown)
