"""The reader's settings kept across runs: a small JSON file (see `annotations.paths.settings_path`).

Only what a person chooses once and expects to find again (the theme). A
missing or unreadable file is the defaults; writing never fails the reader
(a read-only folder leaves the setting for this run only).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from annotations.paths import settings_path


def load(path: Path | None = None) -> dict[str, Any]:
    """The settings saved, or {} when there are none (or they cannot be read)."""
    try:
        data = json.loads((path or settings_path()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(changes: dict[str, Any], path: Path | None = None) -> bool:
    """Merge `changes` into the settings file, atomically; False when it could not be written."""
    path = path or settings_path()
    data = {**load(path), **changes}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        return False
    return True
