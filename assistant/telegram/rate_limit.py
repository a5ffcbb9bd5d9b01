"""Pacing every message under Telegram's flood limits, answers first and fair between chats.

Telegram allows a bot about 30 messages a second overall, about one a second into one chat
(short bursts tolerated) and 20 a minute into one group; beyond that it answers 429 with a
`retry_after`. `FairRateLimiter` (a PTB `BaseRateLimiter`) keeps below each limit with headroom
(97%), and decides who goes next when several requests wait:

- two lanes: `Lane.ANSWER` (the default: answers, edits, notices) is always served before
  `Lane.BULK` (reminder fan-out, which passes `rate_limit_args=Lane.BULK`), so questions stay
  fast during the 09:00 send-out;
- within a lane, chats take turns (round robin), each chat's own requests in order: a chat
  that floods waits for its own per-chat limit and never delays the others;
- a 429 pauses everything for its `retry_after`, and the request goes again, first in line
  (up to `max_retries` times), so a flood limit delays a message but never drops it.

The overall budget is pluggable (`Budget`): `LocalBudget` for one process, `FleetBudget`
(fleet_budget.py, a row in PostgreSQL) for several processes sharing the bot's limit and its
429 pauses. The per-chat and per-group buckets stay in each process (`Buckets`). Requests that
post nothing into a chat (getUpdates, answerCallbackQuery, getChatMember, ...) pass straight
through.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from telegram.error import NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

HEADROOM = 0.97
OVERALL_PER_SECOND = 30 * HEADROOM
OVERALL_BURST = 10.0
CHAT_PER_SECOND = 1 * HEADROOM
CHAT_BURST = 10.0
GROUP_PER_SECOND = 20 / 60 * HEADROOM
GROUP_BURST = 10.0
MAX_RETRIES = 50  # a 429 delays a message, it never drops it
OVERALL = "overall"
# What Telegram's flood control counts: messages posted or edited (not chat actions).
_COUNTED_PREFIXES = ("send", "edit", "copy", "forward")
_UNCOUNTED = frozenset({"sendChatAction"})

Call = Callable[..., Coroutine[Any, Any, Any]]


class Lane(enum.IntEnum):
    ANSWER = 0  # a person is waiting for it
    BULK = 1  # reminders: sent as fast as the limits allow, after every waiting answer


class Buckets(Protocol):
    """Token buckets by key ("overall", "chat:<id>"); `rate` per second, up to `burst`."""

    async def wait(self, key: str, rate: float, burst: float) -> float:
        """Seconds until `key` has a token (0: one is there now); takes nothing."""

    async def take(self, key: str, rate: float, burst: float) -> None:
        """Spend one token of `key` (just checked with `wait`)."""


class MemoryBuckets:
    """In-process buckets (GCRA: one "theoretical arrival time" per key)."""

    MAX_KEYS = 10_000  # forget idle chats beyond this many, so memory stays bounded

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._tat: dict[str, float] = {}

    async def wait(self, key: str, rate: float, burst: float) -> float:
        now = self._clock()
        tat = max(self._tat.get(key, now), now)
        return max(0.0, tat - now - (burst - 1) / rate)

    async def take(self, key: str, rate: float, burst: float) -> None:
        now = self._clock()
        self._tat[key] = max(self._tat.get(key, now), now) + 1 / rate
        if len(self._tat) > self.MAX_KEYS:
            self._tat = {k: t for k, t in self._tat.items() if t > now}


class Budget(Protocol):
    """The bot's overall sending budget, which `FairRateLimiter` spends one message at a time."""

    async def acquire(self, lane: Lane) -> float:
        """Spend one message now: 0.0; else seconds until one may be there (nothing spent)."""

    async def pause(self, seconds: float) -> None:
        """Telegram answered 429 with `retry_after`: no message for `seconds`."""

    async def close(self) -> None:
        """Free what the budget holds (a connection)."""


class LocalBudget:
    """One process's budget: a token bucket in memory; the limiter pauses itself on 429s."""

    def __init__(self, buckets: Buckets, rate: float, burst: float) -> None:
        self._buckets, self._rate, self._burst = buckets, rate, burst

    async def acquire(self, lane: Lane) -> float:
        # Lanes are ordered by the limiter itself, within one process.
        wait = await self._buckets.wait(OVERALL, self._rate, self._burst)
        if wait <= 0:
            await self._buckets.take(OVERALL, self._rate, self._burst)
        return wait

    async def pause(self, seconds: float) -> None:
        """Nothing to share: the limiter's own pause holds every send of this process."""

    async def close(self) -> None:
        """Nothing held."""


@dataclass(frozen=True, slots=True)
class Limits:
    overall: tuple[float, float] = (OVERALL_PER_SECOND, OVERALL_BURST)
    chat: tuple[float, float] = (CHAT_PER_SECOND, CHAT_BURST)
    group: tuple[float, float] = (GROUP_PER_SECOND, GROUP_BURST)


