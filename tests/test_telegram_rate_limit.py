"""FairRateLimiter: under the limits, answers before reminders, chats in turn, 429s honoured.

A fake clock drives the buckets, so every assertion is about order and counts, not time."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram.error import NetworkError, RetryAfter

from assistant.telegram.rate_limit import (
    FairRateLimiter,
    Lane,
    Limits,
    MemoryBuckets,
)


class Log:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def call(self, name: str, chat: Any) -> Any:
        async def callback() -> bool:
            self.calls.append((name, chat))
            return True

        return callback


async def send(limiter: FairRateLimiter, log: Log, name: str, chat: Any, lane: Lane) -> Any:
    return await limiter.process_request(
        log.call(name, chat), (), {}, "sendMessage", {"chat_id": chat}, int(lane)
    )


async def settle() -> None:
    for _ in range(50):
        await asyncio.sleep(0)


def test_the_defaults_keep_three_percent_headroom() -> None:
    limits = Limits()
    assert limits.overall[0] == pytest.approx(30 * 0.97)
    assert limits.chat[0] == pytest.approx(0.97)
    assert limits.group[0] == pytest.approx(20 / 60 * 0.97)


async def test_answers_go_before_waiting_reminders() -> None:
    limiter, log = FairRateLimiter(Limits(overall=(1000.0, 1.0))), Log()
    tasks = [asyncio.create_task(send(limiter, log, f"r{i}", 100 + i, Lane.BULK)) for i in range(6)]
    await asyncio.sleep(0)  # reminders queued first...
    tasks += [
        asyncio.create_task(send(limiter, log, f"a{i}", 200 + i, Lane.ANSWER)) for i in range(3)
    ]
    await asyncio.gather(*tasks)
    order = [name for name, _ in log.calls]
    # ...but once the answers are waiting, each is served before any further reminder.
    first_answer = min(order.index(f"a{i}") for i in range(3))
    assert [n for n in order[first_answer:] if n.startswith("a")] == order[
        first_answer : first_answer + 3
    ]
    assert len(order) == 9
    await limiter.shutdown()


async def test_a_flooding_chat_takes_turns_with_the_others() -> None:
    limiter, log = FairRateLimiter(Limits(overall=(1000.0, 1.0), chat=(1000.0, 1.0))), Log()
    flood = [asyncio.create_task(send(limiter, log, f"f{i}", 1, Lane.ANSWER)) for i in range(50)]
    await asyncio.sleep(0)
    other = asyncio.create_task(send(limiter, log, "other", 2, Lane.ANSWER))
    await asyncio.gather(*flood, other)
    assert [n for n, _ in log.calls].index("other") <= 3  # not behind the 50
    await limiter.shutdown()


async def test_the_buckets_never_allow_more_than_the_limit() -> None:
    now = [0.0]
    buckets = MemoryBuckets(lambda: now[0])
    granted = 0
    for step in range(1000):  # 10 s in 10 ms steps
        now[0] = step / 100
        while await buckets.wait("k", 29.1, 10) == 0:
            await buckets.take("k", 29.1, 10)
            granted += 1
    assert granted <= 10 + 29.1 * 10 + 1


async def test_a_429_pauses_and_the_message_goes_again() -> None:
    limiter, log = FairRateLimiter(Limits(overall=(1000.0, 5.0))), Log()
    failures = [1]

    async def flaky() -> bool:
        if failures[0]:
            failures[0] -= 1
            raise RetryAfter(0)
        log.calls.append(("sent", 5))
        return True

    result = await limiter.process_request(flaky, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert result is True and log.calls == [("sent", 5)] and limiter.retries == 1
    await limiter.shutdown()


async def test_requests_that_post_nothing_pass_straight_through() -> None:
    limiter, log = FairRateLimiter(Limits(overall=(0.001, 1.0))), Log()
    for _ in range(5):
        await limiter.process_request(
            log.call("answer", None), (), {}, "answerCallbackQuery", {}, None
        )
    assert len(log.calls) == 5
    await limiter.shutdown()


async def test_requests_waiting_at_shutdown_fail_as_a_network_error() -> None:
    limiter, log = FairRateLimiter(Limits(overall=(0.001, 1.0))), Log()
    await send(limiter, log, "first", 1, Lane.BULK)  # spends the only token
    waiting = asyncio.create_task(send(limiter, log, "second", 2, Lane.BULK))
    await settle()
    await limiter.shutdown()
    with pytest.raises(NetworkError):
        await waiting
    assert [n for n, _ in log.calls] == ["first"]
