"""A fresh PostgreSQL database per test, for the tests of several processes on one database.

The machine's PostgreSQL (`TEST_DATABASE_URL`, else 127.0.0.1:5432, database `test`, user
`postgres` or `root`, trust authentication) must be running: if it cannot be reached the test
fails, loudly, never skips, so a green run always means the PostgreSQL parts were tested.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

CANDIDATES = (
    "postgresql://postgres@127.0.0.1:5432/test",
    "postgresql://root@127.0.0.1:5432/test",
)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    """A new empty database on the server; its URL. Dropped afterwards, connections and all."""
    name = f"fleet_{uuid.uuid4().hex[:12]}"
    url, admin = _connect()
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield _with_database(url, name)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _connect() -> tuple[str, psycopg.Connection[tuple[object, ...]]]:
    given = os.environ.get("TEST_DATABASE_URL")
    problems = []
    for url in [given] if given else CANDIDATES:
        try:
            return url, psycopg.connect(url, autocommit=True, connect_timeout=5)
        except psycopg.Error as error:
            problems.append(f"{url}: {str(error).strip().splitlines()[0]}")
    pytest.fail(
        f"PostgreSQL is unreachable ({'; '.join(problems)}); these tests need it: start it "
        "(pg_ctlcluster 15 main start) rather than skip them",
        pytrace=False,
    )
