"""Inline mode: `@BotName potassium` in any chat offers ready answer cards.

Each card is an InlineQueryResultArticle whose message is the full answer, rendered by the one
renderer (so it carries the disclaimer). Inline queries arrive on every keystroke, so they are
not counted as questions: only real questions feed the "most asked" list and the misses.
"""

from __future__ import annotations

import hashlib
import logging

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from assistant import Assistant
from assistant.answering.reply import Reply
from assistant.storage import statistics
from assistant.storage.database import STORAGE_ERRORS
from assistant.telegram import texts
from assistant.telegram.context import Context
from assistant.telegram.render import card_description, card_title, render_one

logger = logging.getLogger(__name__)

MAX_CARDS = 6
CACHE_SECONDS = 300  # answers depend only on the query and the knowledge base
TOP_CACHE_SECONDS = 60  # the most-asked list changes as people ask


def _card(reply: Reply) -> InlineQueryResultArticle:
    key = f"{reply.topic}|{reply.aspect}|{reply.title}"
    return InlineQueryResultArticle(
        # Stable ids (<= 64 bytes) let Telegram's client cache cards across keystrokes.
        id=hashlib.sha1(key.encode()).hexdigest()[:32],
        title=card_title(reply),
        description=card_description(reply),
        input_message_content=InputTextMessageContent(render_one(reply), ParseMode.HTML),
    )


def replies_for(assistant: Assistant, query: str, top: list[str]) -> list[Reply]:
    """The cards for `query`: the answer, then its alternatives and its other aspects."""
    query = " ".join(query.split())
    if not query:
        return [r for r in (assistant.show(t) for t in top) if r.topic is not None]
    main = assistant.answer(query)  # a Share button's query answers to its own topic
    if main.topic is None:
        return []
    replies = [main]
    more = [*main.choices, *(s for s in main.follow_ups if s.topic == main.topic)]
    for suggestion in more:
        reply = assistant.show(suggestion.topic, suggestion.aspect)
        if reply.topic is not None and (reply.topic, reply.aspect) not in {
            (r.topic, r.aspect) for r in replies
        }:
            replies.append(reply)
    return replies[:MAX_CARDS]


def _top_topics(context: Context) -> list[str]:
    try:
        top = statistics.top_topics(context.bot_data.db, limit=MAX_CARDS)
    except STORAGE_ERRORS as exc:
        logger.warning("could not read the most asked topics: %s", exc)
        top = []
    # Fill up with the fixed list, so a new bot still offers something useful.
    top += [t for t in texts.DEFAULT_TOP_TOPICS if t not in top]
    return [t for t in top if not t.startswith("greeting")][:MAX_CARDS]


async def on_inline_query(update: Update, context: Context) -> None:
    inline = update.inline_query
    if inline is None:
        return
    query = inline.query.strip()
    assistant = context.bot_data.assistant
    replies = replies_for(assistant, query, _top_topics(context) if not query else [])
    # Nothing matched: offer to open the private chat at /help instead of an empty list.
    button = None if replies else InlineQueryResultsButton(texts.HOW_TO_ASK, start_parameter="help")
    try:
        await inline.answer(
            [_card(r) for r in replies],
            cache_time=CACHE_SECONDS if query else TOP_CACHE_SECONDS,
            button=button,
        )
    except BadRequest as exc:
        # "query is too old": the user typed on; the next keystroke brings a new query.
        logger.debug("inline answer rejected: %s", exc)
