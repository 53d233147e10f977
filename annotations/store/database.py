"""Opening the SQLite file, refusing any file newsread must not write to.

A file that is not SQLite, is damaged, read-only, belongs to another
program or was written by a newer newsread is refused with one sentence and
left untouched: nothing is written to it before every check has passed.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.errors import InputError
from annotations.paths import ensure_dirs
from annotations.store.schema import MIGRATION_SET, MIGRATIONS_TABLE, known_names

if TYPE_CHECKING:  # sqlite-utils (and numpy with it) is imported by open_database only
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
#: How long a write waits for another process's write to finish.
BUSY_TIMEOUT_MS = 10_000
OUR_TABLES = {"articles", "annotations", "analysis_cache", "pages", "pairs", "claims", "conflicts", "entities",
              MIGRATIONS_TABLE}


def check_database(path: Path) -> None:
    """Refuse `path` if newsread must not use it, reading it with plain sqlite3 only.

    Cheap (no sqlite-utils), so the reader runs it before its first paint.
    A missing file is fine: its folder is created, the file is not.

    Args:
        path: The database file.

    Raises:
        InputError: If the file must not be used; it is left untouched.
    """
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a database file.")
    if not path.exists():
        try:
            ensure_dirs(path)
        except OSError as error:
            raise InputError(f"cannot create the database {path} ({error.strerror}).") from None
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise InputError(f"cannot create the database {path}: its folder is read-only.")
        return
    if not os.access(path, os.R_OK):
        raise InputError(f"cannot read the database {path} (permission denied).")
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise InputError(f"{path} is not a newsread database (not an SQLite file); it was left untouched.")
    # A file with no write permission bit is read-only even to root,
    # for whom os.access always says yes.
    no_write_bits = not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    if no_write_bits or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK):
        raise InputError(
            f"the database {path} is read-only; newsread writes every note as it is made, "
            "so give a writable one with --db."
        )
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
        applied = [] if MIGRATIONS_TABLE not in tables else [row[0] for row in conn.execute(
            f"select name from {MIGRATIONS_TABLE} where migration_set = ? order by rowid", [MIGRATION_SET])]
    except sqlite3.DatabaseError as error:
        raise _refusal(path, error) from None
    finally:
        conn.close()
    known = set(known_names())
    newer = [name for name in applied if name not in known]
    if newer:
        raise InputError(
            f"{path} was written by a newer version of newsread (schema step {newer[-1]} "
            "is unknown here); it was left untouched: upgrade newsread or use another --db."
        )
    if tables - OUR_TABLES and not applied:
        raise InputError(f"{path} is an SQLite database of another program; it was left untouched.")


def _refusal(path: Path, error: sqlite3.DatabaseError) -> InputError:
    """The one sentence for an sqlite3 error met while opening `path`."""
    message = str(error)
    if "readonly" in message or "read-only" in message:
        return InputError(f"the database {path} is read-only; give a writable one with --db.")
    if "locked" in message or "busy" in message:
        return InputError(f"the database {path} is locked by another program.")
    return InputError(f"{path} is damaged or not a database ({message}); it was left untouched.")


def open_database(path: Path) -> Database:
    """Open `path` as a newsread database in WAL mode, with a busy timeout.

    Args:
        path: The database file; created, with its folder, if missing.

    Returns:
        The open database (migrations not yet applied).

    Raises:
        InputError: If the file must not be used (see `check_database`); it is left untouched.
    """
    from sqlite_utils import Database

    check_database(path)
    db = Database(path, execute_plugins=False)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.enable_wal()
        db.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as error:
        db.close()
        raise _refusal(path, error) from None
    return db
