"""Private chats, end to end: questions, typos, commands, buttons, follow-ups, odd messages."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, time
from pathlib import Path

from assistant import Assistant
from assistant.answering.reply import Reply, Suggestion
from assistant.reminders import store
from assistant.storage import statistics

from .fake_bot_api import DEFAULT_GROUP_ID, DEFAULT_USER_ID, FakeBotApi
from .harness import ask, buttons, exchange, open_db, running_bot, silence

USER = DEFAULT_USER_ID


def text_of(fake: FakeBotApi, chat_id: int, message_id: int) -> str:
    """A message's current text, after any edits."""
    message = fake.message(chat_id, message_id)
    assert message is not None
    return str(message["text"])


async def test_question_answered_with_buttons_and_share(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        (call,) = await exchange(fake_api, fake_api.private_message("what foods have potassium?"))
        text = call.result["text"]
        assert text.startswith("Potassium: foods")
        assert "Banana" in text or "banana" in text
        assert call.params["parse_mode"] == "HTML"
        assert "reply_parameters" not in call.params  # private chats: no quote needed
        labels = {b["text"]: b for b in buttons(call)}
        assert labels["Signs of a shortage"]["callback_data"] == "t:potassium:deficiency"
        assert labels["↗️ Share"]["switch_inline_query"] == "potassium foods"
        # Sources are real links.
        assert any(e["type"] == "text_link" for e in call.result.get("entities", []))
        # An instant answer needs no "typing…" flicker.
        assert not fake_api.calls_to("sendChatAction")


async def test_typing_shows_while_a_slow_network_holds_the_answer_back(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        fake_api.set_latency("sendMessage", 1.0)
        (call,) = await exchange(fake_api, fake_api.private_message("magnesium?"), within=8.0)
        assert call.ok
        typing = fake_api.calls_to("sendChatAction")
        assert typing and typing[0].params["action"] == "typing"


async def test_typos_and_follow_up_use_the_last_topic(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        assert (await ask(fake_api, "tell me about magnesuim")).startswith("Magnesium")
        follow_up = await ask(fake_api, "and what foods?")
        assert follow_up.startswith("Magnesium: foods"), follow_up[:80]
        # Another chat has its own memory: the same follow-up there is not about magnesium.
        other = await ask(fake_api, "and what foods?", user_id=USER + 1)
        assert not other.startswith("Magnesium")


async def test_a_follow_up_works_after_a_restart_or_on_another_process(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    """The last topic is in the database: the process that takes the next message (after a
    restart, or another one sharing the database) knows what "and the foods?" is about."""
    async with running_bot(fake_api, tmp_path, assistant):
        assert (await ask(fake_api, "potassium")).startswith("Potassium")
    async with running_bot(fake_api, tmp_path, assistant):
        follow_up = await ask(fake_api, "and the foods?")
    assert follow_up.startswith("Potassium: foods"), follow_up[:80]


async def test_start_welcome_with_example_buttons(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        (call,) = await exchange(fake_api, fake_api.private_message("/start"))
        assert call.result["text"].startswith("Welcome to Twitch-Relief Assistant")
        examples = [b for b in buttons(call) if b["callback_data"].startswith("q:")]
        assert len(examples) >= 3
        # Pressing an example asks it: a new answer message, the welcome stays.
        mark = fake_api.mark()
        fake_api.press_button(examples[0]["text"])
        (answer,) = await fake_api.wait_for("sendMessage", since=mark)
        await fake_api.wait_for("answerCallbackQuery", since=mark)
        assert answer.result["text"].startswith("Magnesium: foods")
        assert text_of(fake_api, USER, call.result["message_id"]).startswith("Welcome")


async def test_help_ask_and_unknown_command(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        help_text = await ask(fake_api, "/help")
        assert "/ask" in help_text and "/topics" in help_text and "/foods" in help_text
        assert (await ask(fake_api, "/ask does coffee make twitching worse?")).startswith(
            "Caffeine"
        )
        assert "Put your question after the command" in await ask(fake_api, "/ask")
        assert "do not know that command" in await ask(fake_api, "/frobnicate")
        # /start help is the deep link of inline mode's "How to ask" button.
        assert "/topics" in await ask(fake_api, "/start help")


async def test_foods_with_typo_and_bare_foods_buttons(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        assert (await ask(fake_api, "/foods potasium")).startswith("Potassium: foods")
        assert (await ask(fake_api, "/foods vitamin d")).startswith("Vitamin D: foods")
        (call,) = await exchange(fake_api, fake_api.private_message("/foods"))
        assert "Which nutrient?" in call.result["text"]
        data = {b["callback_data"] for b in buttons(call)}
        assert {"t:magnesium:foods", "t:calcium:foods", "t:b-vitamins:foods"} <= data
        mark = fake_api.mark()
        fake_api.press_button("t:calcium:foods")
        (edit,) = await fake_api.wait_for("editMessageText", since=mark)
        assert edit.result["text"].startswith("Calcium: foods")
        assert edit.params["message_id"] == call.result["message_id"]


async def test_topics_keyboard_navigation_edits_in_place(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        (menu,) = await exchange(fake_api, fake_api.private_message("/topics"))
        message_id = menu.result["message_id"]
        titles = [b["text"] for b in buttons(menu)]
        assert titles[:3] == ["Magnesium", "Calcium", "Potassium"]
        assert "Hydration" in titles and "When to see a doctor" in titles

        async def press(label: str) -> str:
            mark = fake_api.mark()
            fake_api.press_button(label, message_id=message_id)
            (edit,) = await fake_api.wait_for("editMessageText", since=mark)
            await fake_api.wait_for("answerCallbackQuery", since=mark)
            assert edit.params["message_id"] == message_id
            return str(edit.result["text"])

        assert (await press("Potassium")).startswith("Potassium")
        assert (await press("Signs of a shortage")).startswith("Potassium: signs of a shortage")
        assert (await press("Foods")).startswith("Potassium: foods")
        assert (await press("Magnesium")).startswith("Magnesium")  # a related topic
        assert (await press("« All topics")).startswith("Topics")
        assert (await press("Sleep")).startswith("Sleep")
        assert (await press("« All topics")).startswith("Topics")
        assert (await press("Calcium")).startswith("Calcium")
        # Every step edited the one message: the chat holds just the menu.
        assert len(fake_api.bot_messages(USER)) == 1
        # The last topic shown by a button is the one follow-ups refer to.
        assert (await ask(fake_api, "what foods then?")).startswith("Calcium: foods")


async def test_stale_button_and_same_button_twice(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant, allow_errors=True):
        (menu,) = await exchange(fake_api, fake_api.private_message("/topics"))
        mid = menu.result["message_id"]
        for data in ("t:no-such-topic:", "x:unknown", "p:99"):
            mark = fake_api.mark()
            fake_api.push_update(fake_api.callback_query(data, message_id=mid, strict=False))
            await fake_api.wait_for("answerCallbackQuery", since=mark)
            await fake_api.wait_idle(quiet=0.1)
        assert text_of(fake_api, USER, mid).startswith("Topics")
        # Pressing the same topic twice: Telegram says "not modified", the bot stays calm.
        for _ in range(2):
            mark = fake_api.mark()
            update = fake_api.callback_query("t:calcium:", message_id=mid, strict=False)
            fake_api.push_update(update)
            await fake_api.wait_for("answerCallbackQuery", since=mark)
            await fake_api.wait_idle(quiet=0.1)
        edits = fake_api.calls_to("editMessageText")
        assert edits[-1].status == 400 and "not modified" in str(edits[-1].description)
        mark = fake_api.mark()
        fake_api.press_button("« All topics", message_id=mid)
        await fake_api.wait_for("editMessageText", since=mark)  # not a quiet spell: load varies
        assert text_of(fake_api, USER, mid).startswith("Topics")
    # Telegram's only complaint: "not modified", which the bot takes in its stride.
    assert all("not modified" in str(c.description) for c in fake_api.errors())
    assert len(fake_api.calls_to("sendMessage")) == 1  # everything happened in place


async def test_misses_and_topics_are_counted_without_user_ids(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        for user in (1, 2, 3):
            out = await ask(fake_api, "What is the WEATHER in Paris?", user_id=USER + user)
            assert "can't answer" in out or "Out of scope" in out
        await ask(fake_api, "potassium")
    db = open_db(tmp_path)
    try:
        misses = statistics.top_misses(db)
        assert misses[0][1] == 3 and "weather" in misses[0][0]
        assert str(USER) not in repr(db.execute("SELECT * FROM misses").fetchall())
        assert "potassium" in statistics.top_topics(db)
    finally:
        db.close()


async def test_edited_forwarded_and_caption_messages_are_questions(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        (first,) = await exchange(fake_api, fake_api.private_message("calcum"))
        original_id = first.params.get("message_id")
        assert original_id is None  # sanity: sendMessage, not an edit
        (edited,) = await exchange(
            fake_api, fake_api.edited_message("what foods have calcium?", message_id=1)
        )
        assert edited.result["text"].startswith("Calcium: foods")
        (forwarded,) = await exchange(fake_api, fake_api.forwarded_message("is sleep important?"))
        assert forwarded.result["text"].startswith("Sleep")
        (caption,) = await exchange(fake_api, fake_api.photo_message("foods with magnesium?"))
        assert caption.result["text"].startswith("Magnesium: foods")


async def test_stickers_photos_voice_get_a_hint_and_channel_posts_are_ignored(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        for update in (
            fake_api.sticker_message(),
            fake_api.photo_message(),
            fake_api.voice_message(),
        ):
            (call,) = await exchange(fake_api, update)
            assert "I can only read text" in call.result["text"]
        await silence(fake_api, fake_api.channel_post("magnesium?"))


async def test_removed_from_group_or_blocked_drops_reminders(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    db = open_db(tmp_path)
    now = datetime.now(UTC)
    for chat in (DEFAULT_GROUP_ID, USER):
        store.set_reminders(db, chat, "hydration", [time(9, 0)], now)
    async with running_bot(fake_api, tmp_path, assistant):
        await silence(fake_api, fake_api.my_chat_member(DEFAULT_GROUP_ID, "member", "left"))
        await silence(fake_api, fake_api.my_chat_member(USER, "member", "kicked"))
    assert store.list_reminders(db, DEFAULT_GROUP_ID) == []
    assert store.list_reminders(db, USER) == []
    db.close()


async def test_added_to_group_introduces_itself(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        (call,) = await exchange(
            fake_api, fake_api.my_chat_member(DEFAULT_GROUP_ID, "left", "member")
        )
        assert call.params["chat_id"] == DEFAULT_GROUP_ID
        assert "/ask" in call.result["text"]


async def test_menu_and_descriptions_registered_per_scope(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        pass
    private = [c["command"] for c in fake_api.commands("all_private_chats") or []]
    groups = [c["command"] for c in fake_api.commands("all_group_chats") or []]
    admins = [c["command"] for c in fake_api.commands("all_chat_administrators") or []]
    assert {"start", "help", "ask", "topics", "foods"} <= set(private)
    assert {"help", "ask", "topics", "foods"} <= set(groups) and "start" not in groups
    assert set(groups) <= set(admins)
    assert "twitching" in fake_api.descriptions[""]
    assert "not medical advice" in fake_api.short_descriptions[""].lower()


class Undecided(Assistant):
    """The real assistant, except that "vitamin" is too close to call between two topics."""

    def answer(self, message: str, last_topic: str | None = None) -> Reply:
        reply = super().answer(message, last_topic)
        if message != "vitamin":
            return reply
        choices = (Suggestion("Vitamin D", "vitamin-d"), Suggestion("B vitamins", "b-vitamins"))
        return dataclasses.replace(self.show("vitamin-d"), choices=choices)


async def test_close_call_offers_a_button_per_choice(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, Undecided(assistant.kb)):
        (call,) = await exchange(fake_api, fake_api.private_message("vitamin"))
        rows = call.params["reply_markup"]["inline_keyboard"]
        # One choice per row, first, before the follow-ups.
        assert [b["callback_data"] for b in rows[0]] == ["t:vitamin-d:"]
        assert [b["callback_data"] for b in rows[1]] == ["t:b-vitamins:"]
        mark = fake_api.mark()
        fake_api.press_button("B vitamins")
        (edit,) = await fake_api.wait_for("editMessageText", since=mark)
        assert edit.result["text"].startswith("B vitamins")
