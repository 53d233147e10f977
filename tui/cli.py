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
import sys
from collections.abc import Callable
from pathlib import Path

import click
from click_default_group import DefaultGroup

from annotations.errors import InputError
from annotations.paths import default_db_path, seed_articles
from annotations.sources.articles import Article, load_article
from annotations.text import display_line, escape_json

EXIT_BAD_INPUT = 2


def fail(message: str) -> None:
    """Print one sentence on stderr and exit with status 2."""
    # Messages quote file names and URLs, which may hold terminal escapes.
    click.echo(f"newsread: {display_line(message)}", err=True)
    sys.exit(EXIT_BAD_INPUT)


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
        pair = load_article(paths[0], max_size, db_path), load_article(paths[1], max_size, db_path)
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
max_size_option = click.option(
    "--max-size", type=click.IntRange(min=1), default=None, metavar="MB",
    help="Refuse articles larger than this many megabytes (default 20).",
)


db_option = click.option(
    "--db", "db_path", type=click.Path(path_type=Path), default=None, metavar="PATH",
    help="The annotations database (default: $NEWSREAD_DB, else newsread.db in the user data folder).",
)


def open_store(db_path: Path | None, must_exist: bool = False):
    """The annotation store at `db_path` (default: `default_db_path()`), or fail."""
    # Imported here so that commands without a database never load sqlite-utils.
    from annotations.store.store import Store

    path = db_path or default_db_path()
    if must_exist and not path.exists():
        fail(f"there is no database at {path} yet: nothing has been annotated.")
    try:
        return Store(path)
    except InputError as error:
        fail(str(error))
        raise  # unreachable: fail() exits


def _megabytes(value: int | None) -> int | None:
    return value * 1024 * 1024 if value else None


@click.group(cls=DefaultGroup, default="read", default_if_no_args=True)
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
    app = NewsreadApp(pair, model=model, db_path=db_path or default_db_path())
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
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A report to read, or the newsread.compare/1 JSON.")
@model_option
@max_size_option
@db_option
def compare(articles: tuple[str, ...], fmt: str, model: str | None, max_size: int | None,
            db_path: Path | None) -> None:
    """Compare two articles: shared entities, matching claims, what only one says."""
    _print_comparison(load_pair(articles, _megabytes(max_size), db_path), model, fmt,
                      db_path or default_db_path())


def _print_comparison(pair: tuple[Article, Article], model: str | None, fmt: str,
                      cache: Path | None = None) -> None:
    from annotations.analysis.analyse import analyse
    from annotations.analysis.compare_json import to_json
    from annotations.analysis.report import render_report

    try:
        result = analyse(*pair, model=model, progress=progress_printer(), cache=cache)
    except InputError as error:
        finish_progress()
        fail(str(error))
        return
    finish_progress()
    if fmt == "json":
        click.echo(escape_json(json.dumps(to_json(result), ensure_ascii=False)))
    else:
        click.echo(render_report(result), nl=False)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["w3c", "csv", "markdown"]), default="w3c",
              show_default=True,
              help="W3C Web Annotation JSON-LD, CSV, or a Markdown report of the passages.")
@click.option("--tag", default=None, metavar="TAG", help="Only annotations with this tag ('#TAG' as in the reader).")
@db_option
def export(fmt: str, tag: str | None, db_path: Path | None) -> None:
    """Write the annotations in the database to standard output."""
    from annotations.store.exports import exported, render_export

    if tag is not None and tag.startswith("#"):
        tag = tag[1:]  # the reader's filter syntax
    with open_store(db_path, must_exist=True) as store:
        text = render_export(exported(store, tag), fmt)
    click.echo(text, nl=False)


@cli.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@db_option
def import_(file: str, db_path: Path | None) -> None:
    """Read annotations from a W3C Web Annotation JSON-LD FILE ('-': standard input).

    Importing the same file again changes nothing.
    """
    from annotations.store.exports import import_w3c

    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as error:
        fail(f"cannot read {file} ({error.strerror}).")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        fail(f"{file} is not UTF-8 text, so not W3C JSON-LD.")
        return
    with open_store(db_path) as store:
        try:
            changed, unchanged = import_w3c(store, text)
        except InputError as error:
            fail(f"{file}: {error}")
            return
    click.echo(f"newsread: imported {changed} annotations ({unchanged} already there).", err=True)


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
