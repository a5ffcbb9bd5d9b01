"""Shared fixtures: one loaded assistant for the whole run (loading is the slow part)."""

from __future__ import annotations

import pytest

from assistant import Assistant


@pytest.fixture(scope="session")
def assistant() -> Assistant:
    return Assistant.load()
