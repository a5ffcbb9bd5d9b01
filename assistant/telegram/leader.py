"""Long polling with several processes on one database: one polls, the others stand by.

Telegram lets one client at a time call getUpdates for a bot (a second one gets 409 Conflict),
so with `DATABASE_URL` set the processes elect a poller: the one holding a PostgreSQL
session-level advisory lock (`pg_try_advisory_lock`, on a connection of its own, its key
derived from the bot's id). The others log once that they stand by, and try the lock again
every `RETRY_SECONDS`. When the leader dies, even by kill -9, its connection drops, PostgreSQL
releases the lock, and a standby takes it and starts polling within a few seconds; Telegram
keeps the updates meanwhile, so none is lost.

The leader checks its connection every `CHECK_SECONDS` (and TCP keepalives notice a dead
peer): a leader whose connection broke has lost the lock, so it stops polling at once and
stands by again, rather than poll beside the new leader. Every process, leader or not, runs
the rest of the bot (the reminder dispatcher claims its slots in the shared database).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

import psycopg
from psycopg.rows import TupleRow
from telegram.error import TelegramError

from assistant.telegram import fleet_db
from assistant.telegram.context import App

log = logging.getLogger(__name__)

RETRY_SECONDS = 1.5
CHECK_SECONDS = 2.0
# The lock's 64-bit key: a hash of this name, the bot's id and the schema the connection uses,
# so two bots, or two deployments in separate schemas of one database, each elect their own
# poller, and no other user of advisory locks in the database meets this one.
_TRY_LOCK = (
    "SELECT pg_try_advisory_lock(('x' || left(md5('twitch-relief poller:' || %s || ':' || "
    "current_schema()), 16))::bit(64)::bigint)"
)

Connection = psycopg.AsyncConnection[TupleRow]


class PollingLeader:
    """`start()` in the running event loop; polls while it holds the lock; `stop()` at the end."""

    def __init__(
        self,
        application: App,
        database_url: str,
        allowed_updates: Sequence[str],
        *,
        retry: float = RETRY_SECONDS,
        check: float = CHECK_SECONDS,
    ) -> None:
        self._application = application
        self._url = database_url
        self._allowed_updates = list(allowed_updates)
        self._retry, self._check = retry, check
        self._bot_id = 0  # known once the application is initialized: start()
        self._conn: Connection | None = None
        self._task: asyncio.Task[None] | None = None
        self._lost = asyncio.Event()

    @property
    def leading(self) -> bool:
        updater = self._application.updater
        return self._conn is not None and updater is not None and updater.running

    def start(self) -> None:
        self._bot_id = self._application.bot.id
        self._application.bot_data.lost_leadership = self.lost_leadership
        self._task = asyncio.create_task(self._run(), name="PollingLeader")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._stand_down()

    async def lost_leadership(self) -> bool:
        """Telegram answered Conflict: True if this process no longer holds the lock (another
        process polls now, as it should), False if it does (a poller outside the fleet)."""
        if self._conn is None or not await self._alive(self._conn):
            self._lost.set()
            return True
        return False

    async def _run(self) -> None:
        while True:
            self._conn = await self._acquire()
            try:
                await self._lead(self._conn)
            except Exception:  # never leave the fleet without a poller over one failure
                log.exception("polling failed; trying again")
                await asyncio.sleep(self._retry)
            finally:
                await self._stand_down()

    async def _lead(self, conn: Connection) -> None:
        """Poll while `conn` holds the lock."""
        updater = self._application.updater
        assert updater is not None  # polling mode builds the application with one
        self._lost.clear()
        try:
            await updater.start_polling(
                allowed_updates=self._allowed_updates, error_callback=self._on_polling_error
            )
        except TelegramError as error:  # Telegram unreachable: the lock goes back meanwhile
            log.warning("cannot start polling (%s); trying again", error)
            await asyncio.sleep(self._retry)
            return
        log.info("this process now polls Telegram for updates (it holds the polling lock)")
        await self._hold(conn)
        log.warning("lost the polling lock (database connection lost): standing by again")

    def _on_polling_error(self, error: TelegramError) -> None:
        # As run_polling does: the application's error handler decides (errors.on_error).
        self._application.create_task(self._application.process_error(error=error, update=None))

    async def _acquire(self) -> Connection:
        """Wait until this process holds the lock; returns the connection that holds it."""
        said_standby = said_unreachable = False
        while True:
            conn: Connection | None = None
            try:
                conn = await fleet_db.connect(self._url, "poller")
                while True:
                    cursor = await conn.execute(_TRY_LOCK, (str(self._bot_id),))
                    row = await cursor.fetchone()
                    if row is not None and row[0]:
                        return conn
                    if not said_standby:
                        log.info(
                            "standby: another process polls Telegram for this bot; this one "
                            "takes over if it stops"
                        )
                        said_standby = True
                    await asyncio.sleep(self._retry)
            except psycopg.Error as error:
                if not said_unreachable:
                    log.error("cannot reach the database for the polling lock: %s", error)
                    said_unreachable = True
                if conn is not None:
                    await _close(conn)
                await asyncio.sleep(self._retry)

    async def _hold(self, conn: Connection) -> None:
        """Return once the lock is lost (the connection broke)."""
        while await self._alive(conn):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._lost.wait(), self._check)
            if self._lost.is_set():
                return

    async def _alive(self, conn: Connection) -> bool:
        try:
            await asyncio.wait_for(conn.execute("SELECT 1"), self._check * 2)
        except (psycopg.Error, TimeoutError):
            return False
        return True

    async def _stand_down(self) -> None:
        updater = self._application.updater
        if updater is not None and updater.running:
            await updater.stop()
        conn, self._conn = self._conn, None
        if conn is not None:
            await _close(conn)  # ends the session: PostgreSQL releases the lock with it


async def _close(conn: Connection) -> None:
    with contextlib.suppress(psycopg.Error):
        await conn.close()
