"""Fixtures for the end-to-end tests: a fake Telegram Bot API server per test."""

from collections.abc import AsyncIterator

import pytest

from .fake_bot_api import FakeBotApi


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    """A FakeBotApi listening on 127.0.0.1 at a free port, stopped after the test."""
    async with FakeBotApi() as fake:
        yield fake
