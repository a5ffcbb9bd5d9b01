"""/privacy and /forget end to end, the data of departed chats, and what reaches the logs."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from assistant import Assistant
from assistant.reminders import store
from assistant.storage import chat_settings, privacy, statistics
from assistant.telegram import health

from . import harness
from .fake_bot_api import DEFAULT_GROUP_ID, DEFAULT_USER_ID, FakeBotApi
from .harness import ask, buttons, exchange, open_db, running_bot, silence
from .test_bot_process import START_TIMEOUT, bot_process, environment, finish

USER, OTHER, GROUP = DEFAULT_USER_ID, DEFAULT_USER_ID + 1, DEFAULT_GROUP_ID


def _stored(data_dir: Path, chat_id: int) -> tuple[int, str | None]:
    """(reminders, time zone) the database holds for a chat, read by a second connection."""
    db = open_db(data_dir)
    try:
        return len(store.list_reminders(db, chat_id)), chat_settings.get_timezone(db, chat_id)
    finally:
        db.close()


def _last_topic(data_dir: Path, chat_id: int) -> str | None:
    db = open_db(data_dir)
    try:
        return chat_settings.get_last_topic(db, chat_id)
    finally:
        db.close()


async def _settle_in(fake: FakeBotApi, user_id: int, chat_id: int | None = None) -> None:
    """Give a chat two reminders and a time zone, as a user would."""
    for command in ("/remind hydration 09:00 13:00", "/settings timezone Europe/Berlin"):
        if chat_id is None:
            update = fake.private_message(command, user_id=user_id)
        else:
            update = fake.group_message(command, chat_id=chat_id, user_id=user_id)
        (call,) = await exchange(fake, update)
        assert call.ok, call.summary()


async def test_privacy_says_what_is_stored_for_how_long_and_where(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        text = await ask(fake_api, "/privacy")
        (in_group,) = await exchange(fake_api, fake_api.group_message("/privacy"))
    assert text.startswith("Privacy")
    for words in ("reminders", "time zone", "90 days", "not your messages", "database",
                  "/forget", "block the bot"):  # fmt: skip
        assert words in text, words
    assert in_group.result["text"].startswith("Privacy")
    private_menu = [c["command"] for c in fake_api.commands("all_private_chats") or []]
    group_menu = [c["command"] for c in fake_api.commands("all_group_chats") or []]
    assert {"privacy", "forget"} <= set(private_menu)
    assert "privacy" in group_menu and "forget" not in group_menu  # admins' menu only


async def test_forget_after_confirming_deletes_this_chat_only(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        for user in (USER, OTHER):
            await _settle_in(fake_api, user)
            await ask(fake_api, "magnesium", user_id=user)
        assert _stored(tmp_path, USER) == (2, "Europe/Berlin")
        (confirm,) = await exchange(fake_api, fake_api.private_message("/forget"))
        assert [b["text"] for b in buttons(confirm)] == ["Yes, delete", "Cancel"]
        assert _stored(tmp_path, USER) == (2, "Europe/Berlin")  # nothing before the button
        mark = fake_api.mark()
        fake_api.press_button("Yes, delete", message_id=confirm.result["message_id"])
        (edit,) = await fake_api.wait_for("editMessageText", since=mark)
        assert edit.result["text"].startswith("Deleted")
        assert _stored(tmp_path, USER) == (0, None)
        assert _last_topic(tmp_path, USER) is None  # the remembered last topic is gone too
        # The other chat keeps everything.
        assert _stored(tmp_path, OTHER) == (2, "Europe/Berlin")
        assert _last_topic(tmp_path, OTHER) == "magnesium"
        follow_up = await ask(fake_api, "what foods then?", user_id=OTHER)
        assert "magnesium" in follow_up.lower()


async def test_forget_cancelled_keeps_everything(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        await _settle_in(fake_api, USER)
        (confirm,) = await exchange(fake_api, fake_api.private_message("/forget"))
        mark = fake_api.mark()
        fake_api.press_button("Cancel", message_id=confirm.result["message_id"])
        (edit,) = await fake_api.wait_for("editMessageText", since=mark)
        assert "Nothing was deleted" in edit.result["text"]
    assert _stored(tmp_path, USER) == (2, "Europe/Berlin")


async def test_forget_in_a_group_is_for_administrators(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    fake_api.set_chat_member(GROUP, USER, "administrator")
    fake_api.set_chat_member(GROUP, OTHER, "member")
    async with running_bot(fake_api, tmp_path, assistant):
        await _settle_in(fake_api, USER, chat_id=GROUP)
        await _settle_in(fake_api, USER)  # the admin's own private chat
        (refused,) = await exchange(fake_api, fake_api.group_message("/forget", user_id=OTHER))
        assert "administrators" in refused.result["text"]
        (confirm,) = await exchange(fake_api, fake_api.group_message("/forget", user_id=USER))
        mark = fake_api.mark()
        fake_api.push_update(
            fake_api.callback_query(
                "f:yes", chat_id=GROUP, message_id=confirm.result["message_id"], user_id=OTHER
            )
        )
        (alert,) = await fake_api.wait_for("answerCallbackQuery", since=mark)
        assert alert.params.get("show_alert") is True
        assert _stored(tmp_path, GROUP) == (2, "Europe/Berlin")
        mark = fake_api.mark()
        fake_api.press_button("Yes, delete", chat_id=GROUP, user_id=USER)
        await fake_api.wait_for("editMessageText", since=mark)
    assert _stored(tmp_path, GROUP) == (0, None)
    assert _stored(tmp_path, USER) == (2, "Europe/Berlin")


async def test_a_chat_that_blocks_the_bot_loses_its_settings(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        for user in (USER, OTHER):
            await _settle_in(fake_api, user)
        await silence(fake_api, fake_api.my_chat_member(USER, "member", "kicked"))
    assert _stored(tmp_path, USER) == (0, None)
    assert _stored(tmp_path, OTHER) == (2, "Europe/Berlin")


async def test_stored_questions_carry_no_names_or_numbers(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        await ask(
            fake_api, "I'm Julia Novak (julia@example.com), can I get a car loan of 500 euros?"
        )
    db = open_db(tmp_path)
    try:
        stored = " ".join(q for q, _ in statistics.top_misses(db))
    finally:
        db.close()
    assert "loan" in stored
    for piece in ("julia", "novak", "example", "500"):
        assert piece not in stored
    assert privacy.CHAT_TABLES  # and nothing of the asker: see test_privacy.py


async def test_start_line_and_no_user_text_in_debug_logs(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    async with bot_process(environment(fake_api, data)) as process:
        await fake_api.wait_for("deleteWebhook", timeout=START_TIMEOUT)
        await exchange(fake_api, fake_api.private_message("my secret phrase is zebra magnesium"))
        for _ in range(100):  # the first heartbeat comes a second after start
            if health.check(data) is None:
                break
            await asyncio.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        code, output = await finish(process)
    assert code == 0, output[-2000:]
    (started,) = [line for line in output.splitlines() if " started as @" in line]
    assert f"@{fake_api.username}" in started and "long polling" in started
    where = str(data.resolve()) if harness.DATABASE_URL is None else "(DATABASE_URL)"
    assert where in started and "15 topics" in started
    assert "zebra" not in output  # LOG_LEVEL=DEBUG, but LOG_USER_TEXT is not set
    assert health.check(data) is None  # the heartbeat the Docker HEALTHCHECK reads
    assert health.main([str(data)]) == 0
    assert "LOG_USER_TEXT=1" in output
