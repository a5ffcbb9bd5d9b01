"""Explicit write transactions: `with transaction(db): ...` (joins an enclosing one)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager

from assistant.storage.database import STORAGE_ERRORS, Database


def _rollback(db: Database) -> None:
    # A failed COMMIT (disk full) can leave the transaction open; a failed statement may
    # already have ended it. Either way the connection must come out of it usable.
    if db.in_transaction:
        with contextlib.suppress(*STORAGE_ERRORS):
            db.execute("ROLLBACK")


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """BEGIN (IMMEDIATE on SQLite) ... COMMIT; joins an enclosing transaction, never nests."""
    with db.lock:
        if db.in_transaction:
            yield db
            return
        db.execute(db.dialect.begin)
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            _rollback(db)
            raise
