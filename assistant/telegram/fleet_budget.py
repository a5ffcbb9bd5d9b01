"""One send budget for every process of the bot: a token bucket in a PostgreSQL row.

Telegram's ~30 messages a second is per bot, however many processes send for it, so with
`DATABASE_URL` every process spends from one row of `fleet_send_budget` (fleet_db.py): one
atomic `UPDATE ... RETURNING` per message refills the bucket by the time elapsed since the
last spend and takes a token if there is one, else says how long to wait. A 429's
`retry_after` is written into the same row (`paused_until`), so the whole fleet pauses, not
only the process that met it.

Answers before reminders, across processes: a reminder (`Lane.BULK`) is granted only while
`BULK_RESERVE` tokens stay in the bucket after it, so an answer in any process finds a token at
once even while every process fans reminders out; the fan-out still gets the full rate, as
the reserve refills continuously.

Per-chat and per-group limits stay in each process (`FairRateLimiter`'s own buckets): one
chat's messages come from one process at a time (Telegram delivers a chat's updates one after
another, and a reminder slot is claimed by one process), so a shared row would only add a
round trip per message.

When the database cannot be reached the process paces itself alone with an in-memory bucket
at the same rate (logged once), and goes back to the shared row when it can (logged once):
a few processes at full rate for a while only draw 429s, which delay messages, never lose them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import psycopg
from psycopg.rows import TupleRow

from assistant.telegram import fleet_db
from assistant.telegram.config import Config
from assistant.telegram.rate_limit import (
    HEADROOM,
    MAX_RETRIES,
    OVERALL_BURST,
    FairRateLimiter,
    Lane,
    Limits,
    LocalBudget,
    MemoryBuckets,
)

log = logging.getLogger(__name__)

BUDGET = "overall"
BULK_RESERVE = 3.0  # tokens a reminder leaves for answers (at most burst - 1)
RECONNECT_SECONDS = 5.0
_MIN_WAIT = 0.001  # never ask the limiter to spin

_LEVEL = (
    "LEAST(%(burst)s, tokens + %(rate)s * GREATEST(0, "
    "EXTRACT(EPOCH FROM statement_timestamp() - updated_at)::float8))"
)
_GRANTED = f"(paused_until <= statement_timestamp() AND {_LEVEL} >= 1 + %(reserve)s)"
# One statement, one row: PostgreSQL serialises the processes on the row lock, and a statement
# that waited for it re-reads the row as the one before it left it. updated_at never moves
# back, so a statement that began before another's update refills nothing twice.
_SPEND = f"""
UPDATE fleet_send_budget SET
    tokens = {_LEVEL} - CASE WHEN {_GRANTED} THEN 1 ELSE 0 END,
    granted = {_GRANTED},
    updated_at = GREATEST(updated_at, statement_timestamp())
WHERE name = %(name)s
RETURNING granted, tokens, EXTRACT(EPOCH FROM paused_until - statement_timestamp())::float8
"""
_PAUSE = """
UPDATE fleet_send_budget
SET paused_until = GREATEST(paused_until, statement_timestamp() + make_interval(secs => %s))
WHERE name = %s
"""
_CREATE_ROW = """
INSERT INTO fleet_send_budget (name, tokens) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING
"""


class FleetBudget:
    """The `Budget` (rate_limit.py) of a fleet of processes on one PostgreSQL database."""

    def __init__(
        self,
        database_url: str,
        rate: float,
        burst: float,
        *,
        name: str = BUDGET,
        reconnect: float = RECONNECT_SECONDS,
    ) -> None:
        self._url, self._name, self._reconnect = database_url, name, reconnect
        self._rate, self._burst = rate, burst
        self._params: dict[str, float | str] = {"rate": rate, "burst": burst, "name": name}
        self._reserve = {Lane.ANSWER: 0.0, Lane.BULK: min(BULK_RESERVE, max(0.0, burst - 1))}
        self._local = LocalBudget(MemoryBuckets(), rate, burst)
        self._conn: psycopg.AsyncConnection[TupleRow] | None = None
        self._connecting: asyncio.Task[None] | None = None
        self._retry_at = 0.0
        self._alone = False  # pacing alone: the database is unreachable

    async def acquire(self, lane: Lane) -> float:
        conn = await self._connection()
        if conn is None:
            return await self._local.acquire(lane)
        try:
            cursor = await conn.execute(_SPEND, {**self._params, "reserve": self._reserve[lane]})
            row = await cursor.fetchone()
        except psycopg.Error as error:
            await self._lost(error)
            return await self._local.acquire(lane)
        if row is None:  # the row was deleted under us: make it again next time
            await self._lost(RuntimeError("the send budget row is missing"))
            return await self._local.acquire(lane)
        granted, tokens, paused = row
        if granted:
            return 0.0
        refill = (1 + self._reserve[lane] - float(tokens)) / self._rate
        return max(float(paused), refill, _MIN_WAIT)

    async def pause(self, seconds: float) -> None:
        conn = await self._connection()
        if conn is None:
            return  # the process's own pause still holds its sends
        try:
            await conn.execute(_PAUSE, (seconds, self._name))
        except psycopg.Error as error:
            await self._lost(error)

    async def close(self) -> None:
        task, self._connecting = self._connecting, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._drop()

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                await conn.close()

    async def _connection(self) -> psycopg.AsyncConnection[TupleRow] | None:
        """The shared row's connection, or None (pace alone) while there is none. The first
        connection is awaited; later ones are made in the background, so an unreachable
        database never holds a message up for a connection timeout."""
        if self._conn is not None and not self._conn.closed:
            return self._conn
        if (self._connecting is None or self._connecting.done()) and (
            time.monotonic() >= self._retry_at
        ):
            self._connecting = asyncio.create_task(self._connect(), name="FleetBudget.connect")
        if not self._alone and self._connecting is not None:  # not failed yet: worth waiting
            await asyncio.shield(self._connecting)
        return self._conn

    async def _connect(self) -> None:
        try:
            conn = await fleet_db.connect(self._url, "send budget")
            # A statement that waits longer than this counts as the database being away.
            await conn.execute("SET statement_timeout = '5s'")
            await fleet_db.ensure_tables(conn)
            await conn.execute(_CREATE_ROW, (self._name, self._burst))
        except psycopg.Error as error:
            await self._lost(error)
            return
        self._conn = conn
        if self._alone:
            log.warning("send budget: shared with the other processes again")
            self._alone = False

    async def _lost(self, error: BaseException) -> None:
        await self._drop()
        self._retry_at = time.monotonic() + self._reconnect
        if not self._alone:
            log.error(
                "send budget: the database is unreachable (%s); this process paces its "
                "messages alone until it is back",
                fleet_db.describe(error),
            )
            self._alone = True


def rate_limiter(config: Config) -> FairRateLimiter:
    """The bot's limiter: `TELEGRAM_RATE_LIMIT` with headroom, shared by the fleet when
    `DATABASE_URL` is set."""
    limits = Limits(overall=(config.rate_limit * HEADROOM, OVERALL_BURST))
    budget = FleetBudget(config.database_url, *limits.overall) if config.database_url else None
    return FairRateLimiter(limits, budget=budget, max_retries=MAX_RETRIES)
