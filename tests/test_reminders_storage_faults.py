"""Storage faults during a send-out (issue 12, item 1): a full disk or a locked database never
stops the dispatcher. The failure is logged once, nothing sent is sent again in this process,
nothing claimed is lost, and the send-out resumes when writing works again."""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from test_reminders_dispatch import NINE, FakeTelegram, subscribe

from assistant import storage
from assistant.reminders.dispatch import DEFAULT_CONCURRENCY, Backlog, dispatch_due
from assistant.storage.database import Database
from assistant.storage.health import StorageHealth

WRITES = ("INSERT", "UPDATE", "DELETE", "COMMIT")


class FullDisk:
    """Wraps the connection's `execute`: once `fail_after` 'sent' records have been written,
    every write raises SQLITE_FULL (as a full disk does) until `heal()`."""

    def __init__(self, db: Database, fail_after: int) -> None:
        self.db, self.fail_after, self.full, self.refused = db, fail_after, False, 0
        self._execute = db.execute
        db.execute = self.execute  # type: ignore[method-assign]

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        statement = sql.lstrip().upper()
        if self.full and statement.startswith(WRITES):
            self.refused += 1
            raise sqlite3.OperationalError("database or disk is full")
        if "STATUS = 'SENT'" in statement:
            self.fail_after -= 1
            self.full = self.fail_after < 0
            if self.full:
                self.refused += 1
                raise sqlite3.OperationalError("database or disk is full")
        return self._execute(sql, *args)

    def heal(self) -> None:
        self.full, self.fail_after = False, 10**9


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_a_full_disk_pauses_the_send_out_and_loses_nothing(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    subscribe(db, range(1, 201))
    telegram, disk = FakeTelegram(), FullDisk(db, fail_after=30)
    clock = Clock()
    health, backlog = StorageHealth(clock), Backlog()
    kwargs: dict[str, Any] = {"health": health, "backlog": backlog, "batch_size": 50}
    caplog.set_level(logging.INFO)

    first = await dispatch_due(db, NINE, telegram.send, **kwargs)
    assert first.paused and health.failing
    sent_while_full = len(telegram.delivered)
    # Only what was already on its way went out after the first failed write.
    assert sent_while_full <= 31 + DEFAULT_CONCURRENCY
    assert len(backlog) > 0

    again = await dispatch_due(db, NINE + timedelta(seconds=5), telegram.send, **kwargs)
    assert again.paused and len(telegram.delivered) == sent_while_full  # backing off
    clock.now += 100
    still = await dispatch_due(db, NINE + timedelta(seconds=10), telegram.send, **kwargs)
    assert still.paused and len(telegram.delivered) == sent_while_full  # disk still full

    disk.heal()
    clock.now += 100
    passes = 0
    while len(telegram.delivered) < 200 and passes < 10:
        await dispatch_due(db, NINE + timedelta(seconds=20), telegram.send, **kwargs)
        passes += 1
    per_chat = Counter(chat for chat, _, _ in telegram.delivered)
    assert set(per_chat) == set(range(1, 201)) and max(per_chat.values()) == 1
    statuses = dict(db.execute("SELECT status, count(*) FROM deliveries GROUP BY status"))
    assert statuses == {"sent": 200}
    assert db.execute("SELECT count(*) FROM reminders").fetchone()[0] == 200
    assert not health.failing and backlog == {}
    messages = [r.getMessage() for r in caplog.records]
    assert sum("cannot write to the database" in m for m in messages) == 1
    assert sum("takes writes again" in m for m in messages) == 1
    assert disk.refused >= 2  # the failure, and the retry while still full


async def test_a_locked_database_is_a_pause_too(tmp_path: Path) -> None:
    db = storage.open_database(tmp_path, busy_timeout=0.05)
    subscribe(db, range(1, 21))
    telegram, health = FakeTelegram(), StorageHealth(Clock())
    holder = sqlite3.connect(tmp_path / "bot.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    report = await dispatch_due(db, NINE, telegram.send, health=health)
    assert report.paused and telegram.delivered == []
    holder.execute("ROLLBACK")
    health.succeeded()  # as if the backoff had passed
    await dispatch_due(db, NINE, telegram.send, health=health)
    assert len(telegram.delivered) == 20


async def test_a_failure_with_nothing_to_write_down_does_not_stop_the_send_out(
    db: Database,
) -> None:
    """An outage met by a read or another handler leaves no backlog; once the backoff is over
    the next pass's claim finds the database working and the send-out goes on."""
    subscribe(db, range(1, 11))
    telegram, clock = FakeTelegram(), Clock()
    health = StorageHealth(clock)
    health.failed(sqlite3.OperationalError("database is locked"))  # met elsewhere
    assert (await dispatch_due(db, NINE, telegram.send, health=health)).paused  # backing off
    clock.now += 100
    report = await dispatch_due(db, NINE, telegram.send, health=health)
    assert report.sent == 10 and not report.paused and not health.failing
