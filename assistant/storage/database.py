"""The one storage interface: what every query module may call on a database.

Both backends give the same small surface, shaped like `sqlite3.Connection`: `execute(sql,
params)` with `?` placeholders, `executemany`, `in_transaction`, `close`, plus a `lock` (so two
threads' transactions never interleave), the `dialect` (`storage.dialect`) and an `owner`: the
name this open database signs its reminder claims with, new for every open, so two processes
(or two connections in a test) never mistake each other's claims for their own.

SQLite: `connection.SqliteDatabase` (a `sqlite3.Connection`). PostgreSQL:
`postgres.PostgresDatabase` (psycopg 3, imported only when DATABASE_URL is set). Their errors
are `STORAGE_ERRORS`; callers that outlive an outage catch exactly that.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from assistant.storage.dialect import Dialect


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Database(Protocol):
    lock: threading.RLock
    dialect: Dialect
    owner: str

    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Cursor: ...

    def executemany(self, sql: str, seq_of_parameters: Iterable[Sequence[Any]], /) -> Cursor: ...

    def close(self) -> None: ...


class DatabaseRefused(RuntimeError):
    """The database at the configured place is not one this bot can use (empty, foreign,
    newer, unreachable at start); `str()` is one line for the operator."""


class PostgresError(Exception):
    """A PostgreSQL failure (server gone, connection lost, a constraint, bad SQL); `str()` is
    psycopg's message and `sqlstate` its code (None when the server never answered)."""

    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


# What a failing database raises, whichever it is.
STORAGE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, PostgresError)
StorageError = sqlite3.Error | PostgresError


def new_owner() -> str:
    """A name for this open database's claims: host and pid for the operator reading the
    table, and a random part, so a restarted process with a reused pid is someone else."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def safe_url(url: str) -> str:
    """The URL without its password (and query), for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    user = f"{parts.username}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit((parts.scheme, f"{user}{host}{port}", parts.path, "", ""))
