"""Robustness, end to end: flood limits, hostile input, long replies, errors, secret token."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.answering.reply import Reply, Section

from .fake_bot_api import DEFAULT_USER_ID, FakeBotApi, utf16_len
from .harness import ask, buttons, exchange, running_bot

USER = DEFAULT_USER_ID


async def test_flood_of_429s_delays_but_delivers_everything(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    users = [USER + i for i in range(12)]
    async with running_bot(fake_api, tmp_path, assistant):
        fake_api.fail_next("sendMessage", status=429, retry_after=1, count=3)
        fake_api.rate_limit(4, burst=4)  # and a Telegram-like token bucket on top
        mark = fake_api.mark()
        for user in users:
            fake_api.push_update(fake_api.private_message("potassium foods", user_id=user))
        calls = await fake_api.wait_for(
            "sendMessage", count=len(users), timeout=30, predicate=lambda c: c.ok, since=mark
        )
        fake_api.rate_limit(None)
    assert sorted(c.params["chat_id"] for c in calls) == users
    refused = [c for c in fake_api.calls if c.status == 429]
    assert len(refused) >= 3, "the test must really have hit flood limits"


async def test_hostile_input_never_breaks_a_message(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    hostile = [
        "magnesium " + "x" * 4990,  # 5,000 characters
        "<b>potassium & foods",  # unbalanced tag, bare ampersand
        "</i><a href='javascript:x'>calcium</a> &amp; &#0; &bogus;",
        "💪😵‍💫🥑🍌",  # emoji only
        "ما هي الأطعمة التي تحتوي على المغنيسيوم؟ \u202eevil\u202c",  # right-to-left
        "mag\u200bnes\u200cium\u200d \ufeff",  # zero-width characters inside a word
        "\u200b\u200b\u2060",  # nothing but zero-width characters
        "   \t  ",  # whitespace only
        "\x00\x07 control chars \x1b[31m",
    ]
    async with running_bot(fake_api, tmp_path, assistant):
        for index, text in enumerate(hostile):
            out = await ask(fake_api, text, user_id=USER + index)
            assert out.strip()
        # Group commands with the same junk, too.
        for text in ("/ask <b>&", "/ask " + "🍌" * 3000, "/foods <i>"):
            await exchange(fake_api, fake_api.group_message(text))
    fake_api.assert_no_errors()


class LongWinded(Assistant):
    """The real assistant, but "everything" gets an answer of ~20,000 characters."""

    def answer(self, message: str, last_topic: str | None = None) -> Reply:
        reply = super().answer("magnesium", last_topic)
        if message != "everything":
            return reply
        sections = tuple(
            Section(
                f"Part {i} <&>", tuple(f"Paragraph {i}.{j}: " + "detail " * 60 for j in range(5))
            )
            for i in range(12)
        )
        return dataclasses.replace(reply, sections=reply.sections + sections)


async def test_long_reply_is_split_with_disclaimer_and_keyboard_on_last_part(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    bot = LongWinded(assistant.kb)
    async with running_bot(fake_api, tmp_path, bot):
        await exchange(fake_api, fake_api.private_message("everything"))
        await fake_api.wait_idle(quiet=0.1)
    parts = [c for c in fake_api.calls_to("sendMessage") if c.ok]
    assert len(parts) >= 5
    disclaimer = assistant.notice("x").disclaimer
    for call in parts:
        assert utf16_len(call.params["text"]) <= 4096
        assert call.result["text"].endswith(disclaimer)
    assert [bool(buttons(c)) for c in parts] == [False] * (len(parts) - 1) + [True]
    # Split between paragraphs: every part starts with a heading or a paragraph's start.
    for call in parts[1:]:
        assert call.result["text"].startswith(("Part", "Paragraph")), call.result["text"][:40]
    # In order, nothing lost.
    text = "\n".join(c.result["text"] for c in parts)
    positions = [text.index(f"Paragraph {i}.{j}:") for i in range(12) for j in range(5)]
    assert positions == sorted(positions)


class Broken(Assistant):
    def answer(self, message: str, last_topic: str | None = None) -> Reply:
        if message == "boom":
            raise RuntimeError("the matcher fell over")
        return super().answer(message, last_topic)


async def test_errors_are_logged_without_token_and_the_user_is_told(
    fake_api: FakeBotApi,
    tmp_path: Path,
    assistant: Assistant,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running_bot(fake_api, tmp_path, Broken(assistant.kb)):
        out = await ask(fake_api, "boom")
        assert out.startswith("Something went wrong")
        # A Bot API failure inside a handler ends the same way.
        fake_api.fail_next("sendMessage", status=500, count=1)
        mark = fake_api.mark()
        fake_api.push_update(fake_api.private_message("potassium"))
        calls = await fake_api.wait_for("sendMessage", count=2, since=mark)
        assert calls[-1].result["text"].startswith("Something went wrong")
        assert await ask(fake_api, "potassium")  # and the bot carries on
    assert "the matcher fell over" in caplog.text and "Traceback" in caplog.text
    assert "HTTP Request" in caplog.text  # httpx's URL lines were logged, and redacted:
    secret = fake_api.token.split(":", 1)[1]
    assert fake_api.token not in caplog.text and secret not in caplog.text
    assert "<redacted>" in caplog.text
    # The user's words stay out of the log (only the update id is logged).
    assert "boom" not in [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_blocked_user_is_not_retried_and_others_are_served(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant, allow_errors=True):
        fake_api.send_text("hello")  # makes the chat known
        await fake_api.wait_for("sendMessage")
        fake_api.block_chat(USER)
        mark = fake_api.mark()
        fake_api.send_text("potassium")
        await fake_api.wait_for("sendMessage", since=mark)  # the one try, however slow
        await fake_api.wait_idle(quiet=0.5)  # and no retry after it
        tries = [c for c in fake_api.calls[mark:] if c.method == "sendMessage"]
        assert len(tries) == 1 and tries[0].status == 403  # no retry, no error message
        assert await ask(fake_api, "potassium", user_id=USER + 1)


async def test_concurrent_users_are_answered_in_parallel(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        mark = fake_api.mark()
        for i in range(40):
            fake_api.push_update(fake_api.private_message("magnesium foods", user_id=USER + i))
        calls = await fake_api.wait_for("sendMessage", count=40, timeout=20, since=mark)
        assert len({c.params["chat_id"] for c in calls}) == 40
        await asyncio.sleep(0)
