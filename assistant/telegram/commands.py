"""Every command of the bot, in one table: it drives handler registration, the three command
menus (private chats, groups, group administrators), /help and the known-command check.

Adding a command is one row in `COMMANDS` plus its handler. Rows are in menu order.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import BotCommand, Update

from assistant.reminders.wording import kind_names
from assistant.telegram import handlers, keyboards, privacy, reminder_handlers, texts
from assistant.telegram.context import Context
from assistant.telegram.send import notice, say

Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]


class Scope(enum.Enum):
    PRIVATE = "private chats"
    GROUPS = "group chats"
    ADMINS = "group administrators"


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    scopes: frozenset[Scope]
    description: str  # the menu line; "{kinds}" names the reminder kinds ("hydration or sleep")
    handler: Handler
    usage: str = ""  # /help: "/ask <question> – ask a question"; "" = left out of /help
    in_groups: str = ""  # the group menu's line, when it differs

    def menu_line(self, scope: Scope) -> str:
        line = (self.in_groups if scope is Scope.GROUPS else "") or self.description
        return line.format(kinds=kind_names())

    def help_line(self) -> str:
        usage = self.usage.format(kinds=kind_names())
        dash = " " if usage.startswith("<") else " – "  # "/ask <question> – ...": arguments first
        return f"/{self.name}{dash}{usage}"


async def start(update: Update, context: Context) -> None:
    if context.args and context.args[0] == "help":  # deep link from inline mode's "How to ask"
        await help_command(update, context)
        return
    welcome = notice(context, texts.welcome(), texts.WELCOME_TITLE)
    await say(update, welcome, keyboards.examples_keyboard(texts.EXAMPLE_QUESTIONS))


async def help_command(update: Update, context: Context) -> None:
    paragraphs = texts.help_paragraphs(context.bot_data.help_lines)
    await say(update, notice(context, paragraphs, texts.HELP_TITLE))


EVERYWHERE = frozenset(Scope)
PRIVATE_AND_ADMINS = frozenset({Scope.PRIVATE, Scope.ADMINS})

COMMANDS: tuple[Command, ...] = (
    Command("ask", EVERYWHERE, "Ask a question", handlers.ask,
            "<question> – ask a question (the way to ask in a group)"),
    Command("topics", EVERYWHERE, "Browse all topics", handlers.topics, "browse all topics"),
    Command("foods", EVERYWHERE, "Foods that supply a nutrient", handlers.foods,
            "<nutrient> – which foods supply a nutrient"),
    Command("remind", PRIVATE_AND_ADMINS, "Daily {kinds} reminders", reminder_handlers.remind,
            "daily {kinds} reminders"),
    Command("reminders", EVERYWHERE, "Your reminders", reminder_handlers.reminders,
            "your reminders", in_groups="This chat's reminders"),
    Command("stop", PRIVATE_AND_ADMINS, "Stop reminders", reminder_handlers.stop,
            "stop reminders"),
    Command("settings", PRIVATE_AND_ADMINS, "Time zone and settings", reminder_handlers.settings,
            "time zone and other settings"),
    Command("privacy", EVERYWHERE, "What is stored, and for how long", privacy.privacy_command,
            "what the bot stores about this chat, and for how long"),
    Command("forget", PRIVATE_AND_ADMINS, "Delete this chat's data", privacy.forget_command,
            "delete this chat's reminders, time zone and settings"),
    Command("help", EVERYWHERE, "How to ask", help_command, "this message"),
    Command("start", frozenset({Scope.PRIVATE}), "Welcome and examples", start),
)  # fmt: skip


def menu(scope: Scope) -> list[BotCommand]:
    """The command menu Telegram shows in `scope`."""
    return [BotCommand(c.name, c.menu_line(scope)) for c in COMMANDS if scope in c.scopes]


def help_lines() -> tuple[str, ...]:
    return tuple(c.help_line() for c in COMMANDS if c.usage)


def is_known(text: str) -> bool:
    """Whether a message's first word ("/remind@Bot") is one of our commands."""
    word = text.split(maxsplit=1)[0] if text.strip() else ""
    name = word.lstrip("/").split("@", 1)[0].lower()
    return any(c.name == name for c in COMMANDS)


async def unknown_command(update: Update, context: Context) -> None:
    """Registered after every command: a private /word that no row names gets a hint."""
    message = update.effective_message
    if message is None or is_known(message.text or ""):
        return
    await say(update, notice(context, texts.UNKNOWN_COMMAND))
