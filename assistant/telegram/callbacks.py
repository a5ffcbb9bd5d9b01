"""Topic buttons: show a topic or a page of topics by editing the message in place, or ask
an example question (a new message, so the welcome stays readable).

Registered twice: for "t:", "q:" and "p:" data, and last of all for any other button (a stale
one, or one from an older version of the bot), which gets the topic list instead of hanging."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType

from assistant.answering.reply import Reply
from assistant.telegram import handlers, keyboards, texts
from assistant.telegram.context import Context
from assistant.telegram.send import edit_reply, notice

logger = logging.getLogger(__name__)


def _show(context: Context, action: keyboards.ShowTopic) -> Reply:
    """The topic a button names; an aspect this version does not know (forged, or renamed
    since the button was made) shows the topic's overview instead of failing."""
    assistant = context.bot_data.assistant
    try:
        return assistant.show(action.topic, action.aspect)
    except (KeyError, ValueError, LookupError):
        logger.info("button with an unknown aspect %r: showing the overview", action.aspect)
        return assistant.show(action.topic, None)


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None:
        return
    # Answer first: it stops the button's spinner, whatever happens next.
    await query.answer()
    action = keyboards.parse(query.data)
    assistant = context.bot_data.assistant
    # No message means a button under a shared inline card; no Share button there.
    private = query.message is not None and query.message.chat.type == ChatType.PRIVATE
    if isinstance(action, keyboards.ShowTopic):
        reply = _show(context, action)
        if reply.topic is None:  # a topic that no longer exists in the knowledge base
            action = None
        else:
            if update.effective_chat is not None:  # None under an inline card: no chat
                handlers.remember_topic(context, update.effective_chat.id, reply)
            markup = keyboards.answer_keyboard(reply, share=private, back=True)
            await edit_reply(query, reply, markup)
            return
    if isinstance(action, keyboards.AskQuestion):
        await handlers.respond(update, context, action.question)
        return
    page = action.page if isinstance(action, keyboards.BrowseTopics) else 0
    words = texts.TOPICS if action is not None else texts.EXPIRED_BUTTON
    reply = notice(context, words, texts.TOPICS_TITLE)
    await edit_reply(query, reply, keyboards.topics_keyboard(assistant.topic_titles(), page))
