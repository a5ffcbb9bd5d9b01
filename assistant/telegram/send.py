"""Send or edit a `Reply`: the only path by which handlers put text on Telegram.

Everything goes through `render`, so every message part is escaped, fits Telegram's limit and
ends with the disclaimer. The keyboard goes on the last part (where the reader's eye ends) and
the quote of the user's message on the first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Message, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import BadRequest, TelegramError

from assistant.answering.reply import Reply
from assistant.telegram.context import Context
from assistant.telegram.render import render, render_one

logger = logging.getLogger(__name__)

TYPING_DELAY = 0.3  # seconds before a pending answer shows "typing…"
TYPING_MAX_PENDING = 8  # answers in flight beyond which "typing…" is not worth a request


def notice(context: Context, paragraphs: tuple[str, ...], title: str = "") -> Reply:
    """The bot's own words as a Reply, so they get the disclaimer like any answer."""
    return context.bot_data.assistant.notice(*paragraphs, title=title)


async def send_reply(
    bot: Bot,
    chat_id: int,
    reply: Reply,
    *,
    keyboard: InlineKeyboardMarkup | None = None,
    reply_to: int | None = None,
    thread_id: int | None = None,
) -> list[Message]:
    parts = render(reply)
    sent: list[Message] = []
    for index, part in enumerate(parts):
        first, last = index == 0, index == len(parts) - 1
        quote = (
            # The question may have been deleted meanwhile; answer anyway.
            ReplyParameters(reply_to, allow_sending_without_reply=True)
            if first and reply_to is not None
            else None
        )
        sent.append(
            await bot.send_message(
                chat_id,
                part,
                reply_markup=keyboard if last else None,
                reply_parameters=quote,
                message_thread_id=thread_id,
            )
        )
    return sent


async def answer_message(
    message: Message, reply: Reply, keyboard: InlineKeyboardMarkup | None, *, quote: bool
) -> list[Message]:
    """Answer `message` in its chat (and forum topic), quoting it when `quote` (groups)."""
    return await send_reply(
        message.get_bot(),
        message.chat_id,
        reply,
        keyboard=keyboard,
        reply_to=message.message_id if quote else None,
        thread_id=message.message_thread_id if message.is_topic_message else None,
    )


async def say(update: Update, reply: Reply, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Send one of the bot's own messages (welcome, help, confirmations) to the update's chat,
    quoting the update's message in groups."""
    message = update.effective_message
    if message is not None:
        private = message.chat.type == ChatType.PRIVATE
        await answer_message(message, reply, keyboard, quote=not private)


async def edit_reply(
    query: CallbackQuery, reply: Reply, keyboard: InlineKeyboardMarkup | None
) -> None:
    """Replace the pressed message's text in place (one part: an edit cannot add messages)."""
    try:
        await query.edit_message_text(render_one(reply), reply_markup=keyboard)
    except BadRequest as exc:
        if "not modified" in str(exc).lower():
            return  # the same button pressed twice: nothing to change, not an error
        if query.message is None:
            raise
        # Too old to edit or otherwise uneditable: say it in a new message instead.
        logger.info("edit failed (%s); sending a new message", exc)
        await send_reply(query.get_bot(), query.message.chat.id, reply, keyboard=keyboard)


async def typing(bot: Bot, chat_id: int) -> None:
    """Show "typing…"; purely cosmetic, so a failure must never stop the answer."""
    try:
        await bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError as exc:
        logger.debug("typing action failed: %s", exc)


async def _typing_after(bot: Bot, chat_id: int, delay: float) -> None:
    await asyncio.sleep(delay)
    await typing(bot, chat_id)


@contextlib.asynccontextmanager
async def typing_while_slow(context: Context, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" only if the answer is not out within TYPING_DELAY seconds.

    Answers take well under a millisecond, so an immediate typing action would only flicker
    and double the requests per question; it earns its place when sending is held up (a slow
    network). When many answers are already waiting, it is skipped: it would only compete
    with them for the same connections."""
    pending = context.bot_data.answers_pending
    context.bot_data.answers_pending = pending + 1
    task = None
    if pending < TYPING_MAX_PENDING:
        task = asyncio.create_task(_typing_after(context.bot, chat_id, TYPING_DELAY))
    try:
        yield
    finally:
        context.bot_data.answers_pending -= 1
        if task is not None:
            task.cancel()
