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

from annotations.paths import default_db_path
from annotations.sources.articles import Article
from annotations.text import display_text

from . import settings
from .screens.reader import ReaderScreen
from .screens.sharing import save_web_page

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
        db_path: the database of notes, verdicts and cached analyses (None: `default_db_path()`).
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
        # One database for the notes and the analysis cache, also when none is named.
        self.db_path = db_path or default_db_path()
        self._report_first_paint = bool(os.environ.get(FIRST_PAINT_ENV))
        self._opened = 0
        theme = settings.load().get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, lambda theme: settings.save({"theme": theme.name}))

    def open_pair(self, a: str, b: str) -> None:
        """Read the articles `a` and `b` (paths or URLs) in a thread, then show them in place of these."""
        self.run_worker(lambda: self._load_pair(a, b), thread=True, group="open", exit_on_error=False,
                        description="Reading another pair")
        self.notify("Opening the pair…", timeout=2)

    def _load_pair(self, a: str, b: str) -> None:
        from annotations.errors import InputError
        from annotations.sources.articles import load_article

        try:
            pair = load_article(a, None, self.db_path), load_article(b, None, self.db_path)
        except InputError as error:
            self.call_from_thread(self.notify, str(error), title="Not opened", severity="error", markup=False)
            return
        self.call_from_thread(self.call_later, self._show_pair, pair)

    async def _show_pair(self, pair: tuple[Article, Article]) -> None:
        # Each pair opened gets a mode of its own; the one left is closed (where it was is kept)
        # and dropped, except the first, which Textual keeps as its default mode.
        left, mode = self.screen, self.current_mode
        if isinstance(left, ReaderScreen):
            left.leave()
        self.pair = pair
        self._opened += 1
        name = f"pair-{self._opened}"
        self.add_mode(name, lambda: ReaderScreen(pair, self.model))
        await self.switch_mode(name)
        if mode != "_default":
            self.remove_mode(mode)

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
        # Textual's "Keys" panel beside our own "Keys and legend" would be two answers to one question.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        if not isinstance(screen, ReaderScreen):
            return
        reader = screen
        for title, help, callback in (
            ("Keys and legend", "What the colours mean, and every key (?)", reader.action_help),
            ("Switch pane", "Give the keyboard to the other article (tab)", reader.action_switch_pane),
            ("Link panes", "Scroll both articles together, or each alone (s)", reader.action_toggle_link),
            ("Highlight", "Claims, differences, entities or nothing (h)", reader.action_cycle_mode),
            ("Search", "Search both articles (/)", reader.action_search),
            ("Claims list", "Every matched claim, filterable; enter jumps (C)", reader.action_claims),
            ("Review the suggestions", "Each likely pair the matcher did not make, the likeliest first: c links, "
             "r rejects, n skips (R)", reader.action_review),
            ("Sentences only one article has", "Each article's lone sentences; enter jumps (L)", reader.action_lone),
            ("Entity list", "Every linked entity with its mention counts (e)", reader.action_entities),
            ("Clear entity", "Stop highlighting the chosen entity (escape)", reader.action_clear_entity),
            ("Copy with source", "The selection or sentence, with headline, source and date (y)",
             reader.action_copy),
            ("Open another pair", "Two files or URLs, in place of these (O)", reader.action_open_pair),
            ("Save this comparison as a web page", "One HTML file to share, with your notes and verdicts, "
             "written in the current folder", lambda: save_web_page(reader)),
        ):
            yield SystemCommand(title, help, callback)
        for title, help, action, step in (
            ("Next matched claim", "Jump to the next sentence the other article also reports (])", "claim", 1),
            ("Previous matched claim", "Jump to the previous matched sentence ([)", "claim", -1),
            ("Next sentence found only here", "Jump to the next sentence the other article lacks (})", "only_here", 1),
            ("Previous sentence found only here", "Jump to the previous unmatched sentence ({)", "only_here", -1),
            ("Next mention", "Next mention of the chosen entity (n)", "mention", 1),
            ("Previous mention", "Previous mention of the chosen entity (N)", "mention", -1),
        ):
            yield SystemCommand(title, help, lambda a=action, s=step: getattr(reader.active_view, f"action_{a}")(s))
        for title, help, what in (
            ("Select a passage", "Start a selection at the current sentence (v)", "select"),
            ("Tag", "Tag the selection, the annotation here or the sentence (t)", "tag"),
            ("Note", "Write or edit the note of the target (a)", "note"),
            ("Delete annotation", "Remove the annotation under the cursor (x)", "delete"),
            ("Undo", "Undo the last change to the annotations (u)", "undo"),
            ("Redo", "Make the last undone change again (ctrl+r)", "redo"),
            ("All annotations", "List, filter and jump to annotations (A)", "list_annotations"),
        ):
            callback = (lambda: reader.annotator.undo(redo=True)) if what == "redo" else \
                (lambda w=what: reader.action_annotate(w))
            yield SystemCommand(title, help, callback)
        for title, help, callback in (
            ("Confirm the pair", "Confirm the pair the detail bar points at (c)", reader.action_confirm_pair),
            ("Reject the pair", "Reject the pair the detail bar points at (r)", reader.action_reject_pair),
            ("Link this sentence", "Link it to a sentence of the other pane: go there, enter (l)",
             reader.action_start_link),
            ("Verdict list", "Every verdict on this pair, rejections too: enter jumps, x revokes (V)",
             reader.action_verdict_list),
            ("Next partner", "Point the detail bar, and c / r, at the sentence's next partner (the key ')')",
             lambda: reader.action_point_partner(1)),
            ("Details of the sentence", "Every partner with its full reasons (i)",
             lambda: reader.action_unfold("details")),
            ("Word diff", "The pair word under word, what differs marked (d)", lambda: reader.action_unfold("diff")),
        ):
            yield SystemCommand(title, help, callback)
        current = (self.pair[0].source, self.pair[1].source)
        for recent in reader.annotator.recent:
            if (recent.source_a, recent.source_b) == current:
                continue
            # Headlines and sources are article text: the palette shows them as plain text.
            name = f"{display_text(recent.title_a or recent.source_a)[:40]} / " \
                   f"{display_text(recent.title_b or recent.source_b)[:40]}"
            yield SystemCommand(f"Open recent: {name}", f"{display_text(recent.source_a)} · "
                                f"{display_text(recent.source_b)} (opened {recent.opened[:10]})",
                                lambda r=recent: self.open_pair(r.source_a, r.source_b))
