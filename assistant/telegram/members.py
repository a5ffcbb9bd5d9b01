"""The bot's own membership changes (`my_chat_member`): removed, blocked, or added."""

from __future__ import annotations

import logging
import sqlite3

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.ext import Application, ChatMemberHandler

from assistant.reminders import store
from assistant.telegram import texts
from assistant.telegram.send import Context, notice, send_reply, services_of

logger = logging.getLogger(__name__)

GONE = {ChatMember.LEFT, ChatMember.BANNED}
PRESENT = {ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.RESTRICTED}


async def on_my_chat_member(update: Update, context: Context) -> None:
    change = update.my_chat_member
    if change is None:
        return
    chat = change.chat
    old, new = change.old_chat_member.status, change.new_chat_member.status
    if new in GONE:
        # Removed from a group, or a user blocked the bot: its reminders could never be
        # delivered again, so forget them now instead of failing on every slot.
        try:
            removed = store.unsubscribe_chat(services_of(context).db, chat.id)
        except sqlite3.Error as exc:
            logger.warning("could not remove reminders of a departed chat: %s", exc)
            return
        logger.info("bot left chat %s (%s); %d reminders removed", chat.id, new, removed)
        return
    if chat.type in (ChatType.GROUP, ChatType.SUPERGROUP) and old in GONE and new in PRESENT:
        # Just added to a group: say once how to talk to the bot under privacy mode.
        await send_reply(context.bot, chat.id, notice(context, texts.ADDED_TO_GROUP))


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
