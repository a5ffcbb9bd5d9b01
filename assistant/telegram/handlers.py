"""Message and command handlers: update -> question text -> `Assistant.answer()` -> send.

No matching happens here; the handlers only decide *whether* a message is addressed to the bot
(private chat, command, mention, reply to the bot) and *what text* the question is.
"""

from __future__ import annotations

import logging
import sqlite3
import unicodedata

from telegram import InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from assistant.answering.reply import Reply
from assistant.storage import statistics
from assistant.telegram import keyboards, texts
from assistant.telegram.send import (
    Context,
    answer_message,
    notice,
    services_of,
    typing_while_slow,
)

logger = logging.getLogger(__name__)

LAST_TOPIC = "last_topic"  # chat_data key: the chat's previous topic, for follow-up questions

# Commands are answered only when new: re-running a command because its message was edited
# would surprise the chat.
NEW = filters.UpdateType.MESSAGE
PRIVATE = filters.ChatType.PRIVATE
GROUPS = filters.ChatType.GROUPS


def is_blank(text: str) -> bool:
    """True when nothing is left after removing spaces and invisible format characters
    (zero-width space, joiners, direction marks): there is no question to answer."""
    return all(c.isspace() or unicodedata.category(c) == "Cf" for c in text)


def _record(context: Context, question: str, reply: Reply) -> None:
    """Count topics (for inline suggestions) and misses (for curators); never fatal."""
    services = services_of(context)
    try:
        if reply.topic is None:
            statistics.record_miss(services.db, services.assistant.normalise(question))
        else:
            statistics.record_topic(services.db, reply.topic)
    except sqlite3.Error as exc:  # a full disk must not cost the user their answer
        logger.warning("could not record statistics: %s", exc)


def remember_topic(context: Context, reply: Reply) -> None:
    if context.chat_data is not None and reply.topic is not None:
        context.chat_data[LAST_TOPIC] = reply.topic


async def respond(update: Update, context: Context, question: str) -> None:
    """Answer `question` from the update's message, in that chat."""
    message = update.effective_message
    if message is None:
        return
    private = message.chat.type == ChatType.PRIVATE
    if is_blank(question):
        await say(update, context, notice(context, texts.EMPTY_QUESTION))
        return
    async with typing_while_slow(context, message.chat_id):
        last = context.chat_data.get(LAST_TOPIC) if context.chat_data is not None else None
        reply = services_of(context).assistant.answer(question, last_topic=last)
        _record(context, question, reply)
        remember_topic(context, reply)
        keyboard = keyboards.answer_keyboard(reply, share=private)
        await answer_message(message, reply, keyboard, quote=not private)


async def say(
    update: Update, context: Context, reply: Reply, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Send one of the bot's own messages (welcome, help, usage hints) to the update's chat."""
    message = update.effective_message
    if message is not None:
        private = message.chat.type == ChatType.PRIVATE
        await answer_message(message, reply, keyboard, quote=not private)


def _argument(message: Message) -> str:
    """The text after the command (/ask@Bot  what...), keeping the user's own line breaks."""
    parts = (message.text or "").split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


async def start(update: Update, context: Context) -> None:
    if context.args and context.args[0] == "help":  # deep link from inline mode's "How to ask"
        await help_command(update, context)
        return
    welcome = notice(context, texts.WELCOME, texts.WELCOME_TITLE)
    await say(update, context, welcome, keyboards.examples_keyboard(texts.EXAMPLE_QUESTIONS))


async def help_command(update: Update, context: Context) -> None:
    await say(update, context, notice(context, texts.HELP, texts.HELP_TITLE))


async def ask(update: Update, context: Context) -> None:
    message = update.effective_message
    question = _argument(message) if message else ""
    if is_blank(question):
        await say(update, context, notice(context, texts.ASK_USAGE))
        return
    await respond(update, context, question)


async def foods(update: Update, context: Context) -> None:
    message = update.effective_message
    nutrient = _argument(message) if message else ""
    if is_blank(nutrient):
        titles = services_of(context).assistant.topic_titles()
        markup = keyboards.foods_keyboard(texts.NUTRIENT_TOPICS, titles)
        await say(update, context, notice(context, texts.FOODS_USAGE), markup)
        return
    # The matcher is typo tolerant and knows the foods aspect; "magnesuim foods" just works.
    await respond(update, context, f"{nutrient} foods")


async def topics(update: Update, context: Context) -> None:
    titles = services_of(context).assistant.topic_titles()
    reply = notice(context, texts.TOPICS, texts.TOPICS_TITLE)
    await say(update, context, reply, keyboards.topics_keyboard(titles))


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
        await say(update, context, notice(context, texts.HELP, texts.HELP_TITLE))
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
    await say(update, context, notice(context, texts.NON_TEXT))


# Every command of the bot, reminders included, so the fallback never answers one of them even
# if another module registers its handlers in a different handler group.
KNOWN_COMMANDS = frozenset(
    {"start", "help", "ask", "foods", "topics", "remind", "reminders", "stop", "settings"}
)


async def unknown_command(update: Update, context: Context) -> None:
    message = update.effective_message
    word = (message.text or "").split(maxsplit=1)[0] if message and message.text else ""
    if word.lstrip("/").split("@", 1)[0].lower() in KNOWN_COMMANDS:
        return
    await say(update, context, notice(context, texts.UNKNOWN_COMMAND))


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add the message and command handlers (group 0; reminders register their own)."""
    commands = {
        "start": start,
        "help": help_command,
        "ask": ask,
        "foods": foods,
        "topics": topics,
    }
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback, filters=NEW))
    # Private chats: every text (new or edited, typed or forwarded) is a question.
    application.add_handler(
        MessageHandler(
            PRIVATE & filters.UpdateType.MESSAGES & filters.TEXT & ~filters.COMMAND, private_text
        )
    )
    # Group chats: only messages meant for the bot; edits are ignored to avoid double answers.
    application.add_handler(
        MessageHandler(
            GROUPS & NEW & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND, group_message
        )
    )
    application.add_handler(
        MessageHandler(PRIVATE & NEW & ~filters.TEXT & ~filters.StatusUpdate.ALL, private_other)
    )


def register_fallbacks(application: Application) -> None:  # type: ignore[type-arg]
    """Added after every other module's handlers: in one group the first match wins."""
    application.add_handler(MessageHandler(PRIVATE & NEW & filters.COMMAND, unknown_command))
