"""The dispatcher: sends what is due, drops chats that blocked the bot, loses nothing to 429s."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, time, timedelta

import pytest

from assistant.reminders import deliveries, store
from assistant.reminders.deliveries import Delivery
from assistant.reminders.dispatch import SendOutcome, backoff, dispatch_due
from assistant.storage.database import Database

NINE = datetime(2026, 5, 1, 9, tzinfo=UTC)


class FakeTelegram:
    """Records deliveries; chats in `blocked` answer 403, `flaky` ones 429 a number of times."""

    def __init__(self) -> None:
        self.delivered: list[tuple[int, str, datetime]] = []
        self.blocked: set[int] = set()
        self.flaky: Counter[int] = Counter()
        self.in_flight = 0
        self.peak = 0

    async def send(self, delivery: Delivery) -> SendOutcome:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(0)  # let other sends (and other ticks) interleave
            if delivery.chat_id in self.blocked:
                return SendOutcome.BLOCKED
            if self.flaky[delivery.chat_id] > 0:
                self.flaky[delivery.chat_id] -= 1
                return SendOutcome.RETRY
            self.delivered.append((delivery.chat_id, delivery.kind, delivery.slot_utc))
            return SendOutcome.SENT
        finally:
            self.in_flight -= 1


def subscribe(db: Database, chats: range, at: time = time(9)) -> None:
    for chat in chats:
        store.set_reminders(db, chat, "hydration", [at], NINE - timedelta(hours=1))


async def test_every_due_reminder_is_sent_once(db: Database) -> None:
    subscribe(db, range(1, 301))
    telegram = FakeTelegram()
    report = await dispatch_due(db, NINE, telegram.send, concurrency=8, batch_size=50)
    assert report.sent == 300
    assert sorted(chat for chat, _, _ in telegram.delivered) == list(range(1, 301))
    assert 1 < telegram.peak <= 8
    again = await dispatch_due(db, NINE + timedelta(seconds=20), telegram.send)
    assert again.sent == 0
    assert len(telegram.delivered) == 300


async def test_nothing_is_sent_before_its_time(db: Database) -> None:
    subscribe(db, range(1, 4))
    telegram = FakeTelegram()
    report = await dispatch_due(db, NINE - timedelta(seconds=1), telegram.send)
    assert report.sent == 0
    assert telegram.delivered == []


async def test_blocked_chat_is_unsubscribed_and_not_retried(db: Database) -> None:
    subscribe(db, range(1, 4))
    telegram = FakeTelegram()
    telegram.blocked.add(2)
    report = await dispatch_due(db, NINE, telegram.send)
    assert report.unsubscribed == [2]
    assert sorted(chat for chat, _, _ in telegram.delivered) == [1, 3]
    assert store.list_reminders(db, 2) == []
    assert len(store.list_reminders(db, 1)) == 1
    tomorrow = await dispatch_due(db, NINE + timedelta(days=1), telegram.send)
    assert (tomorrow.sent, tomorrow.blocked) == (2, 0)


async def test_flood_limited_send_is_kept_and_delivered_by_a_later_tick(
    db: Database,
) -> None:
    subscribe(db, range(1, 4))
    telegram = FakeTelegram()
    telegram.flaky[3] = 2  # two 429s in a row
    first = await dispatch_due(db, NINE, telegram.send)
    assert (first.sent, first.retried) == (2, 1)
    # Too early for the retry: the backoff is honoured.
    assert (await dispatch_due(db, NINE + timedelta(seconds=1), telegram.send)).sent == 0
    now = NINE
    for _ in range(5):
        now += timedelta(seconds=20)
        await dispatch_due(db, now, telegram.send)
    assert Counter(chat for chat, _, _ in telegram.delivered) == {1: 1, 2: 1, 3: 1}
    assert (3, "hydration", NINE) in telegram.delivered
    assert deliveries.delivery_status(db, 3, "hydration", NINE) == "sent"


async def test_two_concurrent_ticks_send_nothing_twice(db: Database) -> None:
    subscribe(db, range(1, 201))
    telegram = FakeTelegram()
    first, second = await asyncio.gather(
        dispatch_due(db, NINE, telegram.send, concurrency=4, batch_size=30),
        dispatch_due(db, NINE, telegram.send, concurrency=4, batch_size=30),
    )
    assert first.sent + second.sent == 200
    counts = Counter(telegram.delivered)
    assert len(counts) == 200
    assert max(counts.values()) == 1


async def test_a_send_that_raises_is_retried_not_lost(db: Database) -> None:
    subscribe(db, range(1, 2))
    calls = 0

    async def broken_then_fine(delivery: Delivery) -> SendOutcome:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise OSError("network down")
        return SendOutcome.SENT

    assert (await dispatch_due(db, NINE, broken_then_fine)).retried == 1
    assert (await dispatch_due(db, NINE + timedelta(minutes=1), broken_then_fine)).sent == 1


async def test_shutdown_mid_send_releases_the_slot_for_the_next_tick(
    db: Database,
) -> None:
    subscribe(db, range(1, 2))
    started = asyncio.Event()

    async def hangs(delivery: Delivery) -> SendOutcome:
        started.set()
        await asyncio.sleep(3600)  # e.g. waiting out a long retry_after
        return SendOutcome.SENT

    tick = asyncio.create_task(dispatch_due(db, NINE, hangs))
    await started.wait()
    tick.cancel()
    with pytest.raises(asyncio.CancelledError):
        await tick
    telegram = FakeTelegram()
    await dispatch_due(db, NINE + timedelta(seconds=20), telegram.send)
    assert telegram.delivered == [(1, "hydration", NINE)]


def test_backoff_grows_and_is_capped() -> None:
    assert backoff(1) == timedelta(seconds=5)
    assert backoff(2) == timedelta(seconds=10)
    assert backoff(30) == timedelta(minutes=5)
