"""What the tests share beyond fixtures: running the newsread command as a user does,
reading what a database has committed, and waiting on the reader."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def newsread(
    *args: str,
    stdin: bytes | str | None = None,
    env: Mapping[str, str] | None = None,
    text: bool = False,
    timeout: float = 300,
    python: Sequence[str] = (),
    process: bool = False,
) -> subprocess.CompletedProcess:
    """`newsread ARGS` as a user runs it, its output captured.

    It runs in this process (click's test runner) unless the test is about
    the process itself: starting an interpreter costs more than most
    commands, and this process has the pipeline and encoder loaded already.

    Args:
        stdin: what is piped in, if anything.
        env: variables set on top of this process's environment.
        text: decode stdout and stderr (else bytes, to check them exactly).
        python: interpreter options before `-m`, such as `-X importtime` (implies `process`).
        process: run a fresh interpreter (`python -m tui`): for what only a process shows
            (its imports, signals, file descriptors, exit at a broken stream).
    """
    if process or python:
        return subprocess.run(
            [sys.executable, *python, "-m", "tui", *args],
            input=stdin, capture_output=True, text=text, timeout=timeout, cwd=ROOT,
            env={**os.environ, **(env or {})},
        )
    return _in_process(args, stdin, env, text)


def interruptible() -> None:
    """In a child about to start: ctrl+c (SIGINT) acts as a terminal's would.

    A shell starts a background job with SIGINT ignored, and the child
    inherits that: a test run started that way would see no ctrl+c at all.
    For `preexec_fn`.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _in_process(
    args: Sequence[str], stdin: bytes | str | None, env: Mapping[str, str] | None, text: bool,
) -> subprocess.CompletedProcess:
    """The command run by click's test runner, its result shaped as a finished process's.

    An exception that escapes the command is written to stderr as the
    interpreter would write it, with exit status 1, so a test that says
    "never a traceback" still sees one.
    """
    from click.testing import CliRunner

    from tui.cli import cli

    runner = CliRunner()
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        result = runner.invoke(cli, list(args), input=stdin, env=dict(env or {}), catch_exceptions=True,
                               prog_name="newsread")
    finally:
        os.chdir(here)
    stdout, stderr = result.stdout_bytes, result.stderr_bytes
    code = result.exit_code
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else repr(result.exception)
        stderr += trace.encode("utf-8")
        code = 1
    if text:
        return subprocess.CompletedProcess(args, code, stdout.decode("utf-8", "replace"),
                                           stderr.decode("utf-8", "replace"))
    return subprocess.CompletedProcess(args, code, stdout, stderr)


def committed(path: Path, sql: str) -> list[dict]:
    """The rows of `sql` as another connection sees the database: only what was committed."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(sql)]
    finally:
        conn.close()


async def wait_until(pilot: Any, done: Callable[[], bool], what: str, steps: int = 600) -> None:
    """Let the app's workers run until `done()` holds; fail saying `what` never came."""
    for _ in range(steps):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if done():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{what} did not finish")
