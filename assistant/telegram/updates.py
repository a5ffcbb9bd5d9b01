"""Fair update processing: one chat's flood cannot take the handlers away from other chats.

PTB's default processor lets up to N updates run at once, first come first served: a user who
sends 600 messages fills every slot, and another user's question waits behind all of them.
`FairUpdateProcessor` handles each chat's updates one at a time, in order, and only then
competes for the `active` slots, so waiting updates of one chat hold no slot at all.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

ACTIVE = 64  # updates being handled at once (one per chat at most)
QUEUED = 100_000  # updates accepted for handling at once (PTB's semaphore; a memory bound)


def chat_key(update: object) -> int | None:
    """The chat (or, for inline queries, the user) whose updates are handled in turn."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None


class FairUpdateProcessor(BaseUpdateProcessor):
    """`running`: set to the application's `running`; once it turns false (SIGTERM), updates
    still waiting for their chat's turn are dropped, so stopping never waits for a flood."""

    def __init__(self, active: int = ACTIVE) -> None:
        super().__init__(QUEUED)
        self._active = asyncio.BoundedSemaphore(active)
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}  # lock, updates holding it
        self.running: Callable[[], bool] = lambda: True
        self.dropped = 0

    async def _handle(self, coroutine: Awaitable[Any]) -> None:
        async with self._active:
            if self.running():
                await coroutine
                return
        self.dropped += 1
        if isinstance(coroutine, Coroutine):
            coroutine.close()  # never started: nothing to clean up, no "never awaited" warning

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            await self._handle(coroutine)
            return
        lock, users = self._chats.get(key) or (asyncio.Lock(), 0)
        self._chats[key] = (lock, users + 1)
        try:
            async with lock:
                await self._handle(coroutine)
        finally:
            lock, users = self._chats[key]
            if users == 1:
                del self._chats[key]  # nothing waits: forget the chat (memory stays bounded)
            else:
                self._chats[key] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""
