"""Running a batch: read each pair here, analyse it on Dask, write it here.

One process, this one, owns the database: it reads the articles (keeping
fetched pages, as `compare` does), looks each pair up in the analysis cache,
sends the pairs not found there to the Dask workers, and writes every result
(the cache entry, the batch tables, the `--out` line) as it streams back.
The workers never open the database, so they may run on other machines.

A pair is written in one transaction, and a pair already written is only
rewritten, never added twice: when Dask runs a task again because its worker
died, or a run is interrupted and started again, nothing is lost or doubled.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as StillReading
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from annotations.analysis import cache as analysis_cache
from annotations.analysis.analyse import analysis_key
from annotations.analysis.compare_json import to_json
from annotations.analysis.comparison import Comparison
from annotations.batch import tables
from annotations.batch.pairs import PairRow
from annotations.errors import InputError
from annotations.sources.articles import Article, load_article

if TYPE_CHECKING:
    from distributed import Client

#: Articles read ahead of the workers, at once (fetching URLs waits on the network, not the CPU).
READERS = 4
#: Pairs sent to the cluster and not yet written, per worker thread: enough to keep every
#: worker busy while results are written, few enough that memory stays bounded.
IN_FLIGHT_PER_THREAD = 2
#: Pairs read ahead of those sent to the cluster.
READ_AHEAD = 16
#: Seconds at most between a result coming back and its being written, while the
#: runner waits on something else (an article still being read).
WRITE_EVERY = 0.25


@dataclass
class Progress:
    """Where a batch stands."""

    total: int
    """Rows in the pairs file."""
    skipped: int = 0
    """Pairs already done by an earlier run, not analysed again."""
    done: int = 0
    """Pairs analysed (or found in the analysis cache) by this run."""
    failed: int = 0
    """Pairs of this run that could not be analysed, each recorded with its sentence."""
    started: float = field(default_factory=time.monotonic)

    @property
    def finished(self) -> int:
        return self.skipped + self.done + self.failed

    @property
    def per_minute(self) -> float:
        """Pairs this run finished (done or failed) per minute so far."""
        elapsed = time.monotonic() - self.started
        return (self.done + self.failed) * 60 / elapsed if elapsed > 0 else 0.0


@dataclass(frozen=True)
class Analysed:
    """A worker's result: the comparison, how long it took, and which process made it."""

    comparison: Comparison
    seconds: float
    worker_pid: int


def analyse_on_worker(article_a: Article, article_b: Article, model: str | None) -> Analysed:
    """The task sent to a worker (see `worker.analyse_pair`)."""
    from annotations.batch.worker import analyse_pair

    started = time.perf_counter()
    comparison = analyse_pair(article_a, article_b, model)
    return Analysed(comparison, time.perf_counter() - started, os.getpid())


class Cluster:
    """The Dask client of a batch, connected when the first pair needs a worker.

    A run whose pairs are all done already, or all in the analysis cache,
    starts no cluster and loads no pipeline. Use it as a context manager:
    leaving it closes the client, and the local cluster if it started one.

    Args:
        workers: worker processes of the local cluster (default: the number of cores).
        scheduler: the address of a running Dask scheduler (`tcp://host:8786`),
            used instead of a local cluster.
        model: the spaCy pipeline the workers load.
    """

    def __init__(self, workers: int | None = None, scheduler: str | None = None, model: str | None = None) -> None:
        self.workers, self.scheduler, self.model = workers, scheduler, model
        self._stack = ExitStack()
        self._client: Client | None = None

    def client(self) -> Client:
        """The client, connecting (and starting the local cluster) on the first call.

        Every worker, including any that joins or restarts later, loads the
        analysis (`analyse.prepare`) once, before its first pair.

        Raises:
            InputError: when the scheduler cannot be reached or a worker cannot load the pipeline.
        """
        if self._client is None:
            self._client = self._connect()
        return self._client

    def _connect(self) -> Client:
        from distributed import Client, LocalCluster

        from annotations.batch.worker import PLUGIN_NAME, WarmUp

        if self.scheduler:
            try:
                client = self._stack.enter_context(Client(self.scheduler, timeout="15s"))
            except (OSError, TimeoutError) as error:
                raise InputError(
                    f"cannot reach the Dask scheduler at {self.scheduler} ({_first_line(error)})."
                ) from None
        else:
            # One thread per worker: the analysis is CPU-bound Python and spaCy,
            # so threads in one process would only wait on each other. The
            # workers' logs stay off the terminal: a pair's failure is its row's
            # sentence, and at ctrl+c a worker's heartbeat to the scheduler being
            # stopped was logged as an error, traceback and all.
            cluster = self._stack.enter_context(LocalCluster(
                n_workers=self.workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                host="127.0.0.1", dashboard_address=None, silence_logs=logging.CRITICAL,
            ))
            client = self._stack.enter_context(Client(cluster))
        try:
            client.register_plugin(WarmUp(self.model, local=not self.scheduler), name=PLUGIN_NAME)
        except InputError:
            raise
        except Exception as error:  # the worker's own error, whatever it is, in one sentence
            raise InputError(f"the Dask workers could not load the analysis ({_first_line(error)}).") from None
        return client

    def close(self) -> None:
        self._stack.close()
        self._client = None

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0][:200] if text else "") or type(error).__name__