@dataclass(slots=True)
class _Ticket:
    key: str  # the chat's bucket, "" for none (an inline message)
    group: bool
    granted: asyncio.Future[None]


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class FairRateLimiter(BaseRateLimiter[int]):
    def __init__(
        self,
        limits: Limits = Limits(),
        *,
        buckets: Buckets | None = None,
        budget: Budget | None = None,
        max_retries: int = MAX_RETRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = limits
        self.buckets: Buckets = buckets or MemoryBuckets(clock)
        self.budget: Budget = budget or LocalBudget(self.buckets, *limits.overall)
        self.max_retries = max_retries
        self._clock = clock
        self._lanes: tuple[OrderedDict[str, deque[_Ticket]], ...] = tuple(
            OrderedDict() for _ in Lane
        )
        self._paused_until = 0.0
        self._wake: asyncio.Event | None = None
        self._pump_task: asyncio.Task[None] | None = None
        self.retries = 0  # 429s met (for benchmarks and logs)

    async def initialize(self) -> None:
        """Nothing yet: the scheduling task starts with the first request."""

    async def shutdown(self) -> None:
        task, self._pump_task = self._pump_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for lane in self._lanes:
            for queue in lane.values():
                for ticket in queue:
                    if not ticket.granted.done():
                        # A Telegram error, as a lost connection would be: callers retry later.
                        ticket.granted.set_exception(NetworkError("the bot is shutting down"))
            lane.clear()
        await self.budget.close()

    def _start(self) -> asyncio.Event:
        if self._wake is None:
            self._wake = asyncio.Event()
        if self._pump_task is None or self._pump_task.done():
            self._pump_task = asyncio.create_task(self._pump(), name="FairRateLimiter")
        return self._wake

    async def process_request(
        self,
        callback: Call,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        if not endpoint.startswith(_COUNTED_PREFIXES) or endpoint in _UNCOUNTED:
            return await callback(*args, **kwargs)
        lane = Lane.BULK if rate_limit_args == Lane.BULK else Lane.ANSWER
        chat = data.get("chat_id")
        group = isinstance(chat, str) or (isinstance(chat, int) and chat < 0)
        key = f"chat:{chat}" if chat is not None else ""
        first = False
        loop = asyncio.get_running_loop()
        for attempt in range(self.max_retries + 1):
            await self._admit(lane, _Ticket(key, group, loop.create_future()), first=first)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                # Telegram's pause holds for every message, whether this one goes again or not.
                self._pause(_seconds(error.retry_after))
                await self.budget.pause(_seconds(error.retry_after))  # the fleet's, too
                if attempt == self.max_retries:
                    raise
                self.retries += 1
                first = True  # it keeps its place at the head of its chat's line
        raise AssertionError("unreachable")

    async def _admit(self, lane: Lane, ticket: _Ticket, *, first: bool) -> None:
        wake = self._start()
        queue = self._lanes[lane].setdefault(ticket.key, deque())
        queue.appendleft(ticket) if first else queue.append(ticket)
        wake.set()
        await ticket.granted

    def _pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    async def _pump(self) -> None:
        assert self._wake is not None
        while True:
            wait = await self._grant_next()
            if wait == 0.0:
                continue
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)

    async def _chat_wait(self, ticket: _Ticket) -> float:
        if not ticket.key:
            return 0.0
        rate, burst = self.limits.group if ticket.group else self.limits.chat
        return await self.buckets.wait(ticket.key, rate, burst)

    async def _grant_next(self) -> float | None:
        """Grant the next request if the limits allow one now: 0.0. Else how long to wait
        (None: nothing is waiting)."""
        paused = self._paused_until - self._clock()
        if paused > 0:
            return paused
        best: float | None = None
        for which, lane in zip(Lane, self._lanes, strict=True):
            for key in list(lane):
                queue = lane[key]
                while queue and queue[0].granted.done():  # its caller gave up
                    queue.popleft()
                if not queue:
                    del lane[key]
                    continue
                wait = await self._chat_wait(queue[0])
                if wait <= 0:
                    return await self._grant(which, lane, key)
                best = wait if best is None else min(best, wait)
        return best

    async def _grant(self, which: Lane, lane: OrderedDict[str, deque[_Ticket]], key: str) -> float:
        wait = await self.budget.acquire(which)
        if wait > 0:
            return wait
        ticket = lane[key].popleft()
        if ticket.key:
            rate, burst = self.limits.group if ticket.group else self.limits.chat
            await self.buckets.take(ticket.key, rate, burst)
        lane.move_to_end(key)  # round robin: this chat goes to the back of the line
        if not lane[key]:
            del lane[key]
        ticket.granted.set_result(None)
        return 0.0
