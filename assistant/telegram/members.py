"""The bot's own membership changes (`my_chat_member`): removed, blocked, or added.

Decided as in PTB's `chatmemberbot` example: from `ChatMemberUpdated.difference()`, a member is
the owner, an administrator, a member, or a restricted member still in the chat (`is_member`):
a restricted member who left is gone.
"""

from __future__ import annotations

import logging

from telegram import ChatMember, ChatMemberRestricted, ChatMemberUpdated, Update
from telegram.constants import ChatType

from assistant.storage.database import STORAGE_ERRORS
from assistant.telegram import texts
from assistant.telegram.context import Context
from assistant.telegram.privacy import forget
from assistant.telegram.send import notice, send_reply

logger = logging.getLogger(__name__)

_IN_THE_CHAT = {ChatMember.OWNER, ChatMember.ADMINISTRATOR, ChatMember.MEMBER}


def _is_member(member: ChatMember) -> bool:
    if isinstance(member, ChatMemberRestricted):
        return member.is_member
    return member.status in _IN_THE_CHAT


def membership(change: ChatMemberUpdated) -> tuple[bool, bool] | None:
    """(was a member, is a member), or None when neither the status nor `is_member` changed
    (new rights or a new title only)."""
    difference = change.difference()
    if "status" not in difference and "is_member" not in difference:
        return None
    return _is_member(change.old_chat_member), _is_member(change.new_chat_member)


async def on_my_chat_member(update: Update, context: Context) -> None:
    change = update.my_chat_member
    found = membership(change) if change is not None else None
    if change is None or found is None:
        return
    was_member, is_member = found
    chat = change.chat
    if not is_member:
        # Removed from a group, or a user blocked the bot: its reminders could never be
        # delivered again, and /privacy promises its settings go at once too.
        try:
            removed = forget(context, chat.id)
        except STORAGE_ERRORS as exc:
            logger.warning("could not delete the data of a departed chat: %s", exc)
            return
        status = change.new_chat_member.status
        logger.info("bot left chat %s (%s); %d stored rows deleted", chat.id, status, removed)
        return
    if chat.type in (ChatType.GROUP, ChatType.SUPERGROUP) and not was_member:
        # Just added to a group: say once how to talk to the bot under privacy mode.
        await send_reply(context.bot, chat.id, notice(context, texts.ADDED_TO_GROUP))
