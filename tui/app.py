"""The newsread Textual app: the reader screen, app-wide keys and the command palette."""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from annotations.sources.articles import Article

from .screens.reader import ReaderScreen

FIRST_PAINT_ENV = "NEWSREAD_EXIT_AFTER_FIRST_PAINT"
"""Set (to anything but empty) to run headless, report the first frame on stdout and exit."""
HEAVY_MODULES = ("numpy", "sqlite_utils", "spacy")
"""Modules that must not be loaded before the first frame (each costs tens of milliseconds or more)."""


class NewsreadApp(App[None]):
    """Read two articles side by side."""

    TITLE = "newsread"
    # Absolute, so that a subclass defined elsewhere finds it too.
    CSS_PATH = Path(__file__).with_name("newsread.tcss")
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("ctrl+p", "command_palette", "Commands", show=False),
    ]

    def __init__(
        self, pair: tuple[Article, Article], model: str | None = None, db_path: Path | None = None
    ) -> None:
        """Args:
        pair: the two articles, A and B.
        model: the spaCy pipeline to analyse them with (None: the default).
        db_path: the annotations database (kept for the annotation features).
        """
        super().__init__()
        # Everything loaded so far (modules, the articles) lives as long as the
        # app: freezing it keeps the collector from walking it again, which
        # would otherwise cost a ~25 ms pause in the middle of the first paint.
        # The `read` command keeps the collector off until here.
        gc.freeze()
        gc.enable()
        self.pair = pair
        self.model = model
        self.db_path = db_path
        self._report_first_paint = bool(os.environ.get(FIRST_PAINT_ENV))

    def _display(self, screen: Screen, renderable) -> None:
        super()._display(screen, renderable)
        if self._report_first_paint and renderable is not None:
            # The first frame with something to draw: where a terminal would be
            # written to. Stamped for bench/reader.py and the start-up tests.
            self._report_first_paint = False
            print(json.dumps({"painted": time.time(), "cpu": time.process_time(),
                              "loaded": [m for m in HEAVY_MODULES if m in sys.modules]}), flush=True)
            self.exit()

    def get_default_screen(self) -> Screen:
        return ReaderScreen(self.pair, self.model)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, ReaderScreen):
            return
        reader = screen
        yield SystemCommand("Switch pane", "Give the keyboard to the other article (tab)", reader.action_switch_pane)
        yield SystemCommand("Link panes", "Scroll both articles together, or each alone (s)", reader.action_toggle_link)
        yield SystemCommand("Entity list", "Every linked entity with its mention counts (e)", reader.action_entities)
        yield SystemCommand("Clear entity", "Stop highlighting the chosen entity (escape)", reader.action_clear_entity)
        yield SystemCommand("Keys and legend", "What the colours mean, and every key (?)", reader.action_help)
        for title, help, action, step in (
            ("Next matched claim", "Jump to the next sentence the other article also reports (])", "claim", 1),
            ("Previous matched claim", "Jump to the previous matched sentence ([)", "claim", -1),
            ("Next sentence found only here", "Jump to the next sentence the other article lacks (})", "only_here", 1),
            ("Previous sentence found only here", "Jump to the previous unmatched sentence ({)", "only_here", -1),
            ("Next mention", "Next mention of the chosen entity (n)", "mention", 1),
            ("Previous mention", "Previous mention of the chosen entity (N)", "mention", -1),
        ):
            yield SystemCommand(title, help, lambda a=action, s=step: getattr(reader.active_view, f"action_{a}")(s))
        for title, help, callback in (
            ("Select a passage", "Start a selection at the current sentence (v)", reader.action_select),
            ("Tag", "Tag the selection, the annotation here or the sentence (t)", reader.action_tag),
            ("Note", "Write or edit the note of the target (a)", reader.action_note),
            ("Delete annotation", "Remove the annotation under the cursor (x)", reader.action_delete_annotation),
            ("Undo", "Undo the last change to the annotations (u)", reader.action_undo),
            ("All annotations", "List, filter and jump to annotations (A)", reader.action_list_annotations),
        ):
            yield SystemCommand(title, help, callback)
