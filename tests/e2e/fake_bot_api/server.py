"""The aiohttp server: routing, request decoding, recording of every call, and
:class:`FakeBotApi`, which composes the parts of the fake."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .actions import UserActions
from .chat_methods import ChatMethods
from .constants import DEFAULT_TOKEN, words
from .flood import FloodControl
from .inspection import Inspection
from .methods import MessageMethods
from .profile import ProfileMethods
from .records import ApiError, Call

# The package's logger, the name it had when the fake was one module.
log = logging.getLogger(__package__)

# Parameters whose values are always plain strings, even when they look like JSON.
_STRING_PARAMS = words(
    "text caption query data parse_mode description short_description name title "
    "message_text callback_query_id inline_query_id inline_message_id next_offset url "
    "action language_code emoji switch_pm_parameter start_parameter secret_token "
    "ip_address file_id business_connection_id message_effect_id question custom_title"
)

_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")


def decode_param(key: str, value: Any) -> Any:
    """A request parameter as PTB meant it: nested values arrive JSON-encoded in form fields."""
    if not isinstance(value, str) or key in _STRING_PARAMS:
        return value
    try:
        decoded = json.loads(value)
    except ValueError:
        return value
    if isinstance(decoded, str):  # '"..."' stays as sent: PTB never JSON-quotes strings
        return value
    return decoded


class FakeBotApi(
    UserActions, Inspection, FloodControl, MessageMethods, ChatMethods, ProfileMethods
):
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
        super().__init__(
            token=token,
            host=host,
            port=port,
            first_name=first_name,
            username=username,
            privacy_mode=privacy_mode,
            conflict_policy=conflict_policy,
            strict_chats=strict_chats,
        )

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

    def _true(self, params: dict[str, Any]) -> bool:
        # setChatMenuButton, close and logOut change nothing the tests look at
        return True

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
        return {key: decode_param(key, value) for key, value in raw.items()}

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
