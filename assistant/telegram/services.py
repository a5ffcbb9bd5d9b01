"""What the handlers share, kept in `application.bot_data["services"]`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from assistant import Assistant


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    assistant: Assistant
    db: sqlite3.Connection
    # Injected so tests can move time (reminders); always timezone-aware UTC.
    clock: Callable[[], datetime] = utc_now
