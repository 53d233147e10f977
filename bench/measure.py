"""Running a command in a fresh process and measuring its wall time and peak memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    """One finished child process."""

    seconds: float
    """Wall time from start to exit."""
    max_rss_kb: int
    """Peak resident memory of the child, from the kernel's accounting."""
    cpu_seconds: float
    """User plus system CPU time of the child: steadier than wall time on a busy machine."""
    stdout: str

    def json(self) -> dict:
        """The last line of stdout, read as JSON (what the helper scripts print)."""
        return json.loads(self.stdout.strip().splitlines()[-1])


def run(argv: list[str], env: dict[str, str] | None = None, check: bool = True) -> Run:
    """Run `argv` in a fresh process; wait4 gives the child's own peak RSS.

    Raises:
        RuntimeError: when `check` and the child fails.
    """
    full_env = {**os.environ, **(env or {})}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=errors, env=full_env, cwd=ROOT)
        # Read stdout to the end before reaping; stderr goes to a file so
        # neither pipe can fill and block the child.
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        child.stdout.close()
        errors.seek(0)
        err = errors.read()
    if check and child.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])}... failed ({child.returncode}): "
                           f"{err.decode(errors='replace')[-500:]}")
    return Run(elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime,
               out.decode("utf-8", errors="replace"))


def python() -> str:
    """The interpreter newsread is installed in (the one running the benchmark)."""
    return sys.executable


def newsread() -> list[str]:
    """The installed `newsread` command, as a user runs it."""
    script = Path(sys.executable).with_name("newsread")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui"]


def counting_app():  # -> textual.app.App, imported only here
    """A bare Textual app whose `j` updates one Static: the peer of a key's time, Textual's own share."""
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        BINDINGS = [("j", "step", "Step")]

        def compose(self):
            yield Header()
            yield Static("0", id="count")
            yield Footer()

        def action_step(self) -> None:
            count = self.query_one("#count", Static)
            count.update(str(int(str(count.render())) + 1))

    return Bare()
