"""Reminder fan-out: N subscriptions due in the same minute, through the real bot, against a
rate-limited fake Telegram.

What runs is production code end to end: the subscriptions are written with the store API into a
temporary BOT_DATA_DIR, the Application is `build_application()` with a `FairRateLimiter` set to
the limit, and sending is `reminder_jobs.dispatch_now()` (what the
job queue's tick calls), repeated until nothing is pending. The fake Bot API server runs in a
child process with its flood control set to the same limit (token bucket, 429 + retry_after
beyond it), so its CPU and memory are not counted against the bot.

Reported: delivered / expected (must be 1.0), duplicates (must be 0), 429s received, the
achieved rate as a fraction of the limit (goal >= 0.9; "overall" includes the initial burst
both buckets allow, "steady" leaves it out), wall time, and the dispatcher's memory: the
process RSS, and with --trace-seconds the tracemalloc peak of what the dispatch allocated.

Run: ``.venv/bin/python benchmarks/bench_reminders.py [--count 10000] [--limit 300]``
(about 35 s at the defaults; Telegram's real limit is about 30 per second). With
``--database-url postgresql://... --processes 3`` the same fan-out then goes out again from
three `python bot.py` processes on that database (fleet_fanout.py), and both are reported side
by side.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import multiprocessing
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


from assistant import Assistant, storage  # noqa: E402
from assistant.reminders import deliveries, dispatch, store  # noqa: E402
from assistant.storage.transactions import transaction  # noqa: E402
from assistant.telegram import reminder_jobs  # noqa: E402
from assistant.telegram.app import RATE_LIMIT_RETRIES, build_application  # noqa: E402
from assistant.telegram.config import Config  # noqa: E402
from assistant.telegram.rate_limit import OVERALL_BURST, FairRateLimiter, Limits  # noqa: E402
from tests.e2e.fake_bot_api import FakeBotApi  # noqa: E402

FIRST_CHAT = 7_000_000
SLOT = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # the minute every subscription is due
GOAL = 0.9
LIMITER_MARGIN = 0.97  # the limiter runs this fraction of the server's limit


# ------------------------------------------------------------------ the fake server (child)


def _serve(conn: Connection, limit: float, burst: int) -> None:
    asyncio.run(_serve_async(conn, limit, burst))


async def _serve_async(conn: Connection, limit: float, burst: int) -> None:
    # strict_chats off: the 10,000 private chats exist without each sending an update first.
    async with FakeBotApi(strict_chats=False) as fake:
        fake.rate_limit(limit, burst=burst)
        conn.send((fake.base_url, fake.token))
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, conn.recv)  # "report", once the bot is done
        conn.send(_server_stats(fake, burst))


def _server_stats(fake: FakeBotApi, burst: int) -> dict[str, Any]:
    sends = [c for c in fake.calls if c.method == "sendMessage"]
    ok = [c for c in sends if c.ok]
    per_chat = Counter(c.params["chat_id"] for c in ok)
    times = sorted(c.time for c in ok)
    steady = times[burst:] if len(times) > burst + 1 else times
    # The busiest one-second window: flood control must hold it at (about) the limit.
    busiest, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        busiest = max(busiest, end - start + 1)
    return {
        "ok": len(ok),
        "chats": len(per_chat),
        "duplicates": sum(n - 1 for n in per_chat.values() if n > 1),
        "chat_ids": sorted(per_chat),
        "status_429": sum(c.status == 429 for c in sends),
        "other_errors": sum(not c.ok and c.status != 429 for c in sends),
        "span": (times[-1] - times[0]) if len(times) > 1 else 0.0,
        "steady_rate": (len(steady) - 1) / (steady[-1] - steady[0]) if len(steady) > 1 else 0.0,
        "busiest_second": busiest,
    }


# ------------------------------------------------------------------ the bot (this process)


@dataclass
class BotFigures:
    sent: int
    passes: int
    retried: int
    blocked: int
    failed: int
    skipped: int
    wall: float
    cpu: float
    tracemalloc_peak: int | None
    rss_before: int
    rss_after: int
    rss_peak: int


def _rss() -> int:
    """Current resident set size in bytes (Linux), 0 if unknown."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def subscribe(data_dir: Path, count: int) -> None:
    """`count` private chats with a hydration reminder at SLOT, written through the store API."""
    db = storage.open_database(data_dir)
    try:
        with transaction(db):  # one transaction: set_reminders joins it
            for chat_id in range(FIRST_CHAT, FIRST_CHAT + count):
                store.set_reminders(
                    db, chat_id, "hydration", [clock_time(9, 0)], SLOT - timedelta(minutes=5)
                )
        due = deliveries.due_slots(db, SLOT, limit=count + 1)
        assert len(due) == count and {d.slot_utc for d in due} == {SLOT}, "not all due at SLOT"
    finally:
        db.close()


