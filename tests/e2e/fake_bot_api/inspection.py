"""What tests look at: the recorded calls, waiting for calls and for quiet."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import time
from collections.abc import Callable
from typing import Any

from .polling import UpdateQueue
from .profile import scope_key
from .records import Call


class Inspection(UpdateQueue):
    """Queries over fake.calls and the waits tests synchronise on."""

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

    def commands(
        self, scope: dict[str, Any] | str | None = None, language_code: str = ""
    ) -> list[dict[str, Any]] | None:
        """The command list set for the scope (a BotCommandScope dict or its type) and language,
        or None if none was set."""
        if isinstance(scope, str):
            scope = {"type": scope}
        key = (scope_key(scope), language_code)
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

    @property
    def requests_in_flight(self) -> int:
        """Requests the bot made that the server has not answered yet (getUpdates aside)."""
        return self._inflight

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
