"""The typed context every handler receives, as in PTB's `contexttypesbot` example.

`context.bot_data` is a `BotData` (what all handlers share: the assistant, the database, the
clock). What the bot remembers about a chat (its last topic, time zone, reminders) is in the
database, so any process can answer the chat's next message; `context.chat_data` stays empty.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeAlias

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from assistant import Assistant
from assistant.reminders.dispatch import Backlog
from assistant.storage.database import Database
from assistant.storage.health import StorageHealth
from assistant.storage.ownership import DataDirLock


def utc_now() -> datetime:
    return datetime.now(UTC)


class BotData:
    """Shared by every handler. PTB creates it empty; `attach` gives it the assistant and db."""

    def __init__(self) -> None:
        self._assistant: Assistant | None = None
        self._db: Database | None = None
        # Injected so tests can move time (reminders); always timezone-aware UTC.
        self.clock: Callable[[], datetime] = utc_now
        self.answers_pending = 0  # answers being sent right now (see send.typing_while_slow)
        self.polling_conflict = False  # another process polls with our token: exit code 3
        self.dispatch_lock = asyncio.Lock()  # one reminder dispatcher pass at a time
        self.storage_health = StorageHealth()  # logs when writes fail and when they work again
        # Reminder outcomes the database could not take yet (see dispatch.flush_backlog).
        self.reminder_backlog: Backlog = {}
        self.data_lock: DataDirLock | None = None  # BOT_DATA_DIR's lock (SQLite), while running
        # Webhook mode answers Telegram after handling: the updates whose handling failed for
        # a passing reason go back to Telegram (503), which delivers them again.
        self.redelivery = False
        self.redeliver: set[int] = set()
        # Polling on a shared database: whether a Conflict only means this process lost the
        # leadership (leader.py), rather than a poller outside the fleet.
        self.lost_leadership: Callable[[], Awaitable[bool]] | None = None
        # How to stop the bot from within (runner.py sets it; else PTB's stop_running).
        self.request_stop: Callable[[], None] | None = None
        # "/ask <question> – ask a question", one per command: set from `commands.COMMANDS`
        # when the application is built (for /help and a blank mention in a group).
        self.help_lines: tuple[str, ...] = ()

    def attach(self, assistant: Assistant, db: Database) -> None:
        self._assistant, self._db = assistant, db

    @property
    def assistant(self) -> Assistant:
        if self._assistant is None:
            raise RuntimeError("BotData.attach() was not called")
        return self._assistant

    @property
    def db(self) -> Database:
        if self._db is None:
            raise RuntimeError("BotData.attach() was not called")
        return self._db

    @property
    def attached(self) -> bool:
        return self._db is not None

    def now(self) -> datetime:
        return self.clock().astimezone(UTC)


class ChatData:
    """PTB's per-chat memory, unused: a chat's state lives in the database (see above)."""


Bot: TypeAlias = ExtBot[int]  # with FairRateLimiter, whose per-call argument is a Lane (an int)


class Context(CallbackContext[Bot, dict[Any, Any], ChatData, BotData]):
    """`context` in every handler and job: `context.bot_data.assistant`, `.db`, `.now()`."""


App: TypeAlias = Application[Bot, Context, dict[Any, Any], ChatData, BotData, JobQueue[Context]]
# What a job's `context.application` is typed as (PTB leaves the context type open there).
AnyApp: TypeAlias = Application[Bot, Any, Any, Any, BotData, Any]
CONTEXT_TYPES = ContextTypes(context=Context, chat_data=ChatData, bot_data=BotData)
