"""Reminder commands and buttons (/remind, /reminders, /stop, /settings) and the sending tick.

The rules live in `assistant.reminders`; this module only maps Telegram to them. Buttons use
callback data starting with "r:". In groups, only administrators change reminders.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import UTC, datetime, time, timedelta
from typing import Any, TypeAlias

from telegram import ChatMember, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from assistant.answering.reply import Reply
from assistant.reminders import chat, store, wording
from assistant.reminders.dispatch import DispatchReport, SendOutcome, dispatch_due
from assistant.reminders.schedule import (
    KIND_ALIASES,
    ParseError,
    TimezoneError,
    parse_remind,
    parse_timezone,
)
from assistant.reminders.zones import available_zone_names
from assistant.storage import chat_settings
from assistant.telegram.handlers import say
from assistant.telegram.render import card_description, render_one
from assistant.telegram.send import Context, edit_reply, notice, services_of
from assistant.telegram.services import Services

logger = logging.getLogger(__name__)
App: TypeAlias = "Application[Any, Any, Any, Any, Any, Any]"

TICK_SECONDS = 20.0
JOB_NAME = "reminders"
PRUNE_AFTER = timedelta(days=3)
PATTERN = r"^r:"
SNOOZE_LABEL = "Snooze 30 min"
STOP_LABEL = "Stop these reminders"
_LOCK = "reminder_dispatch_lock"
_ALLOWED = {ChatMember.OWNER, ChatMember.ADMINISTRATOR}
# Reachable only through a deleted or kicked chat: the chat is gone for good.
_GONE_WORDS = ("chat not found", "user is deactivated", "bot was kicked", "peer_id_invalid")


def _keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def reminder_keyboard(kind: str, slot_utc: datetime) -> InlineKeyboardMarkup:
    # The slot in the data makes a double tap on "Snooze" snooze once.
    snooze = f"r:snooze:{kind}:{int(slot_utc.timestamp())}"
    return _keyboard([(SNOOZE_LABEL, snooze), (STOP_LABEL, f"r:stop:{kind}")])


def _now(context: Context) -> datetime:
    return services_of(context).clock().astimezone(UTC)


def _db(context: Context) -> sqlite3.Connection:
    return services_of(context).db


def _reply(context: Context, said: chat.Notice) -> Reply:
    return notice(context, said.paragraphs, said.title)


async def _may_change(update: Update, context: Context) -> bool:
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


async def _refuse(update: Update, context: Context) -> None:
    reply = notice(context, (wording.ADMINS_ONLY,))
    if update.callback_query is not None:
        await update.callback_query.answer(card_description(reply), show_alert=True)
    else:
        await say(update, context, reply)


def _kind(word: str) -> str | None:
    return KIND_ALIASES.get(word.casefold())


def _preset_times(rest: str) -> list[time]:
    """ "hydration:0900.1300" -> [09:00, 13:00]; [] for data this version does not know."""
    try:
        return [time(int(c[:2]), int(c[2:])) for c in rest.split(":", 1)[1].split(".")]
    except (IndexError, ValueError):
        return []


def _kinds_keyboard() -> InlineKeyboardMarkup:
    return _keyboard([(label, f"r:kind:{kind}") for kind, label in wording.LABELS.items()])


def _undo_keyboard(token: int | None) -> InlineKeyboardMarkup | None:
    return None if token is None else _keyboard([("Undo", f"r:undo:{token}")])


async def remind(update: Update, context: Context) -> None:
    if update.effective_chat is None:
        return
    if not await _may_change(update, context):
        await _refuse(update, context)
        return
    if not context.args:
        reply = notice(context, wording.CHOOSE_KIND, wording.CHOOSE_KIND_TITLE)
        await say(update, context, reply, _kinds_keyboard())
        return
    try:
        request = parse_remind(context.args)
    except ParseError as error:
        await say(update, context, notice(context, wording.usage(error.problem)))
        return
    said = chat.set_times(
        _db(context), update.effective_chat.id, request.kind, request.times, _now(context)
    )
    await say(update, context, _reply(context, said))


async def reminders(update: Update, context: Context) -> None:
    where = update.effective_chat
    if where is not None:
        said = chat.listing(_db(context), where.id, _now(context), where.type == ChatType.PRIVATE)
        await say(update, context, _reply(context, said))


async def stop(update: Update, context: Context) -> None:
    if update.effective_chat is None:
        return
    args = [a.casefold() for a in context.args or []]
    kind = _kind(args[0]) if args and args[0] != "all" else None
    if len(args) > 1 or (args and args[0] != "all" and kind is None):
        await say(update, context, notice(context, (wording.STOP_USAGE,)))
        return
    if not await _may_change(update, context):
        await _refuse(update, context)
        return
    said, token = chat.stop(_db(context), update.effective_chat.id, kind, _now(context))
    await say(update, context, _reply(context, said), _undo_keyboard(token))


async def settings(update: Update, context: Context) -> None:
    if update.effective_chat is None:
        return
    chat_id, args = update.effective_chat.id, context.args or []
    if not args or args[0].casefold() not in {"timezone", "tz", "zone", "time_zone"}:
        await say(
            update, context, _reply(context, chat.settings(_db(context), chat_id, _now(context)))
        )
        return
    if not await _may_change(update, context):
        await _refuse(update, context)
        return
    typed = " ".join(args[1:])
    try:
        zone_name = parse_timezone(typed)
    except TimezoneError as error:
        reply = notice(context, wording.unknown_zone(typed, error.suggestions))
        buttons = [[(zone, f"r:tz:{zone}")] for zone in error.suggestions]
        await say(update, context, reply, _keyboard(*buttons) if buttons else None)
        return
    said = chat.set_zone(_db(context), chat_id, zone_name, _now(context))
    await say(update, context, _reply(context, said))


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None or update.effective_chat is None:
        return
    chat_id, db, now = update.effective_chat.id, _db(context), _now(context)
    action, _, rest = (query.data or "").removeprefix("r:").partition(":")
    # Looking at the presets changes nothing, so anyone may; everything else is guarded.
    if action not in {"kind", "back"} and not await _may_change(update, context):
        await _refuse(update, context)
        return
    kind = _kind(rest.split(":", 1)[0])
    stamp = rest.rpartition(":")[2]
    if action == "snooze" and kind and stamp.isdigit():
        origin = datetime.fromtimestamp(int(stamp), UTC)
        reply = _reply(context, chat.snooze(db, chat_id, kind, now, origin))
        await query.answer(card_description(reply))
        return
    await query.answer()
    if action == "kind" and kind:
        title = f"{wording.LABELS[kind]} reminders"
        reply = notice(
            context, wording.pick_times(kind, chat_settings.get_timezone(db, chat_id)), title
        )
        presets = [
            [(label, f"r:set:{kind}:{'.'.join(f'{t:%H%M}' for t in times)}")]
            for label, times in wording.PRESETS[kind]
        ]
        await edit_reply(query, reply, _keyboard(*presets, [("« Back", "r:back")]))
    elif action == "back":
        reply = notice(context, wording.CHOOSE_KIND, wording.CHOOSE_KIND_TITLE)
        await edit_reply(query, reply, _kinds_keyboard())
    elif action == "set" and kind and (times := _preset_times(rest)):
        await edit_reply(
            query, _reply(context, chat.set_times(db, chat_id, kind, times, now)), None
        )
    elif action == "stop" and kind:
        said, token = chat.stop(db, chat_id, kind, now)
        await say(update, context, _reply(context, said), _undo_keyboard(token))
    elif action == "undo" and rest.isdigit():
        await edit_reply(query, _reply(context, chat.undo(db, chat_id, int(rest), now)), None)
    elif action == "tz" and rest in available_zone_names():
        await edit_reply(query, _reply(context, chat.set_zone(db, chat_id, rest, now)), None)
    else:
        await edit_reply(query, notice(context, (wording.EXPIRED,)), None)


async def send_reminder(application: App, delivery: store.Delivery) -> SendOutcome:
    """Send one reminder as a single message (so a retry can never duplicate a part)."""
    services: Services = application.bot_data["services"]
    bot = application.bot
    reply = services.assistant.reminder(delivery.kind, delivery.tip_index)
    markup = reminder_keyboard(delivery.kind, delivery.slot_utc)
    chat_id = delivery.chat_id
    try:
        try:
            await bot.send_message(chat_id, render_one(reply), reply_markup=markup)
        except ChatMigrated as moved:
            # The group became a supergroup: its reminders follow it to the new id.
            store.move_chat(services.db, chat_id, moved.new_chat_id)
            chat_id = moved.new_chat_id
            await bot.send_message(chat_id, render_one(reply), reply_markup=markup)
    except Forbidden as error:
        logger.info("chat %s blocked the bot or removed it: %s", chat_id, error)
        return SendOutcome.BLOCKED
    except BadRequest as error:
        if any(words in str(error).lower() for words in _GONE_WORDS):
            logger.info("chat %s no longer exists: %s", chat_id, error)
            return SendOutcome.BLOCKED
        logger.error("Telegram refused a %s reminder: %s", delivery.kind, error)
        return SendOutcome.FAILED
    except TelegramError as error:  # RetryAfter beyond the rate limiter's retries, network
        logger.warning("reminder to chat %s postponed: %s", chat_id, error)
        return SendOutcome.RETRY
    return SendOutcome.SENT


async def dispatch_now(application: App) -> DispatchReport | None:
    """One dispatcher pass at the services' clock; None if a pass is already running."""
    lock: asyncio.Lock = application.bot_data.setdefault(_LOCK, asyncio.Lock())
    if lock.locked():
        return None
    async with lock:
        services: Services = application.bot_data["services"]

        def now() -> datetime:
            return services.clock().astimezone(UTC)

        report = await dispatch_due(
            services.db,
            now(),
            lambda delivery: send_reminder(application, delivery),
            clock=now,
            keep_going=lambda: application.running,
        )
    if report.sent or report.retried or report.blocked or report.skipped or report.failed:
        logger.info("reminders: %s", report)
    return report