def error_sentence(error: BaseException) -> str:
    """The one sentence recorded for a pair whose analysis failed."""
    if isinstance(error, InputError):
        return str(error)
    name = type(error).__name__
    if name == "KilledWorker":
        return ("the worker processes analysing this pair stopped every time (out of memory, or killed), "
                "so it was given up.")
    if name == "CancelledError":
        return "the analysis of this pair was cancelled."
    return f"the analysis failed ({name}: {_first_line(error)})."


class OutFile:
    """The `--out` JSON lines: one newsread.compare/1 object per pair, each pair once.

    A line is written (and flushed) before its pair's rows are committed, and
    the ids already in the file are read back on a resumed run, so a run
    stopped between the two writes neither drops nor repeats a line.
    """

    def __init__(self, path: Path, fresh: bool) -> None:
        self.path = path
        self.ids: set[str] = set()
        if fresh or not path.exists():
            self._file: IO[str] = path.open("w", encoding="utf-8")
            return
        data = path.read_bytes()
        end = data.rfind(b"\n") + 1  # a line cut short by an interruption is dropped
        for line in data[:end].splitlines():
            try:
                self.ids.add(str(json.loads(line)["pair"]["id"]))
            except (ValueError, KeyError, TypeError):
                continue
        with path.open("r+b") as handle:
            handle.truncate(end)
        self._file = path.open("a", encoding="utf-8")

    def write(self, pair: PairRow, data: dict[str, Any]) -> None:
        if pair.id in self.ids:
            return
        line = {**data, "pair": {"id": pair.id, "row": pair.row, "label": pair.label}}
        self._file.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._file.flush()
        self.ids.add(pair.id)

    def close(self) -> None:
        self._file.close()


