"""Opening the SQLite file, refusing any file newsread must not write to.

A file that is not SQLite, is damaged, read-only, belongs to another
program or was written by a newer newsread is refused with one sentence and
left untouched: nothing is written to it before every check has passed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.errors import InputError
from annotations.paths import ensure_dirs, loops
from annotations.store.schema import COLUMNS_BY_STEP, MIGRATION_SET, MIGRATIONS_TABLE, known_names

if TYPE_CHECKING:  # sqlite-utils (and numpy with it) is imported by open_database only
    from sqlite_utils import Database

#: How long a write waits for another process's write to finish.
BUSY_TIMEOUT_MS = 10_000
#: Every table newsread makes: those its schema steps create, and the migrations table.
OUR_TABLES = {table for step in COLUMNS_BY_STEP.values() for table in step} | {MIGRATIONS_TABLE}
#: The columns sqlite-utils gives its table of applied migrations.
MIGRATIONS_COLUMNS = frozenset({"migration_set", "name", "applied_at"})
#: Free bytes under which a failed write is put down to a full disk.
NEARLY_FULL = 1024 * 1024


class DatabaseBusy(InputError):
    """Another program holds the database's write lock: trying again later may work."""


class ReadOnlyDatabase(InputError):
    """The database cannot be written; a command that only reads (export) may still open it."""


def _read_only(path: Path) -> bool:
    """Whether `path` (a file or a folder) must not be written to.

    A file or folder with no write permission bit is read-only even to
    root, for whom os.access says yes whatever the bits.
    """
    no_write_bits = not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    return no_write_bits or not os.access(path, os.W_OK)


def check_database(path: Path, read_only: bool = False) -> None:
    """Refuse `path` if newsread must not use it, reading it with plain sqlite3 only.

    Cheap (no sqlite-utils), so the reader runs it before its first paint.
    A missing file is fine: its folder is created, the file is not.

    Args:
        path: The database file.
        read_only: It is only to be read (see `open_read_only`): a file that
            cannot be written is fine, one whose schema is not this
            version's whole schema is not (it would need writing first).

    Raises:
        InputError: If the file must not be used; it is left untouched.
    """
    if loops(path):
        raise InputError(f"the database {path} is a symbolic link that leads back to itself; "
                         "give a real file with --db.")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a database file.")
    if not path.exists():
        try:
            ensure_dirs(path)
        except OSError as error:
            raise InputError(f"cannot create the database {path} ({error.strerror}).") from None
        if _read_only(path.parent) or not os.access(path.parent, os.X_OK):
            raise InputError(f"cannot create the database {path}: its folder is read-only.")
        return
    if not os.access(path, os.R_OK):
        raise InputError(f"cannot read the database {path} (permission denied).")
    if not read_only and (_read_only(path) or _read_only(path.parent) or not os.access(path.parent, os.X_OK)):
        raise ReadOnlyDatabase(
            f"the database {path} is read-only; newsread writes every note as it is made, "
            "so give a writable one with --db."
        )
    # Read only: nothing (not even the journal mode) changes before the file
    # is known to be a newsread database of a version this one knows. SQLite
    # alone opens the file: closing a handle of our own would drop the POSIX
    # locks of this process's open connections to it, and another process
    # could then checkpoint and delete the write-ahead log they still write to.
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.DatabaseError as error:
        raise refusal(path, error) from None
    try:
        objects = conn.execute(
            "select type, name from sqlite_master where type in ('table', 'view', 'trigger') "
            "and name not like 'sqlite\\_%' escape '\\'").fetchall()
        tables = {name for kind, name in objects if kind == "table"}
        columns = {table: {row[1] for row in conn.execute(f"pragma table_info([{table}])")}
                   for table in tables & OUR_TABLES}
        applied = [] if MIGRATIONS_TABLE not in tables or not MIGRATIONS_COLUMNS <= columns[MIGRATIONS_TABLE] \
            else [row[0] for row in conn.execute(
                f"select name from {MIGRATIONS_TABLE} where migration_set = ? order by rowid", [MIGRATION_SET])]
    except sqlite3.DatabaseError as error:
        raise refusal(path, error) from None
    finally:
        conn.close()
    newer = [name for name in applied if name not in set(known_names())]
    if newer:
        raise InputError(
            f"{path} was written by a newer version of newsread (schema step {newer[-1]} "
            "is unknown here); it was left untouched: upgrade newsread or use another --db."
        )
    if read_only and applied != known_names():
        raise InputError(f"the database {path} is read-only and was written by an older newsread, whose "
                         "schema must be brought up to date first: make it writable once, or copy it.")
    foreign = InputError(f"{path} is an SQLite database of another program; it was left untouched.")
    if tables and not applied:
        raise foreign  # a newsread database records its first step as it creates its first table
    for step in applied:
        for table, needed in COLUMNS_BY_STEP.get(step, {}).items():
            if not needed <= columns.get(table, set()):
                raise foreign
    # A trigger can delete or rewrite what newsread writes, a view or table can
    # be what a trigger writes to: none is ours, so the file is not written.
    added = [(kind, name) for kind, name in objects if kind != "table" or name not in OUR_TABLES]
    if added:
        kind, name = added[0]
        raise InputError(
            f"{path} holds a {kind} newsread did not create ({name}), which could change what newsread "
            "writes; it was left untouched: remove it or use another --db."
        )


def refusal(path: Path | None, error: sqlite3.Error) -> InputError:
    """The one sentence for an sqlite3 error met while opening or writing `path`."""
    message = str(error)
    if "file is not a database" in message:
        return InputError(f"{path} is not a newsread database (not an SQLite file); it was left untouched.")
    if "readonly" in message or "read-only" in message:
        return InputError(f"the database {path} is read-only; give a writable one with --db.")
    if "locked" in message or "busy" in message:
        return DatabaseBusy(f"the database {path} is locked by another program; try again when it is done.")
    if "full" in message or ("disk I/O" in message and path is not None and _nearly_full(path)):
        return InputError(
            f"the disk holding the database {path} is full; the database is intact and nothing was "
            "changed (free some space and try again)."
        )
    if "disk I/O" in message:
        return InputError(f"the database {path} could not be read or written (disk I/O error); "
                          "nothing was changed.")
    return InputError(f"{path} is damaged or not a database ({message}); it was left untouched.")


def _nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < NEARLY_FULL
    except OSError:
        return False


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
        raise refusal(path, error) from None
    return db


def open_read_only(path: Path) -> Database:
    """Open `path` to read it only (as an export does): nothing is written, not even the journal mode.

    Raises:
        InputError: If the file must not be used (see `check_database`), or
            is not this version's schema.
    """
    from sqlite_utils import Database

    check_database(path, read_only=True)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        raise refusal(path, error) from None
    return Database(conn, execute_plugins=False)
