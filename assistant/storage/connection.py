"""Open the database: SQLite (one file, WAL journal) or, with a URL, PostgreSQL (`postgres`);
explicit transactions, schema brought up to date.

The database is the source of truth for everything that must survive a restart (or a kill -9):
chat settings, reminder subscriptions, delivery records, and anonymous usage counts.

Files are private to the bot's user: the data directory is created 0700 and the database 0600
(SQLite gives its -wal and -shm files the database's permissions). A new database is made
under a temporary name and renamed into place once its schema is complete, so a crash while
creating it never leaves an empty file behind; an empty or foreign file found at start is
refused (`DatabaseRefused`) rather than silently used.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from assistant.storage import migrations
from assistant.storage.database import Database, DatabaseRefused, new_owner
from assistant.storage.dialect import SQLITE
from assistant.storage.migrations import migrate

DB_FILENAME = "bot.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"
# How long one statement waits for another process's write lock before failing with
# "database is locked". Short on purpose: every statement runs on the bot's event loop, so a
# long wait would freeze answers too. Callers treat the failure like any storage error.
BUSY_TIMEOUT = 2.0


__all__ = ["DatabaseRefused", "SqliteDatabase", "open_database", "private_dir"]


class SqliteDatabase(sqlite3.Connection):
    """A connection with the storage interface (`storage.database.Database`): a lock, so
    transactions from two threads never interleave, the dialect, and the claims' owner."""

    dialect = SQLITE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lock = threading.RLock()
        self.owner = new_owner()


def private_dir(path: Path) -> None:
    """Create `path` (and parents) as 0700; an existing directory keeps its permissions."""
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)  # mkdir's mode is filtered by the umask


def _where(path: Path) -> str:
    return f"the database {path.name} in BOT_DATA_DIR {str(path.parent)!r}"


def _check_existing(path: Path) -> None:
    """Refuse a file that is empty or not SQLite: using it would start silently empty."""
    size = path.stat().st_size
    if size == 0:
        raise DatabaseRefused(
            f"{_where(path)} is empty (0 bytes), not a bot database; move it away or restore a "
            "backup"
        )
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise DatabaseRefused(f"{_where(path)} is not an SQLite database; move it away")


def _check_ours(db: sqlite3.Connection, path: Path) -> None:
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    tables = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if version == 0 and tables:
        raise DatabaseRefused(f"{_where(path)} is another program's SQLite database; move it away")
    if version > len(migrations.MIGRATIONS):
        raise DatabaseRefused(
            f"{_where(path)} was written by a newer version of the bot (schema {version})"
        )


def _connect(path: Path, busy_timeout: float) -> SqliteDatabase:
    db = sqlite3.connect(
        path,
        factory=SqliteDatabase,
        check_same_thread=False,
        # Autocommit mode: transactions are explicit (see `transaction`), never implicit.
        isolation_level=None,
        timeout=busy_timeout,
    )
    assert isinstance(db, SqliteDatabase)
    db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    return db


def _create(path: Path) -> None:
    """A complete new database at `path`, made aside and renamed into place."""
    fresh = path.with_name(f".{path.name}.new")
    with contextlib.suppress(FileNotFoundError):
        fresh.unlink()
    os.close(os.open(fresh, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    db = _connect(fresh, BUSY_TIMEOUT)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        migrate(db)
    finally:
        db.close()
    os.replace(fresh, path)


def open_database(
    data_dir: Path | None = None, *, url: str | None = None, busy_timeout: float = BUSY_TIMEOUT
) -> Database:
    """The bot's database, schema up to date: PostgreSQL at `url` (DATABASE_URL) when given,
    else SQLite in `<data_dir>/bot.sqlite3` (created if needed).

    Raises `DatabaseRefused` (one line) for an empty, foreign or newer database, or a
    PostgreSQL server that cannot be used; `OSError` for a directory the bot cannot use."""
    if url is not None:
        from assistant.storage.postgres import open_postgres  # psycopg only when asked for

        return open_postgres(url)
    if data_dir is None:
        raise TypeError("open_database needs a data directory or a URL")
    return _open_sqlite(data_dir, busy_timeout)


def _open_sqlite(data_dir: Path, busy_timeout: float) -> SqliteDatabase:
    private_dir(data_dir)
    path = data_dir / DB_FILENAME
    if path.exists():
        _check_existing(path)
    else:
        _create(path)
    os.chmod(path, 0o600)
    db = _connect(path, busy_timeout)
    try:
        _check_ours(db, path)
        db.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL loses nothing on a process crash (kill -9), only on power loss.
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        migrate(db)
    except BaseException:
        db.close()
        raise
    return db
