"""Send what is due: one pass over the due slots, fanned out with bounded concurrency.

Telegram-agnostic: the caller's `send` coroutine delivers one reminder and says how it went.
Pacing is the caller's job (python-telegram-bot's rate limiter); this module decides what is
due, sends each slot once (a crash repeats at most the sends in flight: DEFAULT_CONCURRENCY),
and drops nothing when Telegram says "later" or the database refuses a write.
"""

from __future__ import annotations

import asyncio
import enum
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from assistant.reminders.deliveries import claim_due, mark_failed, mark_retry, mark_sent
from assistant.reminders.model import ClaimResult, Delivery
from assistant.reminders.store import unsubscribe_chat
from assistant.storage.database import STORAGE_ERRORS, Database
from assistant.storage.health import StorageHealth

log = logging.getLogger(__name__)

# Sends in flight at once. The rate limiter paces them anyway; more only makes the HTTP
# client's connection pool costlier (64 at once halved throughput in bench_reminders.py).
DEFAULT_CONCURRENCY = 8
BATCH_SIZE = 500
# PostgreSQL: every statement is a round trip (a claim of 500 holds the event loop ~1 s on a
# local server), and a smaller batch spreads a fan-out over several processes more evenly.
SHARED_BATCH_SIZE = 50
MAX_BACKOFF = timedelta(minutes=5)


class SendOutcome(enum.Enum):
    SENT = "sent"
    BLOCKED = "blocked"  # 403 blocked / kicked, 400 chat not found: unsubscribe, never retry
    RETRY = "retry"  # 429 or a network error: the slot stays pending and is tried again
    FAILED = "failed"  # refused for good (e.g. no right to post): this slot only, no retry


Send = Callable[[Delivery], Awaitable[SendOutcome]]


@dataclass(slots=True)
class DispatchReport:
    sent: int = 0
    retried: int = 0
    blocked: int = 0
    failed: int = 0
    skipped: int = 0
    expired: int = 0
    unsubscribed: list[int] = field(default_factory=list)
    paused: bool = False  # the database refused a write: waiting for it (see StorageHealth)

    def add_claims(self, claims: ClaimResult) -> None:
        self.skipped += claims.skipped
        self.expired += claims.expired


def backoff(attempt: int) -> timedelta:
    """5 s, 10 s, 20 s ... capped at 5 minutes, after the `attempt`-th failed try."""
    return min(timedelta(seconds=5 * 2 ** max(attempt - 1, 0)), MAX_BACKOFF)


async def _send_one(send: Send, delivery: Delivery) -> SendOutcome:
    """`send(delivery)`; an unexpected error means "try again later", never a lost slot."""
    try:
        return await send(delivery)
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("Sending a %s reminder failed; will retry", delivery.kind)
        return SendOutcome.RETRY


def _record(
    db: Database,
    delivery: Delivery,
    outcome: SendOutcome,
    now_utc: datetime,
    report: DispatchReport,
) -> None:
    """Write down how sending `delivery` went, in the database and in `report`."""
    if outcome is SendOutcome.SENT:
        mark_sent(db, delivery, now_utc)
        report.sent += 1
    elif outcome is SendOutcome.BLOCKED:
        removed = unsubscribe_chat(db, delivery.chat_id)
        log.warning(
            "Chat %s is unreachable (blocked or gone): removed its %d reminders",
            delivery.chat_id,
            removed,
        )
        report.blocked += 1
        report.unsubscribed.append(delivery.chat_id)
    elif outcome is SendOutcome.FAILED:
        mark_failed(db, delivery)
        report.failed += 1
    else:
        mark_retry(db, delivery, now_utc + backoff(delivery.attempt))
        report.retried += 1


Backlog = dict[Delivery, SendOutcome | None]
"""Deliveries whose outcome the database has not taken yet (None: claimed, never sent)."""


def _write(
    db: Database,
    delivery: Delivery,
    outcome: SendOutcome | None,
    now_utc: datetime,
    report: DispatchReport,
) -> None:
    if outcome is None:
        mark_retry(db, delivery, now_utc)  # due again at once: it was never sent
    else:
        _record(db, delivery, outcome, now_utc, report)


def flush_backlog(
    db: Database,
    backlog: Backlog,
    now_utc: datetime,
    report: DispatchReport,
    health: StorageHealth,
) -> bool:
    """Write down what an earlier storage failure kept in memory; False if it fails again.

    Until it is written, each delivery's row still says 'sending', so no pass claims it
    again and a restart retries it: a reminder sent but not yet recorded is the one kind that
    a kill -9 during a storage outage can repeat."""
    for delivery, outcome in list(backlog.items()):
        try:
            _write(db, delivery, outcome, now_utc, report)
        except STORAGE_ERRORS as error:
            health.failed(error)
            return False
        health.succeeded()
        del backlog[delivery]
    return True


