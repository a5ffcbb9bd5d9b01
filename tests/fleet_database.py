"""A fresh PostgreSQL database per test, for the tests of several processes on one database.

The machine's PostgreSQL (127.0.0.1:5432, trust authentication; `FLEET_TEST_DATABASE_URL`
overrides the server to use) must be running: if it cannot be reached the test fails, loudly,
never skips, so a green run always means the PostgreSQL parts were tested.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest

SERVER_URL = os.environ.get("FLEET_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    """A new empty database on the server; its URL. Dropped afterwards, connections and all."""
    name = f"fleet_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(SERVER_URL, autocommit=True, connect_timeout=5)
    except psycopg.Error as error:
        pytest.fail(
            f"PostgreSQL is unreachable at {SERVER_URL} ({error}); these tests need it: start "
            "it (pg_ctlcluster 15 main start) rather than skip them",
            pytrace=False,
        )
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield _with_database(SERVER_URL, name)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
