"""Every place on disk newsread reads or writes, computed and never created here.

`ensure_dirs` is the one function that creates directories; it is called
when the store is opened.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "newsread"
DB_ENV = "NEWSREAD_DB"
SETTINGS_ENV = "NEWSREAD_SETTINGS"


def seeds_dir() -> Path:
    """The folder of the two bundled articles.

    In a wheel they are shipped inside the package; in a source checkout
    they are the `seeds/` folder at the root.
    """
    inside = Path(__file__).resolve().parent / "seeds"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parent.parent / "seeds"


def seed_articles() -> tuple[Path, Path]:
    """The two bundled articles, in name order."""
    files = sorted(p for p in seeds_dir().iterdir() if p.is_file() and not p.name.startswith("."))
    return files[0], files[1]


def data_dir() -> Path:
    """The user's data directory for newsread (platform specific)."""
    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    """The database: $NEWSREAD_DB when set, else newsread.db in the data directory."""
    override = os.environ.get(DB_ENV, "").strip()
    return Path(override).expanduser() if override else data_dir() / "newsread.db"


def settings_path() -> Path:
    """The reader's settings (its theme): $NEWSREAD_SETTINGS when set, else settings.json in the config folder."""
    override = os.environ.get(SETTINGS_ENV, "").strip()
    return Path(override).expanduser() if override else user_config_path(APP_NAME, appauthor=False) / "settings.json"


def ensure_dirs(db_path: Path) -> None:
    """Create the folder that will hold the database."""
    db_path.parent.mkdir(parents=True, exist_ok=True)


def loops(path: Path) -> bool:
    """Whether `path` is a symbolic link that leads back to itself (so names no file)."""
    try:
        os.stat(path)
    except OSError as error:
        return error.errno == errno.ELOOP
    return False
