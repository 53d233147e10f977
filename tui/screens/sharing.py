"""Saving the pair as a web page from the reader (the palette's "Save this comparison as a web page").

The page is what `newsread compare --format html` writes, made from what the
reader shows: the analysis with the verdicts and the annotations placed in
the texts. It is written in the current folder under a name made from the
two headlines, never over another file, and a notification gives its full path.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from annotations.sides import SIDES
from annotations.text import display_text

if TYPE_CHECKING:
    from .reader import ReaderScreen


def save_web_page(screen: ReaderScreen) -> None:
    """Write the page in a thread; say where, or why it could not be written."""
    comparison = screen.comparison
    if comparison is None:
        screen.notify("The page needs the analysis, which is still running: try again once the claims are shown.",
                      title="Not saved", severity="warning", markup=False)
        return
    # A copy of the annotations as they are now: the page is made off the main thread.
    annotations = {side: list(screen.session.placed[side].values()) for side in SIDES}
    orphans = {side: list(screen.session.orphans[side]) for side in SIDES}

    def write() -> None:
        from annotations.analysis.web_page import page_name, web_page, write_new

        folder = "the current folder"
        try:
            folder = str(Path.cwd())
            path = write_new(Path(folder), page_name(comparison), web_page(comparison, annotations, orphans))
        except OSError as error:
            screen.app.call_from_thread(
                screen.notify, f"The web page could not be written in {display_text(folder)} "
                f"({error.strerror or error}).", title="Not saved", severity="error", markup=False)
            return
        screen.app.call_from_thread(screen.notify, f"Saved the comparison as a web page: {display_text(str(path))}",
                                    title="Web page", timeout=10, markup=False)

    screen.run_worker(write, thread=True, group="web-page", exit_on_error=False, description="Writing the web page")
