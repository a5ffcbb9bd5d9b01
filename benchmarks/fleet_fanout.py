"""The reminder fan-out by several `python bot.py` processes on one PostgreSQL database
(`bench_reminders.py --database-url URL --processes N`).

Real processes in webhook mode, as in production, sharing a fresh schema of the given database;
the fake Bot API server runs in this process with Telegram-like flood control at the limit and
counts every accepted reminder. With `--kill-at F` one process gets SIGKILL once a fraction F
of the chats has its reminder (its claims are taken over when their leases expire).

Reported beside the single-process SQLite run of the same invocation: delivered, lost,
duplicates, 429s, and the fleet's rate as a fraction of the limit ("steady": after the
initial burst both token buckets allow, until the last send before any lease takeover wait).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg

from assistant.telegram.rate_limit import HEADROOM
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.fleet_harness import (
    DeliveredCount,
    busiest_second,
    due_now,
    per_chat,
    reminder_calls,
    running_fleet,
    stop_all,
)

FIRST_CHAT = 7_000_000


@contextlib.contextmanager
def fresh_schema(database_url: str) -> Iterator[str]:
    """A schema of its own in the database (the URL's search_path points there), dropped after."""
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    joiner = "&" if "?" in database_url else "?"
    url = f"{database_url}{joiner}options={quote(f'-csearch_path={schema}', safe='')}"
    with psycopg.connect(database_url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield url
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def _stats(fake: FakeBotApi, count: int, limit: float, burst: int) -> dict[str, Any]:
    calls = reminder_calls(fake)
    times = sorted(c.time for c in calls)
    sent = per_chat(fake)
    sends = [c for c in fake.calls if c.method == "sendMessage"]
    steady = times[burst:]
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    steady_rate = (len(steady) - 1) / (steady[-1] - steady[0]) if len(steady) > 1 else 0.0
    return {
        "delivered": len(set(sent) & set(range(FIRST_CHAT, FIRST_CHAT + count))),
        "duplicates": sum(n - 1 for n in sent.values()),
        "status_429": sum(c.status == 429 for c in sends),
        "rate": len(times) / span if span else 0.0,
        "steady_rate": steady_rate,
        "busiest_second": busiest_second(times),
        "limit": limit,
    }


async def _run(
    database_url: str, processes: int, count: int, limit: float, burst: int, kill_at: float
) -> dict[str, Any]:
    async with FakeBotApi(strict_chats=False) as fake:
        fake.rate_limit(limit, burst=burst)
        with tempfile.TemporaryDirectory(prefix="bench-fleet-") as tmp:
            async with running_fleet(fake, database_url, Path(tmp), processes, limit) as fleet:
                deadline = time.monotonic() + max(120.0, 3 * count / limit)
                killed = not kill_at
                delivered = DeliveredCount(fake)
                while delivered() < count and time.monotonic() < deadline:
                    if not killed and delivered() >= kill_at * count:
                        fleet.processes[-1].send_signal(signal.SIGKILL)
                        killed = True
                    await asyncio.sleep(0.1)
                await fake.wait_idle(quiet=1.0, timeout=30)
                await stop_all(fleet)
        return _stats(fake, count, limit, burst)


def run_fleet(
    database_url: str, processes: int, count: int, limit: float, burst: int, kill_at: float = 0.0
) -> dict[str, Any]:
    """`count` reminders due at once, sent by `processes` processes sharing `database_url`."""
    with fresh_schema(database_url) as url:
        due_now(url, range(FIRST_CHAT, FIRST_CHAT + count))
        return asyncio.run(_run(url, processes, count, limit, burst, kill_at))


def report(single: dict[str, Any], fleet: dict[str, Any], processes: int, count: int) -> bool:
    """Print the two runs side by side; True if both delivered everything, none twice
    (beyond a kill's in-flight sends, which the caller bounds)."""
    rows = [
        ("delivered / expected", lambda f: f"{f['delivered']:,} / {count:,}"),
        ("lost", lambda f: f"{count - f['delivered']}"),
        ("duplicates", lambda f: f"{f['duplicates']}"),
        ("429s from the server", lambda f: f"{f['status_429']}"),
        ("rate overall", lambda f: f"{f['rate']:.1f}/s = {f['rate'] / f['limit']:.3f}"),
        (
            "rate steady (no burst)",
            lambda f: f"{f['steady_rate']:.1f}/s = {f['steady_rate'] / f['limit']:.3f}",
        ),
        ("busiest 1-second window", lambda f: f"{f['busiest_second']}"),
    ]
    head = ("", "1 process, SQLite", f"{processes} processes, PostgreSQL")
    width = max(len(name) for name, _ in rows)
    print(f"\nsame run, {count:,} reminders, limit {single['limit']:g}/s (bots at {HEADROOM:.0%})")
    print(f"  {head[0]:<{width}}  {head[1]:<22}  {head[2]}")
    for name, show in rows:
        print(f"  {name:<{width}}  {show(single):<22}  {show(fleet)}")
    return all(f["delivered"] == count for f in (single, fleet))
