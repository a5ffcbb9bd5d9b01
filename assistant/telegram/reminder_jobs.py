"""The reminders' sending jobs: the tick (one dispatcher pass), sending one reminder, pruning.

`start` is called once when the application is built: the two repeating jobs are scheduled
on PTB's JobQueue. `release_interrupted` runs once the bot knows it owns the database.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.ext import JobQueue

from assistant.reminders import commands, deliveries, kinds, leases, store
from assistant.reminders.dispatch import DispatchReport, SendOutcome, dispatch_due
from assistant.reminders.model import Delivery
from assistant.storage.database import STORAGE_ERRORS
from assistant.telegram import keyboards
from assistant.telegram.context import AnyApp, App, Context
from assistant.telegram.rate_limit import Lane
from assistant.telegram.render import render_one

logger = logging.getLogger(__name__)

TICK_SECONDS = 20.0
JOB_NAME = "reminders"
PRUNE_JOB_NAME = "reminders-prune"
LEASE_JOB_NAME = "reminders-leases"
RETRY_JOB_NAME = "reminders-retry"
PRUNE_AFTER = timedelta(days=3)
# Reachable only through a deleted or kicked chat: the chat is gone for good.
_GONE_WORDS = ("chat not found", "user is deactivated", "bot was kicked", "peer_id_invalid")


async def send_reminder(application: AnyApp, delivery: Delivery) -> SendOutcome:
    """Send one reminder as a single message (so a retry can never duplicate a part)."""
    shared, bot = application.bot_data, application.bot
    reply = shared.assistant.reminder(kinds.get(delivery.kind).topic, delivery.tip_index)
    buttons = commands.reminder_buttons(delivery.kind, delivery.slot_utc)
    markup = keyboards.buttons_keyboard(buttons)
    chat_id = delivery.chat_id
    try:
        try:
            # BULK: every answer a person waits for goes out first (rate_limit.py).
            await bot.send_message(
                chat_id, render_one(reply), reply_markup=markup, rate_limit_args=Lane.BULK
            )
        except ChatMigrated as moved:
            # The group became a supergroup: its reminders follow it to the new id.
            store.move_chat(shared.db, chat_id, moved.new_chat_id)
            chat_id = moved.new_chat_id
            await bot.send_message(
                chat_id, render_one(reply), reply_markup=markup, rate_limit_args=Lane.BULK
            )
    except Forbidden as error:
        logger.info("chat %s blocked the bot or removed it: %s", chat_id, error)
        return SendOutcome.BLOCKED
    except BadRequest as error:
        if any(words in str(error).lower() for words in _GONE_WORDS):
            logger.info("chat %s no longer exists: %s", chat_id, error)
            return SendOutcome.BLOCKED
        logger.error("Telegram refused a %s reminder: %s", delivery.kind, error)
        return SendOutcome.FAILED
    except TelegramError as error:  # RetryAfter beyond the rate limiter's retries, network
        logger.warning("reminder to chat %s postponed: %s", chat_id, error)
        return SendOutcome.RETRY
    return SendOutcome.SENT


async def dispatch_now(application: AnyApp) -> DispatchReport | None:
    """One dispatcher pass at the bot's clock; None if a pass is already running."""
    shared = application.bot_data
    if shared.dispatch_lock.locked():
        return None
    async with shared.dispatch_lock:
        report = await dispatch_due(
            shared.db,
            shared.now(),
            lambda delivery: send_reminder(application, delivery),
            clock=shared.now,
            keep_going=lambda: application.running,
            health=shared.storage_health,
            backlog=shared.reminder_backlog,
        )
    if report.sent or report.retried or report.blocked or report.skipped or report.failed:
        logger.info("reminders: %s", report)
    return report


async def tick(context: Context) -> None:
    report = await dispatch_now(context.application)
    if report is not None and report.paused:
        retry_soon(context.application)


def retry_soon(application: AnyApp) -> None:
    """The database refused a write: try again when the backoff ends (1 s, 2 s, 4 s ... up to
    30 s, `storage.health`), not only at the next regular tick."""
    queue: JobQueue[Context] | None = application.job_queue
    if queue is not None and not queue.get_jobs_by_name(RETRY_JOB_NAME):
        delay = max(application.bot_data.storage_health.retry_in(), 0.5)
        queue.run_once(tick, delay, name=RETRY_JOB_NAME)


async def prune(context: Context) -> None:
    shared = context.bot_data
    try:
        deliveries.prune_deliveries(shared.db, shared.now() - PRUNE_AFTER)
    except STORAGE_ERRORS as error:  # pruning can wait for the next hour
        shared.storage_health.failed(error)


async def renew(context: Context) -> None:
    """Keep this process's reminder claims its own (`reminders.leases`): while it lives, no
    other process takes over the slots it is sending."""
    shared = context.bot_data
    if not shared.storage_health.ready():
        return  # in backoff; the claims are re-checked by their fence when written
    try:
        leases.renew_leases(shared.db, shared.now())
    except STORAGE_ERRORS as error:
        shared.storage_health.failed(error)


def set_tick_interval(application: App, seconds: float) -> None:
    """Replace the sending job's interval (tests use a fraction of a second)."""
    queue = application.job_queue
    if queue is None:
        raise RuntimeError("reminders need python-telegram-bot[job-queue]")
    for job in queue.get_jobs_by_name(JOB_NAME):
        job.schedule_removal()
    # max_instances 2: an overlapping tick returns at once (lock) instead of a scheduler warning.
    queue.run_repeating(
        tick, interval=seconds, first=1, name=JOB_NAME, job_kwargs={"max_instances": 2}
    )


def release_interrupted(application: AnyApp) -> None:
    """SQLite: sends cut short by the last shutdown or a kill are due again. Only for the
    process that holds the data directory's lock and owns the database (checked first, in
    `app.post_init`). On PostgreSQL nothing is released: the 'sending' rows may be other
    processes' live claims, and a dead one's are taken over when their leases expire."""
    released = leases.release_inflight(application.bot_data.db)
    if released:
        logger.info("%d interrupted reminder sends will be retried", released)


def start(application: App) -> None:
    """Schedule the sending tick and the pruning (they run once the application starts)."""
    set_tick_interval(application, TICK_SECONDS)
    assert application.job_queue is not None  # checked by set_tick_interval
    application.job_queue.run_repeating(prune, interval=3600, first=60, name=PRUNE_JOB_NAME)
    every = leases.RENEW_EVERY.total_seconds()
    application.job_queue.run_repeating(renew, interval=every, first=every, name=LEASE_JOB_NAME)
