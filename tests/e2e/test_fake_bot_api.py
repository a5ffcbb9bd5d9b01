"""Tests of the fake Bot API server itself, driven by real python-telegram-bot objects."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import html
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from .fake_bot_api import (
    CONFLICT_DESCRIPTION,
    DEFAULT_GROUP_ID,
    DEFAULT_USER_ID,
    FakeBotApi,
    HTMLParseError,
    parse_html,
    utf16_len,
)

USER = DEFAULT_USER_ID


@contextlib.asynccontextmanager
async def make_bot(fake: FakeBotApi, token: str | None = None) -> AsyncIterator[Bot]:
    bot = Bot(token or fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url)
    async with bot:
        yield bot


@contextlib.asynccontextmanager
async def polling_app(
    fake: FakeBotApi, *handlers: BaseHandler[Any, Any, Any]
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    app = (
        Application.builder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )
    for handler in handlers:
        app.add_handler(handler)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=dtm.timedelta(seconds=1))
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_message.text is not None
    await update.effective_message.reply_text(update.effective_message.text)


# ------------------------------------------------------------------ the HTML parser


def test_parse_html_entities_and_offsets() -> None:
    text, entities = parse_html('<b>Hi</b> &amp; <a href="https://x.org/?a=1&amp;b=2">😀 you</a>')
    assert text == "Hi & 😀 you"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 2},
        {"type": "text_link", "url": "https://x.org/?a=1&b=2", "offset": 5, "length": 6},
    ]


def test_parse_html_nested_pre_code_spoiler_blockquote() -> None:
    source = (
        '<pre><code class="language-python">x = 1</code></pre>'
        '<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>'
        "<blockquote expandable>q</blockquote>&#x27;&#39;&quot;&lt;&gt;"
    )
    text, entities = parse_html(source)
    assert text == "x = 1stq''\"<>"
    kinds = [(e["type"], e["offset"], e["length"]) for e in entities]
    assert ("pre", 0, 5) in kinds and all(kind != "code" for kind, _, _ in kinds)
    assert ("spoiler", 5, 1) in kinds and ("spoiler", 6, 1) in kinds
    assert ("expandable_blockquote", 7, 1) in kinds
    assert next(e for e in entities if e["type"] == "pre")["language"] == "python"


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", "Unmatched end tag"),
        ("x</b>", "Unexpected end tag"),
        ("<foo>x</foo>", 'Unsupported start tag "foo"'),
        ("<br/>", 'Unsupported start tag "br"'),
        ("1 < 2", 'Unsupported start tag ""'),
        ("Tom & Jerry", 'Character "&"'),
        ("&nbsp;", 'Unsupported HTML entity "&nbsp;"'),
        ("&amp", 'Character "&"'),
        ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("<b", "Unclosed start tag"),
        ('<a href="x>y</a>', "Unclosed start tag"),
    ],
)
def test_parse_html_rejects(source: str, fragment: str) -> None:
    with pytest.raises(HTMLParseError, match=None) as info:
        parse_html(source)
    assert fragment in str(info.value)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_html_of_escaped_text_is_the_text(text: str) -> None:
    plain, entities = parse_html(html.escape(text))
    assert plain == text
    assert entities == []


def test_utf16_len_counts_surrogate_pairs() -> None:
    assert utf16_len("a😀é") == 4


# ------------------------------------------------------------------ basic methods


async def test_get_me_through_ptb(fake_api: FakeBotApi) -> None:
    async with make_bot(fake_api) as bot:
        me = await bot.get_me()
    assert me.id == fake_api.bot_id
    assert me.username == "TwitchReliefBot"
    assert me.first_name == "Twitch Relief"
    assert me.is_bot and me.can_join_groups and me.supports_inline_queries
    assert me.can_read_all_group_messages is False
    assert fake_api.calls_to("getMe")[0].status == 200


async def test_wrong_token_is_invalid_token(fake_api: FakeBotApi) -> None:
    with pytest.raises(InvalidToken):
        async with make_bot(fake_api, token="987654321:AAH-some-other-token"):
            pass
    assert fake_api.calls[-1].status == 401


async def test_raw_protocol_unknown_method_json_body_and_get(fake_api: FakeBotApi) -> None:
    url = f"{fake_api.base_url}{fake_api.token}"
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{url}/noSuchMethod") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found",
            }
        fake_api.send_text("hello")
        async with session.post(f"{url}/sendMessage", json={"chat_id": USER, "text": "hi"}) as r:
            body = await r.json()
            assert r.status == 200 and body["ok"] and body["result"]["text"] == "hi"
        async with session.get(f"{url}/getme") as response:  # method names ignore case
            assert (await response.json())["result"]["username"] == "TwitchReliefBot"
    assert fake_api.calls[1].params == {"chat_id": USER, "text": "hi"}


async def test_send_message_valid_html(fake_api: FakeBotApi) -> None:
    fake_api.send_text("hi")
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("More", callback_data="more:1")],
            [InlineKeyboardButton("Share", switch_inline_query="magnesium")],
        ]
    )
    async with make_bot(fake_api) as bot:
        msg = await bot.send_message(
            USER,
            "<b>Magnesium</b> &amp; <i>you</i>",
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
        )
        second = await bot.send_message(USER, "plain", reply_to_message_id=msg.message_id)
    assert msg.text == "Magnesium & you"
    assert msg.text_html == "<b>Magnesium</b> &amp; <i>you</i>"
    assert msg.chat.type == "private" and msg.from_user is not None
    assert msg.from_user.id == fake_api.bot_id
    assert msg.reply_markup == markup
    assert second.message_id == msg.message_id + 1
    assert second.reply_to_message is not None
    assert second.reply_to_message.message_id == msg.message_id
    (params, _) = fake_api.sent_messages(USER)
    assert params["parse_mode"] == "HTML"
    assert params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "more:1"
    assert fake_api.sent_texts() == ["Magnesium & you", "plain"]
    fake_api.assert_no_errors()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("<b>unclosed", "Can't parse entities"),
        ("<p>paragraph</p>", "Can't parse entities"),
        ("salt & pepper", "Can't parse entities"),
        ("a < b", "Can't parse entities"),
        ("", "Message text is empty"),
        ("  \n ", "Message text is empty"),
        ("<b> </b>", "Message text is empty"),
        ("x" * 4097, "Message is too long"),
        ("😀" * 2049, "Message is too long"),
    ],
)
async def test_send_message_rejected(fake_api: FakeBotApi, text: str, error: str) -> None:
    fake_api.send_text("hi")
    async with make_bot(fake_api) as bot:
        with pytest.raises(BadRequest, match=error):
            await bot.send_message(USER, text, parse_mode=ParseMode.HTML)
    call = fake_api.calls_to("sendMessage")[0]
    assert call.status == 400 and call.description is not None
    assert call.description.startswith("Bad Request: ")
    assert fake_api.errors() == [call]


async def test_length_counts_text_after_entities(fake_api: FakeBotApi) -> None:
    fake_api.send_text("hi")
    async with make_bot(fake_api) as bot:
        msg = await bot.send_message(USER, "&amp;" * 4096, parse_mode=ParseMode.HTML)
        assert msg.text == "&" * 4096
        await bot.send_message(USER, "😀" * 2048)
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(
                USER,
                "x",
                reply_markup=InlineKeyboardMarkup(
                    [[InlineKeyboardButton("b", callback_data="é" * 33)]]
                ),
            )


async def test_unknown_chat_blocked_deleted(fake_api: FakeBotApi) -> None:
    fake_api.send_text("hi", user_id=1)
    fake_api.send_text("hi", user_id=2)
    fake_api.block_chat(1)
    fake_api.delete_chat(2)
    async with make_bot(fake_api) as bot:
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(424242, "who?")
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(1, "hello")
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(2, "hello")
        fake_api.unblock_chat(1)
        await bot.send_message(1, "hello again")


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_retry_after_injection_and_rate_limit(fake_api: FakeBotApi) -> None:
    fake_api.send_text("hi")
    fake_api.fail_next("sendMessage", status=429, retry_after=3, count=2)
    async with make_bot(fake_api) as bot:
        for _ in range(2):
            with pytest.raises(RetryAfter) as info:
                await bot.send_message(USER, "x")
            assert info.value.retry_after in (3, dtm.timedelta(seconds=3))
        await bot.send_message(USER, "now it works")
        fake_api.rate_limit(5, burst=2)
        await bot.send_message(USER, "1")
        await bot.send_message(USER, "2")
        with pytest.raises(RetryAfter):
            await bot.send_message(USER, "3")
        fake_api.rate_limit(None)
        await bot.send_message(USER, "4")
    injected = [c for c in fake_api.calls if c.injected]
    assert [c.status for c in injected] == [429, 429, 429]
    assert "Too Many Requests: retry after 3" in (injected[0].description or "")
    assert fake_api.errors() == []


async def test_edit_delete_and_not_modified(fake_api: FakeBotApi) -> None:
    fake_api.send_text("hi")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="a")]])
    async with make_bot(fake_api) as bot:
        msg = await bot.send_message(USER, "one", reply_markup=keyboard)
        edited = await bot.edit_message_text("<i>two</i>", USER, msg.message_id, parse_mode="HTML")
        assert isinstance(edited, Message)
        assert edited.text == "two" and edited.reply_markup is None
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_text("<i>two</i>", USER, msg.message_id, parse_mode="HTML")
        await bot.edit_message_reply_markup(USER, msg.message_id, reply_markup=keyboard)
        with pytest.raises(BadRequest, match="Message to edit not found"):
            await bot.edit_message_text("x", USER, 999)
        assert await bot.delete_message(USER, msg.message_id)
        with pytest.raises(BadRequest, match="Message to delete not found"):
            await bot.delete_message(USER, msg.message_id)
    assert fake_api.message(USER, msg.message_id) is None


async def test_commands_descriptions_members_chat(fake_api: FakeBotApi) -> None:
    fake_api.send_group_text("/start", user_id=7)
    fake_api.set_chat_member(DEFAULT_GROUP_ID, 7, "administrator")
    fake_api.set_chat_member(DEFAULT_GROUP_ID, 8, "creator")
    async with make_bot(fake_api) as bot:
        await bot.set_my_commands(
            [BotCommand("ask", "Ask a question")], scope=BotCommandScopeAllPrivateChats()
        )
        await bot.set_my_commands(
            [BotCommand("ask", "Frag")], scope=BotCommandScopeAllGroupChats(), language_code="de"
        )
        with pytest.raises(BadRequest, match="Bot_command_invalid"):
            await bot.set_my_commands([BotCommand("Ask-Me", "x")])
        got = await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats())
        assert [c.command for c in got] == ["ask"]
        assert await bot.get_my_commands() == ()
        await bot.set_my_description("Answers about twitching")
        await bot.set_my_short_description("Twitching answers")
        member = await bot.get_chat_member(DEFAULT_GROUP_ID, 7)
        assert member.status == "administrator"
        assert (await bot.get_chat_member(DEFAULT_GROUP_ID, fake_api.bot_id)).status == "member"
        chat = await bot.get_chat(DEFAULT_GROUP_ID)
        assert chat.type == "supergroup" and chat.title == "Test Group"
        await bot.send_chat_action(DEFAULT_GROUP_ID, "typing")
        await bot.delete_my_commands(scope=BotCommandScopeAllPrivateChats())
    assert fake_api.commands("all_private_chats") is None
    assert fake_api.commands("all_group_chats", "de") == [{"command": "ask", "description": "Frag"}]
    assert fake_api.descriptions == {"": "Answers about twitching"}
    assert fake_api.short_descriptions == {"": "Twitching answers"}


# ------------------------------------------------------------------ updates and polling


async def test_long_polling_echo_with_application(fake_api: FakeBotApi) -> None:
    async with polling_app(fake_api, MessageHandler(filters.TEXT, echo)):
        fake_api.send_text("what about magnesium?")
        (call,) = await fake_api.wait_for("sendMessage", timeout=3)
        assert call.params["text"] == "what about magnesium?"
        assert call.params["chat_id"] == USER
        fake_api.send_text("second", user_id=555, first_name="Bob")
        await fake_api.wait_for("sendMessage", predicate=lambda c: c.params["chat_id"] == 555)
        await fake_api.wait_idle(quiet=0.05)
    assert fake_api.pending_updates == 0
    assert fake_api.calls_to("getMe") and fake_api.calls_to("deleteWebhook")
    fake_api.assert_no_errors()


async def test_get_updates_offset_limit_and_timeout(fake_api: FakeBotApi) -> None:
    for i in range(3):
        fake_api.send_text(f"m{i}")
    async with make_bot(fake_api) as bot:
        first = await bot.get_updates(limit=2, timeout=0)
        assert [u.message.text for u in first if u.message] == ["m0", "m1"]
        assert first[1].update_id == first[0].update_id + 1
        again = await bot.get_updates(offset=first[1].update_id + 1, timeout=0)
        assert [u.message.text for u in again if u.message] == ["m2"]
        loop = asyncio.get_running_loop()
        started = loop.time()
        # the fake accepts fractional timeouts (Telegram wants integers) to keep tests fast
        empty = await bot.get_updates(
            offset=again[0].update_id + 1,
            timeout=0.3,  # type: ignore[arg-type]
        )
        assert empty == () and loop.time() - started >= 0.25

        async def push_later() -> None:
            await asyncio.sleep(0.1)
            fake_api.send_text("late")

        task = asyncio.create_task(push_later())
        started = loop.time()
        late = await bot.get_updates(offset=again[0].update_id + 1, timeout=5)
        await task
        assert [u.message.text for u in late if u.message] == ["late"]
        assert loop.time() - started < 2


async def test_concurrent_get_updates_conflict(fake_api: FakeBotApi) -> None:
    async with make_bot(fake_api) as first, make_bot(fake_api) as second:
        pending = asyncio.create_task(first.get_updates(timeout=2))
        await asyncio.sleep(0.1)
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await second.get_updates(timeout=0)
        fake_api.send_text("wake up")
        updates = await pending
        assert len(updates) == 1
    statuses = [c.status for c in fake_api.calls_to("getUpdates")]
    assert sorted(statuses) == [200, 409]
    conflict = next(c for c in fake_api.calls_to("getUpdates") if c.status == 409)
    assert conflict.description == CONFLICT_DESCRIPTION


async def test_terminate_pending_policy() -> None:
    fake = FakeBotApi(conflict_policy="terminate_pending")
    async with fake, make_bot(fake) as first, make_bot(fake) as second:
        pending = asyncio.create_task(first.get_updates(timeout=2))
        await asyncio.sleep(0.1)
        assert await second.get_updates(timeout=0) == ()
        with pytest.raises(Conflict):
            await pending


async def test_callback_query_round_trip(fake_api: FakeBotApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(
            "Pick one",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("Foods", callback_data="foods:magnesium")]]
            ),
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        await query.answer("ok")
        await query.edit_message_text(f"You chose {query.data}")

    async with polling_app(fake_api, CommandHandler("start", start), CallbackQueryHandler(pressed)):
        fake_api.send_text("/start")
        await fake_api.wait_for("sendMessage")
        with pytest.raises(ValueError, match="no callback button"):
            fake_api.press_button("Nope")
        fake_api.press_button("Foods")
        (answer,) = await fake_api.wait_for("answerCallbackQuery")
        (edit,) = await fake_api.wait_for("editMessageText")
    assert answer.ok and answer.params["text"] == "ok"
    assert edit.ok and edit.params["text"] == "You chose foods:magnesium"
    (message,) = fake_api.bot_messages(USER)
    assert message["text"] == "You chose foods:magnesium" and "reply_markup" not in message
    async with make_bot(fake_api) as bot:
        with pytest.raises(BadRequest, match="Query is too old"):
            await bot.answer_callback_query(answer.params["callback_query_id"])


async def test_inline_query_round_trip_and_validation(fake_api: FakeBotApi) -> None:
    async def inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.inline_query is not None
        await update.inline_query.answer(
            [
                InlineQueryResultArticle(
                    id="magnesium",
                    title="Magnesium",
                    input_message_content=InputTextMessageContent(
                        "<b>Magnesium</b> helps muscles relax", parse_mode="HTML"
                    ),
                )
            ],
            button=InlineQueryResultsButton("How to ask", start_parameter="help"),
            cache_time=0,
        )

    async with polling_app(fake_api, InlineQueryHandler(inline)):
        fake_api.push_update(fake_api.inline_query("magnesium"))
        (call,) = await fake_api.wait_for("answerInlineQuery")
    assert call.ok
    assert call.params["results"][0]["input_message_content"]["parse_mode"] == "HTML"
    assert call.params["button"] == {"text": "How to ask", "start_parameter": "help"}

    def article(result_id: str, text: str = "x") -> InlineQueryResultArticle:
        content = InputTextMessageContent(text, parse_mode=ParseMode.HTML)
        return InlineQueryResultArticle(result_id, "t", content)

    bad_cases: list[tuple[dict[str, Any], str]] = [
        ({"results": [article(str(i)) for i in range(51)]}, "Results_too_much"),
        ({"results": [article("a"), article("a")]}, "Result_id_duplicate"),
        ({"results": [article("x" * 65)]}, "Result_id_invalid"),
        ({"results": [article("a", "<b>oops")]}, "Can't parse entities"),
        (
            {
                "results": [article("a")],
                "button": InlineQueryResultsButton("b", start_parameter="no spaces"),
            },
            "Start_param_invalid",
        ),
    ]
    async with make_bot(fake_api) as bot:
        for kwargs, error in bad_cases:
            query_id = fake_api.inline_query("q")["inline_query"]["id"]
            with pytest.raises(BadRequest, match=error):
                await bot.answer_inline_query(query_id, **kwargs)


async def test_privacy_mode_and_group_replies(fake_api: FakeBotApi) -> None:
    assert fake_api.send_group_text("hello @TwitchReliefBot") is None
    assert fake_api.send_group_text("/help@OtherBot") is None
    delivered = fake_api.send_group_text("/ask@TwitchReliefBot magnesium")
    assert delivered is not None
    entities = delivered["message"]["entities"]
    assert entities[0] == {"type": "bot_command", "offset": 0, "length": 20}
    async with make_bot(fake_api) as bot:
        sent = await bot.send_message(DEFAULT_GROUP_ID, "answer")
    reply = fake_api.group_message("thanks", reply_to_bot_message_id="last")
    assert reply["message"]["reply_to_message"]["message_id"] == sent.message_id
    assert fake_api.push_update(reply) is not None
    fake_api.set_chat_member(DEFAULT_GROUP_ID, fake_api.bot_id, "administrator")
    assert fake_api.send_group_text("plain chatter") is not None
    fake_api.privacy_mode = False
    update = fake_api.push_update(fake_api.my_chat_member(DEFAULT_GROUP_ID, "member", "kicked"))
    assert update is not None and "my_chat_member" in update
    assert fake_api.send_group_text("/ask after kick") is None
    async with make_bot(fake_api) as bot:
        with pytest.raises(Forbidden, match="kicked"):
            await bot.send_message(DEFAULT_GROUP_ID, "still here?")


async def test_update_builders_parse_in_ptb(fake_api: FakeBotApi) -> None:
    async with make_bot(fake_api) as bot:
        builders = [
            fake_api.private_message("@alice hi /start"),
            fake_api.sticker_message(),
            fake_api.photo_message("nice"),
            fake_api.voice_message(),
            fake_api.forwarded_message("fwd"),
            fake_api.forwarded_message("fwd", hidden=True),
            fake_api.channel_post("news"),
            fake_api.edited_message("edited", message_id=1),
            fake_api.my_chat_member(DEFAULT_GROUP_ID, "left", "member"),
            fake_api.my_chat_member(USER, "member", "kicked"),
        ]
        for built in builders:
            fake_api.push_update(built)
        updates = await bot.get_updates(timeout=0, allowed_updates=Update.ALL_TYPES)
    assert len(updates) == len(builders)
    first = updates[0].message
    assert first is not None
    assert first.parse_entities() and {e.type for e in first.entities} == {
        "mention",
        "bot_command",
    }
    assert updates[1].message is not None and updates[1].message.sticker is not None
    assert updates[2].message is not None and updates[2].message.caption == "nice"
    assert updates[3].message is not None and updates[3].message.voice is not None
    assert updates[4].message is not None and updates[4].message.forward_origin is not None
    assert updates[6].channel_post is not None and updates[6].channel_post.sender_chat
    assert updates[7].edited_message is not None and updates[7].edited_message.edit_date
    assert updates[9].my_chat_member is not None
    assert updates[9].my_chat_member.new_chat_member.status == "kicked"
    async with make_bot(fake_api) as bot:  # a private "kicked" means the user blocked the bot
        with pytest.raises(Forbidden):
            await bot.send_message(USER, "hi")


async def test_wait_for_timeout_dumps_calls(fake_api: FakeBotApi) -> None:
    async with make_bot(fake_api):
        pass
    with pytest.raises(AssertionError, match=r"(?s)waiting for 1 sendMessage.*getMe -> 200"):
        await fake_api.wait_for("sendMessage", timeout=0.1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_delivery_with_application(fake_api: FakeBotApi) -> None:
    port = _free_port()
    app = Application.builder().token(fake_api.token).base_url(fake_api.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{port}/hook",
            secret_token="s3cret",
        )
        try:
            async with make_bot(fake_api) as bot:
                with pytest.raises(Conflict, match="webhook is active"):
                    await bot.get_updates(timeout=0)
                info = await bot.get_webhook_info()
                assert info.url == f"http://127.0.0.1:{port}/hook"
            fake_api.send_text("via webhook")
            (call,) = await fake_api.wait_for("sendMessage", timeout=3)
            assert call.params["text"] == "via webhook"
        finally:
            await app.updater.stop()
            await app.stop()
    assert fake_api.webhook_deliveries[-1][1] == 200
    assert json.loads(json.dumps(fake_api.calls_to("setWebhook")[0].params))["secret_token"]


async def test_context_is_usable_in_handlers(fake_api: FakeBotApi) -> None:
    seen: list[int] = []

    async def remember(update: Update, context: CallbackContext[Any, Any, Any, Any]) -> None:
        assert update.effective_chat is not None
        seen.append(update.effective_chat.id)
        await context.bot.send_message(update.effective_chat.id, "noted")

    async with polling_app(fake_api, MessageHandler(filters.ALL, remember)):
        fake_api.push_update(fake_api.photo_message())
        await fake_api.wait_for("sendMessage")
    assert seen == [USER]