async def tick(context: Context) -> None:
    await dispatch_now(context.application)


async def prune(context: Context) -> None:
    store.prune_deliveries(_db(context), _now(context) - PRUNE_AFTER)


def set_tick_interval(application: App, seconds: float) -> None:
    """Replace the sending job's interval (tests use a fraction of a second)."""
    queue = application.job_queue
    if queue is None:
        raise RuntimeError("reminders need python-telegram-bot[job-queue]")
    for job in queue.get_jobs_by_name(JOB_NAME):
        job.schedule_removal()
    # max_instances 2: an overlapping tick returns at once (lock) instead of a scheduler warning.
    queue.run_repeating(
        tick, interval=seconds, first=1, name=JOB_NAME, job_kwargs={"max_instances": 2}
    )


def register(application: App) -> None:
    """Add the reminder commands and buttons, and the repeating job that sends reminders."""
    services: Services = application.bot_data["services"]
    # Sends cut short by the last shutdown or a kill are due again (rebuilt from the database).
    released = store.release_inflight(services.db)
    if released:
        logger.info("%d interrupted reminder sends will be retried", released)
    new = filters.UpdateType.MESSAGE
    for name, callback in (
        ("remind", remind),
        ("reminders", reminders),
        ("stop", stop),
        ("settings", settings),
    ):
        application.add_handler(CommandHandler(name, callback, filters=new))
    application.add_handler(CallbackQueryHandler(on_button, pattern=PATTERN))
    set_tick_interval(application, TICK_SECONDS)
    assert application.job_queue is not None  # checked by set_tick_interval
    application.job_queue.run_repeating(prune, interval=3600, first=60, name="reminders-prune")
