"""/privacy (what is stored, for how long, where) and /forget (delete this chat's data, after a
confirm button), and the hourly clean-up that keeps the retention promises /privacy makes.

Buttons: `f:yes` deletes, `f:no` keeps everything (FORGET_BUTTONS routes both here).
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from assistant.storage import privacy, statistics
from assistant.storage.database import STORAGE_ERRORS
from assistant.telegram import reminder_jobs
from assistant.telegram.context import App, Context
from assistant.telegram.reminder_handlers import may_change
from assistant.telegram.send import edit_reply, notice, say

logger = logging.getLogger(__name__)

FORGET_BUTTONS = r"^f:"
CLEANUP_JOB_NAME = "privacy-cleanup"
CLEANUP_SECONDS = 3600.0

PRIVACY_TITLE = "Privacy"
FORGET_TITLE = "Delete this chat's data?"
FORGET_QUESTION = (
    "This deletes this chat's reminders, its time zone and every other setting the bot keeps "
    "for it (the last topic too), now and for good. Other chats are not affected.",
)
FORGOTTEN_TITLE = "Deleted"
FORGOTTEN = ("This chat's reminders, time zone and settings are deleted.",)
KEPT_TITLE = "Nothing deleted"
KEPT = ("Nothing was deleted; this chat's reminders and settings stay as they were.",)
ADMINS_ONLY = "Only the group's administrators can delete this chat's data."


def privacy_paragraphs() -> tuple[str, ...]:
    days = statistics.RETENTION.days
    return (
        "What is stored, for each chat: its reminders (which ones, at what times), its time "
        "zone, and a record of each reminder sent (kept "
        f"{reminder_jobs.PRUNE_AFTER.days} days, so none is sent twice). Nothing else about "
        "you: not your name, username or phone number, and not your messages.",
        "Questions the bot could not answer are kept without any user or chat id, with numbers, "
        f"e-mail addresses, @names and names you mention removed, for {days} days, so the "
        "answers can be improved. How often each topic is asked is counted, also without ids.",
        'The topic of your last answer (a word like "magnesium", not your question) is kept '
        'with the chat\'s settings, so a follow-up question such as "and the foods?" is '
        "understood; each answer replaces it, and /forget deletes it.",
        "Where: in one database on the server of whoever runs this bot. Messages reach the bot "
        "through Telegram, under Telegram's own privacy policy.",
        "When you block the bot, or remove it from a group, that chat's reminders, time zone "
        "and settings are deleted at once (within an hour when a reminder is the first to "
        "find the chat gone).",
        "/forget deletes this chat's data now, after you confirm.",
    )


async def privacy_command(update: Update, context: Context) -> None:
    await say(update, notice(context, privacy_paragraphs(), PRIVACY_TITLE))


def _confirm_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes, delete", callback_data="f:yes"),
                InlineKeyboardButton("Cancel", callback_data="f:no"),
            ]
        ]
    )


async def forget_command(update: Update, context: Context) -> None:
    if not await may_change(update, context):
        await say(update, notice(context, (ADMINS_ONLY,)))
        return
    await say(update, notice(context, FORGET_QUESTION, FORGET_TITLE), _confirm_keyboard())


def forget(context: Context, chat_id: int) -> int:
    """Delete the chat's stored rows and its in-memory state; returns the rows deleted."""
    removed = privacy.forget_chat(context.bot_data.db, chat_id)
    context.application.drop_chat_data(chat_id)
    return removed


async def on_button(update: Update, context: Context) -> None:
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None:
        return
    if not await may_change(update, context):
        await query.answer(ADMINS_ONLY, show_alert=True)
        return
    if query.data != "f:yes":
        await query.answer()
        await edit_reply(query, notice(context, KEPT, KEPT_TITLE), None)
        return
    removed = forget(context, chat.id)
    logger.info("chat %s asked to forget its data: %d rows deleted", chat.id, removed)
    await query.answer()
    await edit_reply(query, notice(context, FORGOTTEN, FORGOTTEN_TITLE), None)


async def cleanup(context: Context) -> None:
    """Delete unanswered questions past their retention, and the data of unreachable chats."""
    db = context.bot_data.db
    try:
        questions = statistics.prune_misses(db, context.bot_data.now())
        chats = privacy.forget_unreachable(db)
    except STORAGE_ERRORS as exc:
        logger.warning("privacy clean-up failed, retried in an hour: %s", exc)
        return
    if questions or chats:
        logger.info("privacy clean-up: %d old questions, %d departed chats", questions, chats)


def schedule(application: App) -> None:
    """Run `cleanup` every hour, first one minute after start."""
    assert application.job_queue is not None  # reminders need it too (reminder_jobs.start)
    application.job_queue.run_repeating(
        cleanup, interval=CLEANUP_SECONDS, first=60, name=CLEANUP_JOB_NAME
    )