async def _watch_memory(figures: BotFigures, trace_seconds: float, stop: asyncio.Event) -> None:
    """Sample RSS while the dispatch runs; stop tracemalloc after `trace_seconds` (0: never)."""
    started = time.perf_counter()
    while not stop.is_set():
        figures.rss_peak = max(figures.rss_peak, _rss())
        elapsed = time.perf_counter() - started
        if trace_seconds and tracemalloc.is_tracing() and elapsed >= trace_seconds:
            figures.tracemalloc_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.1)


async def run_bot(
    base_url: str,
    token: str,
    data_dir: Path,
    limit: float,
    count: int,
    time_limit: float,
    trace_seconds: float | None,
) -> BotFigures:
    assistant = Assistant.load()
    config = Config(token=token, base_url=base_url, data_dir=data_dir)
    # A little under the server's limit, as one would under Telegram's: at exactly the limit,
    # timing jitter draws 429s, and each pauses all sending for a second.
    limiter = FairRateLimiter(
        Limits(overall=(limit * LIMITER_MARGIN, OVERALL_BURST)), max_retries=RATE_LIMIT_RETRIES
    )
    app = build_application(config, assistant=assistant, rate_limiter=limiter)
    services = app.bot_data
    figures = BotFigures(0, 0, 0, 0, 0, 0, 0.0, 0.0, None, 0, 0, 0)
    async with app:
        await app.start()  # the dispatcher sends only while the application runs
        assert app.job_queue is not None
        for job in app.job_queue.get_jobs_by_name(reminder_jobs.JOB_NAME):
            job.schedule_removal()  # this loop is the only dispatcher
        figures.rss_before = _rss()
        stop = asyncio.Event()
        if trace_seconds is not None:
            tracemalloc.start()
        watcher = asyncio.create_task(_watch_memory(figures, trace_seconds or 0.0, stop))
        started, cpu_started = time.perf_counter(), time.process_time()
        # The bot's clock runs from one second past the slot, at real speed.
        services.clock = lambda: SLOT + timedelta(seconds=1 + time.perf_counter() - started)
        try:
            deadline = started + time_limit
            while figures.sent < count and time.perf_counter() < deadline:
                report = await reminder_jobs.dispatch_now(app)
                if report is None:  # a pass is already running (cannot happen here)
                    await asyncio.sleep(0.05)
                    continue
                figures.passes += 1
                figures.sent += report.sent
                figures.retried += report.retried
                figures.blocked += report.blocked
                figures.failed += report.failed
                figures.skipped += report.skipped
                if report.sent == 0:
                    await asyncio.sleep(0.2)  # only retries left, not yet due again
            figures.wall = time.perf_counter() - started
            figures.cpu = time.process_time() - cpu_started
        finally:
            stop.set()
            await watcher
            if tracemalloc.is_tracing():
                figures.tracemalloc_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            figures.rss_after = _rss()
            await app.stop()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
    return figures


# ------------------------------------------------------------------ report


