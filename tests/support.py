"""What the tests share beyond fixtures: running the newsread command as a user does."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

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
