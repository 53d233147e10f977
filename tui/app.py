"""The newsread Textual app: the reader screen, app-wide keys and the command palette."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import signal
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
        # From anywhere, a text field too (Textual's ctrl+c only says to press another key).
        Binding("ctrl+c,ctrl+q", "quit", "Quit from anywhere, a note being written too", show=False,
                priority=True),
        Binding("ctrl+p", "command_palette", "Commands", show=False),
    ]
    WRITTEN_WITHIN = 15.0
    """Seconds a note saved on quitting is waited for (past the database's busy timeout), at most."""

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
        # The `read` command keeps the collector off until here; it stays off
        # until the first frame (`_display`), made of what lives as long as
        # the screen: collecting on the way would be wasted work.
        gc.freeze()
        gc.disable()
        self._collecting = False
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
        if not self.is_headless:
            self._exit_on_signals()

    def _exit_on_signals(self) -> None:
        """SIGTERM and SIGHUP (a closed terminal) end the reader as q does, without asking.

        Python's default would end the process at once: the terminal left in
        the alternate screen with mouse reporting on, the notes database not
        closed. Here the notes are closed and the terminal restored, and a
        note or tags being typed are kept for the next start (nobody is there
        to be asked).
        """
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            if (number := getattr(signal, name, None)) is None:
                continue  # Windows has no SIGHUP
            try:
                loop.add_signal_handler(number, self._closed_from_outside)
            except (NotImplementedError, RuntimeError):
                pass  # an event loop without signal handlers (Windows): the default stays

    def _closed_from_outside(self) -> None:
        """A signal ends the reader: what is being typed is kept in the journal (`Annotator.keep_drafts`)."""
        reader = next((s for s in self.screen_stack if isinstance(s, ReaderScreen)), None)
        if reader is not None:
            reader.annotator.keep_drafts()
        self.exit()

    async def action_quit(self) -> None:
        """Quit (q, ctrl+c, ctrl+q); with a note being written or changes not saved yet, ask once first."""
        from .dialogs import NoteEditor, QuitPrompt

        if isinstance(self.screen, QuitPrompt):
            self.screen.action_answer("save")  # asked already: a second quit key keeps everything
            return
        draft = next((s for s in self.screen_stack if isinstance(s, NoteEditor) and s.changed), None)
        reader = next((s for s in self.screen_stack if isinstance(s, ReaderScreen)), None)
        waiting = reader.annotator.unsaved if reader is not None else 0
        unkept = reader.annotator.unkept if reader is not None else 0
        if draft is None and not waiting:
            self.exit()
            return

        def answered(answer: str | None) -> None:
            if answer == "discard":
                self.exit()
            elif answer == "save" and draft is not None:
                self.run_worker(self._save_and_quit(draft, reader), group="quit", exit_on_error=False)
            elif draft is not None:
                self._back_to(draft)

        self.push_screen(QuitPrompt(draft is not None, waiting, unkept), answered)

    def _back_to(self, screen: Screen) -> None:
        """Close the dialogs above `screen` (a "discard?" over the note editor) without answering them."""
        while self.screen is not screen and len(self.screen_stack) > 1:
            self.pop_screen()

    async def _save_and_quit(self, draft: Screen, reader: ReaderScreen | None) -> None:
        """Save the note being written as ctrl+s does, wait for it to be written (or kept), then quit."""
        from .dialogs import NoteEditor

        self._back_to(draft)
        assert isinstance(draft, NoteEditor)
        draft.action_save()
        if reader is not None:
            # The note's change starts once the editor has closed (its callback). Quit once it is
            # written, or kept in the journal (the database is busy: after a second of trying), or
            # after WRITTEN_WITHIN; never while its editor is open again (refused: the note is there).
            annotator = reader.annotator
            loop = asyncio.get_running_loop()
            start = loop.time()
            started = False
            while loop.time() < start + self.WRITTEN_WITHIN:
                await asyncio.sleep(0.05)
                if isinstance(self.screen, NoteEditor):
                    return
                started = started or annotator.unsaved > 0 or loop.time() > start + 1
                if started and (annotator.unsaved == 0 or (annotator.unkept == 0 and loop.time() > start + 1)):
                    break
        self.exit()

    def open_pair(self, a: str, b: str) -> None:
        """Read the articles `a` and `b` (paths or URLs) in a thread, then show them in place of these."""
        self.run_worker(lambda: self._load_pair(a, b), thread=True, group="open", exit_on_error=False,
                        description="Reading another pair")
        self.notify("Opening the pair…", timeout=2)

    def _load_pair(self, a: str, b: str) -> None:
        from annotations.errors import InputError
        from annotations.sources.articles import load_article

        try:
            # "~/notes/a.txt" as a shell would read it (a URL is left alone).
            path_a, path_b = (os.path.expanduser(path) if path.startswith("~") else path for path in (a, b))
            pair = load_article(path_a, None, self.db_path), load_article(path_b, None, self.db_path)
        except InputError as error:
            self.call_from_thread(self._not_opened, str(error), a, b)
            return
        self.call_from_thread(self.call_later, self._show_pair, pair)

    def _not_opened(self, why: str, a: str, b: str) -> None:
        """Say why the pair did not open, and ask again with both paths as typed, to correct one."""
        from .dialogs import OpenPair

        self.notify(why, title="Not opened", severity="error", markup=False)
        self.push_screen(OpenPair(a, b), lambda pair: self.open_pair(*pair) if pair is not None else None)

    async def _show_pair(self, pair: tuple[Article, Article]) -> None:
        # Each pair opened gets a mode of its own; the one left is closed (where it was is kept)
        # and dropped, except the first, which Textual keeps as its default mode.
        left, mode = self.screen, self.current_mode
        if isinstance(left, ReaderScreen):
            left.leave()
        # The pair left may go now: its analysis was frozen once shown (see reader._settle_memory).
        gc.unfreeze()
        self.pair = pair
        self._opened += 1
        name = f"pair-{self._opened}"
        self.add_mode(name, lambda: ReaderScreen(pair, self.model))
        await self.switch_mode(name)
        if mode != "_default":
            self.remove_mode(mode)

    def _display(self, screen: Screen, renderable) -> None:
        super()._display(screen, renderable)
        if renderable is None or self._collecting:
            return
        # The first frame with something to draw: where a terminal would be written to.
        if self._report_first_paint:
            # Stamped for bench/reader.py and the start-up tests.
            self._report_first_paint = False
            print(json.dumps({"painted": time.time(), "cpu": time.process_time(),
                              "loaded": [m for m in HEAVY_MODULES if m in sys.modules]}), flush=True)
            self.exit()
        # What was made for it lives as long as the screen: the collector starts now.
        self._collecting = True
        gc.enable()

    def get_default_screen(self) -> Screen:
        return ReaderScreen(self.pair, self.model)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's "Keys" panel beside our own "Keys and legend" would be two answers to one question.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        if not isinstance(screen, ReaderScreen):
            return
        from .screens.sharing import save_web_page  # the palette's, loaded when it opens

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
