"""PostgreSQL behind the storage interface (DATABASE_URL): psycopg 3, one connection per process.

Like the SQLite connection, every statement runs synchronously on the caller's thread, in
autocommit mode with explicit transactions (`transactions.transaction`). Queries are written
once, SQLite-style; `dialect.postgres_query` turns their `?` into psycopg's `%s`.

Outages. Every psycopg error comes out as `PostgresError` (in `STORAGE_ERRORS`, which the
dispatcher and the handlers already survive). A connection the server dropped (restart,
`pg_terminate_backend`, network) is thrown away; the next statement opens a new one. A
`BEGIN` or a `SELECT` outside a transaction that meets a dead connection is repeated once on a
fresh one, so the first message after a server restart is not lost. While the server cannot
be reached, a new connection is tried at most every few seconds (RECONNECT_*): between tries
statements fail at once instead of each waiting CONNECT_TIMEOUT on the event loop.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus

from assistant.storage import migrations
from assistant.storage.database import (
    Cursor,
    DatabaseRefused,
    PostgresError,
    new_owner,
    safe_url,
)
from assistant.storage.dialect import POSTGRES, postgres_query

CONNECT_TIMEOUT = 2  # seconds; libpq's smallest
RECONNECT_FIRST = 0.5  # seconds before the second try at reconnecting, doubling up to
RECONNECT_MAX = 8.0
# Server-side limits, the counterpart of SQLite's busy timeout: a statement waiting on another
# process's row lock, or running away, fails (and is retried by its caller) rather than
# freezing the event loop.
SESSION_SETTINGS = (
    "SET lock_timeout = '2s'",
    "SET statement_timeout = '15s'",
    "SET idle_in_transaction_session_timeout = '60s'",
)
# A server that vanishes without closing the connection (a network partition) is noticed
# after this many milliseconds of unacknowledged data, not after the kernel's ~15 minutes.
TCP_SETTINGS: dict[str, Any] = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,
}


def _one_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


class PostgresDatabase:
    """One PostgreSQL connection with the storage interface (`storage.database.Database`)."""

    dialect = POSTGRES

    def __init__(self, url: str) -> None:
        self.url = url
        self.lock = threading.RLock()
        self.owner = new_owner()
        self._conn: psycopg.Connection[Any] | None = None
        self._failures = 0  # consecutive failed connection attempts
        self._retry_at = 0.0  # time.monotonic() before which no new attempt is made
        self._closed = False

    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is not None and not self._conn.closed:
            return self._conn
        if self._closed:
            raise PostgresError("the database connection was closed")
        now = time.monotonic()
        if now < self._retry_at:
            raise PostgresError(
                f"the database is unreachable; next try in {self._retry_at - now:.1f} s"
            )
        try:
            conn = psycopg.connect(
                self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT, **TCP_SETTINGS
            )
            for setting in SESSION_SETTINGS:
                conn.execute(setting)
        except psycopg.Error as error:
            self._failures += 1
            backoff = min(RECONNECT_FIRST * 2 ** (self._failures - 1), RECONNECT_MAX)
            self._retry_at = now + backoff
            raise PostgresError(_one_line(error), error.sqlstate) from error
        self._failures, self._retry_at, self._conn = 0, 0.0, conn
        return conn

    def _drop_if_dead(self) -> bool:
        """Forget a connection the server or the network closed; True if it was."""
        conn = self._conn
        if conn is not None and (conn.closed or conn.broken):
            self._conn = None
            conn.close()
            return True
        return False

    def _run(self, run: Any, sql: str, parameters: Any) -> psycopg.Cursor[Any]:
        """`run(query, parameters)` on the connection, retried once on a fresh connection
        when a BEGIN or a plain read found the old one dead (safe: it changed nothing)."""
        query = postgres_query(sql)
        repeatable = not self.in_transaction and sql.lstrip()[:6].upper() in ("BEGIN", "SELECT")
        for attempt in (1, 2):
            conn = self._connection()
            try:
                return run(conn.cursor(), query, parameters)  # type: ignore[no-any-return]
            except psycopg.Error as error:
                dead = self._drop_if_dead()
                if not (dead and repeatable and attempt == 1):
                    raise PostgresError(_one_line(error), error.sqlstate) from error
        raise AssertionError("unreachable")  # pragma: no cover

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Cursor:
        with self.lock:
            return self._run(lambda cur, q, p: cur.execute(q, p), sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Iterable[Sequence[Any]], /) -> Cursor:
        with self.lock:
            return self._run(lambda cur, q, p: cur.executemany(q, p) or cur, sql, seq_of_parameters)

    @property
    def in_transaction(self) -> bool:
        conn = self._conn
        if conn is None or conn.closed:
            return False
        return conn.info.transaction_status in (
            TransactionStatus.INTRANS,
            TransactionStatus.INERROR,
        )

    def close(self) -> None:
        self._closed = True
        if self._conn is not None:
            self._conn.close()
            self._conn = None


_OUR_TABLES = ("reminders", "deliveries", "chat_settings", "misses", "meta")


def _check_ours(db: PostgresDatabase) -> None:
    """Refuse a schema that another program's tables, or a newer bot, already use."""
    where = f"the database in DATABASE_URL ({safe_url(db.url)})"
    (versioned,) = db.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if not versioned:
        taken = [
            name
            for name in _OUR_TABLES
            if db.execute("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()[0]
        ]
        if taken:
            raise DatabaseRefused(
                f"{where} already has a table {taken[0]!r} that is not this bot's; give the bot "
                "its own database or schema"
            )
        return
    version = migrations.schema_version(db)
    if version > len(migrations.MIGRATIONS):
        raise DatabaseRefused(
            f"{where} was written by a newer version of the bot (schema {version})"
        )


def open_postgres(url: str) -> PostgresDatabase:
    """Connect to `url`, check the schema is this bot's, and bring it up to date.

    Raises `DatabaseRefused` (one line, no password) when the server cannot be reached, refuses
    the login, or holds something else."""
    db = PostgresDatabase(url)
    try:
        db.execute("SELECT 1")
        _check_ours(db)
        migrations.migrate(db)
    except PostgresError as error:
        db.close()
        raise DatabaseRefused(
            f"cannot use the PostgreSQL database in DATABASE_URL ({safe_url(url)}): {error}"
        ) from None
    except BaseException:
        db.close()
        raise
    return db
