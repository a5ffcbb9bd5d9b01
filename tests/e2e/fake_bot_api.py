"""A fake Telegram Bot API server for end-to-end tests of a python-telegram-bot (PTB) bot.

The server is an in-process :mod:`aiohttp` application that speaks the Bot API HTTP protocol the
way PTB 22 uses it (``POST {base_url}{token}/{method}`` with url-encoded, JSON or multipart bodies
whose nested values are JSON-encoded strings) and answers like Telegram does, including
Telegram's validation of what the bot sends (HTML entities, text length, keyboards, inline
results) and its error descriptions.  Tests push updates (``fake.send_text("hi")``), the bot under
test fetches them by real long polling (or receives them on its webhook), and tests then inspect
every recorded call (``await fake.wait_for("sendMessage")``).

Typical use::

    async with FakeBotApi() as fake:
        app = Application.builder().token(fake.token).base_url(fake.base_url).build()
        ...
        fake.send_text("/start")
        (call,) = await fake.wait_for("sendMessage")
        assert "Welcome" in call.params["text"]
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

__all__ = [
    "CONFLICT_DESCRIPTION",
    "DEFAULT_CHANNEL_ID",
    "DEFAULT_GROUP_ID",
    "DEFAULT_TOKEN",
    "DEFAULT_USER_ID",
    "ApiError",
    "Call",
    "FakeBotApi",
    "FakeChat",
    "HTMLParseError",
    "parse_html",
    "utf16_len",
]

log = logging.getLogger(__name__)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DEFAULT_TOKEN = "123456789:AAH-fake-test-token-0123456789abcdef"
DEFAULT_USER_ID = 10001
DEFAULT_GROUP_ID = -1001234567890
DEFAULT_CHANNEL_ID = -1009876543210

CONFLICT_DESCRIPTION = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
WEBHOOK_CONFLICT_DESCRIPTION = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
NOT_MODIFIED_DESCRIPTION = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"

# Update types Telegram delivers when allowed_updates was never set (or set to []).
ALL_UPDATE_TYPES = _words(
    "message edited_message channel_post edited_channel_post business_connection "
    "business_message edited_business_message deleted_business_messages message_reaction "
    "message_reaction_count inline_query chosen_inline_result callback_query "
    "shipping_query pre_checkout_query purchased_paid_media poll poll_answer "
    "my_chat_member chat_member chat_join_request chat_boost removed_chat_boost"
)
DEFAULT_ALLOWED_UPDATES = ALL_UPDATE_TYPES - {
    "chat_member",
    "message_reaction",
    "message_reaction_count",
}

CHAT_ACTIONS = _words(
    "typing upload_photo record_video upload_video record_voice upload_voice "
    "upload_document choose_sticker find_location record_video_note upload_video_note"
)
INLINE_RESULT_TYPES = _words(
    "article photo gif mpeg4_gif video audio voice document location venue contact game sticker"
)
BUTTON_ACTION_FIELDS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
COMMAND_SCOPE_TYPES = _words(
    "default all_private_chats all_group_chats all_chat_administrators chat "
    "chat_administrators chat_member"
)
MEMBER_STATUSES = frozenset({"creator", "administrator", "member", "restricted", "left", "kicked"})

# Parameters whose values are always plain strings, even when they look like JSON.
_STRING_PARAMS = _words(
    "text caption query data parse_mode description short_description name title "
    "message_text callback_query_id inline_query_id inline_message_id next_offset url "
    "action language_code emoji switch_pm_parameter start_parameter secret_token "
    "ip_address file_id business_connection_id message_effect_id question custom_title"
)
# Methods that send something into a chat: these fail for blocked users and groups the bot left.
_SENDING_METHODS = _words(
    "sendmessage sendphoto senddocument sendsticker sendvoice sendaudio sendvideo "
    "sendanimation sendchataction sendmediagroup sendlocation sendpoll copymessage "
    "forwardmessage editmessagetext editmessagereplymarkup editmessagecaption"
)
# Methods the optional rate limiter (rate_limit()) counts.
_RATE_LIMITED_METHODS = _words(
    "sendmessage editmessagetext editmessagereplymarkup sendphoto senddocument "
    "sendsticker copymessage forwardmessage"
)
_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_START_PARAM_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_LANG_RE = re.compile(r"^(|[a-z]{2})$")
_BOT_COMMAND_ENTITY_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w@/])")
_MENTION_ENTITY_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{4,32}\b")


# --------------------------------------------------------------------------------------------
# Text helpers: UTF-16 lengths and Telegram's HTML parse mode
# --------------------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram counts limits and offsets in."""
    return len(text.encode("utf-16-le")) // 2


class HTMLParseError(ValueError):
    """Raised by :func:`parse_html`; the message is what follows "can't parse entities: "."""


_HTML_TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_ENTITY_RE = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]*));")
_HTML_SPECIAL_RE = re.compile(r"[<&]")
_TAG_NAME_RE = re.compile(r"[A-Za-z0-9-]*")
_ATTR_NAME_RE = re.compile(r"[A-Za-z0-9_-]*")


@dataclass
class _OpenTag:
    name: str
    start: int  # UTF-16 offset in the plain text
    entity: dict[str, Any] | None


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_entity(source: str, index: int) -> tuple[str, int]:
    """Decodes the HTML entity at ``source[index]`` ("&"); returns (text, end index)."""
    match = _HTML_ENTITY_RE.match(source, index)
    if match is None:
        raise HTMLParseError(
            f'Character "&" at byte offset {_byte_offset(source, index)} does not begin an HTML '
            'entity; it must be escaped as "&amp;"'
        )
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        if name not in _NAMED_ENTITIES:
            raise HTMLParseError(
                f'Unsupported HTML entity "&{name};" at byte offset {_byte_offset(source, index)}'
            )
        return _NAMED_ENTITIES[name], match.end()
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise HTMLParseError(
            f"Invalid numeric HTML entity at byte offset {_byte_offset(source, index)}"
        )
    return chr(code), match.end()


def _decode_attribute(source: str, start: int, end: int) -> str:
    parts: list[str] = []
    i = start
    while i < end:
        amp = source.find("&", i, end)
        if amp == -1:
            parts.append(source[i:end])
            break
        parts.append(source[i:amp])
        text, i = _decode_entity(source, amp)
        parts.append(text)
    return "".join(parts)


def _parse_start_tag(source: str, i: int) -> tuple[str, dict[str, str], int]:
    """Parses the start tag at ``source[i]`` ("<"); returns (name, attributes, end index)."""
    n = len(source)
    name_match = _TAG_NAME_RE.match(source, i + 1)
    assert name_match is not None
    name = name_match.group().lower()
    if name not in _HTML_TAGS:
        raise HTMLParseError(
            f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, i)}'
        )
    j = name_match.end()
    attributes: dict[str, str] = {}
    while True:
        while j < n and source[j].isspace():
            j += 1
        if j >= n:
            raise HTMLParseError(f"Unclosed start tag at byte offset {_byte_offset(source, i)}")
        if source[j] == ">":
            return name, attributes, j + 1
        attr_match = _ATTR_NAME_RE.match(source, j)
        assert attr_match is not None
        attr_name = attr_match.group().lower()
        if not attr_name:
            raise HTMLParseError(
                f'Empty attribute name in the tag "{name}" at byte offset {_byte_offset(source, j)}'
            )
        j = attr_match.end()
        while j < n and source[j].isspace():
            j += 1
        if j >= n or source[j] != "=":
            attributes[attr_name] = ""  # a bare attribute such as <blockquote expandable>
            continue
        j += 1
        while j < n and source[j].isspace():
            j += 1
        if j >= n:
            raise HTMLParseError(f"Unclosed start tag at byte offset {_byte_offset(source, i)}")
        if source[j] in "\"'":
            close = source.find(source[j], j + 1)
            if close == -1:
                raise HTMLParseError(f"Unclosed start tag at byte offset {_byte_offset(source, i)}")
            attributes[attr_name] = _decode_attribute(source, j + 1, close)
            j = close + 1
        else:
            k = j
            while k < n and not source[k].isspace() and source[k] != ">":
                k += 1
            attributes[attr_name] = _decode_attribute(source, j, k)
            j = k


