"""Run the built Application until stopped, in the mode the configuration asks for.

- Long polling on SQLite (one process): PTB's `run_polling`, as ever.
- Long polling with `DATABASE_URL`: every process runs the bot, the one holding the polling
  lock polls (leader.py).
- Webhook: PTB's custom-webhook mode with our server (webhook_server.py), which answers
  Telegram only after handling each update, behind any number of processes.

The last two use `run_until_stopped`, PTB's own run sequence (initialize, post_init, start,
run until a stop signal or a Conflict, then stop and shut down) with a mode's start and stop
steps in the middle. `run` maps failures to the CLI's exit codes.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError

from assistant.storage.database import STORAGE_ERRORS
from assistant.storage.ownership import ForeignBot
from assistant.telegram import webhook
from assistant.telegram.config import Config
from assistant.telegram.context import App
from assistant.telegram.leader import PollingLeader
from assistant.telegram.logs import redact
from assistant.telegram.webhook_server import WebhookServer

# What we handle; anything else (channel posts, reactions) Telegram need not send at all.
ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.INLINE_QUERY,
    Update.MY_CHAT_MEMBER,
]

Step = Callable[[], Awaitable[None]]


def fail(message: str, config: Config | None = None) -> None:
    """One line on stderr, without secrets."""
    text = redact(message, [config.token] if config else None)
    print(f"error: {text}", file=sys.stderr)


def run_until_stopped(application: App, start: Step, stop: Step) -> None:
    """PTB's run sequence around `start` and `stop` (see the module docstring)."""
    asyncio.run(_run(application, start, stop))


async def _run(application: App, start: Step, stop: Step) -> None:
    # One coroutine from start to end, stopped by an event: a signal arriving between two
    # steps can then never leave a step half-run (which stopping the loop itself can).
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGABRT):
        loop.add_signal_handler(sig, stopping.set)
    application.bot_data.request_stop = stopping.set  # a Conflict stops the bot (errors.py)
    try:
        await application.initialize()
        if application.post_init:
            await application.post_init(application)
        if not stopping.is_set():
            await application.start()
            await start()
            await stopping.wait()
    finally:
        await stop()
        if application.running:
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)


def _run_webhook(application: App, config: Config) -> None:
    assert config.webhook_url is not None
    secret = webhook.webhook_secret(config)
    server = WebhookServer(
        application, config.webhook_path, secret, config.webhook_listen, config.webhook_port
    )
    application.bot_data.redelivery = True  # Telegram sends a failed update again (503)

    async def start() -> None:
        server.start()  # listening before Telegram is told where to deliver
        assert config.webhook_url is not None
        await webhook.ensure_webhook(
            application.bot, config.webhook_url, secret, ALLOWED_UPDATES, config.database_url
        )

    run_until_stopped(application, start, server.close)


def _run_fleet_polling(application: App, database_url: str) -> None:
    leader = PollingLeader(application, database_url, ALLOWED_UPDATES)

    async def start() -> None:
        leader.start()

    run_until_stopped(application, start, leader.stop)


def run(application: App, config: Config) -> int:
    """Run until stopped (Ctrl-C, SIGTERM); returns the process exit code."""
    try:
        if config.webhook_url:
            _run_webhook(application, config)
        elif config.database_url:
            _run_fleet_polling(application, config.database_url)
        else:
            # Polling errors reach the error handler, which stops on Conflict (errors.py).
            application.run_polling(allowed_updates=ALLOWED_UPDATES)
    except ForeignBot as exc:
        fail(str(exc))
        return 2
    except STORAGE_ERRORS as exc:  # the database went away between opening it and post_init
        fail(f"the database failed while the bot started: {exc}", config)
        return 1
    except InvalidToken:
        fail("Telegram rejected TELEGRAM_BOT_TOKEN (unauthorized); check it with @BotFather")
        return 2
    except NetworkError as exc:
        fail(f"cannot reach the Telegram Bot API at {config.base_url}: {exc}", config)
        return 1
    except TelegramError as exc:
        fail(f"Telegram refused to start the bot: {exc}", config)
        return 1
    except OSError as exc:  # the webhook's port is taken, or not ours to listen on
        fail(f"cannot listen on {config.webhook_listen}:{config.webhook_port}: {exc}", config)
        return 2
    return 3 if application.bot_data.polling_conflict else 0
