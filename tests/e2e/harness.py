"""Run the real Telegram `Application` against the fake Bot API server, and check its output.

`running_bot()` builds the application exactly as production does (`build_application`), with
the fake server as `base_url`, starts long polling, and on exit checks that every message the
bot sent in the test ends with the disclaimer and that Telegram rejected none of its calls.
Everything sent is also collected in `SENT`, for the suite-wide disclaimer test.
"""

from __future__ import annotations

import contextlib
import datetime as dtm
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from telegram.ext import BaseRateLimiter

from assistant import Assistant, storage
from assistant.storage.database import Database
from assistant.telegram import reminder_jobs
from assistant.telegram.app import ALLOWED_UPDATES, build_application, post_init
from assistant.telegram.config import Config
from assistant.telegram.context import App
from assistant.telegram.logs import add_secrets, secrets_for_token

from .fake_bot_api import Call, FakeBotApi, parse_html

# (where, plain text) of every message any bot sent during this test session.
SENT: list[tuple[str, str]] = []
# DATABASE_URL of the running test's bots (a fresh PostgreSQL schema), None for SQLite in the
# test's data directory; set per test by the autouse `bot_storage` fixture (conftest.py).
DATABASE_URL: str | None = None


def open_db(data_dir: Path) -> Database:
    """The test's database, as a second process would open it (same backend as its bots)."""
    if DATABASE_URL is not None:
        return storage.open_database(url=DATABASE_URL)
    return storage.open_database(data_dir)


def disclaimer_of(assistant: Assistant) -> str:
    return assistant.notice("x").disclaimer.strip()


def outgoing_texts(fake: FakeBotApi) -> list[tuple[str, str]]:
    """(method, plain text) of every message text the bot got accepted: messages, edits and
    the messages inside inline cards (which Telegram sends when a card is chosen)."""
    found: list[tuple[str, str]] = []
    for call in fake.calls:
        if not call.ok:
            continue
        if call.method in ("sendMessage", "editMessageText"):
            if isinstance(call.result, dict) and "text" in call.result:
                found.append((call.method, call.result["text"]))
            else:  # an edit of an inline message answers True: parse what was sent
                found.append((call.method, parse_html(call.params["text"])[0]))
        elif call.method == "answerInlineQuery":
            for result in call.params.get("results", []):
                content = result.get("input_message_content", {})
                text = content.get("message_text", "")
                if content.get("parse_mode", "").upper() == "HTML":
                    text = parse_html(text)[0]
                found.append((call.method, text))
    return found


def check_disclaimers(fake: FakeBotApi, disclaimer: str, where: str = "") -> int:
    """Assert every message ends with the disclaimer; record them in SENT; returns how many."""
    texts = outgoing_texts(fake)
    for method, text in texts:
        assert text.rstrip().endswith(disclaimer), f"{method} without disclaimer: {text[-300:]!r}"
        SENT.append((where or method, text))
    return len(texts)


@contextlib.asynccontextmanager
async def running_bot(
    fake: FakeBotApi,
    data_dir: Path,
    assistant: Assistant,
    *,
    clock: Callable[[], datetime] | None = None,
    rate_limiter: BaseRateLimiter[int] | None = None,
    tick: bool = True,
    allow_errors: bool = False,
    where: str = "",
) -> AsyncIterator[App]:
    """The production Application, polling the fake server until the block ends.

    `clock` replaces the services' clock before anything runs; `tick=False` removes the
    reminders' periodic job, so a test decides when reminders go out."""
    add_secrets(secrets_for_token(fake.token))  # what main() does via setup_logging()
    config = Config(
        token=fake.token, base_url=fake.base_url, data_dir=data_dir, database_url=DATABASE_URL
    )
    app = build_application(config, assistant=assistant, rate_limiter=rate_limiter)
    if clock is not None:
        app.bot_data.clock = clock
    async with app:  # initialize: getMe
        await post_init(app)  # run_polling would call it; we start by hand to stay in-loop
        assert app.updater is not None
        await app.updater.start_polling(
            poll_interval=0, timeout=dtm.timedelta(seconds=1), allowed_updates=ALLOWED_UPDATES
        )
        await app.start()
        if not tick:
            assert app.job_queue is not None
            for job in app.job_queue.get_jobs_by_name(reminder_jobs.JOB_NAME):
                job.schedule_removal()
        try:
            yield app
            await fake.wait_idle(quiet=0.05)
        finally:
            await app.updater.stop()
            await app.stop()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
    check_disclaimers(fake, disclaimer_of(assistant), where)
    if not allow_errors:
        fake.assert_no_errors()


async def exchange(
    fake: FakeBotApi,
    update: dict[str, Any] | None,
    method: str = "sendMessage",
    count: int = 1,
    within: float = 5.0,
) -> list[Call]:
    """Push `update` (built by fake.private_message() & co.) and wait for the bot's calls."""
    mark = fake.mark()
    assert update is not None
    assert fake.push_update(update) is not None, "the fake would not deliver this update"
    return await fake.wait_for(method, count=count, timeout=within, since=mark)


async def ask(fake: FakeBotApi, text: str, **kwargs: Any) -> str:
    """A private question; returns the plain text of the bot's (first) answer message."""
    (call, *_) = await exchange(fake, fake.private_message(text, **kwargs))
    assert call.ok, call.summary()
    return str(call.result["text"])


async def silence(fake: FakeBotApi, update: dict[str, Any] | None) -> None:
    """Push `update` and assert the bot says nothing at all about it."""
    mark = fake.mark()
    if update is not None and fake.push_update(update) is not None:
        await fake.wait_idle(quiet=0.3)
    said = [c for c in fake.calls[mark:] if c.method in ("sendMessage", "editMessageText")]
    assert not said, [c.summary() for c in said]


def buttons(call: Call) -> list[dict[str, Any]]:
    """The inline keyboard buttons of a sendMessage/editMessageText call, flattened."""
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]
