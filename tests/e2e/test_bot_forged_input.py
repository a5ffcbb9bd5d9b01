"""Forged and out-of-range input, end to end: every button press is answered (the spinner
stops), and nothing a user can type or press ends in "Something went wrong"."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant
from assistant.telegram import texts

from .fake_bot_api import FakeBotApi
from .harness import ask, exchange, running_bot

FORGED = [
    "r:snooze:hydration:253402300800",
    "r:undo:99999999999999999999999",
    "r:snooze:hydration:99999999999999999999999999",
    "t:magnesium:zzz",
    "r:set:sleep:9999",
    "p:99999999999999999999",
    "zzz",
]


def _went_wrong(fake: FakeBotApi) -> list[str]:
    error = texts.ERROR[0]
    return [t for t in fake.sent_texts() if error in t]


@pytest.mark.parametrize("data", FORGED)
async def test_forged_buttons_are_answered_and_never_fail(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant, data: str
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        await ask(fake_api, "magnesium")  # a message of the bot's to press a button on
        update = fake_api.callback_query(data, strict=False)
        (answer,) = await exchange(fake_api, update, "answerCallbackQuery")
        assert answer.ok
        await fake_api.wait_idle(quiet=0.2)
    assert _went_wrong(fake_api) == []


@pytest.mark.parametrize("data", ["r:stop:hydration", "r:snooze:sleep:1767225600", "t:sleep:"])
async def test_buttons_on_inline_messages_are_answered(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant, data: str
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        update = fake_api.callback_query(data, inline_message_id="AAAA-inline-1")
        (answer,) = await exchange(fake_api, update, "answerCallbackQuery")
        assert answer.ok
        await fake_api.wait_idle(quiet=0.2)
    assert _went_wrong(fake_api) == []


async def test_an_overflowing_interval_gets_the_usage(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        text = await ask(fake_api, "/remind hydration every 99999999999h 09:00-21:00")
    assert "longest interval is 24 hours" in text
    assert _went_wrong(fake_api) == []
