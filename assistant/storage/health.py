"""Whether the database takes writes: one log line when it stops, one when it recovers.

A full disk or another process holding the write lock makes writes fail for a while. Callers
that can wait (the reminder dispatcher) report each failure here and each success; this keeps
the log to two lines per outage, and says when to try again (exponential backoff).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

FIRST_BACKOFF = 1.0  # seconds
# The longest wait between tries: also how late the send-out may resume after the database
# is back (a try costs at most SQLite's busy timeout or PostgreSQL's connect timeout).
MAX_BACKOFF = 30.0


class StorageHealth:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.failing_since: float | None = None
        self.failures = 0  # consecutive, in this outage
        self.resume_at = 0.0
        self.outages = 0  # how many times writing stopped (for tests and the log)

    @property
    def failing(self) -> bool:
        return self.failing_since is not None

    def ready(self) -> bool:
        """False while backing off after a failure: do not try to write yet."""
        return self._clock() >= self.resume_at

    def retry_in(self) -> float:
        """Seconds until the backoff ends (0 when writing may be tried now)."""
        return max(0.0, self.resume_at - self._clock())

    def failed(self, error: Exception) -> None:
        now = self._clock()
        if self.failing_since is None:
            self.failing_since = now
            self.outages += 1
            log.error(
                "cannot write to the database (%s): reminders wait and retry, nothing is lost",
                error,
            )
        self.failures += 1
        self.resume_at = now + min(FIRST_BACKOFF * 2 ** (self.failures - 1), MAX_BACKOFF)

    def succeeded(self) -> None:
        if self.failing_since is not None:
            log.warning(
                "the database takes writes again after %.0f s; reminders resume",
                self._clock() - self.failing_since,
            )
        self.failing_since = None
        self.failures = 0
        self.resume_at = 0.0
