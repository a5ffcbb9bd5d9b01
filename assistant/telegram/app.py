"""Build and run the Telegram `Application`; `main(environ)` is the entry `bot.py` calls."""

from __future__ import annotations

import logging
import secrets
import sys
import warnings
from collections.abc import Mapping
from typing import Any, TypeAlias

from telegram import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults
from telegram.warnings import PTBDeprecationWarning

from assistant import Assistant, storage
from assistant.telegram import (
    callbacks,
    errors,
    handlers,
    inline,
    members,
    reminder_commands,
    texts,
)
from assistant.telegram.config import Config, ConfigError, load_config
from assistant.telegram.logs import redact, setup_logging
from assistant.telegram.services import Services

logger = logging.getLogger(__name__)

# A 429 must delay a message, never drop it: retry far more often than Telegram ever asks.
RATE_LIMIT_RETRIES = 50
# Updates are handled concurrently, so requests must not queue behind a single connection.
CONNECTION_POOL = 64
# What we handle; anything else (channel posts, reactions) Telegram need not send at all.
ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.INLINE_QUERY,
    Update.MY_CHAT_MEMBER,
]

_PRIVATE = [
    ("ask", "Ask a question"),
    ("topics", "Browse all topics"),
    ("foods", "Foods that supply a nutrient"),
    ("remind", "Daily hydration or sleep reminders"),
    ("reminders", "Your reminders"),
    ("stop", "Stop reminders"),
    ("settings", "Time zone and settings"),
    ("help", "How to ask"),
    ("start", "Welcome and examples"),
]
_GROUP = [("ask", "Ask a question"), ("topics", "Browse all topics"),
          ("foods", "Foods that supply a nutrient"), ("reminders", "This chat's reminders"),
          ("help", "How to ask")]  # fmt: skip
# Administrators also change the group's reminders (only they may).
_ADMIN = [*_GROUP[:3], *_PRIVATE[3:7], ("help", "How to ask")]

# PTB's six type parameters add nothing here.
App: TypeAlias = "Application[Any, Any, Any, Any, Any, Any]"


def _commands(pairs: list[tuple[str, str]]) -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in pairs]


async def post_init(application: App) -> None:
    """Register the command menu per scope and the descriptions shown in the profile."""
    bot = application.bot
    calls = [
        bot.set_my_commands(_commands(_PRIVATE), scope=BotCommandScopeAllPrivateChats()),
        bot.set_my_commands(_commands(_GROUP), scope=BotCommandScopeAllGroupChats()),
        bot.set_my_commands(_commands(_ADMIN), scope=BotCommandScopeAllChatAdministrators()),
        bot.set_my_description(texts.BOT_DESCRIPTION),
        bot.set_my_short_description(texts.BOT_SHORT_DESCRIPTION),
    ]
    for call in calls:
        try:
            await call
        except TelegramError as exc:  # a missing menu is no reason to refuse to answer
            logger.warning("could not register commands or descriptions: %s", exc)


async def post_shutdown(application: App) -> None:
    services = application.bot_data.get("services")
    if isinstance(services, Services):
        services.db.close()


def build_application(
    config: Config,
    *,
    assistant: Assistant | None = None,
    rate_limiter: AIORateLimiter | None = None,
) -> App:
    """The fully wired Application (handlers, rate limiter, defaults), not yet started."""
    services = Services(
        assistant=assistant or Assistant.load(), db=storage.open_database(config.data_dir)
    )
    application = (
        ApplicationBuilder()
        .token(config.token)
        .base_url(config.base_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),  # source links
                allow_sending_without_reply=True,
            )
        )
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .concurrent_updates(True)
        .connection_pool_size(CONNECTION_POOL)
        .pool_timeout(30.0)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    application.bot_data["services"] = services
    handlers.register(application)
    callbacks.register(application)
    inline.register(application)
    members.register(application)
    reminder_commands.register(application)  # /remind, /reminders, /stop, /settings, the tick
    handlers.register_fallbacks(application)
    callbacks.register_fallback(application)
    errors.register(application)
    return application


def _fail(message: str, config: Config | None = None) -> None:
    text = redact(message, [config.token] if config else None)
    print(f"error: {text}", file=sys.stderr)


def run(application: App, config: Config) -> int:
    """Run until stopped (Ctrl-C, SIGTERM); returns the process exit code."""
    try:
        if config.webhook_url:
            application.run_webhook(
                listen=config.webhook_listen,
                port=config.webhook_port,
                url_path=config.webhook_path,
                webhook_url=config.webhook_url,
                # Only Telegram knows this, so nobody else can post fake updates to us.
                secret_token=secrets.token_urlsafe(32),
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            # Polling errors reach the error handler, which stops on Conflict (errors.py).
            application.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        _fail("Telegram rejected TELEGRAM_BOT_TOKEN (unauthorized); check it with @BotFather")
        return 2
    except NetworkError as exc:
        _fail(f"cannot reach the Telegram Bot API at {config.base_url}: {exc}", config)
        return 1
    except TelegramError as exc:
        _fail(f"Telegram refused to start the bot: {exc}", config)
        return 1
    return 3 if application.bot_data.get(errors.CONFLICT) else 0


def main(environ: Mapping[str, str], assistant: Assistant | None = None) -> int:
    """Validate the environment, then run the bot; one clear line on stderr on failure.

    `assistant`: an already loaded one (the CLI has one), else `Assistant.load()`.
    """
    try:
        config = load_config(environ)
    except ConfigError as exc:
        _fail(str(exc))
        return 2
    setup_logging(config.log_level, config.token)
    # PTB warns about its own RetryAfter internals on every 429; nothing for us to change.
    warnings.filterwarnings("ignore", "Deprecated since version v22.2", PTBDeprecationWarning)
    try:
        application = build_application(config, assistant=assistant)
    except OSError as exc:
        _fail(f"cannot use BOT_DATA_DIR {str(config.data_dir)!r}: {exc.strerror or exc}")
        return 2
    except Exception as exc:  # the knowledge base failed its checks: say which, briefly
        _fail(f"cannot start: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
        return 1
    return run(application, config)
