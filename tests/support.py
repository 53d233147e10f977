"""What the tests share beyond fixtures: running the newsread command as a user does,
reading what a database has committed, and waiting on the reader."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
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
) -> subprocess.CompletedProcess:
    """`newsread ARGS` in a fresh interpreter (`python -m tui`), its output captured.

    Args:
        stdin: what is piped in, if anything.
        env: variables set on top of this process's environment.
        text: decode stdout and stderr (else bytes, to check them exactly).
        python: interpreter options before `-m`, such as `-X importtime`.
    """
    return subprocess.run(
        [sys.executable, *python, "-m", "tui", *args],
        input=stdin, capture_output=True, text=text, timeout=timeout, cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


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
