"""Several `python bot.py` processes on one PostgreSQL database behind the fake Bot API, which
plays the load balancer (round robin over their webhook ports) and counts what they send.

Used by the three-process test and by `benchmarks/bench_reminders.py --processes N`.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from assistant import storage
from assistant.reminders import store
from assistant.storage.transactions import transaction
from assistant.storage.utc import utc_iso

from .fake_bot_api import Call, FakeBotApi
from .reminder_harness import is_reminder
from .test_bot_process import bot_process, environment, finish, free_port

SECRET = "fleet-test-secret_0123456789"
WEBHOOK_PATH = "telegram"


def due_now(database_url: str, chats: range) -> None:
    """A hydration reminder due this very second (real clock) for each of `chats`."""
    db = storage.open_database(url=database_url)
    now = datetime.now(UTC).replace(microsecond=0)
    try:
        with transaction(db):
            for chat in chats:
                store.set_reminders(db, chat, "hydration", [time(9, 0)], now)
            db.execute(
                "UPDATE reminders SET next_slot_utc = ?", (utc_iso(now - timedelta(seconds=5)),)
            )
    finally:
        db.close()


def reminder_calls(fake: FakeBotApi) -> list[Call]:
    """Reminders Telegram accepted, in the order they arrived."""
    return [c for c in fake.calls if c.ok and is_reminder(c)]


def per_chat(fake: FakeBotApi) -> Counter[int]:
    return Counter(int(c.params["chat_id"]) for c in reminder_calls(fake))


class DeliveredCount:
    """How many chats have had their reminder, counted as calls come in: cheap to ask often
    (a full scan of 10,000 calls each time would hold the fake server's event loop up, and
    bunch the arrival times it records)."""

    def __init__(self, fake: FakeBotApi) -> None:
        self._fake, self._seen, self._chats = fake, 0, set[int]()

    def __call__(self) -> int:
        calls = self._fake.calls
        for call in calls[self._seen :]:
            if call.ok and is_reminder(call):
                self._chats.add(int(call.params["chat_id"]))
        self._seen = len(calls)
        return len(self._chats)


def busiest_second(times: Sequence[float], window: float = 1.0) -> int:
    """The most messages in any `window` seconds (one second: what Telegram counts against)."""
    ordered, busiest, start = sorted(times), 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= window:
            start += 1
        busiest = max(busiest, end - start + 1)
    return busiest


@dataclass
class Fleet:
    """The processes (`processes[i]` listens on `ports[i]`) and where each one's data lives."""

    fake: FakeBotApi
    database_url: str
    root: Path
    limit: float
    ports: list[int] = field(default_factory=list)
    processes: list[asyncio.subprocess.Process] = field(default_factory=list)

    def environment(self, index: int) -> dict[str, str]:
        port = self.ports[index]
        return environment(
            self.fake,
            self.root / f"process-{index}",
            DATABASE_URL=self.database_url,
            # One public URL for all (the fake's load balancer picks the process).
            WEBHOOK_URL=f"http://127.0.0.1:{self.ports[-1] + 1}/{WEBHOOK_PATH}",
            WEBHOOK_LISTEN="127.0.0.1",
            WEBHOOK_PORT=str(port),
            WEBHOOK_SECRET=SECRET,
            TELEGRAM_RATE_LIMIT=f"{self.limit:g}",
            LOG_LEVEL="INFO",
        )


@contextlib.asynccontextmanager
async def running_fleet(
    fake: FakeBotApi, database_url: str, root: Path, count: int, limit: float
) -> AsyncIterator[Fleet]:
    """`count` bot processes in webhook mode on `database_url`; killed if still running at the
    end (stop them with `stop_all` to see their exit codes)."""
    fleet = Fleet(fake, database_url, root, limit, [free_port() for _ in range(count)])
    fake.balance([f"http://127.0.0.1:{port}/{WEBHOOK_PATH}" for port in fleet.ports])
    fake.webhook_timeout = 60.0  # as Telegram: an answer may wait for the send budget
    async with contextlib.AsyncExitStack() as stack:
        for index in range(count):
            process = await stack.enter_async_context(bot_process(fleet.environment(index)))
            fleet.processes.append(process)
        yield fleet


async def stop_all(fleet: Fleet) -> list[tuple[int, str]]:
    """SIGTERM every process still running; (exit code, output) of each of them."""
    running = [p for p in fleet.processes if p.returncode is None]
    for process in running:
        process.send_signal(signal.SIGTERM)
    return [await finish(process) for process in running]
