"""Throughput of a minimal python-telegram-bot echo bot through the fake Bot API server.

Pushes ``n_messages`` private text updates from ``n_users`` users into the fake server, lets a
PTB Application (``concurrent_updates(True)``, one MessageHandler replying with the same text)
fetch them by long polling and reply, and measures updates per second from the first push until
the fake server has recorded ``n_messages`` sendMessage calls.  This is the framework's ceiling:
the real bot's figure (benchmarks/bench_e2e.py) is read against it.

Run: ``.venv/bin/python benchmarks/bench_e2e_echo.py [--users N] [--messages N]``
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dtm
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402
from telegram.ext import Application, ContextTypes, MessageHandler, filters  # noqa: E402

from tests.e2e.fake_bot_api import FakeBotApi  # noqa: E402

FIRST_USER_ID = 500000


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text is not None:
        await message.reply_text(message.text)


def private_burst(
    fake: FakeBotApi, texts: list[str], n_users: int, n_messages: int, first_user: int
) -> list[dict[str, Any]]:
    """`n_messages` private messages cycling through `texts`, from `n_users` users in turn
    (built before the clock starts, which also registers the users' chats)."""
    return [
        fake.private_message(
            texts[i % len(texts)],
            user_id=first_user + i % n_users,
            first_name=f"User{i % n_users}",
            username=f"user{i % n_users}",
        )
        for i in range(n_messages)
    ]


async def run_echo_bot_burst(n_users: int = 100, n_messages: int = 1000) -> float:
    """Updates per second a minimal PTB echo bot handles through the fake Bot API server."""
    async with FakeBotApi() as fake:
        app = (
            Application.builder()
            .token(fake.token)
            .base_url(fake.base_url)
            .concurrent_updates(True)
            .build()
        )
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
        texts = [f"message {i} from user {i % n_users}" for i in range(n_messages)]
        updates = private_burst(fake, texts, n_users, n_messages, FIRST_USER_ID)
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0, timeout=dtm.timedelta(seconds=1))
            try:
                started = time.perf_counter()
                for update in updates:
                    fake.push_update(update)
                await fake.wait_for(
                    "sendMessage",
                    count=n_messages,
                    timeout=max(60.0, n_messages / 10),
                    predicate=lambda call: call.ok,
                )
                elapsed = time.perf_counter() - started
            finally:
                await app.updater.stop()
                await app.stop()
        fake.assert_no_errors()
        return n_messages / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()
    rate = asyncio.run(run_echo_bot_burst(args.users, args.messages))
    print(
        f"PTB echo bot via fake Bot API: {rate:.0f} updates/s "
        f"({args.messages} messages from {args.users} users)"
    )


if __name__ == "__main__":
    main()
