"""Answers stay fast under load, asserted by order, not time: a question is answered ahead of
reminders still waiting to go out, and one user's flood does not hold up another user."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from assistant import Assistant
from assistant.reminders import store
from assistant.storage.transactions import transaction
from assistant.telegram.rate_limit import CHAT_BURST, FairRateLimiter, Limits

from .fake_bot_api import FakeBotApi
from .reminder_harness import Clock, dispatch, is_reminder, reminder_bot

SLOT = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
ASKER, FLOODER = 8_800_001, 8_800_002


async def test_a_question_is_answered_ahead_of_a_waiting_fan_out(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    fake_api.strict_chats = False
    clock = Clock(SLOT - timedelta(minutes=5))
    slow = FairRateLimiter(Limits(overall=(40.0, 1.0)))  # 80 reminders take 2 s
    async with reminder_bot(fake_api, tmp_path, assistant, clock, rate_limiter=slow) as app:
        db = app.bot_data.db
        with transaction(db):
            for chat in range(7_000_000, 7_000_080):
                store.set_reminders(db, chat, "hydration", [time(9)], clock.now)
        clock.set(2026, 3, 9, 9, 0, 5)
        fan_out = asyncio.create_task(dispatch(app))
        await fake_api.wait_for("sendMessage", count=10)
        fake_api.push_update(fake_api.private_message("magnesium foods", user_id=ASKER))
        await fan_out
    sends = [c for c in fake_api.calls if c.method == "sendMessage" and c.ok]
    answer = next(i for i, c in enumerate(sends) if c.params["chat_id"] == ASKER)
    assert sum(is_reminder(c) for c in sends) == 80
    assert answer < 40  # well before the fan-out ended: it did not queue behind it


async def test_one_users_flood_does_not_hold_up_another_user(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    clock = Clock(SLOT)
    async with reminder_bot(fake_api, tmp_path, assistant, clock, allow_errors=True):
        for i in range(150):
            fake_api.push_update(fake_api.private_message(f"magnesium {i}", user_id=FLOODER))
        await fake_api.wait_for("sendMessage", count=3)
        fake_api.push_update(fake_api.private_message("potassium", user_id=ASKER))
        await fake_api.wait_for(
            "sendMessage", predicate=lambda c: c.params.get("chat_id") == ASKER, timeout=30
        )
        answered = [c for c in fake_api.calls if c.method == "sendMessage"]
    flood_before = sum(c.params["chat_id"] == FLOODER for c in answered)
    # The flooder gets its own chat's burst and about one a second; the other user is
    # answered without waiting for the other 140 or so.
    assert flood_before <= CHAT_BURST + 5
