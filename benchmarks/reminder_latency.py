"""Answer latency while reminders go out, and while another user floods (bench_reminders modes).

`--mode answers`: 2,400 reminders due at once go out at Telegram's real limit (the fake server
allows 30 messages a second) while users ask a question every 0.25 s; with `--retry-after 5`
the server also answers one send in every 200 with 429 "retry after 5". `--mode flood`: one
user sends 600 messages at once while another asks a question every 0.5 s.

The bot is the production one: `build_application()` with its default `FairRateLimiter` and
`FairUpdateProcessor`, polling the fake server; reminders go out through
`reminder_jobs.dispatch_now()`. The fake server runs in a child process, which also plays the
users: it pushes each question and times it until the bot's answer reaches the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import multiprocessing
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from assistant import Assistant
from assistant.telegram import reminder_jobs
from assistant.telegram.app import ALLOWED_UPDATES, build_application, post_init
from assistant.telegram.config import Config
from tests.e2e.fake_bot_api import FakeBotApi

SLOT = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
QUESTIONS = ("magnesium foods", "how much potassium in a banana", "I can't sleep", "calcium?")
ASKERS = range(5_000_001, 5_000_061)  # 60 users taking turns: each asks every 15 s
FLOODER = 6_000_001
GOALS = {"answers": 1.5, "answers-429": 7.0, "flood": 2.0}  # p99 seconds (issue 12)


# ------------------------------------------------------------------ the users (child process)


def serve(conn: Connection, mode: str, limit: float, retry_after: int) -> None:
    asyncio.run(_serve(conn, mode, limit, retry_after))


async def _serve(conn: Connection, mode: str, limit: float, retry_after: int) -> None:
    async with FakeBotApi(strict_chats=False) as fake:
        fake.rate_limit(limit, burst=int(limit))
        conn.send((fake.base_url, fake.token))
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, conn.recv)  # "go": the bot polls
        stop = asyncio.Event()
        pushed: dict[int, list[float]] = defaultdict(list)
        tasks = [asyncio.create_task(_ask(fake, mode, pushed, stop))]
        if retry_after:
            tasks.append(asyncio.create_task(_inject_429s(fake, retry_after, stop)))
        await loop.run_in_executor(None, conn.recv)  # "halt": the send-out is over
        stop.set()
        await asyncio.gather(*tasks)
        await loop.run_in_executor(None, conn.recv)  # "report": the last answers are out
        conn.send(_latencies(fake, pushed, mode))


async def _ask(fake: FakeBotApi, mode: str, pushed: dict[int, list[float]], stop: Any) -> None:
    if mode == "flood":
        for i in range(600):
            fake.push_update(fake.private_message(f"magnesium {i}", user_id=FLOODER))
            pushed[FLOODER].append(time.monotonic())
    # Each measured user asks every 5 s (flood) or 15 s (answers): within their own chat's
    # limit of about one message a second, so what is measured is the wait for others.
    interval, users = (0.5, list(ASKERS[:10])) if mode == "flood" else (0.25, list(ASKERS))
    n = 0
    while not stop.is_set():
        user = users[n % len(users)]
        fake.push_update(fake.private_message(QUESTIONS[n % len(QUESTIONS)], user_id=user))
        pushed[user].append(time.monotonic())
        n += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval)


async def _inject_429s(fake: FakeBotApi, retry_after: int, stop: Any) -> None:
    """One send in every 200 (at 29/s: one every ~7 s) is answered "retry after N"."""
    seen = 0
    while not stop.is_set():
        sends = sum(c.method == "sendMessage" for c in fake.calls)
        if sends - seen >= 200:
            seen = sends
            fake.fail_next("sendMessage", status=429, retry_after=retry_after)
        await asyncio.sleep(0.05)


def _latencies(fake: FakeBotApi, pushed: dict[int, list[float]], mode: str) -> dict[str, Any]:
    answers: dict[int, list[float]] = defaultdict(list)
    reminders = 0
    for call in fake.calls:
        if call.method != "sendMessage" or not call.ok:
            continue
        if "r:snooze:" in str(call.params.get("reply_markup", "")):
            reminders += 1
        else:
            answers[int(call.params["chat_id"])].append(call.time)
    measured = [u for u in pushed if u != FLOODER]
    waits = [a - q for u in measured for q, a in zip(pushed[u], answers[u], strict=False)]
    return {
        "waits": waits,
        "asked": sum(len(pushed[u]) for u in measured),
        "answered": sum(min(len(pushed[u]), len(answers[u])) for u in measured),
        "flood_answered": len(answers[FLOODER]),
        "reminders": reminders,
        "status_429": sum(c.status == 429 for c in fake.calls),
    }


# ------------------------------------------------------------------ the bot (this process)


async def run_bot(
    base_url: str, token: str, data_dir: Path, count: int, go: Any, halt: Any
) -> float:
    config = Config(token=token, base_url=base_url, data_dir=data_dir)
    app = build_application(config, assistant=Assistant.load())
    async with app:
        await post_init(app)
        assert app.updater is not None and app.job_queue is not None
        await app.updater.start_polling(
            poll_interval=0, timeout=dtm.timedelta(seconds=1), allowed_updates=ALLOWED_UPDATES
        )
        await app.start()
        for job in app.job_queue.get_jobs_by_name(reminder_jobs.JOB_NAME):
            job.schedule_removal()
        started = time.perf_counter()
        app.bot_data.clock = lambda: SLOT + timedelta(seconds=1 + time.perf_counter() - started)
        go()
        sent = 0
        while sent < count:
            report = await reminder_jobs.dispatch_now(app)
            sent += report.sent if report else 0
            await asyncio.sleep(0.2)
        if not count:
            await asyncio.sleep(30)  # the flood mode: half a minute of questions
        wall = time.perf_counter() - started
        halt()
        await asyncio.sleep(5)  # the answers to the last questions
        await app.updater.stop()
        await app.stop()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
    return wall


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def run(mode: str, count: int, retry_after: int, subscribe: Any) -> int:
    """Run one latency mode; prints its figures and returns 0 if the p99 goal is met."""
    count = 0 if mode == "flood" else count
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=serve, args=(child, mode, 30.0, retry_after), daemon=True)
    server.start()
    base_url, token = parent.recv()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-latency-") as tmp:
            if count:
                subscribe(Path(tmp), count)
            wall = asyncio.run(
                run_bot(
                    base_url,
                    token,
                    Path(tmp),
                    count,
                    lambda: parent.send("go"),
                    lambda: parent.send("halt"),
                )
            )
        parent.send("report")
        figures = parent.recv()
    finally:
        server.join(timeout=30)
        if server.is_alive():
            server.terminate()
    waits = figures["waits"]
    goal = GOALS["answers-429" if retry_after else mode]
    p99 = _pct(waits, 0.99)
    print(
        f"\nbench_reminders --mode {mode}"
        + (f" --retry-after {retry_after}" if retry_after else "")
    )
    rows = [
        ("reminders delivered", f"{figures['reminders']:,} / {count:,} in {wall:.1f} s"),
        ("429s from the server", f"{figures['status_429']}"),
        ("questions answered", f"{figures['answered']} / {figures['asked']}"),
        (
            "flooding user's answers",
            f"{figures['flood_answered']} / 600" if mode == "flood" else "-",
        ),
        ("answer latency median", f"{statistics.median(waits):.3f} s" if waits else "n/a"),
        ("answer latency p99 / max", f"{p99:.3f} s / {max(waits, default=float('nan')):.3f} s"),
        ("goal (p99)", f"< {goal} s: {'MET' if p99 < goal else 'MISSED'}"),
    ]
    for key, value in rows:
        print(f"  {key:<26} {value}")
    return 0 if p99 < goal and figures["answered"] == figures["asked"] else 1