def _mib(n: int | None) -> str:
    return "n/a" if n is None else f"{n / 2**20:.1f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--mode",
        choices=("fanout", "answers", "flood"),
        default="fanout",
        help="fanout: throughput; answers: question latency during a fan-out; flood: one "
        "user's 600 messages against another's latency (reminder_latency.py)",
    )
    parser.add_argument("--retry-after", type=int, default=0, help="answers: 429s asking N s")
    parser.add_argument("--count", type=int, default=None, help="subscriptions due at once")
    parser.add_argument("--limit", type=float, default=300.0, help="messages per second")
    parser.add_argument(
        "--burst", type=int, default=None, help="fake server's bucket size (default: the limit)"
    )
    parser.add_argument("--timeout", type=float, default=None, help="seconds (default: scaled)")
    parser.add_argument(
        "--trace-seconds",
        type=float,
        default=None,
        help="also trace allocations (tracemalloc) for the first N s of the dispatch, 0 = all of "
        "it; off by default, as it slows Python about 3x and so distorts the rate",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="what-if: the dispatcher's concurrency (default: production's, "
        f"{dispatch.DEFAULT_CONCURRENCY})",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="also run the fan-out with --processes bot processes on this PostgreSQL "
        "database (in a fresh schema), beside the single-process SQLite run",
    )
    parser.add_argument("--processes", type=int, default=3, help="with --database-url")
    parser.add_argument(
        "--kill-at",
        type=float,
        default=0.0,
        help="with --database-url: SIGKILL one process once this fraction is delivered",
    )
    args = parser.parse_args(argv)
    if args.mode != "fanout":
        from benchmarks.reminder_latency import run as run_latency

        return run_latency(args.mode, args.count or 2_400, args.retry_after, subscribe)
    args.count = args.count or 10_000
    concurrency = dispatch.DEFAULT_CONCURRENCY
    if args.concurrency:
        # dispatch_now() uses dispatch_due()'s default; change it for this process only.
        concurrency = args.concurrency
        assert dispatch.dispatch_due.__kwdefaults__ is not None
        dispatch.dispatch_due.__kwdefaults__["concurrency"] = concurrency
    trace_seconds = args.trace_seconds
    burst = args.burst or max(1, int(args.limit))
    timeout = args.timeout or max(60.0, 3 * args.count / args.limit)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=_serve, args=(child, args.limit, burst), daemon=True)
    server.start()
    base_url, token = parent.recv()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-reminders-") as tmp:
            data_dir = Path(tmp)
            t0 = time.perf_counter()
            subscribe(data_dir, args.count)
            setup = time.perf_counter() - t0
            bot = asyncio.run(
                run_bot(
                    base_url,
                    token,
                    data_dir,
                    args.limit,
                    args.count,
                    timeout,
                    trace_seconds,
                )
            )
        parent.send("report")
        fake = parent.recv()
    finally:
        server.join(timeout=10)
        if server.is_alive():
            server.terminate()

    expected = set(range(FIRST_CHAT, FIRST_CHAT + args.count))
    delivered = fake["chats"] / args.count
    missing = len(expected - set(fake["chat_ids"]))
    overall = fake["ok"] / bot.wall if bot.wall else 0.0
    rows = [
        ("subscriptions due at once", f"{args.count:,}"),
        (
            "dispatcher concurrency",
            f"{concurrency}{'' if args.concurrency else ' (production default)'}",
        ),
        ("limit (fake server)", f"{args.limit:g}/s, burst {burst}"),
        ("FairRateLimiter", f"{args.limit * LIMITER_MARGIN:g}/s"),
        ("delivered / expected", f"{delivered:.4f}  ({fake['chats']:,}/{args.count:,})"),
        ("duplicates", f"{fake['duplicates']}"),
        ("missing", f"{missing}"),
        ("429s from the server", f"{fake['status_429']}  (other errors: {fake['other_errors']})"),
        (
            "dispatcher retries / blocked / skipped",
            f"{bot.retried} / {bot.blocked} / {bot.skipped}",
        ),
        ("dispatch passes", f"{bot.passes}"),
        ("wall time (dispatch)", f"{bot.wall:.1f} s  (setup {setup:.1f} s)"),
        ("bot CPU time during dispatch", f"{bot.cpu:.1f} s ({bot.cpu / bot.wall:.0%} of one core)"),
        ("achieved rate, overall", f"{overall:.1f}/s = {overall / args.limit:.3f} of the limit"),
        (
            "achieved rate, steady (no burst)",
            f"{fake['steady_rate']:.1f}/s = {fake['steady_rate'] / args.limit:.3f} of the limit",
        ),
        ("busiest 1-second window", f"{fake['busiest_second']} messages"),
        (
            "tracemalloc peak during dispatch"
            + (f" (first {trace_seconds:g} s)" if trace_seconds else ""),
            _mib(bot.tracemalloc_peak),
        ),
        ("RSS before / after dispatch", f"{_mib(bot.rss_before)} / {_mib(bot.rss_after)}"),
        ("RSS peak during dispatch (sampled)", _mib(bot.rss_peak)),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"\nbench_reminders: {args.count:,} reminders due in one minute\n")
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")
    ok = delivered == 1.0 and fake["duplicates"] == 0 and missing == 0
    rate_ok = min(overall, fake["steady_rate"]) / args.limit >= GOAL
    print(
        f"\n  delivery: {'PASS' if ok else 'FAIL'} (all exactly once)   "
        f"rate: {'meets' if rate_ok else 'BELOW'} the goal of {GOAL:.0%} of the limit"
    )
    if args.database_url:
        from benchmarks.fleet_fanout import report, run_fleet

        single = {
            "delivered": fake["chats"] - (len(set(fake["chat_ids"]) - expected)),
            "duplicates": fake["duplicates"],
            "status_429": fake["status_429"],
            "rate": overall,
            "steady_rate": fake["steady_rate"],
            "busiest_second": fake["busiest_second"],
            "limit": args.limit,
        }
        fleet = run_fleet(
            args.database_url, args.processes, args.count, args.limit, burst, args.kill_at
        )
        ok = report(single, fleet, args.processes, args.count) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
