"""Changes to annotations not yet in the database, kept in a small file beside it until they are.

Another process may hold the database's write lock for longer than the
busy timeout; a change made meanwhile must not be lost, whether the reader
then waits, quits or crashes. Before a change is attempted it is written
here (as the annotation it leaves, the id it removes, or the verdicts it
removes and puts in: replaying it twice gives the same result), and dropped once committed. What is left when the
reader ends is written by `replay` the next time the database is opened.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.store.records import Annotation, from_row, to_row
from annotations.store.verdicts import VerdictChange, apply_change

if TYPE_CHECKING:
    from annotations.store.store import Store


def journal_path(database: Path) -> Path:
    """The journal of the database `database`: a file beside it."""
    return database.with_name(database.name + "-pending.jsonl")


class Journal:
    """The changes not yet committed, one JSON line each.

    Args:
        path: the file (None: kept in memory only, for a database in memory).
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._entries: dict[str, dict[str, Any]] = {}
        self.drafts: list[tuple[str, Annotation]] = []
        """What `replay` wrote of drafts kept when the reader was closed: ("note" or "tags", the annotation)."""
        if path is not None and path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue  # a line cut short by a crash while it was written: never committed
                if isinstance(entry, dict) and isinstance(entry.get("key"), str):
                    self._entries[entry["key"]] = entry

    def put(self, annotation: Annotation, draft: str | None = None) -> str:
        """Keep "`annotation` is in the database as it is here"; returns the key to `drop` it by.

        `draft`: "note" or "tags" for what was still being typed when the reader was closed from
        outside (SIGTERM, a closed terminal): the next start says it was kept (`drafts`).
        """
        return self._keep({"put": to_row(annotation), **({"draft": draft} if draft else {})})

    def delete(self, annotation_id: str) -> str:
        """Keep "the annotation `annotation_id` is removed"."""
        return self._keep({"delete": annotation_id})

    def verdicts(self, change: VerdictChange) -> str:
        """Keep "the verdicts are changed by `change`" (a verdict given, revoked or undone)."""
        return self._keep({"verdicts": change.to_json()})

    def _keep(self, entry: dict[str, Any]) -> str:
        key = str(uuid.uuid4())
        self._entries[key] = {"key": key, **entry}
        if self.path is not None:
            with self.path.open("a", encoding="utf-8") as file:
                file.write(json.dumps(self._entries[key], ensure_ascii=False) + "\n")
                file.flush()
                os.fsync(file.fileno())
        return key

    def drop(self, key: str) -> None:
        """The change `key` is committed (or refused for good): forget it."""
        if self._entries.pop(key, None) is None or self.path is None:
            return
        if not self._entries:
            self.path.unlink(missing_ok=True)
            return
        lines = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in self._entries.values())
        partial = self.path.with_name(self.path.name + ".new")
        partial.write_text(lines, encoding="utf-8")
        partial.replace(self.path)

    def __len__(self) -> int:
        return len(self._entries)

    def replay(self, store: Store) -> int:
        """Write every change kept here to `store`, in order; returns how many were written.

        A change the database still refuses (it is locked again) stays for the next time.
        """
        written = 0
        for key, entry in list(self._entries.items()):
            try:
                if "put" in entry:
                    store.put(entry["put"])
                    if entry.get("draft") in ("note", "tags"):
                        self.drafts.append((entry["draft"], from_row(entry["put"])))
                elif "delete" in entry:
                    store.delete(str(entry["delete"]))
                elif "verdicts" in entry:
                    apply_change(store, VerdictChange.from_json(entry["verdicts"]))
            except sqlite3.OperationalError:
                break  # busy: the rest waits too, in order
            except (sqlite3.Error, KeyError, TypeError, ValueError):
                pass  # a change the database can never take (its article is gone): dropped
            else:
                written += 1
            self.drop(key)
        return written