def _entity_for_tag(
    source: str, i: int, name: str, attributes: dict[str, str], stack: list[_OpenTag]
) -> dict[str, Any] | None:
    kind = _HTML_TAGS[name]
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise HTMLParseError(
            f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(source, i)}'
        )
    if name == "a":
        href = attributes.get("href", "")
        if not href:
            return None  # Telegram keeps the text and drops a link without a URL
        return {"type": "text_link", "url": href}
    if name == "tg-emoji":
        emoji_id = attributes.get("emoji-id", "")
        if not emoji_id.isdigit():
            raise HTMLParseError(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset '
                f"{_byte_offset(source, i)}"
            )
        return {"type": "custom_emoji", "custom_emoji_id": emoji_id}
    if name == "blockquote":
        return {"type": "expandable_blockquote" if "expandable" in attributes else "blockquote"}
    if name == "code" and stack and stack[-1].name == "pre" and stack[-1].entity is not None:
        # <pre><code class="language-x"> is one pre entity with a language, as in Telegram
        language = attributes.get("class", "")
        if language.startswith("language-") and len(language) > len("language-"):
            stack[-1].entity["language"] = language[len("language-") :]
        return None
    return {"type": kind}


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Parses Telegram's HTML parse mode strictly.

    Returns the plain text and its MessageEntity dicts (offsets and lengths in UTF-16 code
    units).  Raises :class:`HTMLParseError` for an unsupported tag, an unclosed or mismatched
    tag, a bare ``<`` and (stricter than Telegram) any ``&`` that does not begin a supported
    entity (``&lt; &gt; &amp; &quot;`` and numeric entities).
    """
    out: list[str] = []
    length = 0  # UTF-16 length of the plain text so far
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    i, n = 0, len(source)
    while i < n:
        special = _HTML_SPECIAL_RE.search(source, i)
        end = special.start() if special else n
        if end > i:
            chunk = source[i:end]
            out.append(chunk)
            length += utf16_len(chunk)
            i = end
            continue
        if source[i] == "&":
            text, i = _decode_entity(source, i)
            out.append(text)
            length += utf16_len(text)
            continue
        # source[i] == "<"
        if i + 1 < n and source[i + 1] == "/":
            close = source.find(">", i)
            if close == -1:
                raise HTMLParseError(f"Unclosed end tag at byte offset {_byte_offset(source, i)}")
            name = source[i + 2 : close].strip().lower()
            if not stack:
                raise HTMLParseError(f"Unexpected end tag at byte offset {_byte_offset(source, i)}")
            top = stack.pop()
            if name != top.name:
                raise HTMLParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(source, i)}, expected "
                    f'"</{top.name}>", found "</{name}>"'
                )
            if top.entity is not None and length > top.start:
                entities.append({**top.entity, "offset": top.start, "length": length - top.start})
            i = close + 1
            continue
        name, attributes, i_next = _parse_start_tag(source, i)
        entity = _entity_for_tag(source, i, name, attributes, stack)
        stack.append(_OpenTag(name=name, start=length, entity=entity))
        i = i_next
    if stack:
        raise HTMLParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


class ApiError(Exception):
    """An error answer of the Bot API: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


@dataclass(frozen=True)
class Call:
    """One recorded HTTP request to the fake Bot API.

    ``method`` is the canonical Bot API name ("sendMessage"), ``params`` the decoded parameters
    (nested JSON values parsed, ``chat_id`` an int), ``time`` the :func:`time.monotonic` time the
    request arrived, ``status`` the HTTP status answered (499 if the client went away first).
    """

    method: str
    params: dict[str, Any]
    time: float
    status: int
    result: Any = None
    description: str | None = None
    injected: bool = False  # the error came from fail_next() or rate_limit()

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def summary(self, width: int = 160) -> str:
        params = json.dumps(self.params, ensure_ascii=False, default=str)
        if len(params) > width:
            params = params[: width - 3] + "..."
        text = f"{self.method} -> {self.status}"
        if self.description:
            text += f" ({self.description})"
        return f"{text} {params}"


@dataclass
class FakeChat:
    id: int
    type: str  # private, group, supergroup, channel
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass
class _Failure:
    method: str | None  # lower-case method name, None = any method but getUpdates
    status: int
    description: str
    retry_after: int | None
    remaining: int


@dataclass
class _Poll:
    request: web.Request
    terminated: bool = False


@dataclass
class _TokenBucket:
    per_second: float
    capacity: float
    tokens: float
    updated: float = field(default_factory=time.monotonic)

    def take(self) -> int:
        """Takes one token; returns 0 on success or the retry_after (s) Telegram would answer."""
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.per_second)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0
        return max(1, math.ceil((1 - self.tokens) / self.per_second))


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


