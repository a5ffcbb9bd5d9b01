"""Group chats, end to end: silence, commands (also /cmd@BotName), replies, mentions."""

from __future__ import annotations

from pathlib import Path

from assistant import Assistant

from .fake_bot_api import DEFAULT_GROUP_ID, FakeBotApi
from .harness import buttons, exchange, running_bot, silence

GROUP = DEFAULT_GROUP_ID


async def test_group_stays_silent_unless_addressed(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        # Privacy mode on (Telegram's default): plain chatter never even reaches the bot...
        await silence(fake_api, fake_api.group_message("what foods have magnesium?"))
        assert fake_api.dropped_updates
        # ...and with privacy mode off or as an admin it arrives, and the bot stays quiet.
        fake_api.set_chat_member(GROUP, fake_api.bot_id, "administrator")
        await silence(fake_api, fake_api.group_message("what foods have magnesium?"))
        await silence(fake_api, fake_api.group_message("hey @SomeoneElse, magnesium?"))
        await silence(fake_api, fake_api.sticker_message(chat_id=GROUP))
        # A command for another bot is not ours either.
        await silence(fake_api, fake_api.group_message("/help@OtherBot"))


async def test_commands_in_groups_answer_as_replies(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        for command in ("/help", "/help@TwitchReliefBot", "/HELP@twitchreliefbot"):
            update = fake_api.group_message(command)
            (call,) = await exchange(fake_api, update)
            assert call.params["chat_id"] == GROUP
            assert "/ask" in call.result["text"]
            quoted = call.params["reply_parameters"]["message_id"]
            assert quoted == update["message"]["message_id"]

        update = fake_api.group_message("/ask@TwitchReliefBot which foods have potasium?")
        (answer,) = await exchange(fake_api, update)
        assert answer.result["text"].startswith("Potassium: foods")
        assert answer.params["reply_parameters"]["message_id"] == update["message"]["message_id"]
        # No Share button in groups (it belongs to private answers); topic buttons stay.
        assert not any("switch_inline_query" in b for b in buttons(answer))
        assert any(b.get("callback_data", "").startswith("t:potassium:") for b in buttons(answer))

        (foods,) = await exchange(
            fake_api, fake_api.group_message("/foods@TwitchReliefBot calcium")
        )
        assert foods.result["text"].startswith("Calcium: foods")
        (menu,) = await exchange(fake_api, fake_api.group_message("/topics"))
        assert menu.result["text"].startswith("Topics")


async def test_reply_to_the_bot_is_a_question_with_context(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        await exchange(fake_api, fake_api.group_message("/ask tell me about vitamin d"))
        update = fake_api.group_message("and which foods?", reply_to_bot_message_id="last")
        (call,) = await exchange(fake_api, update)
        # The group's last topic carries over, and the answer quotes the question.
        assert call.result["text"].startswith("Vitamin D: foods")
        assert call.params["reply_parameters"]["message_id"] == update["message"]["message_id"]


async def test_group_buttons_edit_in_place(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    async with running_bot(fake_api, tmp_path, assistant):
        (answer,) = await exchange(fake_api, fake_api.group_message("/ask magnesium"))
        mark = fake_api.mark()
        fake_api.press_button("Foods", chat_id=GROUP)
        (edit,) = await fake_api.wait_for("editMessageText", since=mark)
        assert edit.params["message_id"] == answer.result["message_id"]
        assert edit.result["text"].startswith("Magnesium: foods")


async def test_mentions_need_privacy_mode_off(tmp_path: Path, assistant: Assistant) -> None:
    async with (
        FakeBotApi(privacy_mode=False) as fake,
        running_bot(fake, tmp_path, assistant),
    ):
        update = fake.group_message("@TwitchReliefBot which foods have calcium?")
        (call,) = await exchange(fake, update)
        assert call.result["text"].startswith("Calcium: foods")
        assert call.params["reply_parameters"]["message_id"] == update["message"]["message_id"]
        # The mention may sit anywhere; only the bot's name is removed from the question.
        (call,) = await exchange(fake, fake.group_message("is sleep important @twitchreliefbot"))
        assert call.result["text"].startswith("Sleep")
        # A bare mention gets the help text instead of an "out of scope" reply.
        (call,) = await exchange(fake, fake.group_message("@TwitchReliefBot"))
        assert "/ask" in call.result["text"]
        await silence(fake, fake.group_message("magnesium is great"))


async def test_mentions_reach_an_admin_bot_under_privacy_mode(
    fake_api: FakeBotApi, tmp_path: Path, assistant: Assistant
) -> None:
    fake_api.set_chat_member(GROUP, fake_api.bot_id, "administrator")
    async with running_bot(fake_api, tmp_path, assistant):
        (call,) = await exchange(fake_api, fake_api.group_message("@TwitchReliefBot potassium"))
        assert call.result["text"].startswith("Potassium")
