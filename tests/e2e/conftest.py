"""Fixtures for the end-to-end tests: a fake Telegram Bot API server per test, and the storage
backend of the test's bots.

Every test that runs a bot runs twice, on SQLite and on PostgreSQL (`bot_storage`, autouse:
the harness's bots and `harness.open_db` use it). Tests of the fake server itself, and tests
marked `sqlite_only` (the data directory's lock, file permissions, SQLite's write lock), run
once, on SQLite; those marked `postgresql_only` (an outage of the server, several processes
on one database) on PostgreSQL.
"""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from conftest import BACKENDS, Backend, make_backend

from . import harness
from .fake_bot_api import FakeBotApi


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: a test of SQLite's own behaviour")
    config.addinivalue_line("markers", "postgresql_only: a test of PostgreSQL's own behaviour")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "bot_storage" not in metafunc.fixturenames:
        return
    once = metafunc.module.__name__.endswith("test_fake_bot_api") or any(
        mark.name == "sqlite_only" for mark in metafunc.definition.iter_markers()
    )
    if any(mark.name == "postgresql_only" for mark in metafunc.definition.iter_markers()):
        kinds: tuple[str, ...] = ("postgresql",)
    else:
        kinds = ("sqlite",) if once else BACKENDS
    metafunc.parametrize("bot_storage", kinds, indirect=True)


@pytest.fixture(autouse=True)
def bot_storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    with make_backend(getattr(request, "param", "sqlite"), tmp_path) as backend:
        harness.DATABASE_URL = backend.url
        try:
            yield backend
        finally:
            harness.DATABASE_URL = None


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    """A FakeBotApi listening on 127.0.0.1 at a free port, stopped after the test."""
    async with FakeBotApi() as fake:
        yield fake