class FakeBotApi:
    """In-process fake of the Telegram Bot API (see the module docstring).

    Args:
        token: the bot token the server accepts; ``token`` prefix before ":" is the bot's id.
        host, port: where to listen (port 0 = a free port, see :attr:`port` after start()).
        first_name, username: the bot's profile as getMe reports it.
        privacy_mode: like BotFather's default, group messages reach the bot only when they are
            commands (not addressed to another bot), replies to the bot's messages or service
            messages, unless the bot is an administrator of the group. Plain @mentions do not.
        conflict_policy: what a second concurrent getUpdates does: "reject_new" (the new request
            gets 409 Conflict) or "terminate_pending" (the pending one gets 409 and the new one
            proceeds, like the real server does).
        strict_chats: sending to a chat the fake has never seen (no update from it, no
            add_chat()) answers 400 "Bad Request: chat not found", as Telegram does.
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        host: str = "127.0.0.1",
        port: int = 0,
        first_name: str = "Twitch Relief",
        username: str = "TwitchReliefBot",
        privacy_mode: bool = True,
        conflict_policy: str = "reject_new",
        strict_chats: bool = True,
    ) -> None:
        if conflict_policy not in ("reject_new", "terminate_pending"):
            raise ValueError("conflict_policy must be 'reject_new' or 'terminate_pending'")
        self.token = token
        self.host = host
        self._requested_port = port
        self.port: int | None = None
        self.privacy_mode = privacy_mode
        self.conflict_policy = conflict_policy
        self.strict_chats = strict_chats
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_user: dict[str, Any] = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": first_name,
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

        self.calls: list[Call] = []
        self.dropped_updates: list[dict[str, Any]] = []  # filtered out by privacy mode
        self.webhook_deliveries: list[tuple[int, int]] = []  # (update_id, HTTP status)

        self._chats: dict[int, FakeChat] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._members: dict[tuple[int, int], str] = {}
        self._blocked: set[int] = set()
        self._deleted: set[int] = set()
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._next_message_id: dict[int, int] = {}
        self._callback_queries: dict[str, bool] = {}  # id -> answered
        self._inline_queries: dict[str, bool] = {}
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.descriptions: dict[str, str] = {}  # language_code -> description
        self.short_descriptions: dict[str, str] = {}

        self._queue: list[dict[str, Any]] = []  # updates not yet confirmed by the bot
        self._delivered_up_to = 0  # highest update_id returned by getUpdates / webhook
        self._update_ids = itertools.count(1000001)
        self._allowed_updates: frozenset[str] = DEFAULT_ALLOWED_UPDATES
        self._poll: _Poll | None = None
        self._ids = itertools.count(1)

        self._webhook_url = ""
        self._webhook_secret: str | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._webhook_session: ClientSession | None = None

        self._failures: list[_Failure] = []
        self._latency: dict[str, float] = {}
        self._bucket: _TokenBucket | None = None
        self._per_chat_rate: float | None = None
        self._chat_buckets: dict[int, _TokenBucket] = {}

        self._inflight = 0
        self._last_activity = time.monotonic()
        self._changed = asyncio.Event()  # set (and replaced) whenever an update is queued
        self._recorded = asyncio.Event()  # set (and replaced) whenever a call is recorded
        self._closing = False
        self._runner: web.AppRunner | None = None

        self._methods: dict[str, tuple[str, Callable[..., Any]]] = {}
        handlers: dict[str, Callable[..., Any]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "sendChatAction": self._send_chat_action,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setMyDescription": self._set_my_description,
            "getMyDescription": self._get_my_description,
            "setMyShortDescription": self._set_my_short_description,
            "getMyShortDescription": self._get_my_short_description,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
            "getChat": self._get_chat,
            "leaveChat": self._leave_chat,
            "setChatMenuButton": self._true,
            "getFile": self._get_file,
            "close": self._true,
            "logOut": self._true,
        }
        for name, handler in handlers.items():
            self._methods[name.lower()] = (name, handler)

    # ---------------------------------------------------------------- lifecycle and addresses

    async def start(self) -> FakeBotApi:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/file/bot{token}/{path:.*}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self._runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self._requested_port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        self._closing = True
        self._wake_pollers()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._webhook_session is not None:
            await self._webhook_session.close()
            self._webhook_session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """PTB ``base_url``: requests go to ``{base_url}{token}/{method}``."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """PTB ``base_file_url``; files are served as a few fake bytes."""
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def username(self) -> str:
        return str(self.bot_user["username"])

    # ------------------------------------------------------------------- configuration

    def add_chat(
        self,
        chat_id: int,
        *,
        type: str | None = None,
        title: str | None = None,
        username: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> FakeChat:
        """Registers (or updates) a chat; type defaults from the id (see chat_type_for())."""
        chat_type = type or self.chat_type_for(chat_id)
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = FakeChat(id=chat_id, type=chat_type)
            self._chats[chat_id] = chat
        chat.type = chat_type
        if chat_type == "private":
            user = self._users.get(chat_id, {})
            chat.first_name = first_name or chat.first_name or user.get("first_name") or "User"
            chat.last_name = last_name or chat.last_name or user.get("last_name")
            chat.username = username or chat.username or user.get("username")
        else:
            chat.title = title or chat.title or f"Chat {chat_id}"
            chat.username = username or chat.username
        self._deleted.discard(chat_id)
        return chat

    @staticmethod
    def chat_type_for(chat_id: int) -> str:
        """private for positive ids, supergroup for -100..., group for other negative ids."""
        if chat_id > 0:
            return "private"
        if chat_id <= -1000000000000:
            return "supergroup"
        return "group"

    def chat(self, chat_id: int) -> FakeChat | None:
        return self._chats.get(chat_id)

    def set_chat_member(self, chat_id: int, user_id: int, status: str) -> None:
        """Sets what getChatMember answers (creator/administrator/member/restricted/left/kicked).

        Use the bot's id (fake.bot_id) to make the bot an administrator (privacy mode then no
        longer filters that group) or to remove it from the group.
        """
        if status not in MEMBER_STATUSES:
            raise ValueError(f"unknown member status {status!r}")
        self._members[(chat_id, user_id)] = status

    def block_chat(self, chat_id: int) -> None:
        """The user blocked the bot: sending gives 403 "Forbidden: bot was blocked by the user"."""
        self._blocked.add(chat_id)

    def unblock_chat(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def delete_chat(self, chat_id: int) -> None:
        """The chat is gone: every method naming it answers 400 "Bad Request: chat not found"."""
        self._deleted.add(chat_id)

    def fail_next(
        self,
        method: str | None,
        status: int = 429,
        retry_after: int = 1,
        count: int = 1,
        description: str | None = None,
    ) -> None:
        """The next ``count`` calls of ``method`` (None = any method except getUpdates) fail.

        status 429 answers "Too Many Requests: retry after N" with parameters.retry_after (PTB
        raises RetryAfter); other statuses answer a Telegram-like description (400 Bad Request,
        403 Forbidden, 500 Internal Server Error, 502 Bad Gateway) or the given ``description``.
        """
        if description is None:
            description = {
                429: f"Too Many Requests: retry after {retry_after}",
                400: "Bad Request: injected failure",
                403: "Forbidden: injected failure",
                409: CONFLICT_DESCRIPTION,
                500: "Internal Server Error",
                502: "Bad Gateway",
            }.get(status, f"Error {status}: injected failure")
        self._failures.append(
            _Failure(
                method=method.lower() if method else None,
                status=status,
                description=description,
                retry_after=retry_after if status == 429 else None,
                remaining=count,
            )
        )

    def set_latency(self, method: str, seconds: float) -> None:
        """Answer ``method`` only after ``seconds`` (a slow network or a busy Telegram)."""
        self._latency[self._canonical(method)] = seconds

    def rate_limit(
        self,
        per_second: float | None,
        *,
        burst: int | None = None,
        per_chat_per_second: float | None = None,
    ) -> None:
        """Token-bucket flood control over sendMessage/edit*/send* calls (None switches it off).

        Faster than ``per_second`` overall (bucket size ``burst``, default ``per_second``), or
        than ``per_chat_per_second`` into one chat, answers 429 with an integer retry_after.
        """
        if per_second is None:
            self._bucket = None
        else:
            capacity = float(burst if burst is not None else max(1.0, per_second))
            self._bucket = _TokenBucket(per_second, capacity, capacity)
        self._per_chat_rate = per_chat_per_second
        self._chat_buckets.clear()

    # ------------------------------------------------------------------- inspection

    def calls_to(self, method: str) -> list[Call]:
        name = self._canonical(method)
        return [c for c in self.calls if c.method == name]

    def sent_messages(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Params of the successful sendMessage/editMessageText calls (optionally to one chat)."""
        return [
            c.params
            for c in self.calls
            if c.ok
            and c.method in ("sendMessage", "editMessageText")
            and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        """Plain texts (HTML parsed, tags stripped) of the successful sendMessage calls."""
        return [
            c.result["text"]
            for c in self.calls
            if c.ok
            and c.method == "sendMessage"
            and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The current state (after edits) of a message in the chat, or None if deleted/unknown."""
        msg = self._messages.get((chat_id, message_id))
        return copy.deepcopy(msg) if msg is not None else None

    def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        """The bot's messages in the chat that still exist, oldest first (current state)."""
        return [
            copy.deepcopy(m)
            for (cid, _), m in sorted(self._messages.items())
            if cid == chat_id and m.get("from", {}).get("id") == self.bot_id
        ]

    def commands(
        self, scope: dict[str, Any] | str | None = None, language_code: str = ""
    ) -> list[dict[str, Any]] | None:
        """The command list set for the scope (a BotCommandScope dict or its type) and language,
        or None if none was set."""
        if isinstance(scope, str):
            scope = {"type": scope}
        key = (self._scope_key(scope), language_code)
        found = self._commands.get(key)
        return copy.deepcopy(found) if found is not None else None

    def errors(self, *, include_injected: bool = False) -> list[Call]:
        """Calls answered with an error status (getUpdates conflicts and 499s excluded)."""
        return [
            c
            for c in self.calls
            if c.status >= 400
            and c.status != 499
            and (include_injected or not c.injected)
            and not (c.method == "getUpdates" and c.status == 409)
        ]

    def assert_no_errors(self) -> None:
        """Raises AssertionError if the bot made any call Telegram would have rejected."""
        bad = self.errors()
        if bad:
            raise AssertionError(
                "the bot made calls the Bot API rejected:\n"
                + "\n".join("  " + c.summary() for c in bad)
            )

    def mark(self) -> int:
        """An index into fake.calls: pass as ``since=`` to wait_for() to skip older calls."""
        return len(self.calls)

    @property
    def pending_updates(self) -> int:
        """Updates queued and not yet handed to the bot."""
        return sum(1 for u in self._queue if u["update_id"] > self._delivered_up_to)

    def dump_calls(self, last: int = 30) -> str:
        lines = [c.summary() for c in self.calls[-last:]]
        return "\n".join(lines) if lines else "(no calls)"

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - the public signature tests rely on
        predicate: Callable[[Call], bool] | None = None,
        *,
        since: int = 0,
    ) -> list[Call]:
        """Waits until ``count`` calls of ``method`` (matching ``predicate``, made after index
        ``since`` of fake.calls) were recorded; returns all matching calls.

        Raises AssertionError with a dump of the recent calls on timeout.
        """
        name = self._canonical(method)
        deadline = time.monotonic() + timeout
        matches: list[Call] = []
        scanned = since
        while True:
            calls = self.calls
            for call in calls[scanned:]:
                if call.method == name and (predicate is None or predicate(call)):
                    matches.append(call)
            scanned = len(calls)
            if len(matches) >= count:
                return matches
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {count} {name} call(s)"
                    f"{' matching the predicate' if predicate else ''}; got {len(matches)}. "
                    f"Recent calls:\n{self.dump_calls()}"
                )
            event = self._recorded
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    async def wait_idle(self, quiet: float = 0.2, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Waits until every queued update was handed to the bot, no request other than
        getUpdates is in flight and no such request arrived for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            if (
                self.pending_updates == 0
                and self._inflight == 0
                and now - self._last_activity >= quiet
            ):
                return
            if now >= deadline:
                raise AssertionError(
                    f"not idle after {timeout}s: {self.pending_updates} updates pending, "
                    f"{self._inflight} requests in flight. Recent calls:\n{self.dump_calls()}"
                )
            await asyncio.sleep(min(0.02, quiet))

    # ------------------------------------------------------------------- update builders

    def push_update(self, update: dict[str, Any]) -> dict[str, Any] | None:
        """Queues an update (assigning update_id) for getUpdates/the webhook; returns it.

        Returns None (and appends it to fake.dropped_updates) if Telegram would not deliver it
        to this bot: group messages filtered by privacy mode, or chats the bot is not in.
        """
        update = copy.deepcopy(update)
        update.pop("update_id", None)
        if not self._deliverable(update):
            self.dropped_updates.append(update)
            return None
        update = {"update_id": next(self._update_ids), **update}
        self._queue.append(update)
        self._wake_pollers()
        if self._webhook_url:
            self._ensure_webhook_task()
        return copy.deepcopy(update)

    def send_text(self, text: str, **kwargs: Any) -> dict[str, Any] | None:
        """Pushes a private text message (see private_message() for the arguments)."""
        return self.push_update(self.private_message(text, **kwargs))

    def send_group_text(self, text: str, **kwargs: Any) -> dict[str, Any] | None:
        """Pushes a group text message (see group_message() for the arguments)."""
        return self.push_update(self.group_message(text, **kwargs))

    def press_button(
        self,
        text: str,
        *,
        chat_id: int | None = None,
        message_id: int | None = None,
        user_id: int = DEFAULT_USER_ID,
    ) -> dict[str, Any] | None:
        """Presses the callback button labelled ``text`` (or whose callback_data is ``text``)
        on the bot's message (default: its latest message with such a button in the chat) and
        pushes the callback_query update."""
        chat_id = user_id if chat_id is None else chat_id
        candidates = (
            [self._messages.get((chat_id, message_id))]
            if message_id is not None
            else list(reversed(self.bot_messages(chat_id)))
        )
        labels: list[str] = []
        for msg in candidates:
            if msg is None:
                continue
            for row in msg.get("reply_markup", {}).get("inline_keyboard", []):
                for button in row:
                    labels.append(button.get("text", ""))
                    if "callback_data" in button and text in (
                        button["text"],
                        button["callback_data"],
                    ):
                        return self.push_update(
                            self.callback_query(
                                button["callback_data"],
                                message_id=msg["message_id"],
                                chat_id=chat_id,
                                user_id=user_id,
                            )
                        )
        raise ValueError(
            f"no callback button {text!r} on the bot's messages in chat {chat_id}; "
            f"buttons seen: {labels}"
        )

    def private_message(
        self,
        text: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        first_name: str = "Alice",
        last_name: str | None = None,
        username: str | None = "alice",
        language_code: str | None = "en",
        reply_to_message_id: int | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A ``message`` update: a user's text in the private chat (chat_id defaults to user_id).

        bot_command entities are detected for "/cmd" (and "/cmd@Bot") and mention entities for
        "@username", unless ``entities`` is given.
        """
        user = self._user(user_id, first_name, last_name, username, language_code)
        chat = self._ensure_chat(user_id if chat_id is None else chat_id, user=user)
        msg = self._user_message(chat, user, reply_to_message_id=reply_to_message_id)
        self._set_text(msg, text, entities)
        return {"message": self._store(msg)}

    def group_message(
        self,
        text: str,
        *,
        chat_id: int = DEFAULT_GROUP_ID,
        user_id: int = DEFAULT_USER_ID,
        first_name: str = "Alice",
        last_name: str | None = None,
        username: str | None = "alice",
        language_code: str | None = "en",
        title: str = "Test Group",
        reply_to_bot_message_id: int | str | None = None,
        reply_to_message_id: int | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A ``message`` update in a group (chat_id < 0; -100... is a supergroup).

        ``reply_to_bot_message_id`` (a message id, or "last" for the bot's latest message in the
        chat) makes it a reply to a message the bot sent there, which must exist.
        """
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        user = self._user(user_id, first_name, last_name, username, language_code)
        chat = self._ensure_chat(chat_id, title=title)
        if reply_to_bot_message_id is not None:
            reply_to_message_id = self._bot_message_id(chat_id, reply_to_bot_message_id)
        msg = self._user_message(chat, user, reply_to_message_id=reply_to_message_id)
        self._set_text(msg, text, entities)
        return {"message": self._store(msg)}

    def edited_message(
        self,
        text: str,
        *,
        message_id: int,
        chat_id: int | None = None,
        user_id: int = DEFAULT_USER_ID,
        entities: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """An ``edited_message`` update: the user's earlier message ``message_id`` with new text."""
        chat_id = user_id if chat_id is None else chat_id
        original = self._messages.get((chat_id, message_id))
        if original is None:
            user = self._user(user_id)
            chat = self._ensure_chat(chat_id, user=user)
            original = self._user_message(chat, user)
            original["message_id"] = message_id
        msg = copy.deepcopy(original)
        msg.pop("entities", None)
        self._set_text(msg, text, entities)
        msg["edit_date"] = int(time.time())
        self._store(msg)
        return {"edited_message": copy.deepcopy(msg)}

    def callback_query(
        self,
        data: str,
        *,
        message_id: int | None = None,
        chat_id: int | None = None,
        user_id: int = DEFAULT_USER_ID,
        inline_message_id: str | None = None,
        first_name: str = "Alice",
        username: str | None = "alice",
        strict: bool = True,
    ) -> dict[str, Any]:
        """A ``callback_query`` update: the user pressed a button with callback ``data``.

        The message is the bot's message ``message_id`` in ``chat_id`` (default: the private
        chat with the user; default message: the bot's latest there), in its current state.
        With ``strict`` the message must carry a button with that callback_data. For a button
        on an inline-mode message pass ``inline_message_id`` instead.
        """
        user = self._user(user_id, first_name, None, username)
        query_id = str(next(self._ids) * 7919 + 4000000000000000000)
        query: dict[str, Any] = {
            "id": query_id,
            "from": user,
            "chat_instance": str(-(abs(chat_id or user_id) * 31 + 17)),
            "data": data,
        }
        if inline_message_id is not None:
            query["inline_message_id"] = inline_message_id
        else:
            chat_id = user_id if chat_id is None else chat_id
            mid = self._bot_message_id(chat_id, "last" if message_id is None else message_id)
            msg = self._messages[(chat_id, mid)]
            if strict:
                datas = [
                    b.get("callback_data")
                    for row in msg.get("reply_markup", {}).get("inline_keyboard", [])
                    for b in row
                ]
                if data not in datas:
                    raise ValueError(
                        f"message {mid} in chat {chat_id} has no button with callback_data "
                        f"{data!r} (buttons: {datas}); pass strict=False to send it anyway"
                    )
            query["message"] = copy.deepcopy(msg)
        self._callback_queries[query_id] = False
        return {"callback_query": query}

    def inline_query(
        self,
        query: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        offset: str = "",
        chat_type: str | None = "sender",
        first_name: str = "Alice",
        username: str | None = "alice",
    ) -> dict[str, Any]:
        """An ``inline_query`` update ("@BotName query" typed in some chat)."""
        user = self._user(user_id, first_name, None, username)
        query_id = str(next(self._ids) * 104729 + 5000000000000000000)
        self._inline_queries[query_id] = False
        inline: dict[str, Any] = {"id": query_id, "from": user, "query": query, "offset": offset}
        if chat_type is not None:
            inline["chat_type"] = chat_type
        return {"inline_query": inline}

    def my_chat_member(
        self,
        chat_id: int,
        old_status: str = "member",
        new_status: str = "left",
        *,
        user_id: int = DEFAULT_USER_ID,
        title: str = "Test Group",
    ) -> dict[str, Any]:
        """A ``my_chat_member`` update: the bot's own status in the chat changed (by user_id).

        Also applies it: "left"/"kicked" in a group make sending there fail with 403; in a
        private chat "kicked" means the user blocked the bot and "member" unblocks.
        """
        for status in (old_status, new_status):
            if status not in MEMBER_STATUSES:
                raise ValueError(f"unknown member status {status!r}")
        user = self._user(user_id)
        chat = self._ensure_chat(chat_id, title=title, user=user if chat_id > 0 else None)
        self._members[(chat_id, self.bot_id)] = new_status
        if chat.type == "private":
            if new_status == "kicked":
                self._blocked.add(chat_id)
            elif new_status == "member":
                self._blocked.discard(chat_id)
        return {
            "my_chat_member": {
                "chat": chat.to_json(),
                "from": user,
                "date": int(time.time()),
                "old_chat_member": self._member_json(self.bot_user, old_status),
                "new_chat_member": self._member_json(self.bot_user, new_status),
            }
        }

    def sticker_message(
        self, *, emoji: str = "👍", user_id: int = DEFAULT_USER_ID, chat_id: int | None = None
    ) -> dict[str, Any]:
        """A ``message`` update carrying a sticker (no text)."""
        uid = next(self._ids)
        return self._media_message(
            user_id,
            chat_id,
            sticker={
                "file_id": f"CAACAgIAAxkBAAI{uid}",
                "file_unique_id": f"AgAD{uid}",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": emoji,
                "set_name": "FakeStickers",
            },
        )

    def photo_message(
        self,
        caption: str | None = None,
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        """A ``message`` update carrying a photo (three sizes) and an optional caption."""
        uid = next(self._ids)
        sizes = [
            {
                "file_id": f"AgACAgIAAxkBAAI{uid}-{w}",
                "file_unique_id": f"AQAD{uid}{w}",
                "width": w,
                "height": w * 3 // 4,
                "file_size": w * 100,
            }
            for w in (90, 320, 1280)
        ]
        extra: dict[str, Any] = {"photo": sizes}
        if caption is not None:
            extra["caption"] = caption
        return self._media_message(user_id, chat_id, **extra)

    def voice_message(
        self, *, duration: int = 3, user_id: int = DEFAULT_USER_ID, chat_id: int | None = None
    ) -> dict[str, Any]:
        """A ``message`` update carrying a voice note."""
        uid = next(self._ids)
        return self._media_message(
            user_id,
            chat_id,
            voice={
                "file_id": f"AwACAgIAAxkBAAI{uid}",
                "file_unique_id": f"AgADv{uid}",
                "duration": duration,
                "mime_type": "audio/ogg",
                "file_size": 4000 * duration,
            },
        )

    def forwarded_message(
        self,
        text: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        origin_user_id: int = 20002,
        origin_first_name: str = "Bob",
        hidden: bool = False,
    ) -> dict[str, Any]:
        """A ``message`` update: the user forwarded someone's text (forward_origin user or,
        with ``hidden``, hidden_user)."""
        user = self._user(user_id)
        chat = self._ensure_chat(user_id if chat_id is None else chat_id, user=user)
        msg = self._user_message(chat, user)
        date = int(time.time()) - 3600
        if hidden:
            msg["forward_origin"] = {
                "type": "hidden_user",
                "date": date,
                "sender_user_name": origin_first_name,
            }
        else:
            origin = {"id": origin_user_id, "is_bot": False, "first_name": origin_first_name}
            msg["forward_origin"] = {"type": "user", "date": date, "sender_user": origin}
        self._set_text(msg, text, None)
        return {"message": self._store(msg)}

    def channel_post(
        self, text: str, *, chat_id: int = DEFAULT_CHANNEL_ID, title: str = "Test Channel"
    ) -> dict[str, Any]:
        """A ``channel_post`` update (a channel the bot administers)."""
        chat = self.add_chat(chat_id, type="channel", title=title)
        msg = {
            "message_id": self._allocate_message_id(chat_id),
            "sender_chat": chat.to_json(),
            "chat": chat.to_json(),
            "date": int(time.time()),
        }
        self._set_text(msg, text, None)
        return {"channel_post": self._store(msg)}

    # ------------------------------------------------------------------- builder internals

    def _user(
        self,
        user_id: int,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> dict[str, Any]:
        user = self._users.get(user_id)
        if user is None:
            user = {"id": user_id, "is_bot": False, "first_name": first_name or "Alice"}
            self._users[user_id] = user
        if first_name:
            user["first_name"] = first_name
        for key, value in (
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value is not None:
                user[key] = value
        return copy.deepcopy(user)

    def _ensure_chat(
        self, chat_id: int, *, title: str | None = None, user: dict[str, Any] | None = None
    ) -> FakeChat:
        chat = self._chats.get(chat_id)
        if chat is not None and chat_id not in self._deleted:
            return chat
        if chat_id > 0 and user is not None:
            return self.add_chat(
                chat_id,
                first_name=user.get("first_name"),
                last_name=user.get("last_name"),
                username=user.get("username"),
            )
        return self.add_chat(chat_id, title=title)

    def _allocate_message_id(self, chat_id: int) -> int:
        mid = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = mid + 1
        return mid

    def _user_message(
        self, chat: FakeChat, user: dict[str, Any], *, reply_to_message_id: int | None = None
    ) -> dict[str, Any]:
        msg: dict[str, Any] = {
            "message_id": self._allocate_message_id(chat.id),
            "from": user,
            "chat": chat.to_json(),
            "date": int(time.time()),
        }
        if reply_to_message_id is not None:
            replied = self._messages.get((chat.id, reply_to_message_id))
            if replied is None:
                raise ValueError(f"no message {reply_to_message_id} in chat {chat.id}")
            msg["reply_to_message"] = self._strip_reply(replied)
        return msg

    def _media_message(self, user_id: int, chat_id: int | None, **content: Any) -> dict[str, Any]:
        user = self._user(user_id)
        chat = self._ensure_chat(user_id if chat_id is None else chat_id, user=user)
        msg = self._user_message(chat, user)
        msg.update(content)
        if "caption" in msg:
            entities = self._detect_entities(msg["caption"])
            if entities:
                msg["caption_entities"] = entities
        return {"message": self._store(msg)}

    def _set_text(
        self, msg: dict[str, Any], text: str, entities: list[dict[str, Any]] | None
    ) -> None:
        msg["text"] = text
        found = self._detect_entities(text) if entities is None else entities
        if found:
            msg["entities"] = found
        else:
            msg.pop("entities", None)

    @staticmethod
    def _detect_entities(text: str) -> list[dict[str, Any]]:
        entities: list[dict[str, Any]] = []
        for kind, regex in (
            ("bot_command", _BOT_COMMAND_ENTITY_RE),
            ("mention", _MENTION_ENTITY_RE),
        ):
            for match in regex.finditer(text):
                entities.append(
                    {
                        "type": kind,
                        "offset": utf16_len(text[: match.start()]),
                        "length": utf16_len(match.group()),
                    }
                )
        entities.sort(key=lambda e: e["offset"])
        return entities

    def _store(self, msg: dict[str, Any]) -> dict[str, Any]:
        self._messages[(msg["chat"]["id"], msg["message_id"])] = msg
        return copy.deepcopy(msg)

    @staticmethod
    def _strip_reply(msg: dict[str, Any]) -> dict[str, Any]:
        replied = copy.deepcopy(msg)
        replied.pop("reply_to_message", None)
        return replied

    def _bot_message_id(self, chat_id: int, message_id: int | str) -> int:
        mine = [m["message_id"] for m in self.bot_messages(chat_id)]
        if message_id == "last":
            if not mine:
                raise ValueError(f"the bot has no message in chat {chat_id}")
            return mine[-1]
        if message_id not in mine:
            raise ValueError(
                f"the bot has no message {message_id} in chat {chat_id} (it has {mine})"
            )
        return int(message_id)

    def _member_json(self, user: dict[str, Any], status: str) -> dict[str, Any]:
        data: dict[str, Any] = {"status": status, "user": copy.deepcopy(user)}
        if status == "creator":
            data["is_anonymous"] = False
        elif status == "administrator":
            data.update(
                {
                    "can_be_edited": False,
                    "is_anonymous": False,
                    "can_manage_chat": True,
                    "can_delete_messages": True,
                    "can_manage_video_chats": True,
                    "can_restrict_members": True,
                    "can_promote_members": False,
                    "can_change_info": True,
                    "can_invite_users": True,
                    "can_post_stories": False,
                    "can_edit_stories": False,
                    "can_delete_stories": False,
                    "can_pin_messages": True,
                }
            )
        elif status == "kicked":
            data["until_date"] = 0
        elif status == "restricted":
            data.update(
                {
                    "is_member": True,
                    "can_send_messages": False,
                    "can_send_audios": False,
                    "can_send_documents": False,
                    "can_send_photos": False,
                    "can_send_videos": False,
                    "can_send_video_notes": False,
                    "can_send_voice_notes": False,
                    "can_send_polls": False,
                    "can_send_other_messages": False,
                    "can_add_web_page_previews": False,
                    "can_change_info": False,
                    "can_invite_users": False,
                    "can_pin_messages": False,
                    "can_manage_topics": False,
                    "until_date": 0,
                }
            )
        return data

    def _bot_is_admin(self, chat_id: int) -> bool:
        return self._members.get((chat_id, self.bot_id)) in ("administrator", "creator")

    def _deliverable(self, update: dict[str, Any]) -> bool:
        msg = update.get("message") or update.get("edited_message")
        if msg is None:
            return True
        chat_id = msg["chat"]["id"]
        if msg["chat"]["type"] not in ("group", "supergroup"):
            return True
        if self._members.get((chat_id, self.bot_id)) in ("left", "kicked"):
            return False
        if not self.privacy_mode or self._bot_is_admin(chat_id):
            return True
        if "text" not in msg and "caption" not in msg:
            # service messages are delivered; media without caption only as replies to the bot
            media = ("sticker", "photo", "voice", "document", "video", "audio", "animation")
            if not any(k in msg for k in media):
                return True
        replied = msg.get("reply_to_message")
        if replied is not None and replied.get("from", {}).get("id") == self.bot_id:
            return True
        text = msg.get("text") or msg.get("caption") or ""
        for entity in msg.get("entities") or msg.get("caption_entities") or []:
            if entity["type"] != "bot_command":
                continue
            command = text[entity["offset"] : entity["offset"] + entity["length"]]
            _, _, addressee = command.partition("@")
            if not addressee or addressee.lower() == self.username.lower():
                return True
        return False

    # ------------------------------------------------------------------- HTTP plumbing

    def _canonical(self, method: str) -> str:
        entry = self._methods.get(method.lower())
        return entry[0] if entry else method

    async def _not_found(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").body(), status=404)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        return web.Response(body=b"fake file content", content_type="application/octet-stream")

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    raw.update(body)
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        content = value.file.read()
                        raw[key] = {
                            "filename": value.filename,
                            "content_type": value.content_type,
                            "size": len(content),
                        }
                    else:
                        raw[key] = value
        return {key: self._decode(key, value) for key, value in raw.items()}

    @staticmethod
    def _decode(key: str, value: Any) -> Any:
        if not isinstance(value, str) or key in _STRING_PARAMS:
            return value
        try:
            decoded = json.loads(value)
        except ValueError:
            return value
        if isinstance(decoded, str):  # '"..."' stays as sent: PTB never JSON-quotes strings
            return value
        return decoded

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        event, self._recorded = self._recorded, asyncio.Event()
        event.set()

    async def _handle(self, request: web.Request) -> web.Response:
        started = time.monotonic()
        method_raw = request.match_info["method"]
        name = self._canonical(method_raw)
        is_poll = name == "getUpdates"
        params: dict[str, Any] = {}
        status, injected = 500, False
        body: dict[str, Any] = {}
        if not is_poll:
            self._inflight += 1
            self._last_activity = started
        try:
            try:
                params = await self._read_params(request)
                token = request.match_info["token"]
                if not _TOKEN_RE.match(token):
                    raise ApiError(404, "Not Found")
                if token != self.token:
                    raise ApiError(401, "Unauthorized")
                entry = self._methods.get(method_raw.lower())
                if entry is None:
                    raise ApiError(404, "Not Found")
                injected = True
                self._check_injected(method_raw.lower(), params)
                injected = False
                self._check_chat(method_raw.lower(), params)
                handler = entry[1]
                if self._latency.get(name):
                    await asyncio.sleep(self._latency[name])
                if is_poll:
                    result = await self._get_updates(params, request)
                else:
                    result = handler(params)
                status, body = 200, {"ok": True, "result": result}
            except ApiError as exc:
                status, body = exc.status, exc.body()
            except Exception as exc:  # a bug in the fake: answer 500 and keep a record
                log.exception("fake Bot API: %s failed", name)
                status = 500
                body = ApiError(500, f"Internal Server Error: {exc!r}").body()
        except asyncio.CancelledError:
            status, body = 499, {"ok": False, "error_code": 499, "description": "client gone"}
            raise
        finally:
            if not is_poll:
                self._inflight -= 1
                self._last_activity = time.monotonic()
            self._record(
                Call(
                    method=name,
                    params=params,
                    time=started,
                    status=status,
                    result=body.get("result"),  # handlers return fresh objects
                    description=body.get("description"),
                    injected=injected and status >= 400,
                )
            )
        return web.json_response(body, status=status)

    def _check_injected(self, method: str, params: dict[str, Any]) -> None:
        for failure in self._failures:
            if failure.remaining <= 0:
                continue
            if failure.method == method or (failure.method is None and method != "getupdates"):
                failure.remaining -= 1
                params_out = {"retry_after": failure.retry_after} if failure.retry_after else None
                raise ApiError(failure.status, failure.description, params_out)
        self._failures = [f for f in self._failures if f.remaining > 0]
        if method in _RATE_LIMITED_METHODS:
            if self._bucket is not None and (wait := self._bucket.take()):
                raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})
            chat_id = params.get("chat_id")
            if self._per_chat_rate and isinstance(chat_id, int):
                bucket = self._chat_buckets.setdefault(
                    chat_id, _TokenBucket(self._per_chat_rate, 1.0, 1.0)
                )
                if wait := bucket.take():
                    raise ApiError(
                        429, f"Too Many Requests: retry after {wait}", {"retry_after": wait}
                    )

    def _check_chat(self, method: str, params: dict[str, Any]) -> None:
        if "chat_id" not in params or method in ("setmycommands", "deletemycommands"):
            return
        chat = self._resolve_chat(params["chat_id"])
        params["chat_id"] = chat.id
        if method not in _SENDING_METHODS:
            return
        if chat.id in self._blocked:
            if chat.type == "private":
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            raise ApiError(403, f"Forbidden: bot was kicked from the {chat.type} chat")
        status = self._members.get((chat.id, self.bot_id))
        if chat.type in ("group", "supergroup", "channel"):
            if status == "kicked":
                raise ApiError(403, f"Forbidden: bot was kicked from the {chat.type} chat")
            if status == "left":
                raise ApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")

    def _resolve_chat(self, chat_id: Any) -> FakeChat:
        chat: FakeChat | None = None
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            wanted = chat_id[1:].lower()
            chat = next(
                (c for c in self._chats.values() if (c.username or "").lower() == wanted), None
            )
        elif isinstance(chat_id, int) and not isinstance(chat_id, bool):
            chat = self._chats.get(chat_id)
            if chat is None and not self.strict_chats and chat_id != 0:
                chat = self.add_chat(chat_id)
        else:
            raise ApiError(
                400,
                "Bad Request: chat_id is empty"
                if chat_id in ("", None)
                else "Bad Request: chat not found",
            )
        if chat is None or chat.id in self._deleted:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    # ------------------------------------------------------------------- validation

    def _parse_text(
        self,
        text: Any,
        parse_mode: Any,
        entities: Any,
        *,
        limit: int = MAX_MESSAGE_LENGTH,
        what: str = "message text",
    ) -> tuple[str, list[dict[str, Any]]]:
        if text is None or text == "":
            raise ApiError(400, f"Bad Request: {what} is empty")
        text = str(text)
        mode = (parse_mode or "").lower() if isinstance(parse_mode, str) else ""
        if parse_mode not in (None, "") and mode not in ("html", "markdown", "markdownv2"):
            raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode}")
        if mode == "html":
            try:
                plain, found = parse_html(text)
            except HTMLParseError as exc:
                raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
        else:
            plain, found = text, list(entities) if isinstance(entities, list) else []
        if not plain.strip():
            raise ApiError(400, f"Bad Request: {what} is empty")
        if utf16_len(plain) > limit:
            if what == "message text":
                raise ApiError(400, "Bad Request: message is too long")
            raise ApiError(400, f"Bad Request: {what} is too long")
        return plain, found

    def _validate_reply_markup(self, markup: Any, *, inline_only: bool = False) -> Any:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            self._validate_inline_keyboard(markup["inline_keyboard"])
            return markup
        if inline_only:
            raise ApiError(400, "Bad Request: REPLY_MARKUP_INVALID")
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
            for row in rows:
                for button in row:
                    if isinstance(button, str):
                        continue
                    if not isinstance(button, dict) or not button.get("text"):
                        raise ApiError(400, "Bad Request: keyboard button text is empty")
            return markup
        if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
            return markup
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")

    @staticmethod
    def _validate_inline_keyboard(rows: Any) -> None:
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError(
                400,
                'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must '
                "be an Array of Arrays",
            )
        total = sum(len(r) for r in rows)
        if total > 100 or any(len(r) > 8 for r in rows):
            raise ApiError(400, "Bad Request: BUTTONS_TOO_MUCH")
        for row in rows:
            for button in row:
                if not isinstance(button, dict):
                    raise ApiError(400, "Bad Request: can't parse inline keyboard button")
                if not isinstance(button.get("text"), str) or not button["text"].strip():
                    raise ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
                actions = [f for f in BUTTON_ACTION_FIELDS if f in button]
                if len(actions) != 1:
                    raise ApiError(
                        400,
                        "Bad Request: can't parse inline keyboard button: Text buttons are "
                        "unallowed in the inline keyboard"
                        if not actions
                        else "Bad Request: can't parse inline keyboard button: exactly one of "
                        f"the optional fields must be used, found {actions}",
                    )
                action = actions[0]
                value = button[action]
                if action == "callback_data":
                    if not isinstance(value, str) or not 1 <= len(value.encode()) <= 64:
                        raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                elif action == "url":
                    if not isinstance(value, str) or not re.match(
                        r"^(https?://[^\s/]+|tg://[a-z_]+)\S*$", value
                    ):
                        raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")
                elif action in ("switch_inline_query", "switch_inline_query_current_chat"):
                    if not isinstance(value, str) or len(value) > 256:
                        raise ApiError(400, "Bad Request: BUTTON_TYPE_INVALID")
                elif action == "copy_text" and (
                    not isinstance(value, dict) or not 1 <= len(value.get("text", "")) <= 256
                ):
                    raise ApiError(400, "Bad Request: COPY_TEXT_INVALID")

    def _reply_target(self, params: dict[str, Any], chat: FakeChat) -> dict[str, Any] | None:
        reply = params.get("reply_parameters")
        if reply is None and params.get("reply_to_message_id") is not None:
            reply = {
                "message_id": params["reply_to_message_id"],
                "allow_sending_without_reply": params.get("allow_sending_without_reply", False),
            }
        if reply is None:
            return None
        if not isinstance(reply, dict) or not isinstance(reply.get("message_id"), int):
            raise ApiError(400, "Bad Request: can't parse reply parameters JSON object")
        target_chat = chat
        if "chat_id" in reply:
            target_chat = self._resolve_chat(reply["chat_id"])
        target = self._messages.get((target_chat.id, reply["message_id"]))
        if target is None:
            if reply.get("allow_sending_without_reply"):
                return None
            raise ApiError(400, "Bad Request: message to be replied not found")
        return self._strip_reply(target)

    # ------------------------------------------------------------------- methods

    def _true(self, params: dict[str, Any]) -> bool:
        return True

    def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return copy.deepcopy(self.bot_user)

    async def _get_updates(self, params: dict[str, Any], request: web.Request) -> list[Any]:
        if self._webhook_url:
            raise ApiError(409, WEBHOOK_CONFLICT_DESCRIPTION)
        try:
            offset = int(params.get("offset", 0) or 0)
            limit = min(100, max(1, int(params.get("limit", 100) or 100)))
            timeout = max(0.0, float(params.get("timeout", 0) or 0))
        except (TypeError, ValueError):
            raise ApiError(400, "Bad Request: wrong parameter in request") from None
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = (
                frozenset(allowed) & ALL_UPDATE_TYPES if allowed else DEFAULT_ALLOWED_UPDATES
            )
        await self._resolve_conflict()
        poll = _Poll(request=request)
        self._poll = poll
        try:
            deadline = time.monotonic() + timeout
            while True:
                if poll.terminated:
                    raise ApiError(409, CONFLICT_DESCRIPTION)
                updates = self._take_updates(offset, limit)
                remaining = deadline - time.monotonic()
                if updates or remaining <= 0 or self._closing:
                    if updates:
                        self._delivered_up_to = max(self._delivered_up_to, updates[-1]["update_id"])
                    return updates
                event = self._changed
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)
        finally:
            if self._poll is poll:
                self._poll = None

    async def _resolve_conflict(self) -> None:
        for _ in range(5):
            pending = self._poll
            if pending is None:
                return
            transport = pending.request.transport
            if transport is None or transport.is_closing():
                # the client gave up on it (e.g. PTB cancelled its polling task)
                pending.terminated = True
                self._poll = None
                self._wake_pollers()
                return
            await asyncio.sleep(0.01)  # let a just-closed connection be noticed
        if self.conflict_policy == "reject_new":
            raise ApiError(409, CONFLICT_DESCRIPTION)
        pending = self._poll
        if pending is not None:
            pending.terminated = True
            self._poll = None
            self._wake_pollers()

    def _take_updates(self, offset: int, limit: int) -> list[dict[str, Any]]:
        if offset > 0:
            self._queue = [u for u in self._queue if u["update_id"] >= offset]
        elif offset < 0:
            self._queue = self._queue[offset:]
        kept = []
        for update in self._queue:
            kind = next((k for k in update if k != "update_id"), None)
            if kind in self._allowed_updates or kind not in ALL_UPDATE_TYPES:
                kept.append(update)
        self._queue = kept
        return copy.deepcopy(self._queue[:limit])

    def _wake_pollers(self) -> None:
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = params.get("url", "")
        if url and not re.match(r"^https?://\S+$", url):
            raise ApiError(400, "Bad Request: bad webhook: Failed to resolve host")
        if url.startswith("http://") and not re.match(
            r"^http://(127\.0\.0\.1|localhost|\[::1\])[:/]", url
        ):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided")
        if params.get("drop_pending_updates"):
            self._queue.clear()
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = (
                frozenset(allowed) & ALL_UPDATE_TYPES if allowed else DEFAULT_ALLOWED_UPDATES
            )
        self._webhook_url = url
        self._webhook_secret = params.get("secret_token")
        if url:
            if self._poll is not None:
                self._poll.terminated = True
                self._wake_pollers()
            self._ensure_webhook_task()
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self._webhook_url = ""
        self._webhook_secret = None
        if params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }
        if self._webhook_url:
            info["max_connections"] = 40
            info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    def _ensure_webhook_task(self) -> None:
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.get_running_loop().create_task(self._webhook_loop())

    async def _webhook_loop(self) -> None:
        if self._webhook_session is None:
            self._webhook_session = ClientSession(timeout=ClientTimeout(total=10))
        backoff = 0.05
        while self._webhook_url and not self._closing:
            updates = self._take_updates(self._delivered_up_to + 1, 1)
            if not updates:
                event = self._changed
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), 1.0)
                continue
            update = updates[0]
            headers = {}
            if self._webhook_secret:
                headers["X-Telegram-Bot-Api-Secret-Token"] = self._webhook_secret
            try:
                async with self._webhook_session.post(
                    self._webhook_url, json=update, headers=headers
                ) as response:
                    status = response.status
            except Exception:  # connection refused etc.: Telegram retries later
                status = 0
            self.webhook_deliveries.append((update["update_id"], status))
            if 200 <= status < 300:
                self._delivered_up_to = update["update_id"]
                self._queue = [u for u in self._queue if u["update_id"] > update["update_id"]]
                backoff = 0.05
            else:
                await asyncio.sleep(backoff)
                backoff = min(1.0, backoff * 2)

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params.get("chat_id"))
        text, entities = self._parse_text(
            params.get("text"), params.get("parse_mode"), params.get("entities")
        )
        markup = self._validate_reply_markup(params.get("reply_markup"))
        if markup is not None and "keyboard" in markup and chat.type == "channel":
            raise ApiError(400, "Bad Request: reply keyboards are not supported in channels")
        reply_to = self._reply_target(params, chat)
        msg: dict[str, Any] = {
            "message_id": self._allocate_message_id(chat.id),
            "from": copy.deepcopy(self._public_bot_user()),
            "chat": chat.to_json(),
            "date": int(time.time()),
        }
        if chat.type == "channel":
            del msg["from"]
            msg["sender_chat"] = chat.to_json()
        if reply_to is not None:
            msg["reply_to_message"] = reply_to
        msg["text"] = text
        if entities:
            msg["entities"] = entities
        lpo = params.get("link_preview_options")
        if isinstance(lpo, dict) and lpo.get("is_disabled"):
            msg["link_preview_options"] = {"is_disabled": True}
        if markup is not None and "inline_keyboard" in markup:
            msg["reply_markup"] = markup
        return self._store(msg)

    def _public_bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_user["first_name"],
            "username": self.bot_user["username"],
        }

    def _editable_message(self, params: dict[str, Any]) -> dict[str, Any] | None:
        """The stored message an edit targets, or None for an inline message."""
        if params.get("inline_message_id"):
            return None
        chat = self._resolve_chat(params.get("chat_id"))
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise ApiError(400, "Bad Request: message identifier is not specified")
        msg = self._messages.get((chat.id, message_id))
        if msg is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if msg.get("from", {}).get("id") != self.bot_id and chat.type != "channel":
            raise ApiError(400, "Bad Request: message can't be edited")
        return msg

    def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        msg = self._editable_message(params)
        text, entities = self._parse_text(
            params.get("text"), params.get("parse_mode"), params.get("entities")
        )
        markup = self._validate_reply_markup(params.get("reply_markup"), inline_only=True)
        if msg is None:
            return True
        if "text" not in msg:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        if (
            msg["text"] == text
            and msg.get("entities", []) == entities
            and msg.get("reply_markup") == markup
        ):
            raise ApiError(400, NOT_MODIFIED_DESCRIPTION)
        msg["text"] = text
        if entities:
            msg["entities"] = entities
        else:
            msg.pop("entities", None)
        if markup is not None:
            msg["reply_markup"] = markup
        else:
            msg.pop("reply_markup", None)  # Telegram drops the keyboard when none is sent
        msg["edit_date"] = int(time.time())
        return copy.deepcopy(msg)

    def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        msg = self._editable_message(params)
        markup = self._validate_reply_markup(params.get("reply_markup"), inline_only=True)
        if msg is None:
            return True
        if msg.get("reply_markup") == markup:
            raise ApiError(400, NOT_MODIFIED_DESCRIPTION)
        if markup is not None:
            msg["reply_markup"] = markup
        else:
            msg.pop("reply_markup", None)
        msg["edit_date"] = int(time.time())
        return copy.deepcopy(msg)

    def _delete_message(self, params: dict[str, Any]) -> bool:
        chat = self._resolve_chat(params.get("chat_id"))
        key = (chat.id, params.get("message_id"))
        msg = self._messages.get(key)  # type: ignore[arg-type]
        if msg is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        own = msg.get("from", {}).get("id") == self.bot_id
        if not own and chat.type in ("group", "supergroup") and not self._bot_is_admin(chat.id):
            raise ApiError(400, "Bad Request: message can't be deleted")
        del self._messages[key]  # type: ignore[arg-type]
        return True

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = params.get("callback_query_id")
        if self._callback_queries.get(query_id) is not False:  # type: ignore[arg-type]
            raise ApiError(400, QUERY_TOO_OLD)
        text = params.get("text")
        if isinstance(text, str) and len(text) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        url = params.get("url")
        if url is not None and not str(url).startswith(("t.me/", "https://t.me/", "tg://")):
            raise ApiError(400, "Bad Request: URL_INVALID")
        self._callback_queries[str(query_id)] = True
        return True

    def _answer_inline_query(self, params: dict[str, Any]) -> bool:
        query_id = params.get("inline_query_id")
        if self._inline_queries.get(query_id) is not False:  # type: ignore[arg-type]
            raise ApiError(400, QUERY_TOO_OLD)
        results = params.get("results")
        if not isinstance(results, list):
            raise ApiError(400, "Bad Request: can't parse inline query results JSON object")
        if len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            self._validate_inline_result(result, seen)
        next_offset = params.get("next_offset")
        if next_offset is not None and len(str(next_offset).encode()) > 64:
            raise ApiError(400, "Bad Request: NEXT_OFFSET_INVALID")
        button = params.get("button")
        if button is not None:
            if not isinstance(button, dict) or not str(button.get("text", "")).strip():
                raise ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
            kinds = [k for k in ("web_app", "start_parameter") if k in button]
            if len(kinds) != 1:
                raise ApiError(400, "Bad Request: BUTTON_TYPE_INVALID")
            if kinds == ["start_parameter"] and not _START_PARAM_RE.match(
                str(button["start_parameter"])
            ):
                raise ApiError(400, "Bad Request: START_PARAM_INVALID")
        self._inline_queries[str(query_id)] = True
        return True

    def _validate_inline_result(self, result: Any, seen: set[str]) -> None:
        if not isinstance(result, dict) or result.get("type") not in INLINE_RESULT_TYPES:
            raise ApiError(400, "Bad Request: RESULT_TYPE_INVALID")
        result_id = result.get("id")
        if not isinstance(result_id, str) or not 1 <= len(result_id.encode()) <= 64:
            raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
        if result_id in seen:
            raise ApiError(400, "Bad Request: RESULT_ID_DUPLICATE")
        seen.add(result_id)
        content = result.get("input_message_content")
        if result["type"] == "article":
            if not str(result.get("title", "")).strip():
                raise ApiError(400, "Bad Request: RESULT_TITLE_EMPTY")
            if not isinstance(content, dict):
                raise ApiError(400, "Bad Request: MESSAGE_EMPTY")
        if isinstance(content, dict) and "message_text" in content:
            self._parse_text(
                content.get("message_text"), content.get("parse_mode"), content.get("entities")
            )
        elif content is not None and not isinstance(content, dict):
            raise ApiError(400, "Bad Request: can't parse input message content")
        self._validate_reply_markup(result.get("reply_markup"), inline_only=True)

    def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._resolve_chat(params.get("chat_id"))
        if params.get("action") not in CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    @staticmethod
    def _scope_key(scope: Any) -> str:
        if scope is None:
            scope = {"type": "default"}
        if not isinstance(scope, dict) or scope.get("type") not in COMMAND_SCOPE_TYPES:
            raise ApiError(400, "Bad Request: can't parse BotCommandScope JSON object")
        if scope["type"] in ("chat", "chat_administrators", "chat_member") and (
            "chat_id" not in scope
        ):
            raise ApiError(400, "Bad Request: chat_id is empty")
        return json.dumps(scope, sort_keys=True)

    @staticmethod
    def _language(params: dict[str, Any]) -> str:
        language = params.get("language_code") or ""
        if not _LANG_RE.match(language):
            raise ApiError(400, "Bad Request: invalid language code specified")
        return language

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_RE.match(
                str(command.get("command", ""))
            ):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            description = str(command.get("description", ""))
            if not 1 <= len(description) <= 256 or not description.strip():
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        key = (self._scope_key(params.get("scope")), self._language(params))
        if commands:
            self._commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self._commands.pop(key, None)
        return True

    def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        key = (self._scope_key(params.get("scope")), self._language(params))
        return copy.deepcopy(self._commands.get(key, []))

    def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        key = (self._scope_key(params.get("scope")), self._language(params))
        self._commands.pop(key, None)
        return True

    def _set_my_description(self, params: dict[str, Any]) -> bool:
        description = str(params.get("description") or "")
        if len(description) > 512:
            raise ApiError(400, "Bad Request: description is too long")
        self._store_text(self.descriptions, self._language(params), description)
        return True

    def _get_my_description(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"description": self.descriptions.get(self._language(params), "")}

    def _set_my_short_description(self, params: dict[str, Any]) -> bool:
        description = str(params.get("short_description") or "")
        if len(description) > 120:
            raise ApiError(400, "Bad Request: short description is too long")
        self._store_text(self.short_descriptions, self._language(params), description)
        return True

    def _get_my_short_description(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"short_description": self.short_descriptions.get(self._language(params), "")}

    @staticmethod
    def _store_text(store: dict[str, str], language: str, text: str) -> None:
        if text:
            store[language] = text
        else:
            store.pop(language, None)

    def _get_chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params.get("chat_id"))
        user_id = params.get("user_id")
        if not isinstance(user_id, int):
            raise ApiError(400, "Bad Request: invalid user_id specified")
        if user_id == self.bot_id:
            user = self._public_bot_user()
        elif user_id in self._users:
            user = self._users[user_id]
        else:
            raise ApiError(400, "Bad Request: user not found")
        default = "member"
        if chat.type == "private" and user_id not in (chat.id, self.bot_id):
            raise ApiError(400, "Bad Request: user not found")
        status = self._members.get((chat.id, user_id), default)
        return self._member_json(user, status)

    def _get_chat_administrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat = self._resolve_chat(params.get("chat_id"))
        if chat.type == "private":
            raise ApiError(400, "Bad Request: there are no administrators in the private chat")
        admins = []
        for (chat_id, user_id), status in sorted(self._members.items()):
            if chat_id == chat.id and status in ("creator", "administrator"):
                user = (
                    self._public_bot_user()
                    if user_id == self.bot_id
                    else self._users.get(
                        user_id, {"id": user_id, "is_bot": False, "first_name": "User"}
                    )
                )
                admins.append(self._member_json(user, status))
        return admins

    def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params.get("chat_id"))
        return {
            **chat.to_json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _leave_chat(self, params: dict[str, Any]) -> bool:
        chat = self._resolve_chat(params.get("chat_id"))
        if chat.type == "private":
            raise ApiError(400, "Bad Request: chat member status can't be changed in private chats")
        self._members[(chat.id, self.bot_id)] = "left"
        return True

    def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params.get("file_id") or "")
        if not file_id:
            raise ApiError(400, "Bad Request: file_id is empty")
        return {
            "file_id": file_id,
            "file_unique_id": f"U{abs(hash(file_id)) % 10**8}",
            "file_size": 17,
            "file_path": f"files/{abs(hash(file_id)) % 10**8}.bin",
        }
