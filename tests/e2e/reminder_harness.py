"""What the reminder end-to-end tests add to `harness.py`: an injected clock, a bot whose
rate limiter can be chosen, and helpers to run one dispatcher pass and look at what it sent.

`reminder_bot()` is `harness.running_bot()` with the clock injected before the application
starts (so no tick ever sees the real time) and the 20-second sending job removed unless
`tick=True`, so a test decides when reminders go out (`dispatch(app)`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from telegram.ext import BaseRateLimiter

from assistant import Assistant
from assistant.reminders.dispatch import DispatchReport
from assistant.telegram import reminder_jobs
from assistant.telegram.context import App, BotData

from .fake_bot_api import Call, FakeBotApi
from .harness import exchange, running_bot


class Clock:
    """A settable UTC clock for `BotData.clock`."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, *args: int) -> datetime:
        """clock.set(2026, 3, 7, 9, 0, 5): a UTC instant."""
        self.now = datetime(*args, tzinfo=UTC)  # type: ignore[misc]
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def services(app: App) -> BotData:
    return app.bot_data


@contextlib.asynccontextmanager
async def reminder_bot(
    fake: FakeBotApi,
    data_dir: Path,
    assistant: Assistant,
    clock: Clock,
    *,
    rate_limiter: BaseRateLimiter[int] | None = None,
    tick: bool = False,
    allow_errors: bool = False,
    where: str = "",
) -> AsyncIterator[App]:
    """`running_bot()` with `clock` injected and, unless `tick`, no periodic sending."""
    async with running_bot(
        fake,
        data_dir,
        assistant,
        clock=clock,
        rate_limiter=rate_limiter,
        tick=tick,
        allow_errors=allow_errors,
        where=where,
    ) as app:
        yield app


async def dispatch(app: App) -> DispatchReport:
    """One dispatcher pass at the injected clock (waits out a pass already running)."""
    for _ in range(500):
        report = await reminder_jobs.dispatch_now(app)
        if report is not None:
            return report
        await asyncio.sleep(0.01)
    raise AssertionError("a dispatcher pass never finished")


def is_reminder(call: Call) -> bool:
    """A reminder message: a sendMessage with the Snooze button."""
    markup = call.params.get("reply_markup") or {}
    return call.method == "sendMessage" and any(
        str(b.get("callback_data", "")).startswith("r:snooze:")
        for row in markup.get("inline_keyboard", [])
        for b in row
    )


def reminders_sent(fake: FakeBotApi, since: int = 0, chat_id: int | None = None) -> list[Call]:
    """Reminder messages Telegram accepted, in order (optionally only into `chat_id`)."""
    return [
        c
        for c in fake.calls[since:]
        if c.ok and is_reminder(c) and (chat_id is None or c.params["chat_id"] == chat_id)
    ]


def reminder_attempts(fake: FakeBotApi, since: int = 0, chat_id: int | None = None) -> list[Call]:
    """Every reminder sendMessage the bot tried, accepted or not."""
    return [
        c
        for c in fake.calls[since:]
        if is_reminder(c) and (chat_id is None or c.params["chat_id"] == chat_id)
    ]


async def say(fake: FakeBotApi, text: str, **kwargs: Any) -> Call:
    """A private message; returns the bot's one answer (asserted accepted)."""
    (call,) = await exchange(fake, fake.private_message(text, **kwargs))
    assert call.ok, call.summary()
    return call


async def say_in_group(fake: FakeBotApi, text: str, **kwargs: Any) -> Call:
    """A group message; returns the bot's one answer (asserted accepted)."""
    (call,) = await exchange(fake, fake.group_message(text, **kwargs))
    assert call.ok, call.summary()
    return call


async def press(fake: FakeBotApi, label: str, method: str, **kwargs: Any) -> Call:
    """Press the button `label` on the bot's latest message that has it; returns the first
    `method` call the bot made in response."""
    mark = fake.mark()
    assert fake.press_button(label, **kwargs) is not None
    (call, *_) = await fake.wait_for(method, since=mark)
    return call


def text_of(call: Call) -> str:
    return str(call.result["text"])
