"""Delivery of updates to the bot: the queue, privacy-mode filtering, getUpdates long polling
with its conflicts, and webhook delivery."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import re
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

from .chats import ChatRegistry
from .constants import (
    ALL_UPDATE_TYPES,
    CONFLICT_DESCRIPTION,
    DEFAULT_ALLOWED_UPDATES,
    WEBHOOK_CONFLICT_DESCRIPTION,
)
from .records import ApiError


@dataclass
class PendingPoll:
    """A getUpdates request waiting for updates; ``terminated`` makes it answer 409 Conflict."""

    request: web.Request
    terminated: bool = False


class UpdateQueue(ChatRegistry):
    """Queued updates and how they reach the bot (getUpdates or its webhook)."""

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

    @property
    def pending_updates(self) -> int:
        """Updates queued and not yet handed to the bot."""
        return sum(1 for u in self._queue if u["update_id"] > self._delivered_up_to)

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
        poll = PendingPoll(request=request)
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

    def balance(self, backends: list[str]) -> None:
        """Deliver webhook updates to `backends` in turn (round robin), as a load balancer in
        front of several bot processes would; a backend that does not answer 2xx gets the
        update again later, like any failed delivery, at the next backend in turn."""
        self.webhook_backends = list(backends)

    def _webhook_target(self) -> str:
        if not self.webhook_backends:
            return self._webhook_url
        target = self.webhook_backends[self._backend_turn % len(self.webhook_backends)]
        self._backend_turn += 1
        return target

    def _ensure_webhook_task(self) -> None:
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.get_running_loop().create_task(self._webhook_loop())

    async def _webhook_loop(self) -> None:
        if self._webhook_session is None:
            self._webhook_session = ClientSession(timeout=ClientTimeout(total=self.webhook_timeout))
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
            target = self._webhook_target()
            try:
                async with self._webhook_session.post(
                    target, json=update, headers=headers
                ) as response:
                    status = response.status
            except Exception:  # connection refused etc.: Telegram retries later
                status = 0
            self.webhook_deliveries.append((update["update_id"], status))
            if self.webhook_backends:
                self.backend_deliveries.append((update["update_id"], target, status))
            if 200 <= status < 300:
                self._delivered_up_to = update["update_id"]
                self._queue = [u for u in self._queue if u["update_id"] > update["update_id"]]
                backoff = 0.05
            else:
                await asyncio.sleep(backoff)
                backoff = min(1.0, backoff * 2)
