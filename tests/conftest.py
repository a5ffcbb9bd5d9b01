"""Shared fixtures: one loaded assistant for the whole run (loading is the slow part), and the
two storage backends every storage, reminder and end-to-end test runs against.

`backend` is parametrized: "sqlite" (a fresh BOT_DATA_DIR under tmp_path) and "postgresql"
(a fresh schema in the test database, created for the test and dropped after it, so runs can
repeat). PostgreSQL is TEST_DATABASE_URL, else 127.0.0.1:5432, database `test`, user
`postgres` or `root` (trust authentication, as on every machine of this project and on CI).
If it cannot be reached, the run stops with one line saying so: never a silent skip.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest

from assistant import Assistant
from assistant.storage import open_database
from assistant.storage.database import Database

DEFAULT_URLS = (
    "postgresql://postgres@127.0.0.1:5432/test",
    "postgresql://root@127.0.0.1:5432/test",
)
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def assistant() -> Assistant:
    return Assistant.load()


def _reachable_url() -> tuple[str | None, str]:
    """(the first test database URL that answers, why the others did not)."""
    candidates = [os.environ["TEST_DATABASE_URL"]] if os.environ.get("TEST_DATABASE_URL") else []
    problems = []
    for url in candidates or DEFAULT_URLS:
        try:
            with psycopg.connect(url, connect_timeout=3) as conn:
                conn.execute("SELECT 1")
            return url, ""
        except psycopg.Error as error:
            problems.append(f"{url}: {str(error).splitlines()[0]}")
    return None, "; ".join(problems)


_TEST_URL: str | None = None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """PostgreSQL tests fail the whole run, loudly and at once, when it is not there."""
    global _TEST_URL
    wanted = any(
        "postgresql" in getattr(item, "callspec", None).params.values()  # type: ignore[union-attr]
        for item in items
        if getattr(item, "callspec", None) is not None
    )
    if not wanted:
        return
    _TEST_URL, why = _reachable_url()
    if _TEST_URL is None:
        pytest.exit(
            f"PostgreSQL tests cannot run: no test database reachable ({why}). Start "
            "PostgreSQL on 127.0.0.1:5432 (database 'test', trust auth) or set "
            "TEST_DATABASE_URL.",
            returncode=3,
        )


def with_params(url: str, **params: str) -> str:
    joined = "&".join(f"{key}={quote(value, safe='')}" for key, value in params.items())
    return f"{url}{'&' if '?' in url else '?'}{joined}"


@dataclass
class Backend:
    """Where one test's data lives; `open()` is a new connection to it, as a restarted (or a
    second) process would open it."""

    kind: str
    data_dir: Path
    url: str | None = None  # DATABASE_URL, for PostgreSQL

    def open(self) -> Database:
        if self.url is not None:
            return open_database(url=self.url)
        return open_database(self.data_dir)

    def environment(self) -> dict[str, str]:
        """What a `python bot.py` process needs to use this storage."""
        return {"DATABASE_URL": self.url} if self.url else {}


@contextlib.contextmanager
def postgres_schema(tmp_path: Path) -> Iterator[Backend]:
    """A schema of its own in the test database, dropped afterwards with whatever is still
    connected to it (a process the test killed, a connection it left open)."""
    assert _TEST_URL is not None, "pytest_collection_modifyitems checks PostgreSQL first"
    schema = f"t_{uuid.uuid4().hex[:16]}"
    # Commits need not wait for the disk in tests (a crash of the test server loses nothing
    # of value); the bot's own settings are left as they are.
    options = f"-csearch_path={schema} -csynchronous_commit=off"
    url = with_params(_TEST_URL, options=options, application_name=schema)
    admin: psycopg.Connection[Any]
    with psycopg.connect(_TEST_URL, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield Backend("postgresql", tmp_path, url)
        finally:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                "application_name = %s AND pid <> pg_backend_pid()",
                (schema,),
            )
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@contextlib.contextmanager
def make_backend(kind: str, tmp_path: Path) -> Iterator[Backend]:
    if kind == "postgresql":
        with postgres_schema(tmp_path) as backend:
            yield backend
    else:
        yield Backend("sqlite", tmp_path)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    with make_backend(request.param, tmp_path) as made:
        yield made


@pytest.fixture
def db(backend: Backend) -> Iterator[Database]:
    """An open database on `backend`, closed after the test."""
    opened = backend.open()
    yield opened
    opened.close()


def tables(db: Database) -> set[str]:
    """The names of the database's tables, on either backend."""
    if db.dialect.shared:
        sql = (
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    return {str(row[0]) for row in db.execute(sql)}


def columns(db: Database, table: str) -> set[str]:
    """The column names of `table`, on either backend."""
    if db.dialect.shared:
        rows = db.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ?",
            (table,),
        )
        return {str(row[0]) for row in rows}
    return {str(row[1]) for row in db.execute(f"PRAGMA table_info({table})")}
