"""What runs on the Dask workers: a warm-up once per worker process, then pairs.

A worker only analyses: it gets two loaded articles and returns the
`Comparison`, touching no database (on another machine the database is not
there). Reading the articles, the analysis cache and every table stay with
the one process that writes them (`run`).

Dask imports this module on every worker, so a cluster's workers need
newsread installed with its Dask extra (`pip install 'newsread[batch]'`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from typing import Any

from distributed import WorkerPlugin

from annotations.analysis import pipeline
from annotations.analysis.analyse import analyse, prepare, shared_pipeline
from annotations.analysis.comparison import Comparison
from annotations.sources.articles import Article

#: The name the warm-up is registered under on the cluster (registering again replaces it).
PLUGIN_NAME = "newsread-warm-up"


class WarmUp(WorkerPlugin):
    """A Dask worker plugin: load what the analysis needs once, as each worker starts.

    Registered with `Client.register_plugin`, it also runs on workers that
    join later or are restarted after a crash.
    """

    name = PLUGIN_NAME

    def __init__(self, model: str | None, local: bool = False) -> None:
        self.model = model
        self.local = local
        """The workers are the batch command's own: ctrl+c is its to handle."""

    async def setup(self, worker: Any) -> None:
        if self.local:
            # ctrl+c reaches every process of the terminal's group: the command
            # stops the cluster in order, and a worker interrupted on its own
            # would only print its traceback first.
            with contextlib.suppress(ValueError):  # not the main thread: nothing to do
                signal.signal(signal.SIGINT, signal.SIG_IGN)
        # Loading takes seconds: off the worker's event loop, so that its
        # heartbeats to the scheduler go on meanwhile.
        await asyncio.get_running_loop().run_in_executor(None, prepare, self.model)


def analyse_pair(article_a: Article, article_b: Article, model: str | None) -> Comparison:
    """Analyse one pair on a worker, exactly as `newsread compare` would (without the cache).

    spaCy keeps every new string it meets in its vocabulary for the life of
    the process; over thousands of pairs that grows without end. A memory
    zone hands the strings of this pair back when it is done, which is safe
    because the analysis keeps plain offsets and strings, never spaCy objects.
    """
    nlp = shared_pipeline(pipeline.choose_model(model))
    zone = getattr(nlp, "memory_zone", None)
    if zone is None:  # spaCy before 3.8
        return analyse(article_a, article_b, model=model)
    with zone():
        return analyse(article_a, article_b, model=model)


def process_id() -> int:
    """The worker's process id (the tests and the benchmark stop or measure workers with it)."""
    return os.getpid()
