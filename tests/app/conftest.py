"""Fixtures for the reader's Pilot and snapshot tests.

Every app analyses with the real pipeline; the session `nlp` fixture loads
it once, and `analyse()` reuses the loaded pipeline, so each app's analysis
takes a fraction of a second and gives the same result every run.
"""

from __future__ import annotations

import pytest
from support import wait_until
from textual import _wait
from textual.pilot import Pilot
from textual.widgets import Input

from annotations.analysis import pipeline
from tui.screens import reader

# Pilot waits after each key until the process looks idle: no more than
# SLEEP_IDLE of CPU used during a sleep of SLEEP_GRANULARITY (20 ms, at least
# twice a key). The same test of idleness, on a finer grain, lets a test of a
# hundred keys spend its time on the keys instead of on sleeping.
_wait.SLEEP_GRANULARITY = 1 / 200
_wait.SLEEP_IDLE = _wait.SLEEP_GRANULARITY / 20


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def no_settling(monkeypatch) -> None:
    """The reader's one full collection after the analysis is shown is put off.

    In the reader's own process it takes milliseconds; in a test process,
    with spaCy and every test module loaded, a good part of a second for every
    app. `test_once_shown_the_analysis_is_left_alone_by_the_collector...`
    brings it back.
    """
    monkeypatch.setattr(reader, "SETTLE_AFTER", 3600.0)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch) -> None:
    """A blinking cursor (command palette input) would make snapshots flaky."""
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture(autouse=True)
def default_pipeline(monkeypatch, nlp) -> None:
    """The default pipeline, already loaded; a developer's $NEWSREAD_SPACY_MODEL is ignored."""
    monkeypatch.delenv(pipeline.MODEL_ENV, raising=False)


async def wait_for_analysis(pilot: Pilot) -> str:
    """Wait until the reader's analysis has finished or failed; return its state."""
    screen = pilot.app.screen
    await wait_until(pilot, lambda: getattr(screen, "analysis_state", "done") in ("done", "failed"), "the analysis")
    await pilot.pause()
    return screen.analysis_state


@pytest.fixture
def analysed():
    """`await analysed(pilot)`: wait for the reader's analysis to end."""
    return wait_for_analysis


async def wait_for_writes(pilot: Pilot) -> None:
    """Wait for the writes on the store's thread to finish (they never block the keys, so a pause is not enough)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def saved():
    """`await saved(pilot)`: wait for the reader's writes to reach the database."""
    return wait_for_writes
