"""The question handlers: update -> question text -> `Assistant.answer()` -> send.

No matching happens here; the handlers only decide *whether* a message is addressed to the bot
(private chat, /ask, /foods, mention, reply to the bot) and *what text* the question is.
"""

from __future__ import annotations

import logging
import unicodedata

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType

from assistant.answering.reply import Reply
from assistant.storage import chat_settings, statistics
from assistant.storage.database import STORAGE_ERRORS
from assistant.telegram import keyboards, texts
from assistant.telegram.context import Context
from assistant.telegram.send import answer_message, notice, say, typing_while_slow

logger = logging.getLogger(__name__)


def is_blank(text: str) -> bool:
    """True when nothing is left after removing spaces and invisible format characters
    (zero-width space, joiners, direction marks): there is no question to answer."""
    return all(c.isspace() or unicodedata.category(c) == "Cf" for c in text)


def _record(context: Context, question: str, reply: Reply) -> None:
    """Count topics (for inline suggestions) and misses (for curators); never fatal."""
    shared = context.bot_data
    if not shared.storage_health.ready():
        return  # the database refuses writes: each try would hold the answers up (busy wait)
    try:
        if reply.topic is None:
            # Scrubbed (names, numbers, addresses) before normalising loses the capitals.
            question = shared.assistant.normalise(statistics.scrub(question))
            statistics.record_miss(shared.db, question)
        else:
            statistics.record_topic(shared.db, reply.topic)
    except STORAGE_ERRORS as exc:  # a full disk must not cost the user their answer
        shared.storage_health.failed(exc)
        return
    shared.storage_health.succeeded()


def last_topic(context: Context, chat_id: int) -> str | None:
    """The chat's previous topic (for follow-ups); None when the database cannot say."""
    shared = context.bot_data
    if not shared.storage_health.ready():
        return None  # in backoff: answer without it rather than wait for the database
    try:
        return chat_settings.get_last_topic(shared.db, chat_id)
    except STORAGE_ERRORS as exc:
        shared.storage_health.failed(exc)
        return None


def remember_topic(context: Context, chat_id: int, reply: Reply) -> None:
    """Store the answer's topic as the chat's last, before the answer goes out, so the next
    message finds it whichever process takes it; a failing database only loses the follow-up."""
    shared = context.bot_data
    if reply.topic is None or not shared.storage_health.ready():
        return
    try:
        chat_settings.set_last_topic(shared.db, chat_id, reply.topic)
    except STORAGE_ERRORS as exc:
        shared.storage_health.failed(exc)


async def respond(update: Update, context: Context, question: str) -> None:
    """Answer `question` from the update's message, in that chat."""
    message = update.effective_message
    if message is None:
        return
    private = message.chat.type == ChatType.PRIVATE
    if is_blank(question):
        await say(update, notice(context, texts.EMPTY_QUESTION))
        return
    async with typing_while_slow(context, message.chat_id):
        last = last_topic(context, message.chat_id)
        reply = context.bot_data.assistant.answer(question, last_topic=last)
        remember_topic(context, message.chat_id, reply)
        keyboard = keyboards.answer_keyboard(reply, share=private)
        await answer_message(message, reply, keyboard, quote=not private)
    _record(context, question, reply)  # after the answer, which must not wait for the disk


def _argument(message: Message) -> str:
    """The text after the command (/ask@Bot  what...), keeping the user's own line breaks."""
    parts = (message.text or "").split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


async def ask(update: Update, context: Context) -> None:
    message = update.effective_message
    question = _argument(message) if message else ""
    if is_blank(question):
        await say(update, notice(context, texts.ASK_USAGE))
        return
    await respond(update, context, question)


async def foods(update: Update, context: Context) -> None:
    message = update.effective_message
    nutrient = _argument(message) if message else ""
    if is_blank(nutrient):
        titles = context.bot_data.assistant.topic_titles()
        markup = keyboards.foods_keyboard(texts.NUTRIENT_TOPICS, titles)
        await say(update, notice(context, texts.FOODS_USAGE), markup)
        return
    # The matcher is typo tolerant and knows the foods aspect; "magnesuim foods" just works.
    await respond(update, context, f"{nutrient} foods")


async def topics(update: Update, context: Context) -> None:
    titles = context.bot_data.assistant.topic_titles()
    reply = notice(context, texts.TOPICS, texts.TOPICS_TITLE)
    await say(update, reply, keyboards.topics_keyboard(titles))


async def private_text(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is not None:
        await respond(update, context, message.text or message.caption or "")


def _addressed_text(message: Message, bot_id: int, username: str) -> str | None:
    """The question in a group message meant for the bot, or None if it is not for the bot.

    With privacy mode on, Telegram only delivers replies to the bot (and commands); plain
    @mentions arrive only with privacy mode off or when the bot is an administrator.
    """
    text = message.text or message.caption or ""
    entities = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    if not entities and message.caption:
        entities = message.parse_caption_entities(
            [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
        )
    mentions = [
        fragment
        for entity, fragment in entities.items()
        if (entity.type == MessageEntity.MENTION and fragment.lower() == f"@{username}".lower())
        or (entity.user is not None and entity.user.id == bot_id)
    ]
    original = message.reply_to_message
    replied = (
        original is not None
        and original.from_user is not None
        and original.from_user.id == bot_id
        and not message.is_topic_message  # in forums every message "replies" to its topic
    )
    if not mentions and not replied:
        return None
    for fragment in mentions:
        text = text.replace(fragment, " ", 1)
    return text


async def group_message(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None:
        return
    question = _addressed_text(message, context.bot.id, context.bot.username)
    if question is None:
        return  # not for us: stay silent in groups
    if not (message.text or message.caption):
        return  # a sticker or photo replying to the bot: nothing to answer
    if is_blank(question):
        await say(
            update,
            notice(context, texts.help_paragraphs(context.bot_data.help_lines), texts.HELP_TITLE),
        )
        return
    await respond(update, context, question)


async def private_other(update: Update, context: Context) -> None:
    """Stickers, voice, photos without caption...: a hint instead of silence."""
    message = update.effective_message
    if message is None or message.chat.type != ChatType.PRIVATE:
        return
    if message.caption:
        await respond(update, context, message.caption)
        return
    await say(update, notice(context, texts.NON_TEXT))