Claims = Callable[[], tuple[ClaimResult, int] | None]


def _claim_next(
    db: Database, now_utc: datetime, batch_size: int, health: StorageHealth
) -> tuple[ClaimResult, int] | None:
    """Claim the next batch: (claims, how many were due), or None when nothing is left (or
    the database refused the claim: `health` knows).

    After an outage the first claim is the probe: one that wrote its rows means the database
    takes writes again, even when no outcome was waiting to be written (the failure may have
    been a read, a renewal, or another handler's)."""
    try:
        claims, due = claim_due(db, now_utc, batch_size)
    except STORAGE_ERRORS as error:
        health.failed(error)
        return None
    if not due:
        return None
    if claims.deliveries or claims.skipped or claims.expired:
        health.succeeded()
    return claims, due


@dataclass
class _Workers:
    """One pass's senders: claimed deliveries go through a bounded queue to `concurrency`
    workers; each outcome is written at once, or kept in `backlog` while writing fails."""

    db: Database
    send: Send
    now: Callable[[], datetime]
    keep_going: Callable[[], bool]
    health: StorageHealth
    backlog: Backlog
    report: DispatchReport
    # Claimed but not yet settled; released for retry if the pass is cut short (shutdown).
    unsettled: set[Delivery] = field(default_factory=set)

    def going(self) -> bool:
        return self.keep_going() and not self.health.failing

    def flush(self) -> None:
        if self.health.ready():  # after a failure, each try would block on the lock again
            flush_backlog(self.db, self.backlog, self.now(), self.report, self.health)

    async def settle(self, delivery: Delivery) -> None:
        if not self.going():
            return  # stays unsettled: released at the end
        outcome = await _send_one(self.send, delivery)
        self.unsettled.discard(delivery)
        self.backlog[delivery] = outcome
        self.flush()

    async def work(self, queue: asyncio.Queue[Delivery]) -> None:
        while True:
            delivery = await queue.get()
            try:
                await self.settle(delivery)
            finally:
                queue.task_done()

    async def run(self, claim: Claims, concurrency: int) -> None:
        queue: asyncio.Queue[Delivery] = asyncio.Queue(maxsize=concurrency * 2)
        tasks = [asyncio.create_task(self.work(queue)) for _ in range(max(1, concurrency))]
        try:
            # `keep_going`, not `going`: a failure left from an earlier outage is for this
            # pass's first claim to clear (see `_claim_next`).
            while self.keep_going() and (batch := claim()) is not None:
                claims, due = batch
                self.report.add_claims(claims)
                self.unsettled.update(claims.deliveries)
                for delivery in claims.deliveries:
                    await queue.put(delivery)
                if claims.taken == due or not self.going():
                    break  # someone else holds all of these (never spin), or writes fail
            await queue.join()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            # Interrupted before Telegram confirmed: due again right away, not lost.
            self.backlog.update(dict.fromkeys(self.unsettled))
            self.flush()


async def dispatch_due(
    db: Database,
    now_utc: datetime,
    send: Send,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    batch_size: int | None = None,
    clock: Callable[[], datetime] | None = None,
    keep_going: Callable[[], bool] = lambda: True,
    health: StorageHealth | None = None,
    backlog: Backlog | None = None,
) -> DispatchReport:
    """Claim every slot due at `now_utc` and send it through `send`, at most `concurrency` at
    a time. Safe to run concurrently with itself: each slot is claimed by exactly one pass.

    `clock` (default: `now_utc` throughout) stamps sends and retry times when a pass lasts long.
    When `keep_going()` turns false (shutdown), nothing more is claimed or sent; what was
    claimed but not sent is released, due again at once.

    Storage errors never escape: a failed write is reported to `health` (logged once per
    outage), the pass stops claiming and sending, and what could not be written waits in
    `backlog` (keep both across passes) for the next pass after `health`'s backoff.
    """
    now = clock or (lambda: now_utc)
    health = health or StorageHealth()
    backlog = {} if backlog is None else backlog
    report = DispatchReport()
    if not health.ready() or not flush_backlog(db, backlog, now(), report, health):
        report.paused = True
        return report
    workers = _Workers(db, send, now, keep_going, health, backlog, report)
    if batch_size is None:
        batch_size = SHARED_BATCH_SIZE if db.dialect.shared else BATCH_SIZE
    await workers.run(functools.partial(_claim_next, db, now_utc, batch_size, health), concurrency)
    report.paused = health.failing
    return report
