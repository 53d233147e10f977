"""The thread that owns the notes database: the reader's writes never wait on the UI thread.

Another process (an import, a second reader) may hold SQLite's write lock
for a second or more; a write made on the UI thread would freeze every key
meanwhile. `StoreWriter` runs every database call, in order, on one thread
of its own (sqlite connections belong to the thread that opened them), and
the reader awaits the result: it keeps answering keys meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

T = TypeVar("T")


class StoreWriter:
    """One thread for every call to the store, run in the order submitted."""

    @cached_property
    def _pool(self) -> ThreadPoolExecutor:
        # Made at the first call, after the first paint, which need not wait for its modules.
        from concurrent.futures import ThreadPoolExecutor

        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsread-store")

    def submit(self, call: Callable[[], T]) -> Future[T]:
        """Run `call` on the store's thread after every call submitted before it."""
        return self._pool.submit(call)

    def later(self, call: Callable[[], object]) -> None:
        """Run `call` on the store's thread, not counted as pending; a database error drops it.

        For what is written again soon anyway (where the reader is).
        """
        def run() -> None:
            import sqlite3  # not before the first paint: the store opens after it

            try:
                call()
            except sqlite3.Error:
                pass

        self._pool.submit(run)

    async def run(self, call: Callable[[], T]) -> T:
        """Run `call` on the store's thread and wait for it without blocking the UI."""
        return await asyncio.wrap_future(self.submit(call))

    def close(self, last: Callable[[], object] | None = None, timeout: float = 5.0) -> None:
        """Run `last` (closing the store), wait for every call before it, and stop the thread."""
        if last is not None:
            import sqlite3  # not before the first paint: the store opens after it

            try:
                self._pool.submit(last).result(timeout=timeout)
            except (TimeoutError, sqlite3.Error):
                pass  # every write before it is committed: closing late or badly loses nothing
        self._pool.shutdown(wait=False)
