"""Build and run the Telegram `Application`; `main(environ)` is the entry `bot.py` calls."""

from __future__ import annotations

import functools
import logging
import sqlite3
import warnings
from collections.abc import Mapping
from urllib.parse import urlsplit

from telegram import (
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    LinkPreviewOptions,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    JobQueue,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBDeprecationWarning

from assistant import Assistant, __version__
from assistant.storage.connection import DatabaseRefused, private_dir
from assistant.storage.data_dir import DataDirError, check_data_dir, describe
from assistant.storage.database import safe_url
from assistant.storage.ownership import DataDirBusy, claim_bot, open_storage
from assistant.telegram import (
    callbacks,
    errors,
    fleet_budget,
    handlers,
    health,
    inline,
    keyboards,
    members,
    privacy,
    reminder_handlers,
    reminder_jobs,
    runner,
    texts,
)
from assistant.telegram.commands import COMMANDS, Scope, help_lines, menu, unknown_command
from assistant.telegram.config import Config, ConfigError, load_config
from assistant.telegram.context import CONTEXT_TYPES, App, Context
from assistant.telegram.logs import add_secrets, database_secrets, setup_logging
from assistant.telegram.rate_limit import MAX_RETRIES
from assistant.telegram.updates import FairUpdateProcessor

logger = logging.getLogger(__name__)

# A 429 must delay a message, never drop it: retry far more often than Telegram ever asks.
RATE_LIMIT_RETRIES = MAX_RETRIES
# Updates are handled concurrently, so requests must not queue behind a single connection.
CONNECTION_POOL = 64
ALLOWED_UPDATES = runner.ALLOWED_UPDATES

# Commands are answered only when new: re-running a command because its message was edited
# would surprise the chat.
NEW = filters.UpdateType.MESSAGE
PRIVATE = filters.ChatType.PRIVATE
GROUPS = filters.ChatType.GROUPS
_MENU_SCOPES = (
    (Scope.PRIVATE, BotCommandScopeAllPrivateChats()),
    (Scope.GROUPS, BotCommandScopeAllGroupChats()),
    # Administrators also change the group's reminders (only they may).
    (Scope.ADMINS, BotCommandScopeAllChatAdministrators()),
)


def add_handlers(application: App) -> None:
    """Every handler, in the order PTB tries them: within one group, the first match wins."""
    for command in COMMANDS:
        application.add_handler(CommandHandler(command.name, command.handler, filters=NEW))
    # Private chats: every text (new or edited, typed or forwarded) is a question.
    application.add_handler(
        MessageHandler(
            PRIVATE & filters.UpdateType.MESSAGES & filters.TEXT & ~filters.COMMAND,
            handlers.private_text,
        )
    )
    # Group chats: only messages meant for the bot; edits are ignored to avoid double answers.
    application.add_handler(
        MessageHandler(
            GROUPS & NEW & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND,
            handlers.group_message,
        )
    )
    application.add_handler(
        MessageHandler(
            PRIVATE & NEW & ~filters.TEXT & ~filters.StatusUpdate.ALL, handlers.private_other
        )
    )
    application.add_handler(
        CallbackQueryHandler(callbacks.on_button, pattern=keyboards.TOPIC_BUTTONS)
    )
    application.add_handler(
        CallbackQueryHandler(reminder_handlers.on_button, pattern=keyboards.REMINDER_BUTTONS)
    )
    application.add_handler(CallbackQueryHandler(privacy.on_button, pattern=privacy.FORGET_BUTTONS))
    application.add_handler(InlineQueryHandler(inline.on_inline_query))
    application.add_handler(
        ChatMemberHandler(members.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    # Last: a private /command that no row of COMMANDS names, and any other button (stale, or
    # from an older version), which gets the topic list instead of a spinning button.
    application.add_handler(MessageHandler(PRIVATE & NEW & filters.COMMAND, unknown_command))
    application.add_handler(CallbackQueryHandler(callbacks.on_button))
    application.add_error_handler(errors.on_error)


def describe_start(config: Config, assistant: Assistant) -> str:
    """What the start-up INFO line says after the bot's @username: mode, data, knowledge."""
    mode = "long polling"
    if config.webhook_url:  # the host only: a webhook path is often meant to stay unguessable
        host = urlsplit(config.webhook_url).netloc
        mode = f"webhook for {host}, listening on {config.webhook_listen}:{config.webhook_port}"
    kb = assistant.kb
    data = f"data directory {config.data_dir.resolve()} (BOT_DATA_DIR)"
    if config.database_url:
        data = f"data in PostgreSQL {safe_url(config.database_url)} (DATABASE_URL)"
    return (
        f"mode {mode}; {data}; knowledge "
        f"base {kb.directory}: {len(kb.topics)} topics, {len(kb.foods)} foods, "
        f"{len(kb.sources)} sources"
    )


async def post_init(application: App, started: str = "") -> None:
    """Check the database is this bot's (raises `ForeignBot`), retry the sends a previous run
    left unfinished, register the command menu per scope and the descriptions shown in the
    profile; log which bot started, how (`started`: `describe_start`)."""
    claim_bot(application.bot_data.db, application.bot.id)
    reminder_jobs.release_interrupted(application)
    bot = application.bot
    if started:
        logger.info(
            "Twitch-Relief Assistant %s started as @%s: %s", __version__, bot.username, started
        )
    calls = [
        *(bot.set_my_commands(menu(scope), scope=where) for scope, where in _MENU_SCOPES),
        bot.set_my_description(texts.bot_description()),
        bot.set_my_short_description(texts.BOT_SHORT_DESCRIPTION),
    ]
    for call in calls:
        try:
            await call
        except TelegramError as exc:  # a missing menu is no reason to refuse to answer
            logger.warning("could not register commands or descriptions: %s", exc)


async def post_shutdown(application: App) -> None:
    shared = application.bot_data
    if shared.attached:
        shared.db.close()
    if shared.data_lock is not None:
        shared.data_lock.release()
        shared.data_lock = None


def build_application(
    config: Config,
    *,
    assistant: Assistant | None = None,
    rate_limiter: BaseRateLimiter[int] | None = None,
) -> App:
    """The fully wired Application (handlers, rate limiter, defaults), not yet started."""
    assistant = assistant or Assistant.load()
    updates = FairUpdateProcessor()
    data_lock, db = open_storage(config.data_dir, config.database_url)
    builder = ApplicationBuilder()
    if config.webhook_url:
        # PTB's custom-webhook mode: our server answers Telegram after handling each update.
        builder.updater(None)
    application = (
        builder.context_types(CONTEXT_TYPES)
        .job_queue(JobQueue[Context]())
        .token(config.token)
        .base_url(config.base_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),  # source links
                allow_sending_without_reply=True,
            )
        )
        # Answers before reminders, chats in turn, under Telegram's limits (rate_limit.py).
        .rate_limiter(rate_limiter or fleet_budget.rate_limiter(config))
        # Each chat's updates in turn, so one flooding chat holds one handler (updates.py).
        .concurrent_updates(updates)
        .connection_pool_size(CONNECTION_POOL)
        .pool_timeout(30.0)
        .post_init(functools.partial(post_init, started=describe_start(config, assistant)))
        .post_shutdown(post_shutdown)
        .build()
    )
    application.bot_data.attach(assistant, db)
    application.bot_data.data_lock = data_lock
    updates.running = lambda: application.running
    application.bot_data.help_lines = help_lines()
    add_handlers(application)
    reminder_jobs.start(application)  # the sending tick and the pruning of old records
    privacy.schedule(application)  # retention of unanswered questions, departed chats
    health.schedule(application, config.data_dir)  # the heartbeat the HEALTHCHECK reads
    return application


def main(environ: Mapping[str, str], assistant: Assistant | None = None) -> int:
    """Validate the environment, then run the bot; one clear line on stderr on failure.

    `assistant`: an already loaded one (the CLI has one), else `Assistant.load()`.
    """
    try:
        config = load_config(environ)
    except ConfigError as exc:
        runner.fail(str(exc))
        return 2
    setup_logging(config.log_level, config.token, user_text=config.log_user_text)
    add_secrets(database_secrets(config.database_url))
    # PTB warns about its own RetryAfter internals on every 429; nothing for us to change.
    warnings.filterwarnings("ignore", "Deprecated since version v22.2", PTBDeprecationWarning)
    try:
        if config.database_url is None:
            private_dir(config.data_dir)  # created 0700 before anything else puts a file in it
            check_data_dir(config.data_dir)
        application = build_application(config, assistant=assistant)
    except (DataDirError, DataDirBusy, DatabaseRefused) as exc:
        runner.fail(f"cannot start: {exc}")
        return 2
    except OSError as exc:
        runner.fail(f"cannot start: {describe(exc, config.data_dir)}")
        return 2
    except sqlite3.Error as exc:  # full disk, a file that is not a database, locked for good
        runner.fail(f"cannot start: the database in BOT_DATA_DIR {str(config.data_dir)!r}: {exc}")
        return 2
    except Exception as exc:  # the knowledge base failed its checks: say which, briefly
        runner.fail(f"cannot start: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
        return 1
    return runner.run(application, config)