def _read_ahead(rows: list[PairRow], load: Callable[[PairRow], tuple[Article, Article] | str],
                ahead: int, meanwhile: Callable[[], None]) -> Iterator[tuple[PairRow, tuple[Article, Article] | str]]:
    """Each row with its two articles (or why they cannot be read), read `ahead` rows in advance.

    While a row is still being read (a page from a slow server), `meanwhile`
    is called every `WRITE_EVERY` seconds.
    """
    pool = ThreadPoolExecutor(READERS, thread_name_prefix="newsread-read")
    queue: deque[tuple[PairRow, Future[tuple[Article, Article] | str]]] = deque()
    pending = iter(rows)
    try:
        for row in pending:
            queue.append((row, pool.submit(load, row)))
            if len(queue) >= ahead:
                break
        while queue:
            row, future = queue.popleft()
            following = next(pending, None)
            if following is not None:
                queue.append((following, pool.submit(load, following)))
            while True:
                try:
                    loaded = future.result(timeout=WRITE_EVERY)
                    break
                except StillReading:  # a slow page: meanwhile, write the results that came back
                    meanwhile()
            yield row, loaded
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def run_batch(
    rows: list[PairRow],
    db_path: Path,
    cluster: Cluster,
    *,
    model: str | None = None,
    max_bytes: int | None = None,
    redo: bool = False,
    out: Path | None = None,
    progress: Callable[[Progress], None] | None = None,
    page: Callable[[PairRow, Comparison], None] | None = None,
) -> Progress:
    """Analyse every pair of `rows` on the cluster of `client` and write the results in `db_path`.

    Args:
        rows: the pairs file's rows (`pairs.read_pairs`).
        db_path: the database: its analysis cache, fetched pages and batch tables.
        cluster: where the pairs are analysed (connected only if a pair needs it).
        model: the spaCy pipeline (None: `compare`'s default).
        max_bytes: refuse articles larger than this (default 20 MB).
        redo: analyse pairs that earlier runs finished too.
        out: also write one newsread.compare/1 object per pair to this JSON-lines file.
        progress: called after each pair with where the batch stands.
        page: called with each analysed pair, as its result is written (`pages.PageFolder.write`).

    Returns:
        Where the batch stood at the end.

    Raises:
        InputError: when the database cannot be used.
        KeyboardInterrupt: when interrupted; every pair finished so far is written.
    """
    from annotations.store.store import Store

    store = Store(db_path)
    db = store.db
    out_file = OutFile(out, fresh=redo) if out is not None else None
    state = Progress(total=len(rows))
    report = progress or (lambda state: None)
    finished = set() if redo else tables.finished_ids(db)
    if out_file is not None:
        finished &= out_file.ids  # a finished pair missing from the --out file is written there too
    in_flight: dict[Any, tuple[PairRow, str]] = {}

    def record_failure(row: PairRow, error: str) -> None:
        tables.write(db, row.id, {"pairs": [tables.failed_row(row, error)]})
        state.failed += 1
        report(state)

    def record(row: PairRow, comparison: Comparison, seconds: float, from_cache: bool) -> None:
        data = to_json(comparison)
        if out_file is not None:
            out_file.write(row, data)
        tables.write(db, row.id, tables.pair_rows(row, comparison, data, seconds, from_cache))
        if page is not None:
            page(row, comparison)
        state.done += 1
        report(state)

    def collect(future: Any) -> None:
        row, key = in_flight.pop(future)
        try:
            if future.status == "finished":
                result: Analysed = future.result()
                analysis_cache.put(db_path, key, result.comparison)
                record(row, result.comparison, result.seconds, from_cache=False)
            else:
                record_failure(row, error_sentence(future.exception()))
        finally:
            future.release()

    def load(row: PairRow) -> tuple[Article, Article] | str:
        try:
            return (load_article(row.source("a"), max_bytes, db_path),
                    load_article(row.source("b"), max_bytes, db_path))
        except InputError as error:
            return str(error)
        except Exception as error:  # one unreadable pair must not stop the batch
            return f"the articles could not be read ({type(error).__name__}: {_first_line(error)})."

    from distributed import as_completed

    streamed: Any = None  # made with the client, which it needs
    window = 0
    todo, bad = [], []
    for row in rows:
        if row.id in finished:
            state.skipped += 1
        elif row.problem:
            bad.append(row)
        else:
            todo.append(row)

    def record_bad_rows() -> None:
        """The rows that cannot be pairs, in one transaction; those recorded by an earlier run are left alone."""
        recorded = tables.recorded_failures(db)
        tables.write_many(db, (
            (row.id, {"pairs": [tables.failed_row(row, row.problem)]}) for row in bad
            if recorded.get(row.id) != (row.row, row.a, row.b, row.label, row.problem)))
        state.failed += len(bad)
        report(state)

    def write_arrived() -> None:
        """Write every result that has come back, without waiting for more."""
        while streamed is not None and streamed.has_ready():
            for future in streamed.next_batch(block=False):
                collect(future)

    report(state)
    try:
        for row, loaded in _read_ahead(todo, load, ahead=READ_AHEAD, meanwhile=write_arrived):
            # Results are written as they come back, whatever else this loop
            # waits on (reading, the cache), not only once the window is full.
            write_arrived()
            if isinstance(loaded, str):
                record_failure(row, loaded)
                continue
            started = time.perf_counter()
            try:
                key = analysis_key(*loaded, model=model)
            except InputError as error:
                record_failure(row, str(error))
                continue
            found = analysis_cache.get(db_path, key, loaded)
            if found is not None:
                record(row, found, time.perf_counter() - started, from_cache=True)
                continue
            client = cluster.client()
            if streamed is None:
                streamed = as_completed()
                window = max(2, IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))
            future = client.submit(analyse_on_worker, *loaded, model, key=f"newsread-pair-{uuid.uuid4().hex}",
                                   pure=False)
            in_flight[future] = (row, key)
            streamed.add(future)
            while len(in_flight) >= window:
                collect(next(streamed))
        for future in streamed or ():
            collect(future)
        record_bad_rows()  # after the pairs that can run: thousands of bad rows delay none of them
    finally:
        if in_flight:  # on a shared cluster, do not leave the interrupted run's pairs running
            with contextlib.suppress(Exception):
                cluster.client().cancel(list(in_flight))
        if out_file is not None:
            out_file.close()
        store.close()
    return state
