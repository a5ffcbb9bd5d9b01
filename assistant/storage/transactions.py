"""Explicit write transactions: `with transaction(db): ...` (joins an enclosing one)."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def _rollback(db: sqlite3.Connection) -> None:
    # A failed COMMIT (disk full) can leave the transaction open; a failed statement may
    # already have ended it. Either way the connection must come out of it usable.
    if db.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT; joins an enclosing transaction instead of nesting."""
    lock = getattr(db, "lock", None) or threading.RLock()
    with lock:
        if db.in_transaction:
            yield db
            return
        # IMMEDIATE takes the write lock up front, so read-then-write cannot be raced.
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            _rollback(db)
            raise
