"""One send budget for several processes, in a real PostgreSQL row (fleet_budget.py).

Each `FleetBudget` here stands for one process (its own connection). The rates are tiny, so
nothing refills during a test and every assertion is a count, not a time."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import psycopg
import pytest
from fleet_database import fresh_database
from telegram.error import RetryAfter

from assistant.telegram.config import Config
from assistant.telegram.fleet_budget import BULK_RESERVE, FleetBudget, rate_limiter
from assistant.telegram.rate_limit import FairRateLimiter, Lane, Limits

TINY_RATE = 0.0001  # one token every ~3 hours: nothing refills while a test runs


@pytest.fixture
def fleet_database_url() -> Iterator[str]:
    with fresh_database() as url:
        yield url


async def grants(budget: FleetBudget, tries: int, lane: Lane = Lane.ANSWER) -> int:
    return sum([await budget.acquire(lane) == 0.0 for _ in range(tries)])


async def test_processes_share_one_bucket(fleet_database_url: str) -> None:
    fleet = [FleetBudget(fleet_database_url, TINY_RATE, 20) for _ in range(3)]
    try:
        # 3 processes x 30 concurrent requests against a bucket of 20: exactly 20 granted.
        results = await asyncio.gather(
            *(budget.acquire(Lane.ANSWER) for budget in fleet for _ in range(30))
        )
        assert sum(wait == 0.0 for wait in results) == 20
        refused = [wait for wait in results if wait > 0]
        assert len(refused) == 70 and min(refused) > 60  # told to wait for a refill
    finally:
        for budget in fleet:
            await budget.close()


async def test_a_429_pauses_every_process(fleet_database_url: str) -> None:
    one, other = (FleetBudget(fleet_database_url, TINY_RATE, 10) for _ in range(2))
    try:
        assert await grants(other, 1) == 1
        await one.pause(120)
        waits = [await other.acquire(Lane.ANSWER) for _ in range(5)]
        assert all(wait > 100 for wait in waits)  # nothing granted while the pause lasts
        assert await grants(one, 5) == 0
    finally:
        await one.close()
        await other.close()


async def test_reminders_leave_a_reserve_for_answers(fleet_database_url: str) -> None:
    reminders, answers = (FleetBudget(fleet_database_url, TINY_RATE, 10) for _ in range(2))
    try:
        assert await grants(reminders, 20, Lane.BULK) == 10 - BULK_RESERVE
        # Another process's answers still go out at once from what the fan-out left.
        assert await grants(answers, 20, Lane.ANSWER) == BULK_RESERVE
    finally:
        await reminders.close()
        await answers.close()


async def test_an_unreachable_database_paces_the_process_alone(
    caplog: pytest.LogCaptureFixture,
) -> None:
    budget = FleetBudget("postgresql://nobody@127.0.0.1:1/none", TINY_RATE, 5)
    with caplog.at_level(logging.ERROR, "assistant.telegram.fleet_budget"):
        assert await grants(budget, 12) == 5  # its own bucket, same size
    assert len([r for r in caplog.records if "unreachable" in r.message]) == 1  # said once
    await budget.close()


async def test_the_limiter_spends_the_fleet_budget(fleet_database_url: str) -> None:
    limiters = [
        rate_limiter(Config(token="1:x", database_url=fleet_database_url, rate_limit=30))
        for _ in range(2)
    ]
    assert all(isinstance(limiter.budget, FleetBudget) for limiter in limiters)
    sent: list[int] = []

    async def send(n: int) -> int:
        sent.append(n)
        return n

    async def through(limiter: FairRateLimiter, n: int) -> int:
        data = {"chat_id": 1000 + n}  # a chat each: only the overall budget limits them
        result: int = await limiter.process_request(send, (n,), {}, "sendMessage", data, None)
        return result

    try:
        await asyncio.gather(*(through(limiters[n % 2], n) for n in range(10)))
        async with await psycopg.AsyncConnection.connect(fleet_database_url) as conn:
            cursor = await conn.execute("SELECT tokens FROM fleet_send_budget")
            (tokens,) = await cursor.fetchone() or (None,)
        assert sorted(sent) == list(range(10))
        assert tokens is not None and tokens < 1.5  # both spent from the shared burst of 10
    finally:
        for limiter in limiters:
            await limiter.shutdown()


async def test_a_429_met_by_one_limiter_is_written_for_all(fleet_database_url: str) -> None:
    limits = Limits(overall=(1000.0, 10.0))
    budget = FleetBudget(fleet_database_url, *limits.overall)
    limiter = FairRateLimiter(limits, budget=budget, max_retries=0)
    other = FleetBudget(fleet_database_url, *limits.overall)

    async def flooded() -> None:
        raise RetryAfter(90)

    try:
        with pytest.raises(RetryAfter):
            await limiter.process_request(flooded, (), {}, "sendMessage", {"chat_id": 1}, None)
        assert await other.acquire(Lane.ANSWER) > 60  # the other process waits it out too
    finally:
        await limiter.shutdown()
        await other.close()


async def test_a_lost_connection_paces_alone_then_shares_again(
    fleet_database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    budget = FleetBudget(fleet_database_url, TINY_RATE, 4, reconnect=0.05)
    other = FleetBudget(fleet_database_url, TINY_RATE, 4)
    try:
        assert await grants(budget, 2) == 2  # from the shared row (4 left: 2)
        async with await psycopg.AsyncConnection.connect(
            fleet_database_url, autocommit=True
        ) as admin:
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'twitch-relief send budget' AND pid <> %s "
                "AND datname = current_database()",  # this test's database only
                (await other_pid(other),),
            )
        with caplog.at_level(logging.WARNING, "assistant.telegram.fleet_budget"):
            assert await grants(budget, 4) == 4  # alone: its own full bucket
            for _ in range(100):  # requests go on meanwhile, and reconnect in the background
                await asyncio.sleep(0.05)
                if "shared with the other processes again" in caplog.text:
                    break
                assert await budget.acquire(Lane.ANSWER) > 0  # its own bucket is empty
        assert caplog.text.count("unreachable") == 1
        assert "shared with the other processes again" in caplog.text
        # Shared again: the row still holds the 2 tokens the others left.
        assert await grants(budget, 5) + await grants(other, 5) == 2
    finally:
        await budget.close()
        await other.close()


async def other_pid(budget: FleetBudget) -> int:
    """The backend pid of `budget`'s connection (made by its first request)."""
    await budget.acquire(Lane.BULK)  # reserve: takes nothing from a bucket of 4 with 2 left
    conn = budget._conn
    assert conn is not None
    return int(conn.info.backend_pid)
