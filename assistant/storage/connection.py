"""Open the database: one file, WAL journal, explicit transactions, schema brought up to date.

The database is the source of truth for everything that must survive a restart (or a kill -9):
chat settings, reminder subscriptions, delivery records, and anonymous usage counts.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from assistant.storage.migrations import migrate

DB_FILENAME = "bot.sqlite3"


class Database(sqlite3.Connection):
    """A connection that carries a lock, so transactions from two threads never interleave."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lock = threading.RLock()


def open_database(data_dir: Path) -> sqlite3.Connection:
    """Open (creating if needed) `<data_dir>/bot.sqlite3` and bring its schema up to date."""
    data_dir.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(
        data_dir / DB_FILENAME,
        factory=Database,
        check_same_thread=False,
        # Autocommit mode: transactions are explicit (see `transaction`), never implicit.
        isolation_level=None,
        timeout=10.0,
    )
    db.execute("PRAGMA busy_timeout = 10000")
    db.execute("PRAGMA journal_mode = WAL")
    # In WAL mode NORMAL loses nothing on a process crash (kill -9), only on power loss.
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db
