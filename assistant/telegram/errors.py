"""The application's error handler: log without secrets, tell the user briefly."""

from __future__ import annotations

import logging
import sqlite3
import sys

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, TelegramError, TimedOut

from assistant.storage.database import STORAGE_ERRORS, PostgresError
from assistant.telegram import texts
from assistant.telegram.context import Context
from assistant.telegram.send import notice, send_reply

logger = logging.getLogger(__name__)

CONFLICT_LINE = (
    "error: another process is already polling with this TELEGRAM_BOT_TOKEN "
    "(Telegram answered Conflict); stop it, then start this one again"
)


def _on_conflict(context: Context) -> None:
    """Two pollers with one token: PTB would retry forever; say so once and stop instead."""
    if context.bot_data.polling_conflict:
        return
    context.bot_data.polling_conflict = True  # `runner.run` turns it into exit code 3
    print(CONFLICT_LINE, file=sys.stderr, flush=True)
    # The Updater's last getUpdates on shutdown conflicts too; its traceback adds nothing.
    logging.getLogger("telegram.ext.Updater").setLevel(logging.CRITICAL)
    stop = context.bot_data.request_stop or context.application.stop_running
    stop()


# Connection lost (08), a transaction to retry (40: serialization, deadlock), the server short of
# resources (53) or stopping or cancelling (57: shutdown, statement timeout), a lock timeout.
_PASSING_SQLSTATES = ("08", "40", "53", "57", "55P03")


def is_passing(error: BaseException | None) -> bool:
    """A failure that handling the same update again later may not meet: the database
    unreachable or busy, Telegram unreachable. Not a request Telegram refused (BadRequest), nor
    a timeout (the message may have gone out: handling again could send it twice)."""
    if isinstance(error, sqlite3.OperationalError):  # locked, busy, disk full
        return True
    if isinstance(error, PostgresError):
        return error.sqlstate is None or error.sqlstate.startswith(_PASSING_SQLSTATES)
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest | TimedOut)


async def on_error(update: object, context: Context) -> None:
    error = context.error
    if update is None and isinstance(error, Conflict):
        lost = context.bot_data.lost_leadership
        if lost is not None and await lost():
            return  # it was the leadership, now another process's: this one is a standby
        _on_conflict(context)
        return
    shared = context.bot_data
    if shared.redelivery and isinstance(update, Update) and is_passing(error):
        # Webhook mode: Telegram gets a 503 and delivers the update again, so the user gets
        # a real answer later instead of "something went wrong" now.
        shared.redeliver.add(update.update_id)
        logger.warning("update %s will be delivered again: %s", update.update_id, error)
        return
    if update is None and isinstance(error, NetworkError):
        # Polling hiccups: PTB retries by itself; one line, not a traceback per attempt.
        logger.warning("polling failed, retrying: %s", error)
        return
    if isinstance(error, Forbidden):
        # Blocked by the user or kicked from the group: nobody to tell, nothing to fix.
        logger.info("cannot write to a chat: %s", error)
        return
    # Only the update id: updates carry users' messages, which do not belong in logs. The
    # token never reaches the log either way (logs.py redacts every record).
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(error, STORAGE_ERRORS):  # an outage (disk full, database gone): one line
        logger.error("database error while handling update %s: %s", update_id, error)
    else:
        logger.error("error while handling update %s", update_id, exc_info=error)
    if not isinstance(update, Update):
        return
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.CHANNEL:
        return
    message = update.effective_message
    quote = message.message_id if message is not None and chat.type != ChatType.PRIVATE else None
    try:
        reply = notice(context, texts.ERROR, texts.ERROR_TITLE)
        await send_reply(context.bot, chat.id, reply, reply_to=quote)
    except TelegramError as exc:  # e.g. the failure was that we cannot send at all
        logger.warning("could not tell the user about the error: %s", exc)
