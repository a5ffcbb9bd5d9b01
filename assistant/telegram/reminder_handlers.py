"""The reminders' commands (/remind, /reminders, /stop, /settings) and their "r:" buttons.

Each handler reads the update into a request of `assistant.reminders.commands` (the one front
door), lets `group_admins_only` check it, runs it, and sends the outcome through `send`.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Awaitable, Callable

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from assistant.answering.reply import Reply
from assistant.reminders import commands, wording
from assistant.reminders.commands import Outcome, Request
from assistant.telegram import keyboards
from assistant.telegram.context import Context
from assistant.telegram.render import card_description
from assistant.telegram.send import edit_reply, say

_ALLOWED = {ChatMember.OWNER, ChatMember.ADMINISTRATOR}

Carry = Callable[[Update, Context, Request], Awaitable[None]]


def _reply(context: Context, outcome: Outcome) -> Reply:
    return context.bot_data.assistant.notice(*outcome.paragraphs, title=outcome.title)


def _chat(update: Update, context: Context) -> commands.Chat:
    where = update.effective_chat
    assert where is not None  # every handler here checks first
    private = where.type == ChatType.PRIVATE
    return commands.Chat(context.bot_data.db, where.id, context.bot_data.now(), private)


async def may_change(update: Update, context: Context) -> bool:
    """Private chats: yes. Groups: creator and administrators (getChatMember), no one else."""
    where, user = update.effective_chat, update.effective_user
    if where is None or where.type == ChatType.PRIVATE:
        return where is not None
    message = update.effective_message
    if update.callback_query is None and message is not None and message.sender_chat is not None:
        return message.sender_chat.id == where.id  # an anonymous administrator posts as the group
    if user is None:
        return False
    member = await context.bot.get_chat_member(where.id, user.id)
    return member.status in _ALLOWED


def group_admins_only(carry: Carry) -> Carry:
    """A request that changes the chat's reminders goes through, in groups, only for the
    group's administrators; anyone else is told so (an alert on a button)."""

    @functools.wraps(carry)
    async def checked(update: Update, context: Context, request: Request) -> None:
        if not request.changes or await may_change(update, context):
            await carry(update, context, request)
            return
        reply = _reply(context, commands.refused())
        if update.callback_query is not None:
            await update.callback_query.answer(card_description(reply), show_alert=True)
        else:
            await say(update, reply)

    return checked


@group_admins_only
async def _command(update: Update, context: Context, request: Request) -> None:
    outcome = commands.run(_chat(update, context), request)
    await say(update, _reply(context, outcome), keyboards.buttons_keyboard(outcome.buttons))


async def remind(update: Update, context: Context) -> None:
    if update.effective_chat is not None:
        await _command(update, context, commands.remind(context.args or []))


async def reminders(update: Update, context: Context) -> None:
    if update.effective_chat is not None:
        await _command(update, context, commands.reminders(context.args or []))


async def stop(update: Update, context: Context) -> None:
    if update.effective_chat is not None:
        await _command(update, context, commands.stop(context.args or []))


async def settings(update: Update, context: Context) -> None:
    if update.effective_chat is not None:
        await _command(update, context, commands.settings(context.args or []))


@group_admins_only
async def _pressed(update: Update, context: Context, request: Request) -> None:
    query = update.callback_query
    assert query is not None  # on_button checks first
    outcome = commands.run(_chat(update, context), request)
    reply = _reply(context, outcome)
    if isinstance(request, commands.Snooze):
        await query.answer(card_description(reply))  # a note on the button, the reminder stays
        return
    await query.answer()
    markup = keyboards.buttons_keyboard(outcome.buttons)
    if isinstance(request, commands.Stop):
        await say(update, reply, markup)  # below the reminder, which stays as it was
    else:
        await edit_reply(query, reply, markup)


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None:
        return
    if update.effective_chat is None:
        # Under an inline message (no chat to act on): reminders' buttons never go there.
        await query.answer(wording.EXPIRED)
        return
    action = keyboards.parse(query.data)
    request = action if isinstance(action, Request) else commands.Expired()
    try:
        await _pressed(update, context, request)
    except Exception:
        # Whatever failed, the button's spinner stops (a second answer is refused: ignore).
        with contextlib.suppress(TelegramError):
            await query.answer()
        raise
