"""Explicit write transactions: `with transaction(db): ...` (joins an enclosing one)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager


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
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
