"""Injected trouble: failures on demand (fail_next), token-bucket flood control
(rate_limit) and slow answers (set_latency)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

from .constants import CONFLICT_DESCRIPTION, words
from .records import ApiError
from .state import FakeBotApiState

# Methods the optional rate limiter (rate_limit()) counts.
RATE_LIMITED_METHODS = words(
    "sendmessage editmessagetext editmessagereplymarkup sendphoto senddocument "
    "sendsticker copymessage forwardmessage"
)


@dataclass
class InjectedFailure:
    """A failure fail_next() queued: the next ``remaining`` matching calls answer it."""

    method: str | None  # lower-case method name, None = any method but getUpdates
    status: int
    description: str
    retry_after: int | None
    remaining: int


@dataclass
class TokenBucket:
    """Telegram-like flood control: ``per_second`` tokens refill a bucket of ``capacity``."""

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


class FloodControl(FakeBotApiState):
    """Failures, rate limits and latency the tests switch on; checked before every call."""

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
            InjectedFailure(
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
            self._bucket = TokenBucket(per_second, capacity, capacity)
        self._per_chat_rate = per_chat_per_second
        self._chat_buckets.clear()

    def _check_injected(self, method: str, params: dict[str, Any]) -> None:
        for failure in self._failures:
            if failure.remaining <= 0:
                continue
            if failure.method == method or (failure.method is None and method != "getupdates"):
                failure.remaining -= 1
                params_out = {"retry_after": failure.retry_after} if failure.retry_after else None
                raise ApiError(failure.status, failure.description, params_out)
        self._failures = [f for f in self._failures if f.remaining > 0]
        if method in RATE_LIMITED_METHODS:
            if self._bucket is not None and (wait := self._bucket.take()):
                raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})
            chat_id = params.get("chat_id")
            if self._per_chat_rate and isinstance(chat_id, int):
                bucket = self._chat_buckets.setdefault(
                    chat_id, TokenBucket(self._per_chat_rate, 1.0, 1.0)
                )
                if wait := bucket.take():
                    raise ApiError(
                        429, f"Too Many Requests: retry after {wait}", {"retry_after": wait}
                    )
