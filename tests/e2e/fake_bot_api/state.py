"""The state every part of :class:`FakeBotApi` shares, set up in one place.

The parts are mixins over this base: each reads and writes these attributes, so declaring them
once here lets every mixin (and the type checker) see the same fields.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aiohttp import ClientSession, web

from .constants import DEFAULT_ALLOWED_UPDATES
from .records import Call, FakeChat

if TYPE_CHECKING:  # these modules build on this one; only their record types are needed here
    from .flood import InjectedFailure, TokenBucket
    from .polling import PendingPoll


class FakeBotApiState:
    """The attributes of :class:`FakeBotApi` and the helpers every part needs."""

    def __init__(
        self,
        *,
        token: str,
        host: str,
        port: int,
        first_name: str,
        username: str,
        privacy_mode: bool,
        conflict_policy: str,
        strict_chats: bool,
    ) -> None:
        """Takes FakeBotApi's arguments (see there; the defaults live there too)."""
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
        # A load balancer in front of several bot processes (balance()): deliveries to the
        # webhook URL go to these in turn; (update_id, backend, HTTP status) of each.
        self.webhook_backends: list[str] = []
        self.backend_deliveries: list[tuple[int, str, int]] = []
        self.webhook_timeout = 10.0  # seconds Telegram waits for the webhook's answer

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
        self._poll: PendingPoll | None = None
        self._ids = itertools.count(1)

        self._webhook_url = ""
        self._backend_turn = 0
        self._webhook_secret: str | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._webhook_session: ClientSession | None = None

        self._failures: list[InjectedFailure] = []
        self._latency: dict[str, float] = {}
        self._bucket: TokenBucket | None = None
        self._per_chat_rate: float | None = None
        self._chat_buckets: dict[int, TokenBucket] = {}

        self._inflight = 0
        self._last_activity = time.monotonic()
        self._changed = asyncio.Event()  # set (and replaced) whenever an update is queued
        self._recorded = asyncio.Event()  # set (and replaced) whenever a call is recorded
        self._closing = False
        self._runner: web.AppRunner | None = None

        self._methods: dict[str, tuple[str, Callable[..., Any]]] = {}

    @property
    def username(self) -> str:
        return str(self.bot_user["username"])

    def _public_bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_user["first_name"],
            "username": self.bot_user["username"],
        }

    def _canonical(self, method: str) -> str:
        entry = self._methods.get(method.lower())
        return entry[0] if entry else method
